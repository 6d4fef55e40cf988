import Foundation
import Testing

/// `heapscope check`, `run` and `list` as a user runs them.
@Suite("scenario commands")
final class ScenarioCommandTests {
    /// This test's own folder for the files it writes (Swift Testing makes an instance per
    /// test), removed when the test is done: thousands of runs left thousands of folders.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-tests-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: dir) }

    func write(_ text: String, _ name: String = "t.heap") throws -> String {
        let sub = dir.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let url = sub.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("check: positioned errors with the line and a caret, all of them, exit 1")
    func checkErrors() throws {
        let f = try write("heapscope 1\nprocz 2\nx := alloc 10KB\n")
        let r = try runHeapscope(["check", f])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(f):2:1: error: unknown statement 'procz'; did you mean 'procs'?\nprocz 2\n^~~~~"))
        #expect(r.stderr.contains("\(f):3:12: error: unknown size unit 'KB'; did you mean KiB?"))
        let ok = try runHeapscope(["check", "tour"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("tour: ok"))
    }

    @Test("check: missing files, directories and binary files are errors, not crashes")
    func checkBadFiles() throws {
        let missing = try runHeapscope(["check", "/no/such/file.heap"])
        #expect(missing.status == 1 && missing.stderr.contains("no such file"))
        let dir = try runHeapscope(["check", "/tmp"])
        #expect(dir.status == 1 && dir.stderr.contains("is a directory"))
        let bin = try write("heapscope 1\n\u{0}\u{1}\u{2}")
        let b = try runHeapscope(["check", bin])
        #expect(b.status == 1 && b.stderr.contains(":2:1: error: NUL byte"))
    }

    @Test("run: narration, expectations and the final state; a failed expectation exits 1")
    func run() throws {
        let good = try runHeapscope(["run", "size-classes"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("✓ expect class(a) == 8"))
        #expect(good.stdout.contains("Final state after step 121 of 121"))
        let f = try write("heapscope 1\nx := alloc 100\nexpect class(x) == 9\n")
        let bad = try runHeapscope(["run", f])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(f):3:1: error: expectation failed: expect class(x) == 9 (class(x) is 8; expected class(x) == 9)\nexpect class(x) == 9\n^~~~~~~~~~~~~~~~~~~~"))
    }

    @Test("run: out of memory names the step and the position")
    func outOfMemory() throws {
        let f = try write("heapscope 1\narena 1MiB\nhead := alloc 8\nrepeat 100 {\n x := alloc 64KiB\n x[0] = head\n head = x\n}\n")
        let r = try runHeapscope(["run", f])
        #expect(r.status == 1)
        #expect(r.stderr.contains(":5:7: error: out of memory: the simulated arena of 1 MiB is full"))
        #expect(r.stderr.contains("at step "))
    }

    @Test("run --format json: one parseable object per step; --until stops at a step or a bookmark")
    func json() throws {
        let r = try runHeapscope(["run", "tour", "--format", "json", "--until", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        for (i, l) in lines.enumerated() {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
            #expect(o["step"] as? Int == i)
            let heap = try #require(o["heap"] as? [String: Any])
            #expect(heap["HeapAlloc"] is Int && heap["phase"] is String)
        }
        let b = try runHeapscope(["run", "tour", "--format", "json", "--until", "marking"])
        let last = try #require(b.stdout.split(separator: "\n").last)
        #expect(last.contains("\"bookmarks\":[\"marking\"]"))
        // A bookmark that does not exist, or a step that is not one, is a usage error said
        // before anything runs.
        let none = try runHeapscope(["run", "tour", "--until", "no such bookmark"])
        #expect(none.status == 64 && none.stdout.isEmpty && none.stderr.contains("--until no such bookmark: not a step number (0, 1, 2, …) and no bookmark of that name in tour.heap"))
        for bad in ["+1", "1.5", "0x3", "99999", "-1"] {
            let r = try runHeapscope(["run", "tour", "--until=\(bad)"])
            #expect(r.status == 64 && r.stdout.isEmpty, "--until \(bad): \(r.status) \(r.stderr)")
        }
        let zero = try runHeapscope(["run", "tour", "--format", "json", "--until", "0"])
        #expect(zero.status == 0 && zero.stdout.split(separator: "\n").count == 1)
    }

    /// The inputs that crashed, hung or ran away, through the real binary: each ends within
    /// seconds, in "ok" or in `FILE:LINE:COL: error:` and a non-zero exit.
    @Test("inputs that broke heapscope end in seconds, in ok or positioned errors",
          arguments: [
            (Input("heapscope 1\nfunc g() { }\nfunc f() { g() }\nf()\n"), 0, ""),
            (Input("heapscope 1\nrepeat 9223372036854775807 { }\n"), 2, "loop iterations, calls and expect terms in all"),
            (Input("heapscope 1\nfunc e() { }\nrepeat 1000000 { repeat 1000000 { e() } }\n"), 3, "loop iterations, calls and expect terms in all"),
            (Input("heapscope 1\nrepeat 5000000 { expect HeapAlloc == 0 }\n"), 2, "this loop makes no step"),
            (Input("heapscope 1\n" + String(repeating: "@", count: 40_000) + "\n"), 2, "unexpected character '@'"),
            (Input("heapscope 1\nsay \"x\"\nexpect HeapAlloc == " + Array(repeating: "1", count: 10_000).joined(separator: " + ") + "\n"), 3, "expectation failed"),
            (Input("heapscope 1\narena 16GiB\na := alloc 15GiB\nrepeat 1000000 { gc }\n"), 3, "the limit is 1048576"),
            (Input("heapscope 1\narena 16GiB\na := alloc 8MiB\nrepeat 1000000 { gc }\n"), 4, "the collector's work would exceed the limit"),
            // 50,000 redeclarations (450 KB): the 200-error cap and the time it takes, at a size a
            // debug build reads in a second.
            (Input("heapscope 1\n" + String(repeating: "x := nil\n", count: 50_000)), 3, "already declared"),
          ])
    func brokeBefore(input: Input, line: Int, message: String) throws {
        let f = try write(input.text)
        for command in ["check", "run"] {
            let started = ContinuousClock.now
            let r = try runHeapscope([command, f], timeout: 30)
            let took = ContinuousClock.now - started
            #expect(took < .seconds(10), "\(command) took \(took)")
            // A failed expectation is found by running, not by checking.
            if line == 0 || (command == "check" && message == "expectation failed") {
                #expect(r.status == 0, "\(command): \(r.stderr.prefix(500))")
            } else {
                #expect(r.status == 1, "\(command): \(r.status)")
                #expect(r.stderr.contains("\(f):\(line):") && r.stderr.contains(message), "\(command): \(r.stderr.prefix(500))")
                #expect(r.stderr.utf8.count < 100_000, "\(command) printed \(r.stderr.utf8.count) bytes of errors")
            }
        }
    }

    @Test("SIGTERM stops a command waiting to write to a pipe nobody reads, though the test runner blocks it")
    func sigtermWhileBlocked() throws {
        // The JSON of 3,000 steps is megabytes: heapscope fills the pipe and waits. It was
        // started from this runner's thread, whose signal mask it inherits.
        let p = Process()
        p.executableURL = try heapscopeExecutable()
        p.arguments = ["run", "bfe-stw", "--format", "json", "--until", "3000"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 1)
        #expect(p.isRunning, "it should be waiting on the full pipe")
        p.terminate()
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let stopped = !p.isRunning
        if !stopped { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        #expect(stopped && p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM,
                "\(p.terminationReason) \(p.terminationStatus)")
        try? out.fileHandleForReading.close()
    }

    @Test("run refuses output it would take minutes to print, before the first step")
    func outputLimit() throws {
        for args in [["run", "bfe-stw", "--format", "json"], ["run", "bfe-stw", "--frames"]] {
            let r = try runHeapscope(args, timeout: 30)
            #expect(r.status == 64 && r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.contains("the limit is 256 MiB: use --until STEP|BOOKMARK"))
        }
        let r = try runHeapscope(["run", "bfe-stw", "--format", "json", "--until", "1000"])
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 1001)
        // Standard output that cannot be written is an error, not a silent success.
        let full = try runHeapscope(["run", "tour"], stdoutPath: "/dev/full")
        #expect(full.status == 74 && full.stderr.contains("cannot write standard output"))
    }

    @Test("a FIFO with no writer reads as empty; - reads standard input")
    func oddFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("f.heap").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try runHeapscope(["check", fifo], timeout: 10)
        #expect(r.status == 1 && r.stderr.contains("\(fifo):1:1: error: a scenario starts with the line 'heapscope 1'"))
        let s = try runHeapscope(["check", "-"], stdin: "heapscope 1\nx := alloc 8\n", timeout: 10)
        #expect(s.status == 0 && s.stdout == "<stdin>: ok (1 step)\n")
    }

    @Test("list shows the library; names work in place of files; control characters never reach the terminal")
    func listAndSafety() throws {
        let l = try runHeapscope(["list"])
        #expect(l.status == 0)
        #expect(l.stdout.hasPrefix("tour "))
        #expect(l.stdout.contains("bfe-stw"))
        let f = try write("heapscope 1\nsay \"\u{1b}[2J\"\nx\u{1b}]0;pwned\u{7} := alloc 8\n")
        let r = try runHeapscope(["check", f])
        #expect(r.status == 1)
        #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x07 })
    }
}

/// A scenario text as a test argument, described briefly: the runner prints each argument when
/// its test case starts, and a 300,000-line scenario filled the CI log.
struct Input: CustomTestStringConvertible, Sendable {
    let text: String
    init(_ text: String) { self.text = text }
    var testDescription: String {
        text.utf8.count <= 200 ? text.debugDescription : "\(String(text.prefix(40)).debugDescription)… (\(text.utf8.count) bytes)"
    }
}
