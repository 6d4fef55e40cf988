import Testing
import HeapEngine
import HeapTestSupport
@testable import HeapScenario

/// No input may crash, hang or run away: seeded mutations of the library scenarios and a corpus
/// of nasty inputs, each of which must end in "ok" or in positioned errors, within the limits.
/// A crash here takes the test process down, which fails the run; a hang is caught by bounding
/// every run (the step budget below and the limits the compiler checks).
@Suite("fuzzing the scenario language")
struct FuzzTests {
    /// Inputs that once crashed, hung or ran away (issue: "No input can crash, hang, or leave
    /// the terminal broken"), and others of the same kinds. Each must compile to positioned
    /// errors or to a program within the limits, and run without trouble.
    ///
    /// The inputs that are long only to show that length costs nothing worse than linear (a sum of
    /// 20,000 terms, 100,000 statements, a chain of 5,000 types) are a fifth as long in a debug
    /// run, where compiling them took a sixth of `swift test`'s CPU time (the type chain alone 14 s
    /// of it); a release run (CI's second step) takes them at full length.
    static let long = TestScale.pick(full: 1, short: 5)
    static let nasty: [(name: String, text: String)] = [
        ("callee declared before caller", "heapscope 1\nfunc g() { }\nfunc f() { g() }\nf()\n"),
        ("caller declared before callee", "heapscope 1\nfunc f() { g() }\nfunc g() { say \"g\" }\nf()\nf()\n"),
        ("empty loop of Int.max", "heapscope 1\nrepeat 9223372036854775807 { }\n"),
        ("loop of only notes", "heapscope 1\nrepeat 9223372036854775807 { expect HeapAlloc == 0\nbookmark \"b\"\npause }\n"),
        ("nested empty loops", "heapscope 1\nrepeat 100000 { repeat 100000 { repeat 100000 { } } }\n"),
        ("loop calling an empty function", "heapscope 1\nfunc e() { }\nrepeat 1000000000 { e() }\n"),
        ("calls fanning out", "heapscope 1\nfunc a() { }\n" + (1...40).map { "func f\($0)() { f\($0 - 1)()\nf\($0 - 1)() }" }.joined(separator: "\n")
            .replacingOccurrences(of: "f0()", with: "a()") + "\nf40()\n"),
        ("a chain of 100 calls", "heapscope 1\n" + (1...100).map { "func f\($0)() { f\($0 + 1)() }" }.joined(separator: "\n") + "\nfunc f101() { say \"deep\" }\nf1()\n"),
        ("40,000 unexpected characters", "heapscope 1\n" + String(repeating: "@", count: 40_000 / long) + "\n"),
        ("20,000-term sum", "heapscope 1\nexpect HeapAlloc == " + Array(repeating: "1", count: 20_000 / long).joined(separator: " + ") + "\n"),
        ("3,000-term sum at run time", "heapscope 1\nsay \"x\"\nexpect HeapAlloc + " + Array(repeating: "0", count: 3_000).joined(separator: " + ") + " == 0\n"),
        ("20,000-factor product", "heapscope 1\nexpect HeapAlloc == " + Array(repeating: "1", count: 20_000 / long).joined(separator: " * ") + "\n"),
        ("deep parentheses", "heapscope 1\nexpect HeapAlloc == " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000) + "\n"),
        ("deep blocks", "heapscope 1\n" + String(repeating: "repeat 2 {\n", count: 5_000) + "say \"x\"\n" + String(repeating: "}\n", count: 5_000)),
        ("deep type nesting", "heapscope 1\nlayout " + String(repeating: "[1]", count: 5_000) + "int\n"),
        ("a chain of 5,000 named types", "heapscope 1\n" + (0..<(5_000 / long)).map { "type T\($0) struct { x T\($0 + 1) }" }.joined(separator: "\n") + "\ntype T\(5_000 / long) struct { p *int }\nlayout T0\n"),
        ("raw alloc of 15 GiB with pointers", "heapscope 1\narena 16GiB\na := alloc 15GiB\nrepeat 1000000 { gc }\n"),
        ("8 MiB of pointers, a million cycles", "heapscope 1\narena 16GiB\na := alloc 8MiB\nrepeat 1000000 { gc }\n"),
        ("random pointer sizes over the limit", "heapscope 1\na := alloc rand(1, 1GiB)\n"),
        ("GOGC 0 with many allocations", "heapscope 1\ngogc 0\nvar head *[2]*int\nrepeat 100000 {\nx := alloc 64\nx[0] = head\n}\n"),
        ("a week of sleep", "heapscope 1\nrepeat 7 { sleep 24h }\n"),
        ("redeclarations", "heapscope 1\n" + String(repeating: "x := nil\n", count: 30_000 / long)),
        ("undefined names", "heapscope 1\n" + (0..<(30_000 / long)).map { "expect u\($0) == nil" }.joined(separator: "\n")),
        ("huge numbers", "heapscope 1\nrepeat 99999999999999999999999 { gc }\narena 99999999999GiB\n"),
        ("unterminated everything", "heapscope 1\nfunc f() {\nrepeat 3 {\ntype T struct {\nsay \"x"),
        ("100,000 statements on one line", "heapscope 1\n" + Array(repeating: "say \"x\"", count: 100_000 / long).joined(separator: "; ") + "\n"),
        ("control characters", "heapscope 1\nsay \"\u{1b}[2J\"\n\u{1b}]0;x\u{7}\n"),
    ]

    @Test("the nasty corpus: positioned errors or a bounded run", arguments: FuzzTests.nasty.indices)
    func corpus(_ i: Int) throws {
        let (name, text) = FuzzTests.nasty[i]
        try Self.check(text, name: name, steps: TestScale.pick(full: 2_000, short: 1_000))
    }

    @Test("the issue's cases end as they should")
    func issueCases() throws {
        func compile(_ s: String) -> (Program?, [Diagnostic]) { Compiler.compile(SourceFile(name: "t.heap", text: s)) }
        // A callee declared first runs (it used to jump to instruction -1).
        var (p, d) = compile(FuzzTests.nasty[0].text)
        var m = try ScenarioMachine(program: try #require(p, "\(d)"))
        while m.step() != nil {}
        #expect(m.failure == nil && m.stepIndex == 0)
        (p, d) = compile(FuzzTests.nasty[1].text)
        m = try ScenarioMachine(program: try #require(p, "\(d)"))
        while m.step() != nil {}
        #expect(m.failure == nil && m.stepIndex == 2)
        // Loops and calls that make no step cost what they run.
        for k in [2, 4, 5] {
            (p, d) = compile(FuzzTests.nasty[k].text)
            #expect(p == nil && d.contains { $0.message.contains("loop iterations, calls and expect terms in all; the limit is 100000000") }, "\(FuzzTests.nasty[k].name): \(d)")
        }
        // A loop that makes no step may not repeat notes: they would pile up on one step.
        (p, d) = compile(FuzzTests.nasty[3].text)
        #expect(p == nil && d.contains { $0.location.line == 2 && $0.message.contains("this loop makes no step, so its 3 expectations, bookmarks and pauses would be checked 9223372036854775807 times") }, "\(d)")
        // Long chains are lists, not trees: checked and evaluated without deep recursion.
        (p, d) = compile(FuzzTests.nasty[10].text)
        m = try ScenarioMachine(program: try #require(p, "\(d)"))
        let first = m.step()
        let r = try #require(first)
        #expect(r.expectations.count == 1 && r.expectations[0].passed)
        // Raw memory with pointer words is held to the types' limit; the work estimate to its own.
        (p, d) = compile(FuzzTests.nasty[16].text)
        #expect(d.contains { $0.location.line == 3 && $0.message.contains("the limit is 1048576") })
        (p, d) = compile(FuzzTests.nasty[17].text)
        #expect(d.contains { $0.location.line == 4 && $0.message.contains("the collector's work would exceed the limit of 1073741824") })
        (p, d) = compile(FuzzTests.nasty[15].text)
        #expect(d.contains { $0.message.contains("types nest too deep") })
        (p, d) = compile(FuzzTests.nasty[7].text)
        #expect(d.contains { $0.message.contains("calls nest too deep") })
        // Scavenger passes and spans(…) queries are work too: each looks at every span (up to
        // the 1 GiB arena the scenario sets; the estimate used to assume 64 MiB and GOGC 100).
        (p, d) = compile("heapscope 1\narena 1GiB\nrepeat 100000 { x := alloc 8KiB }\nrepeat 9000000 { scavenge }\n")
        #expect(d.contains { $0.location.line == 4 && $0.message.contains("9000000 scavenger passes, each looking at up to 100001 free spans") }, "\(d)")
        (p, d) = compile("heapscope 1\narena 1GiB\nrepeat 100000 { x := alloc 8KiB }\nsay \"x\"\nrepeat 9000000 { expect spans(1, empty) == 0\nsay \"y\" }\n")
        #expect(d.contains { $0.location.line == 5 && $0.message.contains("objects(…) and spans(…) queries") }, "\(d)")
        // Errors are capped, with a count of the rest.
        (p, d) = compile(FuzzTests.nasty[21].text)
        #expect(d.count == Parser.maxErrors + 1 && d.last?.message == "too many errors; \(30_000 / Self.long - 1 - Parser.maxErrors) more not shown")
    }

    /// Seeded mutations of every library scenario. The seed is printed on failure.
    @Test("mutated library scenarios", arguments: [UInt64(1), 2, 3])
    func mutations(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let bases = ScenarioLibrary.all.map(\.text) + FuzzTests.nasty.map(\.text).filter { $0.utf8.count < 10_000 }
        for n in 0..<400 {
            var text = bases[rng.next(in: 0...(bases.count - 1))]
            for _ in 0..<rng.next(in: 1...4) { text = Self.mutate(text, &rng) }
            // Every mutation is compiled and started; a debug run takes its first 100 steps, a
            // release run (CI's second step) 300.
            try Self.check(text, name: "seed \(seed), case \(n)", steps: TestScale.pick(full: 300, short: 100))
        }
    }

    /// Pieces the mutator inserts: the shapes that broke things before, and plain noise.
    static let pieces = [
        "{", "}", "(", ")", "repeat 1000000000 {", "repeat 0 {", "func z() {", "z()", "gc", "gc start", "gc step 1000000",
        "gc finish", "expect HeapAlloc == 1 +", "expect color(c) == black", "x := new(Conn)", "x := alloc 8MiB",
        "x := alloc 9MiB", "x := make([]*int, 1000000)", "arena 16GiB", "gogc 0", "setgcpercent 0", "sleep 24h",
        "freeosmemory", "drop c", "c.next = c", "b[1000000] = nil", "99999999999999999999", "\u{0}", "\u{1b}[2J",
        "\"", "#", "//", ";", "type U struct { u U }", "layout [1048577]*int", "procs 1000", "bookmark \"b\"", "pause",
        "ask \"q\" answer \"a\"", "global g = nil", "var v *Conn", "scavenge", "sweep", "é", "日本", "🎉",
    ]

    static func mutate(_ text: String, _ rng: inout SeededRandom) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return text }
        let i = rng.next(in: 0...(lines.count - 1))
        switch rng.next(in: 0...7) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[rng.next(in: 0...(lines.count - 1))], at: i)
        case 2: lines.swapAt(i, rng.next(in: 0...(lines.count - 1)))
        case 3: lines.insert(pieces[rng.next(in: 0...(pieces.count - 1))], at: i)
        case 4: lines[i] += " " + pieces[rng.next(in: 0...(pieces.count - 1))]
        case 5:
            // A number somewhere becomes another, often a large one.
            let numbers = ["0", "1", "7", "1000000", "9223372036854775807", "4294967296", "64MiB", "16GiB"]
            lines[i] = lines[i].replacingOccurrences(of: "1", with: numbers[rng.next(in: 0...(numbers.count - 1))])
        case 6:
            // Cut the file at a random character.
            let joined = lines.joined(separator: "\n")
            return String(joined.unicodeScalars.prefix(rng.next(in: 0...joined.unicodeScalars.count)).map(Character.init))
        default:
            // Wrap a line in a loop.
            lines[i] = "repeat \(rng.next(in: 0...3_000_000)) { " + lines[i] + " }"
        }
        return lines.joined(separator: "\n")
    }

    /// Compiles `text`: errors must be positioned inside the file (or just past its end), and a
    /// program must be within the limits; then runs up to `steps` steps, which must not fail
    /// without a position either.
    static func check(_ text: String, name: String, steps: Int) throws {
        let source = SourceFile(name: "fuzz.heap", text: text)
        let (program, diagnostics) = Compiler.compile(source)
        let lineCount = source.lines.count
        for d in diagnostics {
            #expect(d.location.line >= 1 && d.location.line <= lineCount + 1 && d.location.column >= 1,
                    "\(name): diagnostic outside the file: \(d)")
            _ = source.render(d)
        }
        #expect(diagnostics.count <= Parser.maxErrors + 1, "\(name): \(diagnostics.count) diagnostics")
        guard let program else {
            #expect(diagnostics.contains { $0.severity == .error }, "\(name): no program and no error")
            return
        }
        #expect(program.stepCount <= ScenarioLimits.maxSteps)
        #expect(program.estimatedWork <= ScenarioLimits.maxWork)
        guard var machine = try? ScenarioMachine(program: program, recordEvents: false) else { return }
        var taken = 0
        while taken < steps, let r = machine.step() {
            taken += 1
            if let e = r.error {
                #expect(e.location.line >= 1 && e.location.line <= lineCount, "\(name): runtime error outside the file: \(e)")
            }
        }
        #expect(machine.stepIndex <= program.stepCount)
        #expect(machine.heap.gc.workDone <= ScenarioLimits.maxWork + Int(machine.heap.config.arenaBytes / 8),
                "\(name): the collector's work ran past the limit")
    }
}
