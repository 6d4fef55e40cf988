import Testing
import HeapEngine
@testable import HeapScenario

/// Malformed input: every case ends in positioned errors, never a crash or a hang.
@Suite("diagnostics for malformed scenarios")
struct DiagnosticsTests {
    /// (text, line, column, part of the message) for the first error.
    static let cases: [(String, Int, Int, String)] = [
        ("", 1, 1, "starts with the line 'heapscope 1'"),
        ("heapscope 2\n", 1, 11, "reads scenario format 1"),
        ("procs 2\n", 1, 1, "starts with the line 'heapscope 1'"),
        ("heapscope 1\nprocz 2\n", 2, 1, "did you mean 'procs'"),
        ("heapscope 1\nc := new(Conn)\n", 2, 10, "unknown type 'Conn'"),
        ("heapscope 1\nx := alloc 10KB\n", 2, 12, "did you mean KiB"),
        ("heapscope 1\nx := alloc 99999999999999999999\n", 2, 12, "too large"),
        ("heapscope 1\nx := alloc 17GiB\n", 2, 12, "too large"),
        ("heapscope 1\nrepeat 3 {\n x := alloc 8\n", 4, 1, "missing '}'"),
        ("heapscope 1\nsay \"open\n", 2, 5, "unterminated string"),
        ("heapscope 1\nx := alloc 8\nprocs 2\n", 3, 1, "settings come first"),
        ("heapscope 1\nx := alloc 8 on p3\n", 2, 17, "p3 does not exist"),
        ("heapscope 1\ny = x\n", 2, 1, "undefined: y"),
        ("heapscope 1\nx := alloc 8\nx := alloc 8\n", 3, 1, "already declared"),
        ("heapscope 1\nexpect HeapAloc == 1\n", 2, 8, "did you mean 'HeapAlloc'"),
        ("heapscope 1\nx := alloc 8\nexpect color(x) == 4\n", 3, 20, "compares a colour with a number"),
        ("heapscope 1\nrepeat 100000 { repeat 1000 { x := alloc 8 } }\n", 2, 1, "the limit is 10000000"),
        ("heapscope 1\nfunc f() {\n f()\n}\nf()\n", 3, 2, "recursive call"),
        ("heapscope 1\nsleep 100h\n", 2, 7, "at most 24 hours"),
        ("heapscope 1\nrepeat 10 { sleep 24h }\n", 2, 1, "more than a week"),
        ("heapscope 1\ngc stepp\n", 2, 4, "unknown gc command"),
        ("heapscope 1\ntype T struct {\n a int\n}\nt := new(T)\nt.a = nil\n", 6, 3, "holds no pointers"),
        ("heapscope 1\ntype T struct {\n a int\n p *T\n}\nt := new(T)\nt.a = nil\n", 7, 1, "cannot hold a pointer"),
        ("heapscope 1\ntype T struct {\n next *T\n}\nt := new(T)\nt.nxt = nil\n", 6, 3, "has no field 'nxt'"),
        ("heapscope 1\nb := alloc 16\nb[5] = nil\n", 3, 2, "out of range"),
        ("heapscope 1\nb := alloc 16 noscan\nb[0] = nil\n", 3, 2, "pointer-free"),
        ("heapscope 1\nexpect spans(99, empty) == 0\n", 2, 14, "no class 99"),
        ("heapscope 1\nexpect spans(3, fullest) == 0\n", 2, 17, "'partial swept'"),
        ("heapscope 1\nexpect spans(3, full) == 0\n", 2, 21, "'swept' or 'unswept' after 'full'"),
        ("heapscope 1\nexpect spans(3, full swept) == 0\n", 2, 17, "span sets arrived in Go 1.15"),
        ("heapscope 1\nprofile go1.25\nexpect spans(3, empty) == 0\n", 3, 17, "has span sets, not lists"),
        ("heapscope 1\nmemlimit 64MiB\n", 2, 1, "GOMEMLIMIT arrived in Go 1.19"),
        ("heapscope 1\ntype T struct {\n a int\n a bool\n}\nlayout T\n", 4, 2, "duplicate field"),
        ("heapscope 1\nlayout [17179869184][2]int64\n", 2, 1, "larger than"),
        ("heapscope 1\nlayout [1099511627776]int64\n", 2, 9, "must be between 0 and"),
        ("heapscope 1\nprofile go1.99\n", 2, 9, "unknown runtime profile"),
        ("heapscope 1\nx := alloc 8\ndrop x\ndrop x\n", 4, 6, "undefined: x (dropped at line 3"),
        ("heapscope 1\nx := alloc 8\ny := alloc 8\ndrop x\nz := x\n", 5, 6, "undefined: x (dropped at line 4; declare it again with x := …)"),
        ("heapscope 1\nx := alloc 8\ndrop x\nexpect x == nil\n", 4, 8, "x was dropped at line 3"),
        ("heapscope 1\n`tag`\n", 2, 1, "struct tags"),
        ("heapscope 1\nwritebarrier maybe\n", 2, 14, "'on' or 'off'"),
        ("heapscope 1\nexpect HeapAlloc = 3\n", 2, 18, "use '=='"),
        // A goroutine reaches only its own stack and the globals.
        ("heapscope 1\nprocs 2\ngoroutine w on p1\nc := alloc 8 on w\nd := c\n", 5, 6, "c lives on the stack of w, and this statement runs on main: a goroutine cannot read"),
        ("heapscope 1\ngoroutine w\nvar q *int on w\nc := alloc 8\nq = c\n", 5, 1, "cannot write another goroutine's stack (run the statement 'on w'"),
        ("heapscope 1\ngoroutine w\ntype T struct {\n p *T\n}\nn := new(T)\nd := new(T) on w\nn.p = d on w\n", 8, 1, "n lives on the stack of main, and this statement runs on w"),
        ("heapscope 1\ngoroutine w on p1\n", 2, 16, "p1 does not exist: this scenario has 1 P (p0); set 'procs' to use more"),
        ("heapscope 1\nsay \"a\"\nbookmark \"b\"\nsay \"c\"\nbookmark \"b\"\n", 5, 1, "bookmark \"b\" is already at line 3"),
        ("heapscope 1\nexpect HeapAlloc == 1 MiB\n", 2, 23, "without a space: 1MiB"),
        ("heapscope 1\nexpect HeapAlloc == 4 / 2\n", 2, 23, "expressions use only +, - and *"),
        // A constant chain that overflows is found by check, as the run would find it.
        ("heapscope 1\nexpect HeapAlloc < 16GiB * 16GiB * 16GiB * 16GiB\n", 2, 42, "5070602400912917605986812821504 * 17179869184 overflows"),
        ("heapscope 1\nexpect HeapAlloc < HeapSys + 16GiB * 16GiB * 16GiB * 16GiB\n", 2, 52, "5070602400912917605986812821504 * 17179869184 overflows"),
        // A statement's first word cannot name a variable: the next line using it would be
        // that statement.
        ("heapscope 1\ngc := alloc 8\n", 2, 1, "'gc' begins a statement of its own"),
        ("heapscope 1\nvar repeat *int\n", 2, 1, "'repeat' begins a statement of its own"),
        ("heapscope 1\nfunc gc() {\n  x := alloc 8\n}\n", 2, 1, "'gc' begins a statement of its own, so gc() would not be a call"),
        // A drop inside a loop of a variable from outside it: gone the second time round.
        ("heapscope 1\nx := alloc 8\nrepeat 2 {\n  y := alloc 8\n  drop x\n}\n", 5, 8, "x is declared outside this loop, which runs 2 times"),
        // A number in expect may be as large as a number is written: one limit, Int64's.
        ("heapscope 1\nexpect HeapAlloc < 9223372036854775807GiB\n", 2, 20, "a number is too large: at most 9223372036854775807"),
        // A query of nil is found by check, not by the run.
        ("heapscope 1\nexpect size(nil) == 0\n", 2, 13, "size(nil): nil points to no object"),
        ("heapscope 1\nexpect color(nil) == white\n", 2, 14, "color(nil): nil points to no object"),
        // A recursive function is an error even when nothing calls it.
        ("heapscope 1\nfunc f() {\n  g()\n}\nfunc g() {\n  f()\n}\nx := alloc 8\n", 6, 3, "recursive call: f() → g() → f()"),
        ("heapscope 1\nx := alloc 8\nfunc h() {\n  y := alloc 8\n  h()\n}\n", 5, 3, "recursive call: h() → h()"),
        ("heapscope 1\nexpect gcphase == _GCMark\n", 2, 19, "did you mean '_GCmark'"),
        ("heapscope 1\nexpect gcphase == mark\n", 2, 19, "gcphase is the runtime's variable"),
        ("heapscope 1\ntype T struct {\n a int64\n p *T\n}\nt := new(T)\nt.a = nil\n", 7, 1, "t.a is an int64"),
        ("heapscope 1\narena 64\n", 2, 7, "written with a unit: arena 64MiB"),
        ("heapscope 1\nsleep 2.25m\n", 2, 7, "write 135s, not 2.25m"),
        ("heapscope 1\nsleep 1.5s\n", 2, 7, "write 1500ms, not 1.5s"),
        ("heapscope 1\nsleep 2.5min\n", 2, 9, "unknown time unit 'min'"),
        ("heapscope 1\nsleep 0.25\n", 2, 7, "a duration needs a unit and is a whole number of it"),
        ("heapscope 1\nsleep .5s\n", 2, 7, "write 500ms, not .5s"),
        ("heapscope 1\nsleep 500 ms\n", 2, 7, "write the unit without a space: 500ms"),
        ("heapscope 1\nsleep 1m30s\n", 2, 7, "a duration has one unit: write 90s, not 1m30s"),
        ("heapscope 1\nsleep 2min\n", 2, 7, "unknown time unit 'min'; did you mean 'm'?"),
        ("heapscope 1\nx := alloc 512 KiB\n", 2, 16, "write a size or duration without a space: 512KiB"),
        ("heapscope 1\nx := alloc 1kib\n", 2, 12, "unknown size unit 'kib'; did you mean KiB?"),
        ("heapscope 1\ngc.x = nil\n", 2, 3, "expected start, step N, phase or finish after 'gc'"),
        ("heapscope 1\nx := alloc 1.5KiB\n", 2, 12, "write 1536, not 1.5KiB"),
        ("heapscope 1\nx := alloc 2.5MiB\n", 2, 12, "write 2560KiB, not 2.5MiB"),
        ("heapscope 1\nsay \"a\tb\"\n", 2, 7, "control character \\u{9} in a string"),
        ("heapscope 1\ntype A struct {\n  x *A\n\ntype B struct {\n  y int\n}\n", 5, 1, "the struct opened at line 2 is not closed before this statement"),
        ("heapscope 1\ntype A struct {\n  x *A\nx := new(A)\n", 4, 1, "the struct opened at line 2 is not closed before this statement"),
        // Go compares map keys with ==: export-go's program did not build ("invalid map key type").
        ("heapscope 1\ntype K struct { s []int }\ntype T struct {\n  m map[K]int\n}\nx := new(T)\n", 4, 9, "invalid map key type K: a key must be comparable with ==, and []int is not"),
        // At the 65th step, not at the `=` after the path.
        ("heapscope 1\ntype N struct { next *N }\na := new(N)\na" + String(repeating: ".next", count: 65) + " = nil\n", 4, 323, "a path may have at most 64 steps"),
        ("heapscope 1\nx := alloc 8\nexpect tinyoffset(p3) == 0\n", 3, 19, "this scenario has 1 P (p0)"),
        // At the field, not at `type` (an array's size error has no place of its own).
        ("heapscope 1\ntype U struct {\n  p *U\n  a [3000000000]*int\n}\nx := new(U)\n", 4, 3, "[3000000000]*int is larger than 16 GiB"),
        ("heapscope 1\ntype Base struct { next *Base }\ntype D struct {\n  Base\n  extra *D\n}\nd := new(D)\nd.next = nil\n", 8, 3, "does not promote the fields of an embedded struct: write .Base.next"),
        ("heapscope 1\ntype Base struct { next *Base }\ntype D struct {\n  Base\n  extra *D\n}\ntype E struct {\n  D\n  p *E\n}\ne := new(E)\ne.next = nil\n", 12, 3, "write .D.Base.next"),
        // A map inside a slice is never laid out itself: its key was not checked.
        ("heapscope 1\ntype T struct { m []map[[]int]int }\nx := new(T)\n", 2, 17, "invalid map key type []int"),
    ]

    @Test("each malformed scenario gets an error at the right place", arguments: 0..<cases.count)
    func positioned(_ i: Int) throws {
        let (text, line, column, message) = Self.cases[i]
        let d = diagnostics(text)
        let first = try #require(d.first, "no error for: \(text)")
        #expect(first.severity == .error)
        #expect(first.location == HeapScenario.SourceLocation(line: line, column: column), "\(first.message)")
        #expect(first.message.contains(message), "got: \(first.message)")
    }

    @Test("a store Go would refuse without unsafe.Pointer is a warning at the value; the stores Go takes are not")
    func storeTypeWarnings() throws {
        let text = """
            heapscope 1
            type A struct {
              p *A
            }
            type B struct {
              q *B
              name string
              s []*A
              m map[int]int
              i interface{}
              u unsafe.Pointer
            }
            a := new(A)
            b := new(B)
            r := alloc 5 noscan
            x := alloc 16
            m := make([]*A, 3)
            b.q = a
            b.name = a
            b.s = x
            b.m = a
            a.p = a
            b.q = b
            b.name = r
            b.s = m
            b.i = a
            b.u = x

            """
        let (program, d) = Compiler.compile(SourceFile(name: "w.heap", text: text))
        #expect(program != nil, "warnings only: \(d.map(\.message))")
        #expect(d.allSatisfy { $0.severity == .warning })
        #expect(d.map(\.location) == [.init(line: 18, column: 7), .init(line: 19, column: 10), .init(line: 20, column: 7), .init(line: 21, column: 7)])
        #expect(d.first?.message.hasPrefix("b.q is a *B and the value points to an A: Go would not compile this store without unsafe.Pointer") == true, "\(d.first?.message ?? "")")
        #expect(d.dropFirst().first?.message.hasPrefix("b.name is a string and the value points to an A") == true)
        #expect(d.dropFirst(2).first?.message.hasPrefix("b.s is a []*A and the value points to raw memory (alloc)") == true)
    }

    @Test("a bookmark named like a number, a store into an error: warnings; a global read on its goroutine: fine")
    func moreWarnings() throws {
        // run --until 1 took the bookmark "1" over step 1, and nothing said so.
        let (p1, d1) = Compiler.compile(SourceFile(name: "n.heap", text: "heapscope 1\nx := alloc 8\nbookmark \"1\"\n"))
        #expect(p1 != nil && d1.count == 1 && d1.first?.severity == .warning && d1.first?.location == .init(line: 3, column: 1))
        #expect(d1.first?.message.contains("named like a step number: --until 1 stops at this bookmark, not after step 1") == true)
        // export-go leaves a store into an error a comment, allocation and all: check says so.
        let (p2, d2) = Compiler.compile(SourceFile(name: "e.heap", text: "heapscope 1\ntype Q struct { p *Q }\ntype S struct { e error }\ns := new(S)\ns.e = new(Q)\n"))
        #expect(p2 != nil && d2.count == 1 && d2.first?.location == .init(line: 5, column: 7))
        #expect(d2.first?.message.hasPrefix("s.e is an error and the value points to a Q: Go would take only a value with an Error method") == true, "\(d2.map(\.message))")
        // `global g = x on w` reads x on w, as it says (the error told it to run 'on w').
        _ = try compile("heapscope 1\ntype N struct { next *N }\ngoroutine w on p0\nx := new(N) on w\nglobal g = x on w\n")
        let d3 = diagnostics("heapscope 1\ntype N struct { next *N }\ngoroutine w on p0\nx := new(N) on w\nglobal g = x\n")
        #expect(d3.first?.message.hasPrefix("x lives on the stack of w, and this statement runs on main") == true)
        // Every bad field of a struct is reported, not only the first (the second map key was not).
        let d5 = diagnostics("heapscope 1\ntype K struct { s []int }\ntype T struct {\n  m map[K]int\n  f func()\n  mm map[func()]int\n  n *T\n}\nx := new(T)\n")
        #expect(d5.map(\.location) == [.init(line: 4, column: 9), .init(line: 6, column: 3)], "\(d5.map(\.message))")
        #expect(d5.allSatisfy { $0.message.hasPrefix("invalid map key type") })
        // A function that rebinds a global to another kind of object: check said ok and run
        // stopped at `g.p = g` ("g points to a pointer-free object").
        let (p4, d4) = Compiler.compile(SourceFile(name: "g.heap", text: "heapscope 1\ntype A struct { p *A }\ntype B struct { x int }\nglobal g = new(A)\nfunc f() {\n  g = new(B)\n}\nf()\ng.p = g\n"))
        #expect(p4 != nil && d4.count == 1 && d4.first?.location == .init(line: 6, column: 3))
        #expect(d4.first?.message.hasPrefix("g is a global holding a pointer to an A (line 4), and this function stores a pointer to a B in it") == true, "\(d4.map(\.message))")
    }

    @Test("a bookmark inside a loop is a warning: it names each iteration's step, and --until stops at the first")
    func bookmarkInLoop() throws {
        let (program, d) = Compiler.compile(SourceFile(name: "b.heap", text: "heapscope 1\nrepeat 3 {\n  repeat 2 {\n    x := alloc 8\n    bookmark \"b\"\n  }\n}\nbookmark \"end\"\n"))
        #expect(program != nil)
        #expect(d.count == 1 && d.first?.severity == .warning && d.first?.location == .init(line: 5, column: 5))
        #expect(d.first?.message.contains("it names 6 steps \"b\", and --until, --from and --step stop at the first") == true, "\(d.map(\.message))")
        let (_, once) = Compiler.compile(SourceFile(name: "b.heap", text: "heapscope 1\nrepeat 1 {\n  x := alloc 8\n  bookmark \"b\"\n}\n"))
        #expect(once.isEmpty)
        // A function called twice names two steps too; one called once, one.
        let (_, twice) = Compiler.compile(SourceFile(name: "f.heap", text: "heapscope 1\nfunc f() {\n  x := alloc 8\n  bookmark \"in f\"\n}\nf()\nf()\nfunc g() {\n  y := alloc 8\n  bookmark \"in g\"\n}\ng()\n"))
        #expect(twice.count == 1 && twice.first?.location == .init(line: 4, column: 3) && twice.first?.message.contains("inside a function that runs more than once: it names 2 steps") == true, "\(twice.map(\.message))")
        // Through another function, in a loop: the calls multiply (3 runs of g, each calls f).
        let (_, through) = Compiler.compile(SourceFile(name: "g.heap", text: "heapscope 1\nfunc f() {\n  x := alloc 8\n  bookmark \"in f\"\n}\nfunc g() {\n  f()\n}\nrepeat 3 {\n  g()\n}\n"))
        #expect(through.count == 1 && through.first?.message.contains("it names 3 steps") == true, "\(through.map(\.message))")
    }

    @Test("an oversize file is refused without a size it cannot know (the reader stops past the limit)")
    func oversize() {
        let big = [UInt8](repeating: 0x23, count: SourceFile.maxBytes + 1)
        guard case .failure(let d) = SourceFile.decode(name: "big.heap", bytes: big) else { Issue.record("accepted"); return }
        #expect(d.message == "file is larger than 4194304 bytes (4 MiB), the most a scenario may be")
    }

    @Test("many errors in one file are all reported, in order")
    func manyErrors() {
        let text = "heapscope 1\nprocz 2\nc := new(Conn)\nx := alloc 10KB\ngc stepp\nexpect Nope == 1\n"
        let d = diagnostics(text)
        #expect(d.map(\.location.line) == [2, 3, 4, 5, 6])
    }

    @Test("garbage bytes, NULs and bad UTF-8 are positioned errors")
    func garbage() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<200 {
            let bytes = (0..<Int(random.next() % 400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            switch SourceFile.decode(name: "g.heap", bytes: bytes) {
            case .failure(let d):
                #expect(d.location.line >= 1 && d.location.column >= 1)
            case .success(let source):
                let (_, diags) = Compiler.compile(source)
                for d in diags { #expect(d.location.line >= 1 && d.location.column >= 1) }
            }
        }
        guard case .failure(let d) = SourceFile.decode(name: "n", bytes: Array("heapscope 1\nab\u{0}".utf8)) else {
            Issue.record("NUL accepted"); return
        }
        #expect(d.location == HeapScenario.SourceLocation(line: 2, column: 3))
        // With its line and a caret, as every error (it had neither).
        #expect(d.rendered(sourceLine: nil) == "n:2:3: error: NUL byte: this is not a text file\nab\\u{0}\n  ^")
        guard case .failure(let e) = SourceFile.decode(name: "u", bytes: [0x68, 0x0A, 0x41, 0xC3, 0x28]) else {
            Issue.record("bad UTF-8 accepted"); return
        }
        #expect(e.location == HeapScenario.SourceLocation(line: 2, column: 2))
        // A Latin-1 file: the first bad byte with its line and a caret, and where the others are.
        let latin1: [UInt8] = Array("heapscope 1\nsay \"caf".utf8) + [0xE9] + Array(" ok\"\nx := alloc 8 // ".utf8) + [0xFF, 0xFE, 0x0A]
        guard case .failure(let l) = SourceFile.decode(name: "l.heap", bytes: latin1) else {
            Issue.record("Latin-1 accepted"); return
        }
        #expect(l.rendered(sourceLine: nil) == """
            l.heap:2:9: error: byte 0xe9 is not UTF-8 text (2 more such bytes, on line 3); save the file as UTF-8
            say "caf\u{FFFD} ok"
                    ^
            """)
    }

    @Test("random token soup never crashes and every error has a position")
    func tokenSoup() {
        let words = ["heapscope", "1", "repeat", "{", "}", "x", ":=", "=", "new(", "alloc", "8", "noscan", "type", "struct",
                     "expect", "==", "(", ")", "[", "]", ".", "gc", "step", "say", "\"s\"", "\n", "\n", "func", "f()", "drop",
                     "on", "p1", "rand(1,", "9)", "*", "layout", "int32", ";", "99999999999999999999", "\u{1b}", "é"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<300 {
            var text = "heapscope 1\n"
            for _ in 0..<Int(random.next() % 60) { text += words[Int(random.next() % UInt64(words.count))] + " " }
            let (_, diags) = Compiler.compile(SourceFile(name: "soup.heap", text: text))
            for d in diags { #expect(d.location.line >= 1 && d.location.column >= 1) }
        }
    }

    @Test("deep nesting is one error, not a stack overflow", arguments: [
        String(repeating: "repeat 1 {\n", count: 5000),
        "layout " + String(repeating: "*", count: 100_000) + "int\n",
        "expect " + String(repeating: "(", count: 100_000) + "1\n",
        "type T " + String(repeating: "struct { a ", count: 10_000) + "\n",
    ])
    func deepNesting(_ body: String) throws {
        let d = diagnostics("heapscope 1\n" + body)
        #expect(d.contains { $0.message.contains("nesting is too deep") })
        #expect(d.count <= 3)
    }

    @Test("a type is checked whether a statement uses it or not, each error is said once, and a broken field leaves its struct whole")
    func typeErrors() {
        // Unused, and still wrong.
        #expect(diagnostics("heapscope 1\ntype A struct {\n    self A\n}\n").map(\.message)
                == ["invalid recursive type A: it contains itself (A → A); use a pointer"])
        #expect(diagnostics("heapscope 1\ntype C struct {\n    f Missing\n}\n").map(\.message) == ["unknown type 'Missing'"])
        // Used four times, said once.
        let dup = diagnostics("heapscope 1\ntype B struct {\n    x int\n    x int\n}\nb := new(B)\nc := new(B)\nexpect sizeof(B) == 16\nlayout B\n")
        #expect(dup.map(\.message) == ["duplicate field x"] && dup.first?.location == HeapScenario.SourceLocation(line: 4, column: 5))
        // One bad field: its own error, and the fields and the '}' after it are still the struct's.
        let broken = diagnostics("heapscope 1\ntype C struct {\n    i [1<<20]*int\n    j map[int]\n    k *T\n    l struct {\n        m int\n        n [\n    }\n}\nx := new(C)\n")
        #expect(broken.map(\.location.line) == [3, 4, 5, 8], "\(broken.map(\.message))")
        #expect(!broken.contains { $0.message.contains("unexpected '}'") || $0.message.contains("unknown statement") })
        // A setting's bad value has the caret under the value; an empty file is told so at 1:1.
        let set = diagnostics("heapscope 1\narena 100KiB\nprofile  go1.13\n")
        #expect(set.map { "\($0.location.line):\($0.location.column)+\($0.length)" } == ["2:7+6", "3:10+6"])
        #expect(diagnostics("\n\n").map { "\($0.location.line):\($0.location.column)" } == ["1:1"])
        // A misspelt new or make gets a hint; a bookmark needs a name.
        #expect(diagnostics("heapscope 1\ntype T struct { p *T }\nx := nwe(T)\n").first?.message.hasSuffix("did you mean new(T)?") == true)
        #expect(diagnostics("heapscope 1\nb := mkae([]*int, 3)\n").first?.message.hasSuffix("did you mean make([]T, n)?") == true)
        #expect(diagnostics("heapscope 1\nbookmark \"\"\nx := alloc 8\n").map(\.message) == ["a bookmark needs a name: bookmark \"after the first cycle\""])
        // make's length counts elements.
        #expect(diagnostics("heapscope 1\na := make([]*int, 1KiB)\n").map(\.message) == ["the slice length is a number of elements and takes no unit ('KiB')"])
        #expect(diagnostics("heapscope 1\na := make([]*int, -1)\n").map(\.message) == ["expected the slice length (a whole number of elements), found '-'"])
    }

    @Test("a byte-order mark is not text; invisible characters are shown escaped; the caret counts wide characters as two columns")
    func invisibleAndWide() {
        guard case .success(let f) = SourceFile.decode(name: "b.heap", bytes: [0xEF, 0xBB, 0xBF] + Array("heapscope 1\nx := alloc 8\n".utf8)) else {
            Issue.record("a file with a BOM was refused"); return
        }
        #expect(Compiler.compile(f).program != nil)
        let zw = SourceFile(name: "z.heap", text: "heapscope 1\nx := alloc 8 \u{200B}\n")
        let d = Compiler.compile(zw).diagnostics
        #expect(d.map { zw.render($0) } == ["z.heap:2:14: error: unexpected character '\\u{200b}'\nx := alloc 8 \\u{200b}\n             ^"])
        let wide = SourceFile(name: "w.heap", text: "heapscope 1\nsay \"é 😀 漢\" zz\n")
        let w = Compiler.compile(wide).diagnostics
        #expect(w.map { wide.render($0) } == ["w.heap:2:13: error: unexpected 'zz' after the end of the statement\nsay \"é 😀 漢\" zz\n              ^~"])
    }

    @Test("rendered diagnostics: caret under the column, control characters escaped, long lines windowed")
    func rendering() {
        let source = SourceFile(name: "a\u{1b}.heap", text: "heapscope 1\nprocz 2\u{7}\n")
        let d = Diagnostic(file: source.name, location: .init(line: 2, column: 1), message: "unknown statement 'procz'", length: 5)
        #expect(source.render(d) == "a\\u{1b}.heap:2:1: error: unknown statement 'procz'\nprocz 2\\u{7}\n^~~~~")
        let long = String(repeating: "x", count: 1000) + "!"
        let w = Diagnostic(file: "f", location: .init(line: 1, column: 1001), message: "m").rendered(sourceLine: long)
        let lines = w.split(separator: "\n")
        #expect(lines[1].count <= Diagnostic.maxShownColumns + 2)
        let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        #expect(caret.map { Array(lines[1])[$0] } == "!")
    }
}
