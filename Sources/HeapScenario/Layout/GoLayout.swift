// Go's memory layout on amd64, computed as the compiler does (cmd/compile/internal/types/size.go;
// cmd/compile/internal/gc/align.go in go1.12; unsafe.Sizeof/Alignof/Offsetof agree):
//
//   1. basic types have fixed sizes; bool/int8 1, int16 2, int32/float32 4, int/int64/uintptr/
//      float64/pointers/map/chan/func 8; complex64 8 aligned 4; complex128 16; string 2 words,
//      slice 3 words, interface 2 words;
//   2. a struct lays its fields out in declaration order, each at the running offset rounded up
//      to its alignment; the compiler never reorders;
//   3. the struct's alignment is its largest field alignment, its size the end of the last field
//      rounded up to that alignment, plus 1 byte first when a non-empty struct ends in a
//      zero-size field (so &last never points past the object);
//   4. an array is N elements of the element's size, aligned like the element.
//
// The pointer map is what the collector needs: the byte offsets of the words that hold
// pointers (pointers, maps, chans, funcs; the data word of strings and slices; both words of an
// interface). ptrdata ends after the last of them.

import HeapEngine

/// The layout of one Go type on amd64: size, alignment, shape and pointer words.
///
/// ```swift
/// // struct { fd int32; buf []byte; next *Conn }
/// layout.size            // 40
/// layout.align           // 8
/// layout.pointerOffsets  // [8, 32]
/// layout.ptrdata         // 40
/// ```
public struct GoLayout: Equatable, Sendable {
    /// What kind of type this is, with what the collector and field paths need.
    public indirect enum Shape: Equatable, Sendable {
        /// bool, integers, floats, complex numbers: no pointers.
        case scalar
        /// A single pointer word: `*T` (with its target type, if it has a layout), map, chan,
        /// func, unsafe.Pointer.
        case pointer(target: TypeExpr?)
        /// ptr, len: the pointer word is the first.
        case string
        /// ptr, len, cap: the backing array's pointer is the first word.
        case slice(element: TypeExpr)
        /// tab/type, data: both words are pointers; stores go to the data word.
        case interface
        case array(count: Int, element: GoLayout)
        case structure([Field])
    }

    /// A struct field with its offset and the padding that follows it.
    public struct Field: Equatable, Sendable {
        public let name: String
        public let layout: GoLayout
        public let offset: Int
        /// Bytes of padding between this field's end and the next field (or the struct's end).
        public var paddingAfter: Int
    }

    /// The type as Go prints it (`*Conn`, `[4]int32`, `Conn`).
    public let name: String
    public let size: Int
    public let align: Int
    public let shape: Shape
    /// Byte offsets of the pointer words, ascending.
    public let pointerOffsets: [Int]

    /// `ptrdata`: the prefix of the object the collector scans.
    public var ptrdata: Int { pointerOffsets.last.map { $0 + 8 } ?? 0 }
    public var hasPointers: Bool { !pointerOffsets.isEmpty }

    /// The word of this value that a pointer store writes: the pointer itself, a string's or
    /// slice's data pointer, an interface's data word. Nil for types that hold no pointer.
    public var storeWordOffset: Int? {
        switch shape {
        case .pointer, .string, .slice: 0
        case .interface: 8
        default: nil
        }
    }

    /// The runtime's view: a GoType with pointer words (every word a pointer is stored compactly).
    public func goType() -> GoType {
        let words = pointerOffsets.map { $0 / 8 }
        if size > 0, size % 8 == 0, words.count == size / 8 {
            return GoType(name: name, size: size, pointerWords: [], allWordsArePointers: true)
        }
        return GoType(name: name, size: size, pointerWords: words)
    }

    /// The field named `name`, for structs.
    public func field(_ name: String) -> Field? {
        if case .structure(let fs) = shape { return fs.first { $0.name == name } }
        return nil
    }
}

extension GoLayout {
    static let word = 8

    static func basic(_ name: String, _ size: Int, _ align: Int) -> GoLayout {
        GoLayout(name: name, size: size, align: align, shape: .scalar, pointerOffsets: [])
    }

    /// The predeclared types, by name.
    static let predeclared: [String: GoLayout] = {
        var t: [String: GoLayout] = [:]
        for (n, s) in [("bool", 1), ("int8", 1), ("uint8", 1), ("byte", 1), ("int16", 2), ("uint16", 2),
                       ("int32", 4), ("uint32", 4), ("rune", 4), ("float32", 4),
                       ("int64", 8), ("uint64", 8), ("int", 8), ("uint", 8), ("uintptr", 8), ("float64", 8)] {
            t[n] = basic(n, s, s)
        }
        t["complex64"] = basic("complex64", 8, 4)
        t["complex128"] = basic("complex128", 16, 8)
        t["string"] = GoLayout(name: "string", size: 16, align: 8, shape: .string, pointerOffsets: [0])
        t["unsafe.Pointer"] = GoLayout(name: "unsafe.Pointer", size: 8, align: 8, shape: .pointer(target: nil), pointerOffsets: [0])
        for n in ["any", "error"] {
            t[n] = GoLayout(name: n, size: 16, align: 8, shape: .interface, pointerOffsets: [0, 8])
        }
        return t
    }()
}
