// Arrays indexed by arena page, kept in chunks.
//
// A heap is a value: the view keeps the heap before each step beside the heap after it, and
// checkpoints every so many steps, and each copy shares its arrays until one side writes. An
// array with an element per arena page is the exception that hurts: with a 16 GiB arena it has
// two million elements, and the first write after a copy copies all of them (26 MiB for the
// three such arrays, and two million retains for the pages of pointer words). Kept in chunks of
// 4,096 pages, a copy shares the chunks, and a write copies the chunk it lands in and the small
// array of chunks: a step costs the same in a 64 MiB arena and in a 16 GiB one.

/// A fixed-size array stored in chunks of `PagedArray.chunkSize` elements.
public struct PagedArray<Element: Equatable & Sendable>: Equatable, Sendable {
    static var chunkShift: Int { 12 }
    static var chunkSize: Int { 1 << chunkShift }

    private var chunks: [[Element]]
    public let count: Int

    public init(repeating value: Element, count: Int) {
        self.count = count
        let n = (count + PagedArray.chunkSize - 1) >> PagedArray.chunkShift
        chunks = (0..<n).map { i in
            [Element](repeating: value, count: min(PagedArray.chunkSize, count - (i << PagedArray.chunkShift)))
        }
    }

    /// Read and modified in place (`_read`/`_modify`), so that `pages[p][w] = v` writes one
    /// word of the page's array instead of copying it out and back.
    @inline(__always) public subscript(i: Int) -> Element {
        _read { yield chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
        _modify { yield &chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
    }

    public var indices: Range<Int> { 0..<count }
}

// The subscript again, for the element types the engine reads on every pointer it follows.
// The generic one is what an optimised build specialises; a debug build (`swift test`) runs it
// unspecialised, and looking up the metadata of `[[Element]]` at every call took a tenth of
// the test run. These are the same code with the types spelled out.
extension PagedArray where Element == [UInt64] {
    @inline(__always) public subscript(i: Int) -> [UInt64] {
        _read { yield chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
        _modify { yield &chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
    }
}

extension PagedArray where Element == HeapMemory.Storage {
    @inline(__always) subscript(i: Int) -> HeapMemory.Storage {
        _read { yield chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
        _modify { yield &chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
    }
}

extension PagedArray where Element == Int32 {
    @inline(__always) subscript(i: Int) -> Int32 {
        _read { yield chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
        _modify { yield &chunks[i &>> PagedArray.chunkShift][i & (PagedArray.chunkSize &- 1)] }
    }
}
