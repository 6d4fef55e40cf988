// The go1.12 profile: facts from the Go 1.12.9 release tree.
//
// Source files: runtime/sizeclasses.go (the two class arrays below, copied as numbers),
// runtime/malloc.go (`_MaxSmallSize`, `maxTinySize`, `heapArenaBytes` = 64 MiB on linux/amd64,
// the 0x00c0<<32 arena hint), runtime/mheap.go (span classes), runtime/mcentral.go (the
// nonempty/empty lists). The tests check the table against `go run mksizeclasses.go` output
// for go1.12.9 (Tests/HeapEngineTests/Fixtures).

extension RuntimeProfile {
    /// Go 1.12: the classic allocator with mcentral `nonempty`/`empty` lists and 67 size classes.
    public static let go112 = RuntimeProfile(
        name: "go1.12",
        release: "go1.12.9",
        sizeClasses: SizeClassTable(
            // class_to_size
            classToSize: [
                0, 8, 16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
                288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280,
                1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528,
                6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432,
                19072, 20480, 21760, 24576, 27264, 28672, 32768,
            ],
            // class_to_allocnpages
            classToAllocNPages: [
                0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3,
                5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4,
            ]
        ),
        pageShift: 13,
        maxSmallSize: 32768,
        maxTinySize: 16,
        tinySizeClass: 2,
        heapArenaBytes: 64 << 20,
        arenaBaseAddress: 0x00c0 << 32,
        mcentralShape: .nonemptyEmpty,
        physPageSize: 4096
    )
}
