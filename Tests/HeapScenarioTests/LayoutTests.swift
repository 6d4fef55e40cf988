import Testing
import HeapEngine
@testable import HeapScenario

/// Go's amd64 layout rules, against examples measured with unsafe.Sizeof/Offsetof on a real toolchain.
@Suite("Go struct layout")
struct LayoutTests {
    /// The layout a `layout T` statement computes, after the given declarations.
    func layout(_ decls: String, _ type: String) throws -> GoLayout {
        let program = try compile("heapscope 1\n\(decls)\nlayout \(type)\n")
        for case .action(.layout(let l), _) in program.instructions { return l }
        throw LayoutResolver.Failure(message: "no layout step", location: nil)
    }

    @Test("basic types: sizes and alignments", arguments: [
        ("bool", 1, 1), ("int8", 1, 1), ("int16", 2, 2), ("int32", 4, 4), ("rune", 4, 4), ("float32", 4, 4),
        ("int", 8, 8), ("uintptr", 8, 8), ("float64", 8, 8), ("complex64", 8, 4), ("complex128", 16, 8),
        ("string", 16, 8), ("[]byte", 24, 8), ("interface{}", 16, 8), ("any", 16, 8), ("*int", 8, 8),
        ("map[string]int", 8, 8), ("chan int", 8, 8), ("func()", 8, 8), ("func(int) error", 8, 8), ("func(a, b *int) (int, error)", 8, 8), ("unsafe.Pointer", 8, 8),
        ("[3]int32", 12, 4), ("[4]bool", 4, 1), ("[0]int64", 0, 8), ("struct{}", 0, 1),
    ])
    func basic(_ type: String, _ size: Int, _ align: Int) throws {
        let l = try layout("", type)
        #expect(l.size == size)
        #expect(l.align == align)
        // A func type is named as written (layout once printed every one as func()).
        if type.hasPrefix("func") { #expect(l.name == type) }
    }

    @Test("the padding example: 32 bytes declared, 16 reordered, as fieldalignment says")
    func paddingExample() throws {
        let bad = try layout("type T struct {\n a bool\n b int32\n c int8\n d int64\n e byte\n}", "T")
        #expect(bad.size == 32 && bad.align == 8)
        guard case .structure(let fs) = bad.shape else { Issue.record("not a struct"); return }
        #expect(fs.map(\.offset) == [0, 4, 8, 16, 24])
        #expect(fs.map(\.paddingAfter) == [3, 0, 7, 0, 7])
        let advice = try #require(FieldOrderAdvice.advise(bad))
        #expect(advice.message == "struct of size 32 could be 16")
        #expect(advice.order == ["d", "b", "a", "c", "e"])
        guard case .structure(let rf) = advice.reordered.shape else { return }
        #expect(rf.map(\.offset) == [0, 8, 12, 13, 14])
        #expect(advice.reordered.size == 16)
    }

    @Test("zero-size final fields get a byte; first ones do not")
    func zeroSizeFields() throws {
        #expect(try layout("", "struct { x int64; z struct{} }").size == 16)
        let y = try layout("", "struct { x int32; y [0]int64 }")
        #expect(y.size == 16)
        if case .structure(let fs) = y.shape { #expect(fs[1].offset == 8) }
        #expect(try layout("", "struct { z struct{}; x int64 }").size == 8)
        #expect(try layout("", "struct{}").size == 0)
    }

    @Test("pointer words and ptrdata: the analyzer's pointer-byte examples")
    func pointerBytes() throws {
        #expect(try layout("", "struct { a uint32; s string }").ptrdata == 16)
        #expect(try layout("", "struct { s string; p *uint32 }").ptrdata == 24)
        #expect(try layout("", "struct { s string; a uint32 }").ptrdata == 8)
        let advice = try #require(FieldOrderAdvice.advise(try layout("", "struct { s string; p *uint32 }")))
        #expect(advice.message == "struct with 24 pointer bytes could be 16")
        let conn = try layout("type Conn struct {\n fd int32\n buf []byte\n next *Conn\n}", "Conn")
        #expect(conn.size == 40)
        #expect(conn.pointerOffsets == [8, 32])
        #expect(conn.goType().pointerWords == [1, 4])
        let iface = try layout("", "struct { e error; n int }")
        #expect(iface.pointerOffsets == [0, 8])
    }

    @Test("arrays of structs repeat the pointer map; all-pointer types are stored compactly")
    func arrays() throws {
        let a = try layout("type P struct {\n p *int\n n int64\n}", "[3]P")
        #expect(a.size == 48)
        #expect(a.pointerOffsets == [0, 16, 32])
        let all = try layout("", "[4]*int")
        #expect(all.goType().allWordsArePointers)
    }

    @Test("the layout report shows offsets, padding, pointer words and the size class")
    func report() throws {
        let l = try layout("type Conn struct {\n fd int32\n buf []byte\n next *Conn\n}", "Conn")
        let lines = LayoutReport.lines(for: l, profile: .go112)
        #expect(lines[0] == "type Conn: size 40, align 8, ptrdata 40 (pointer words 1, 4)")
        #expect(lines.contains("       4     4         (padding)"))
        #expect(lines.contains { $0.contains("new(Conn): size class 4, 48-byte slots (8 bytes unused per object), scan span") })
        #expect(lines.contains { $0.contains("fieldalignment: struct with 40 pointer bytes could be 16 — order: next, buf, fd") })
    }

    @Test("recursive types by value are errors; through a pointer they are fine")
    func recursion() {
        let d = diagnostics("heapscope 1\ntype A struct {\n b B\n}\ntype B struct {\n a A\n}\nlayout A\n")
        #expect(d.contains { $0.message.contains("invalid recursive type") })
        _ = try? compile("heapscope 1\ntype A struct {\n next *A\n}\nlayout A\n")
    }
}
