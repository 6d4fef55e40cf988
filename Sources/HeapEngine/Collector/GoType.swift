// Types as the collector sees them: a size and which words hold pointers.
//
// The runtime records an object's pointer layout when it allocates it (go1.12: heapBitsSetType
// writes two bits per word into the heap bitmap), and scanobject reads that layout to find the
// pointers to follow. heapscope stores the same fact per slot: the type of the object in it.
// Scanning follows exactly the pointer words of that type, so a pointer-free word is never
// mistaken for a pointer, as in Go's precise collector.

/// Where a type's pointer words are in `Heap.typePointerWords`: plain numbers, so scanning an
/// object never touches (or reference-counts) the type's own arrays.
struct TypeLayout: Equatable, Sendable {
    var first: Int32
    var count: Int32
    var allWords: Bool
    /// `ptrdata`: the bytes up to and including the last pointer word (what scanobject scans and
    /// counts as scan work); 0 for raw memory, whose every word may be a pointer.
    var ptrdata: Int32 = 0
    /// The span class `new(T)` allocates from when T is a small object (the profile's
    /// placement of its size), so that smallAlloc need not look it up for every object of
    /// the type; 0 (a large object's class) when it is not.
    var smallSpanClass: UInt8 = 0
    /// The type's size: smallAlloc uses `smallSpanClass` only for a request of this size (an
    /// array of the type is larger).
    var size = 0
}

/// A type registered with the heap: index into `Heap.types`.
public struct TypeID: Hashable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    /// Pointer-free memory: never scanned. (Computed and inlinable, so that other modules
    /// use the constant instead of calling an accessor.)
    @inlinable public static var noscan: TypeID { TypeID(0) }
    /// Raw memory whose every whole word may hold a pointer (`alloc N` with pointers).
    @inlinable public static var rawPointers: TypeID { TypeID(1) }
    public var description: String { "type \(raw)" }
}

/// The collector's view of a Go type: its size and its pointer words.
///
/// ```swift
/// // type Conn struct { fd int32; buf []byte; next *Conn }  → 40 B, pointers at words 1 and 4
/// GoType(name: "Conn", size: 40, pointerWords: [1, 4])
/// ```
public struct GoType: Equatable, Sendable {
    public let name: String
    /// `unsafe.Sizeof`.
    public let size: Int
    /// Word indices (8-byte words from the start) that hold pointers, ascending.
    public let pointerWords: [Int32]
    /// True for `rawPointers`: every whole word of the object may hold a pointer.
    public let allWordsArePointers: Bool

    public init(name: String, size: Int, pointerWords: [Int], allWordsArePointers: Bool = false) {
        self.name = name
        self.size = size
        self.pointerWords = pointerWords.sorted().map { Int32($0) }
        self.allWordsArePointers = allWordsArePointers
    }

    /// No pointers at all: the object's span class is noscan.
    public var isNoscan: Bool { pointerWords.isEmpty && !allWordsArePointers }

    /// `ptrdata`: bytes from the start of the object to the end of its last pointer word.
    public var ptrdata: Int { allWordsArePointers ? size : (pointerWords.last.map { (Int($0) + 1) * 8 } ?? 0) }

    /// Whether word `w` of an object of this type (occupying `objectBytes`) holds a pointer.
    public func isPointerWord(_ w: Int, objectBytes: Int) -> Bool {
        if allWordsArePointers { return w >= 0 && w < objectBytes / 8 }
        return pointerWords.contains(Int32(w))
    }
}

extension Heap {
    /// Registers a type; returns its id. Registering an equal type again returns the same id;
    /// a pointer-free type is simply `.noscan`, as its objects live in noscan spans.
    @discardableResult
    public mutating func registerType(_ t: GoType) throws(HeapError) -> TypeID {
        if t.isNoscan { return .noscan }
        if let i = types.firstIndex(where: { $0 == t }) { return TypeID(Int32(i)) }
        // Slots record their type in 16 bits.
        guard types.count < Int(UInt16.max) else {
            throw .invalidRequest("too many types: a heap holds at most \(UInt16.max) types with pointers")
        }
        types.append(t)
        var spc: UInt8 = 0
        if case .small(_, _, let c, _, _) = profile.placement(size: t.size, noscan: false) { spc = c.rawValue }
        typeLayouts.append(TypeLayout(first: Int32(typePointerWords.count), count: Int32(t.pointerWords.count),
                                      allWords: t.allWordsArePointers,
                                      ptrdata: Int32((t.pointerWords.max().map { $0 + 1 } ?? 0) * 8),
                                      smallSpanClass: spc, size: t.size))
        typePointerWords.append(contentsOf: t.pointerWords)
        return TypeID(Int32(types.count - 1))
    }

    /// The built-in types every heap starts with.
    static let builtinTypes = [
        GoType(name: "noscan", size: 0, pointerWords: []),
        GoType(name: "unsafe.Pointer words", size: 0, pointerWords: [], allWordsArePointers: true),
    ]
}
