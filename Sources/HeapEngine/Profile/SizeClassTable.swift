// Size classes: how mallocgc rounds a small request up to one of a fixed set of slot sizes.
//
// The runtime serves every small object (≤ 32 KiB) from a span whose slots all have one size,
// the object's *size class*. The classes are generated once by mksizeclasses.go and frozen into
// sizeclasses.go as two arrays (class_to_size, class_to_allocnpages) plus two lookup tables that
// map a request to its class in O(1):
//
//  1. size_to_class8 covers requests up to smallSizeMax-8 (1016 B), indexed by (size+7)/8;
//  2. size_to_class128 covers 1017 B … 32 KiB, indexed by (size-1024+127)/128.
//
// Both lookup tables give the smallest class whose slot is at least as large as every request
// that falls into the table entry; this file rebuilds them from class_to_size the same way
// mksizeclasses does, so a profile only has to state the two class arrays.
//
// Derived columns (objects per span, tail waste, max waste) use the formulas from the comment
// table in sizeclasses.go: objects = spanBytes/size, tail = spanBytes%size, and
// maxWaste = ((size - prevSize - 1)·objects + tail) / spanBytes.

/// One size class of a runtime profile: what `class_to_size` and `class_to_allocnpages` say
/// about it, plus the derived columns of the table comment in `sizeclasses.go`.
///
/// Example (go1.12): class 10 is 144 B slots, 1 page = 8192 B, 56 objects, 128 B tail waste,
/// 11.82 % max waste.
public struct SizeClassInfo: Equatable, Sendable {
    /// The class number; 0 stands for large objects.
    public let sizeclass: Int
    /// `class_to_size[c]`: bytes per slot.
    public let bytesPerObject: Int
    /// `class_to_allocnpages[c]` × page size.
    public let bytesPerSpan: Int
    /// Slots per span (`spanBytes / size`).
    public let objects: Int
    /// Bytes left over at the end of each span.
    public let tailWaste: Int
    /// Worst-case waste as a fraction, times 10 000 (so 11.82 % is 1182): the request just above
    /// the previous class in every slot, plus the tail.
    public let maxWasteBasisPoints: Int

    /// Pages per span.
    public var pagesPerSpan: Int { bytesPerSpan / 8192 }
    /// Max waste formatted as the table in sizeclasses.go prints it ("11.82").
    public var maxWastePercentText: String {
        let whole = maxWasteBasisPoints / 100
        let frac = maxWasteBasisPoints % 100
        return "\(whole)." + (frac < 10 ? "0\(frac)" : "\(frac)")
    }
}

/// How a release turns a byte offset inside a span into a slot index without dividing by the
/// slot size: slot = ((offset >> shift) · mul) >> shift2.
///
/// go1.12 (`sizeclasses.go`, `class_to_divmagic`; `mspan.divShift`, `divMul`, `divShift2`,
/// `baseMask`; `mbitmap.go` `objIndex`): per class, a 16-bit `mul` and two shifts, exact for
/// every offset inside a span of the class; for power-of-two sizes `mul` is 1, `shift2` 0 and
/// `baseMask` is `1<<16 - size`. Go 1.20 and later keep one `divMul uint32` per span,
/// `^uint32(0)/size + 1`, with `shift` 0 and `shift2` 32 (`mspan.init`, `divideByElemSize`).
public struct DivMagic: Equatable, Sendable {
    public let shift: UInt8
    public let shift2: UInt8
    public let mul: UInt32
    public let baseMask: UInt16

    public init(_ shift: UInt8, _ shift2: UInt8, _ mul: UInt32, _ baseMask: UInt16) {
        self.shift = shift
        self.shift2 = shift2
        self.mul = mul
        self.baseMask = baseMask
    }

    /// Go 1.20+'s `divMul` for slots of `size` bytes (size 0: the large-object class, slot 0).
    public static func divMul(size: Int) -> DivMagic {
        size == 0 ? DivMagic(0, 0, 0, 0) : DivMagic(0, 32, UInt32.max / UInt32(size) &+ 1, 0)
    }

    /// The slot holding byte `offset` of a span.
    @inline(__always) public func slot(_ offset: Int) -> Int {
        Int(((UInt64(offset) &>> UInt64(shift)) &* UInt64(mul)) &>> UInt64(shift2))
    }
}

/// The size-class table of one runtime release and its size→class lookup.
///
/// Models `runtime/sizeclasses.go` (`class_to_size`, `class_to_allocnpages`, `size_to_class8`,
/// `size_to_class128`) and the class selection in `mallocgc`.
///
/// ```swift
/// let t = RuntimeProfile.go112.sizeClasses
/// t.sizeclass(forSize: 144)   // 10
/// t[10].objects               // 56
/// ```
public struct SizeClassTable: Equatable, Sendable {
    /// `class_to_size`, index 0 is 0 (large objects).
    public let classToSize: [Int32]
    /// `class_to_allocnpages`, index 0 is 0.
    public let classToAllocNPages: [Int32]
    /// `size_to_class8`: entry i is the class of requests in (8·(i-1), 8·i].
    public let sizeToClass8: [UInt8]
    /// `size_to_class128`: entry i is the class of requests in (1024+128·(i-1), 1024+128·i].
    public let sizeToClass128: [UInt8]
    /// Objects per span for each class (0 for class 0).
    public let classToObjects: [Int32]
    /// Per class, how an offset becomes a slot index (see `DivMagic`).
    public let classToDivMagic: [DivMagic]

    public let pageSize: Int
    public let maxSmallSize: Int
    public let smallSizeDiv: Int
    public let smallSizeMax: Int
    public let largeSizeDiv: Int
    // The divisors as shifts (they are powers of two), so the lookup costs no division.
    @usableFromInline let smallSizeShift: Int
    @usableFromInline let largeSizeShift: Int
    @usableFromInline let smallLookupLimit: Int

    /// `_NumSizeClasses`, class 0 included.
    public var count: Int { classToSize.count }

    /// Builds the table from the two arrays the runtime states, deriving the lookup tables as
    /// mksizeclasses.go does.
    /// `classToDivMagic` is go1.12's `class_to_divmagic`; nil gives Go 1.20+'s `divMul`.
    public init(classToSize: [Int32], classToAllocNPages: [Int32], classToDivMagic: [DivMagic]? = nil,
                pageSize: Int = 8192,
                maxSmallSize: Int = 32768, smallSizeDiv: Int = 8, smallSizeMax: Int = 1024,
                largeSizeDiv: Int = 128) {
        precondition(classToSize.count == classToAllocNPages.count && classToSize.count < 256)
        precondition(classToDivMagic.map { $0.count == classToSize.count } ?? true)
        self.classToDivMagic = classToDivMagic ?? classToSize.map { DivMagic.divMul(size: Int($0)) }
        self.classToSize = classToSize
        self.classToAllocNPages = classToAllocNPages
        self.pageSize = pageSize
        self.maxSmallSize = maxSmallSize
        self.smallSizeDiv = smallSizeDiv
        self.smallSizeMax = smallSizeMax
        self.largeSizeDiv = largeSizeDiv
        precondition(smallSizeDiv.nonzeroBitCount == 1 && largeSizeDiv.nonzeroBitCount == 1)
        self.smallSizeShift = smallSizeDiv.trailingZeroBitCount
        self.largeSizeShift = largeSizeDiv.trailingZeroBitCount
        self.smallLookupLimit = smallSizeMax - 8

        func smallestClass(atLeast size: Int) -> UInt8 {
            for c in 1..<classToSize.count where Int(classToSize[c]) >= size { return UInt8(c) }
            return UInt8(classToSize.count - 1)
        }
        var s8 = [UInt8](repeating: 0, count: smallSizeMax / smallSizeDiv + 1)
        for i in 1..<s8.count { s8[i] = smallestClass(atLeast: i * smallSizeDiv) }
        s8[0] = 0
        var s128 = [UInt8](repeating: 0, count: (maxSmallSize - smallSizeMax) / largeSizeDiv + 1)
        for i in 0..<s128.count { s128[i] = smallestClass(atLeast: smallSizeMax + i * largeSizeDiv) }
        self.sizeToClass8 = s8
        self.sizeToClass128 = s128
        self.classToObjects = (0..<classToSize.count).map { c in
            c == 0 ? 0 : Int32(Int(classToAllocNPages[c]) * pageSize / Int(classToSize[c]))
        }
    }

    /// The class `mallocgc` picks for a small request of `size` bytes (1 … maxSmallSize).
    ///
    /// Requests up to `smallSizeMax-8` (1016 B) use `size_to_class8[(size+7)/8]`; larger ones
    /// use `size_to_class128[(size-1024+127)/128]`, so 1017…1024 B land in the 1024 B class.
    @inline(__always)
    public func sizeclass(forSize size: Int) -> Int {
        if size <= smallLookupLimit {
            return Int(sizeToClass8[(size &+ smallSizeDiv &- 1) >> smallSizeShift])
        }
        return Int(sizeToClass128[(size &- smallSizeMax &+ largeSizeDiv &- 1) >> largeSizeShift])
    }

    /// The row of class `c`, with the derived columns.
    public subscript(c: Int) -> SizeClassInfo {
        if c == 0 {
            return SizeClassInfo(sizeclass: 0, bytesPerObject: 0, bytesPerSpan: 0, objects: 0,
                                 tailWaste: 0, maxWasteBasisPoints: 0)
        }
        let size = Int(classToSize[c])
        let span = Int(classToAllocNPages[c]) * pageSize
        let objects = span / size
        let tail = span % size
        let prev = Int(classToSize[c - 1])
        // Round half up to two decimals, as Go's %.2f does for these values.
        let num = ((size - prev - 1) * objects + tail) * 100_000 / span
        let bp = (num + 5) / 10
        return SizeClassInfo(sizeclass: c, bytesPerObject: size, bytesPerSpan: span,
                             objects: objects, tailWaste: tail, maxWasteBasisPoints: bp)
    }

    /// Every row, class 1 first (class 0, large objects, has no row of its own).
    public var rows: [SizeClassInfo] { (1..<count).map { self[$0] } }
}
