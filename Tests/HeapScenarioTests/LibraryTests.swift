import Foundation
import Testing
import HeapEngine
import HeapTestSupport
@testable import HeapScenario

/// The shipped scenarios: each compiles, runs with every expectation met, and keeps the
/// heap's invariants, checked as often as a budget of heap words allows (after every step of a
/// classroom scenario). A debug run replays each scenario's first steps; a full run all of them.
@Suite("the scenario library")
struct LibraryTests {
    static let names = ScenarioLibrary.all.map(\.name)

    /// Heap words the invariant checker may read over a scenario (see `InvariantBudget`): a
    /// classroom scenario's heap is checked after every step, a half-million-object heap as
    /// often as the rest of the budget pays for.
    static let checkWords = TestScale.pick(full: 400_000_000, short: 1_000_000)
    /// Steps of each scenario a debug `swift test` replays (all of them in a full run).
    static let shortSteps = 500

    @Test("every library scenario compiles and passes all its expectations", arguments: names)
    func runs(_ name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name))
        let program = try compile(scenario.text, name: name + ".heap")
        let barrierOff = !program.settings.config.writeBarrier
        var m = try ScenarioMachine(program: program, recordEvents: false)
        var expectations = m.startRecord.expectations
        let steps = TestScale.full ? program.stepCount : min(program.stepCount, Self.shortSteps)
        // The marks the Timeline draws ahead (Program.previewMarks) are the ones the run meets.
        var seen = Program.MarkPreview()
        func note(_ r: StepRecord) {
            if !r.bookmarks.isEmpty { seen.bookmarks[r.index] = r.bookmarks }
            if r.pause { seen.pauses.insert(r.index) }
            if r.question != nil { seen.questions.insert(r.index) }
        }
        note(m.startRecord)
        var budget = InvariantBudget(totalWords: Self.checkWords, steps: steps)
        while m.stepIndex < steps, let r = m.step() {
            // Plain checks in the loop: #expect costs microseconds per call, and there are 1.5 million steps.
            if let e = r.error { Issue.record("\(name) step \(r.index): \(e.message)") }
            if !r.expectations.isEmpty { expectations += r.expectations }
            if !r.bookmarks.isEmpty || r.pause || r.question != nil { note(r) }
            if !barrierOff && budget.due(cost: m.heap.invariantCheckWords, last: m.stepIndex == steps) {
                let bad = m.heap.checkInvariants()
                #expect(bad.isEmpty, "\(name) step \(r.index) line \(r.site?.location.line ?? 0): \(bad.map(\.message).joined(separator: "; "))")
                if !bad.isEmpty { return }
            }
        }
        #expect(m.stepIndex == steps)
        // The collector never used more CPU than the time elapsed on every P (gctrace's % below
        // 100, as Go's is once the program has run).
        #expect(m.heap.gc.cpuNs <= m.heap.nanotime * Int64(m.heap.mcaches.count), "\(name): GC CPU \(m.heap.gc.cpuNs) ns in \(m.heap.nanotime) ns")
        var ahead = program.previewMarks()
        #expect(ahead.complete, "\(name): the preview walk ran out of budget")
        ahead.bookmarks = ahead.bookmarks.filter { $0.key <= steps }
        ahead.pauses = ahead.pauses.filter { $0 <= steps }
        ahead.questions = ahead.questions.filter { $0 <= steps }
        ahead.complete = false
        #expect(ahead == seen, "\(name): marks previewed \(ahead.bookmarks.keys.sorted()) \(ahead.pauses.sorted()), met \(seen.bookmarks.keys.sorted()) \(seen.pauses.sorted())")
        #expect(barrierOff || budget.checks > 0)
        if steps == program.stepCount {
            #expect(expectations.count >= 3, "\(name) has too few expectations")
        }
        for e in expectations where !e.passed {
            Issue.record("\(name):\(e.site.location.line): \(e.site.text) — \(e.detail)")
        }
        #expect(scenario.text.contains("say \""), "\(name) has no captions")
        if barrierOff && steps == program.stepCount {
            // Without the barrier the checker must catch what the barrier prevents.
            let bad = m.heap.checkInvariants().map(\.message)
            #expect(bad.contains { $0.contains("freed") }, "expected a freed-while-reachable report, got \(bad)")
        }
    }

    @Test("the embedded library matches scenarios/ (run scripts/embed-scenarios after editing)")
    func embeddedMatchesFiles() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
        let order = try String(contentsOf: dir.appendingPathComponent("ORDER"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(order == Self.names)
        for name in order {
            var text = try String(contentsOf: dir.appendingPathComponent(name + ".heap"), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            #expect(ScenarioLibrary.named(name)?.text == text, "\(name).heap differs from the embedded copy")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".heap") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(order), "every scenarios/*.heap is listed in ORDER")
    }

    @Test("the library covers the topics the issue lists")
    func topics() {
        for required in ["tour", "size-classes", "tiny-allocator", "small-object-path", "large-objects", "struct-padding",
                         "several-ps", "tricolor-marking", "write-barrier", "write-barrier-off", "sweep-vs-scavenge",
                         "gogc-pacing", "forced-gc", "bfe-stw", "bfe-concurrent"] {
            #expect(Self.names.contains(required))
        }
        #expect(Self.names.first == ScenarioLibrary.defaultName)
    }
}

/// The library under the go1.25 profile: the expectations are go1.12's numbers, but every
/// scenario must run without an error and keep the heap's invariants (span sets, the 1.18
/// pacer, 4 MiB growth) after every step it replays.
@Suite("the scenario library under go1.25")
struct LibraryGo125Tests {
    @Test("every library scenario runs under profile go1.25 keeping the invariants", arguments: LibraryTests.names)
    func runs(_ name: String) throws {
        let scenario = try #require(ScenarioLibrary.named(name))
        // go1.12's list expectations do not compile under go1.25 (it has span sets): dropped.
        var lines = scenario.text.components(separatedBy: "\n").filter {
            !$0.hasPrefix("profile ") && !($0.contains("spans(") && ($0.contains("nonempty)") || $0.contains("empty)")))
        }
        lines.insert("profile go1.25", at: 1)   // after "heapscope 1"
        let program = try compile(lines.joined(separator: "\n"), name: name + ".heap")
        #expect(program.profile.name == "go1.25")
        let barrierOff = !program.settings.config.writeBarrier
        var m = try ScenarioMachine(program: program, recordEvents: false)
        // A debug run replays the first 120 steps (go1.12's run above covers the rest of the code).
        let steps = TestScale.full ? program.stepCount : min(program.stepCount, 120)
        var budget = InvariantBudget(totalWords: LibraryTests.checkWords, steps: steps)
        while m.stepIndex < steps, let r = m.step() {
            if let e = r.error { Issue.record("\(name) step \(r.index): \(e.message)") }
            if !barrierOff && budget.due(cost: m.heap.invariantCheckWords, last: m.stepIndex == steps) {
                let bad = m.heap.checkInvariants()
                #expect(bad.isEmpty, "\(name) step \(r.index) line \(r.site?.location.line ?? 0): \(bad.map(\.message).joined(separator: "; "))")
                if !bad.isEmpty { return }
            }
        }
        #expect(m.stepIndex == steps)
    }
}
