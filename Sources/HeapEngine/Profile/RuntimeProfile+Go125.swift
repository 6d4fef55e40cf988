// The go1.25 facts: from the Go 1.25.5 release tree.
//
// Source files: internal/runtime/gc/sizeclasses.go (the class arrays below, copied as numbers;
// 68 classes, with the 24 B class go1.12 lacks), internal/runtime/gc/malloc.go and
// runtime/mbitmap.go (malloc headers, MallocHeaders.swift), runtime/malloc.go (`maxTinySize`,
// the 64 MiB heapArenaBytes of linux/amd64, the 0x00c0<<32 arena hint). Size → class and
// objects per span are checked against the real go1.25.5 runtime by
// Tests/HeapEngineTests/Go125DifferentialTests.swift. Notes: docs/go1.25-facts.md.
//
// Not in `RuntimeProfile.all` yet: a scenario cannot select it until the engine models the
// release's span sets, page allocator and pacer; only these facts are used (and tested).

extension RuntimeProfile {
    /// Go 1.25: 68 size classes, malloc headers, mcentral span sets.
    public static let go125 = RuntimeProfile(
        name: "go1.25",
        release: "go1.25.5",
        sizeClasses: SizeClassTable(
            // SizeClassToSize
            classToSize: [
                0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
                288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280,
                1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528,
                6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432,
                19072, 20480, 21760, 24576, 27264, 28672, 32768,
            ],
            // SizeClassToNPages
            classToAllocNPages: [
                0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4,
                3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
            ]
        ),
        pageShift: 13,
        maxSmallSize: 32768,
        maxTinySize: 16,
        tinySizeClass: 2,
        heapArenaBytes: 64 << 20,
        arenaBaseAddress: 0x00c0 << 32,
        mcentralShape: .spanSets,
        physPageSize: 4096,
        mallocHeaders: .go122,
        sizeClassSource: "internal/runtime/gc/sizeclasses.go",
        pageAllocator: .bitmap,
        pacer: .consMark,
        heapGrowthBytes: 4 << 20
    )
}
