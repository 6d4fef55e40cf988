import Foundation
import Testing
import HeapEngine
@testable import HeapScenario

/// The step machine: statements do what they say, runs are deterministic, failures are positioned.
@Suite("the scenario machine")
struct MachineTests {
    static let conn = """
        heapscope 1
        procs 2
        type Conn struct {
            fd   int32
            buf  []byte
            next *Conn
        }

        """

    @Test("the issue's core forms run and mean what they say")
    func coreForms() throws {
        let p = try compile(Self.conn + """
            c := new(Conn)
            d := new(Conn) on p1
            b := alloc 100
            t := alloc 5 noscan
            x := alloc rand(1, 15) noscan on p1
            c.next = d
            c.next = nil
            b[1] = c
            c.next = d
            d.next = c
            e := c.next.next
            c.next.next = nil
            global g = c
            drop d
            d2 := new(Conn)
            d2 = c
            repeat 10 { y := new(Conn) }
            expect class(c) == 4
            expect size(c) == 48
            expect sizeof(Conn) == 40
            expect span(c) != span(c.next)
            expect e == c
            expect d2 == c
            expect class(b) == 8
            expect size(t) == 16
            expect phase == off
            expect spans(4, empty) == 2
            expect spans(10 noscan, empty) == 0
            expect HeapObjects == 2 + 1 + 1 + 1 + 1 + 10
            gc
            expect HeapObjects == 5
            """)
        let (m, records) = try runAll(p)
        let failed = records.flatMap(\.failedExpectations)
        #expect(failed.isEmpty, "\(failed.map { "\($0.site.text): \($0.detail)" })")
        #expect(m.stepIndex == p.stepCount)
        #expect(m.heap.liveRoots.map(\.slot.name).sorted() == ["b", "c", "d2", "e", "g", "t", "x"])
    }

    @Test("same program and seed give the same heap, byte for byte; another seed differs")
    func deterministic() throws {
        let text = Self.conn + "seed 9\nrepeat 300 {\n x := alloc rand(1, 2000)\n}\ngc\n"
        let a = try runAll(try compile(text), checkInvariantsEvery: 50).0
        let b = try runAll(try compile(text), checkInvariantsEvery: 0).0
        #expect(a.heap == b.heap)
        let c = try runAll(try compile(text.replacingOccurrences(of: "seed 9", with: "seed 10")), checkInvariantsEvery: 0).0
        #expect(a.heap.readMemStats().totalAlloc != c.heap.readMemStats().totalAlloc)
    }

    @Test("events on or off do not change the heap; a copied machine replays to the same state")
    func snapshots() throws {
        let p = try compile(try #require(ScenarioLibrary.named("tour")).text)
        var on = try ScenarioMachine(program: p, recordEvents: true)
        var off = try ScenarioMachine(program: p, recordEvents: false)
        on.skip(12)
        var snapshot = on
        on.skip(100)
        off.skip(100)
        on.recordsEvents = false
        _ = on.heap
        #expect(on.heap.readMemStats() == off.heap.readMemStats())
        #expect(on.stepIndex == off.stepIndex)
        snapshot.recordsEvents = false
        snapshot.skip(100)
        #expect(snapshot.heap.readMemStats() == off.heap.readMemStats())
        #expect(on.heap == off.heap)
        #expect(snapshot.heap == off.heap)
    }

    @Test("the two marking paths, events on and off, end in equal heaps after every GC cycle of a heavy-marking scenario")
    func markingPathsAgree() throws {
        let p = try compile(try #require(ScenarioLibrary.named("gogc-pacing")).text)
        var on = try ScenarioMachine(program: p, recordEvents: true)
        var off = try ScenarioMachine(program: p, recordEvents: false)
        var compared = 0
        while let a = on.step() {
            let next = off.step()
            let b = try #require(next)
            #expect(a.index == b.index)
            if on.heap.gc.cycles.count != compared {
                compared = on.heap.gc.cycles.count
                #expect(on.heap == off.heap, "heaps differ at step \(a.index)")
            }
        }
        #expect(compared >= 5)
        let extra = off.step()
        #expect(extra == nil)
        #expect(on.heap == off.heap)
    }

    @Test("a loop iteration's variables stop being roots when it ends; functions get their own scope")
    func scopes() throws {
        let p = try compile(Self.conn + """
            global keep
            func make3() {
                a := new(Conn)
                b := new(Conn)
                a.next = b
                keep = a
            }
            repeat 5 { y := new(Conn) }
            expect HeapObjects == 5
            make3()
            gc
            expect HeapObjects == 2
            """)
        let (m, records) = try runAll(p)
        #expect(records.flatMap(\.failedExpectations).isEmpty, "\(records.flatMap(\.failedExpectations).map(\.detail))")
        #expect(m.heap.liveRoots.map(\.slot.name) == ["keep"])
    }

    @Test("nil dereference, freed objects and heap exhaustion stop the run at a position")
    func runtimeErrors() throws {
        let nilDeref = try compile(Self.conn + "c := new(Conn)\nd := c.next.next\n")
        let (_, r1) = try runAll(nilDeref)
        let e1 = try #require(r1.last?.error)
        #expect(e1.message == "nil pointer dereference: c.next is nil")
        #expect(e1.location == HeapScenario.SourceLocation(line: 9, column: 13))

        let oom = try compile("heapscope 1\narena 1MiB\nhead := alloc 8\nrepeat 1000 {\n x := alloc 64KiB\n x[0] = head\n head = x\n}\n")
        var m = try ScenarioMachine(program: oom, recordEvents: false)
        var last: StepRecord?
        while let r = m.step() { last = r }
        let e2 = try #require(last?.error)
        #expect(e2.message.hasPrefix("out of memory: the simulated arena of 1 MiB is full"))
        #expect(e2.message.contains("at step \(e2.step)"))
        #expect(e2.location.line == 5)
        #expect(m.isFinished)
        #expect(m.step() == nil)
        #expect(m.heap.checkInvariants().isEmpty)
    }

    @Test("ask reveals its answer with the next step; pause and bookmark mark the step before them")
    func teaching() throws {
        let p = try compile("heapscope 1\nsay \"hello\"\nask \"q?\" answer \"a!\"\nbookmark \"b1\"\npause\nx := alloc 8\n")
        let (_, r) = try runAll(p)
        #expect(r[1].caption == "hello")
        #expect(r[2].question == "q?" && r[2].bookmarks == ["b1"] && r[2].pause)
        #expect(r[3].answer == "a!")
        #expect(r[3].caption == "hello")
        // An ask on the last step has no next step: its answer is in its narration (only
        // there), and the previous question's answer still comes with it.
        let last = try compile("heapscope 1\nask \"q1?\" answer \"a1\"\nx := alloc 8\nask \"q2?\" answer \"a2\"\nask \"q3?\" answer \"a3\"\n")
        let (_, lr) = try runAll(last, events: true)
        #expect(lr.map(\.answer) == [nil, nil, "a1", nil, "a2"])
        #expect(lr.map(\.question) == [nil, "q1?", nil, "q2?", "q3?"])
        #expect(lr[4].narration.contains("Answer (this is the last step): a3"))
        #expect(!lr[3].narration.contains { $0.contains("a2") })
    }

    @Test("dropping the last pointer into a P's current tiny block says the block stays; gcStart counts the tiny blocks it blackens")
    func dropTinyAndBig() throws {
        let p = try compile("heapscope 1\nt := alloc 4 noscan\nb := new([4]*int)\ndrop t, b\ngc start\n")
        let (_, r) = try runAll(p, events: true)
        let drop = r[3].narration.joined(separator: " ")
        #expect(drop.contains("the tiny block 0xc") && drop.contains("that t pointed into stays: p0's mcache") && !drop.contains("that b"), "\(drop)")
        #expect(r[4].narration.joined().contains("one P's tiny block blackened"))
        let (_, none) = try runAll(try compile("heapscope 1\nb := new([4]*int)\ndrop b\ngc start\n"), events: true)
        #expect(!none[2].narration.joined().contains("tiny block") && none[3].narration.joined().contains("no P has a tiny block to blacken"))
    }

    @Test("a drop says whose stack the variable was on: a stack slot ends on its own goroutine")
    func dropOtherGoroutine() throws {
        let p = try compile("heapscope 1\ngoroutine w\nx := new([2]*int) on w\nz := new([2]*int) on w\ny := new([2]*int)\ndrop x\ndrop z, y\n")
        let (_, r) = try runAll(p, events: true)
        let one = r[5].narration.joined(separator: " "), two = r[6].narration.joined(separator: " ")
        #expect(one.hasPrefix("w: x no longer holds anything"), "\(one)")
        #expect(two.hasPrefix("z (on w's stack), y no longer hold anything"), "\(two)")
        let (_, mine) = try runAll(try compile("heapscope 1\ny := new([2]*int)\ndrop y\n"), events: true)
        #expect(mine[2].narration.joined().hasPrefix("y no longer holds"))
    }

    @Test("a failed expectation names the line and shows expected vs actual")
    func failedExpectation() throws {
        let p = try compile("heapscope 1\nx := alloc 100\nexpect class(x) == 9\nexpect HeapAlloc < 100\n")
        let (_, r) = try runAll(p)
        let failed = r.flatMap(\.failedExpectations)
        #expect(failed.map(\.site.location.line) == [3, 4])
        #expect(failed[0].detail == "class(x) is 8; expected class(x) == 9")
        #expect(failed[1].detail == "HeapAlloc is 112; expected HeapAlloc < 100")
    }

    @Test("roots are every live root after the step, in every frame and goroutine; a function's return and a loop body's end say which variables went out of scope")
    func rootsAndScopeExits() throws {
        let p = try compile("heapscope 1\ngoroutine w\nx := alloc 8\nv := alloc 8 on w\ny := alloc 8\nfunc f() {\n  x := alloc 8\n  z := alloc 8\n}\nf()\nrepeat 2 {\n  i := alloc 8\n}\n")
        var m = try ScenarioMachine(program: p, recordEvents: true)
        var lines: [String] = [], narration: [[String]] = []
        while let r = m.step() {
            lines.append(JSONReport.line(for: r, machine: m))
            narration.append(r.narration)
        }
        // After y's step the machine stands before f's first statement: x and y (and w's v)
        // are still roots, though f's frame sees none of them.
        #expect(lines[3].contains("\"roots\":[{\"name\":\"x\",\"global\":false,\"goroutine\":\"main\""), "\(lines[3])")
        #expect(lines[3].contains("\"name\":\"v\",\"global\":false,\"goroutine\":\"w\"") && lines[3].contains("\"name\":\"y\""))
        // f's x alongside main's x while f runs, told apart by its function.
        #expect(lines[4].components(separatedBy: "\"name\":\"x\"").count == 3, "\(lines[4])")
        #expect(lines[4].contains("\"name\":\"x\",\"global\":false,\"goroutine\":\"main\",\"function\":\"f\""), "\(lines[4])")
        #expect(narration[5].contains("f() returns: x and z go out of scope, and what only they held is garbage now."), "\(narration[5])")
        #expect(narration[6].contains("The loop body ends: i goes out of scope, and what only it held is garbage now."))
        #expect(!narration[4].joined().contains("out of scope"))
        let text = TextReport.finalState(m).joined(separator: "\n")
        #expect(text.contains("roots: x = 0xc000000000, v (on w) = 0xc000000008, y = 0xc000000010"), "\(text)")
    }

    @Test("JSON lines escape control characters and carry the heap figures")
    func json() throws {
        let p = try compile("heapscope 1\nsay \"tab\\\\there\"\nx := alloc 8\n")
        var m = try ScenarioMachine(program: p)
        let step = m.step()
        let r = try #require(step)
        let line = JSONReport.line(for: r, machine: m)
        #expect(line.hasPrefix("{\"step\":1,\"line\":2,"))
        #expect(line.contains("\"HeapAlloc\":0"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        #expect(JSONValue.quote("a\u{1b}b\n") == "\"a\\u001bb\\n\"")
        // GOGC off: NextGC is the largest uint64, as ReadMemStats reports it, not Int64's.
        var off = try ScenarioMachine(program: try compile("heapscope 1\ngogc off\nx := alloc 8\nexpect NextGC == 0\n"))
        let first = off.step()
        let o = try #require(first)
        #expect(JSONReport.line(for: o, machine: off).contains("\"NextGC\":18446744073709551615"))
        #expect(o.failedExpectations.first?.detail.hasPrefix("NextGC is 18446744073709551615") == true, "\(o.failedExpectations)")
        // Arithmetic on it is exact (Int128): it once saturated at Int64.max, so that
        // "NextGC - 1" read 9223372036854775806.
        let (_, exact) = try runAll(try compile("heapscope 1\ngogc off\nx := alloc 8\nexpect NextGC == 4GiB * 4GiB - 1\nexpect NextGC - 1 == 4GiB * 4GiB - 2\nexpect NextGC + 1 == 4GiB * 4GiB\n"))
        #expect(exact.flatMap(\.expectations).count == 3 && exact.flatMap(\.failedExpectations).isEmpty, "\(exact.flatMap(\.failedExpectations).map(\.detail))")
        // A duration is nanoseconds (PauseTotalNs); it was "unknown size unit 'us'".
        let (_, pauses) = try runAll(try compile("heapscope 1\nx := alloc 8\ngc\nexpect PauseTotalNs == 22us\nexpect PauseTotalNs < 1ms\n"))
        #expect(pauses.flatMap(\.expectations).count == 2 && pauses.flatMap(\.failedExpectations).isEmpty, "\(pauses.flatMap(\.failedExpectations).map(\.detail))")
    }
}

@Suite("small forms")
struct SmallFormTests {
    @Test("setgcpercent -1 turns the collector off, as debug.SetGCPercent(-1) does")
    func setGCPercentMinusOne() throws {
        let (m, _) = try runAll(try compile("heapscope 1\nsetgcpercent -1\n"))
        #expect(m.failure == nil && m.heap.gc.gcpercent < 0 && m.heap.readMemStats().nextGC == .max)
    }

    @Test("GOGC 0 is a setting and a SetGCPercent argument, as in Go: the goal is heap_marked itself")
    func gogcZero() throws {
        let (m, _) = try runAll(try compile("heapscope 1\ngogc 0\nx := alloc 64\ngc\n"))
        #expect(m.failure == nil && m.heap.gc.gcpercent == 0)
        let st = m.heap.readMemStats()
        #expect(st.numGC == 1 && st.nextGC == UInt64(st.heapAlloc), "NextGC \(st.nextGC), HeapAlloc \(st.heapAlloc)")
        let (m2, _) = try runAll(try compile("heapscope 1\nsetgcpercent 0\n"))
        #expect(m2.failure == nil && m2.heap.gc.gcpercent == 0 && m2.heap.gc.heapminimum == 0)
        // The work estimate counts a possible GOGC=0 cycle per allocation (after its first
        // cycle nearly every allocation may start one, and `run` narrates each): 20,000
        // allocations pass, 40,000 are refused at the loop's line.
        let node = "type N struct {\n    val int\n    next *N\n}\n"
        for (n, passes) in [(20_000, true), (40_000, false)] {
            let c = Compiler.compile(SourceFile(name: "g.heap", text: "heapscope 1\ngogc 0\n" + node + "repeat \(n) {\n    x := new(N)\n}\n"))
            #expect((c.program != nil) == passes, "\(n): \(c.diagnostics)")
            if !passes { #expect(c.diagnostics.contains { $0.location.line == 7 && $0.message.contains("the collector's work would exceed") }) }
        }
        // GOGC=-1, like any negative value, is off in Go; as a setting too.
        let (m3, _) = try runAll(try compile("heapscope 1\ngogc -1\n"))
        #expect(m3.failure == nil && m3.heap.gc.gcpercent < 0 && m3.heap.readMemStats().nextGC == .max)
    }

    @Test("a sleep that lets idle workers finish a cycle does not call it sysmon's")
    func sleepFinishesCycle() throws {
        // A live chain of 64-byte nodes past the first trigger (at GOGC 25, about 2.6 MiB:
        // gcinit fakes heap_marked from the default 4 MiB heapminimum, and the trigger ratio is
        // capped at 0.95 × 25/100): the cycle the heap starts is still marking when the
        // program sleeps, and every P is then idle.
        let p = try compile("""
            heapscope 1
            procs 2
            gogc 25
            type N struct {
                next *N
                pad [56]byte
            }
            var head *N
            repeat 44000 {
                x := new(N)
                x.next = head
                head = x
            }
            expect phase == mark
            sleep 10ms
            expect NumGC == 1
            """)
        // The 132,000 steps that build the chain run without events (a debug build narrates
        // them slowly); the sleep, the last step, is narrated.
        var m = try ScenarioMachine(program: p, recordEvents: false)
        var text = ""
        var failed = 0
        while true {
            if m.stepIndex == p.stepCount - 1 { m.recordsEvents = true }
            guard let r = m.step() else { break }
            if r.site?.location.line == 15 { text = r.narration.joined(separator: " ") }
            failed += r.failedExpectations.count
        }
        #expect(m.failure == nil && failed == 0)
        #expect(text.contains("The cycle under way finished") && text.contains("idle mark workers") && !text.contains("sysmon"), "\(text)")
    }
}

@Suite("globals and the barrier")
struct GlobalBarrierTests {
    @Test("a store into a global says what each half of the barrier did (a nil old value shades nothing)")
    func globalStore() throws {
        let (_, r) = try runAll(try compile("heapscope 1\nglobal g = nil\ny := alloc 8\ngc start\ng = y\n"), events: true)
        let text = r[4].narration.joined(separator: " ")
        #expect(text.contains("the deletion half had nothing to shade (the old value was nil)") && text.contains("shaded the new target y"), "\(text)")
        #expect(!text.contains("shaded the old and the new"))
    }
}

@Suite("the sweep's narration")
struct SweepNarrationTests {
    @Test("a span the sweep gives back is swept before it is freed, in the path as in the runtime", arguments: ["go1.12", "go1.25"])
    func sweepThenFree(profile: String) throws {
        let (_, r) = try runAll(try compile("heapscope 1\nprofile \(profile)\nx := alloc 8\ndrop x\ngc\n"), events: true)
        let path = Narration.chain(r.last?.events ?? [])
        let sweep = try #require(path.range(of: "sweep span 0: 1 freed, span back to mheap"), "\(path)")
        let free = try #require(path.range(of: "free span 0"), "\(path)")
        #expect(sweep.lowerBound < free.lowerBound, "\(path)")
    }
}

@Suite("runtime.GC")
struct RuntimeGCTests {
    @Test("runtime.GC during a cycle says it waited for that cycle, and prints both gctrace lines")
    func gcDuringCycle() throws {
        let (_, r) = try runAll(try compile("heapscope 1\ngc start\ngc step 1\ngc\ngc\n"), events: true)
        let during = r[3].narration.joined(separator: " "), after = r[4].narration.joined(separator: " ")
        #expect(during.contains("the cycle under way (phase mark) finished first") && during.contains("gc 1 @") && during.contains("; then gc 2 @"), "\(during)")
        #expect(after.hasPrefix("runtime.GC(): a whole cycle") && after.contains("gc 3 @") && !after.contains("gc 2 @"), "\(after)")
    }
}

@Suite("gctrace's CPU figures")
struct GCTraceCPUTests {
    @Test("a cycle the background workers finish in one batch counts that batch: the narration's worker time is gctrace's")
    func workersLastBatchCounted() throws {
        let p = try compile("heapscope 1\narena 8MiB\na := alloc 5 noscan\nbig := alloc 40KiB\nr := alloc 22\nhuge := alloc 7MiB noscan\n")
        let (m, r) = try runAll(p, events: true)
        let cycle = try #require(m.heap.gc.cycles.first)
        #expect(cycle.backgroundCPUNs > 0 && cycle.assistCPUNs == 0, "\(cycle)")
        let path = Narration.chain(r.last?.events ?? [])
        #expect(path.contains("background mark workers: 82.1 µs") && path.contains("0.011+0/0.082/0+0.011 ms cpu"), "\(path)")
    }
}

@Suite("sleeping")
struct SleepTests {
    @Test("sysmon forces a cycle every 2 minutes of a long sleep, also past the scavenger's turns; the narration counts them all")
    func forcedEveryTwoMinutes() throws {
        let p = try compile("heapscope 1\nx := alloc 8\ngc\nsleep 20m\nsleep 12h\n")
        var m = try ScenarioMachine(program: p, recordEvents: true)
        var narration: [String] = []
        while let r = m.step() { narration.append(r.narration.joined(separator: " ")) }
        let starts = m.heap.gc.cycles.filter { $0.trigger == .time }.map(\.startNanotime)
        // The forced cycles start 2 minutes (and a few ns) after the end of the one before:
        // never at the scavenger's 2.5-minute beat (they drifted to it after 10 minutes).
        let gaps = zip(starts, starts.dropFirst()).map { Double($1 - $0) / 1e9 }
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0 > 119.9 && $0 < 120.1 }, "\(gaps.filter { $0 > 120.1 || $0 < 119.9 })")
        #expect(narration[2].contains("sysmon forced 9 GC cycles"), "\(narration[2])")
        // More cycles than the list of recent ones keeps (256): counted all the same.
        #expect(narration[3].contains("sysmon forced 360 GC cycles"), "\(narration[3])")
        #expect(m.heap.gc.numgc == 1 + 9 + 360)
    }
}

/// Where bookmarks, pauses and questions fall, known before the run (the Timeline's marks ahead).
@Suite("marks ahead")
struct MarkPreviewTests {
    @Test("the preview walk meets the same marks as the run: loops counted or walked, calls, asks, a pause before any step")
    func previewEqualsRun() throws {
        let text = """
            heapscope 1
            type N struct { next *N }
            pause
            say "start"
            bookmark "first"
            func f() {
                a := new(N)
                bookmark "in f"
                repeat 3 { b := new(N) }
            }
            repeat 1000 {
                x := new(N)
                expect HeapObjects >= 1
            }
            bookmark "after plain loop"
            repeat 4 {
                f()
                pause
            }
            repeat 2 {
                repeat 5 { y := new(N) }
                ask "why?" answer "because"
            }
            f()
            gc
            bookmark "end"
            """
        // Its bookmarks in loops and in a function called twice are the point: warned about.
        let program = try compile(text, name: "marks.heap", warnings: ["this bookmark is inside"])
        let ahead = program.previewMarks()
        #expect(ahead.complete)
        var seen = Program.MarkPreview()
        var m = try ScenarioMachine(program: program, recordEvents: false)
        var records = [m.startRecord]
        while let r = m.step() { records.append(r) }
        for r in records {
            if !r.bookmarks.isEmpty { seen.bookmarks[r.index] = r.bookmarks }
            if r.pause { seen.pauses.insert(r.index) }
            if r.question != nil { seen.questions.insert(r.index) }
        }
        seen.complete = true
        #expect(ahead == seen)
        #expect(ahead.pauses.contains(0) && ahead.bookmarks[1] == ["first"])
        #expect(ahead.bookmarks.values.filter { $0 == ["in f"] }.count == 5)
        // A budget too small to reach the end says so, and keeps what it found.
        let short = program.previewMarks(budget: 20)
        #expect(!short.complete && short.bookmarks[1] == ["first"])
    }
}
