// The go1.12 profile: facts from the Go 1.12.9 release tree.
//
// Source files: runtime/sizeclasses.go (the three class arrays below, copied as numbers),
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
            ],
            // class_to_divmagic: {shift, shift2, mul, baseMask}
            classToDivMagic: [
                (0, 0, 0, 0), (3, 0, 1, 65528), (4, 0, 1, 65520), (5, 0, 1, 65504), (4, 9, 171, 0),
                (6, 0, 1, 65472), (4, 10, 205, 0), (5, 9, 171, 0), (4, 11, 293, 0), (7, 0, 1, 65408),
                (4, 9, 57, 0), (5, 10, 205, 0), (4, 12, 373, 0), (6, 7, 43, 0), (4, 13, 631, 0),
                (5, 11, 293, 0), (4, 13, 547, 0), (8, 0, 1, 65280), (5, 9, 57, 0), (6, 9, 103, 0),
                (5, 12, 373, 0), (7, 7, 43, 0), (5, 10, 79, 0), (6, 10, 147, 0), (5, 11, 137, 0),
                (9, 0, 1, 65024), (6, 9, 57, 0), (7, 6, 13, 0), (6, 11, 187, 0), (8, 5, 11, 0),
                (7, 8, 37, 0), (10, 0, 1, 64512), (7, 9, 57, 0), (8, 6, 13, 0), (7, 11, 187, 0),
                (9, 5, 11, 0), (8, 8, 37, 0), (11, 0, 1, 63488), (8, 9, 57, 0), (7, 10, 49, 0),
                (10, 5, 11, 0), (7, 10, 41, 0), (7, 9, 19, 0), (12, 0, 1, 61440), (8, 9, 27, 0),
                (8, 10, 49, 0), (11, 5, 11, 0), (7, 13, 161, 0), (7, 13, 155, 0), (8, 9, 19, 0),
                (13, 0, 1, 57344), (8, 12, 111, 0), (9, 9, 27, 0), (11, 6, 13, 0), (7, 14, 193, 0),
                (12, 3, 3, 0), (8, 13, 155, 0), (11, 8, 37, 0), (14, 0, 1, 49152), (11, 8, 29, 0),
                (7, 13, 55, 0), (12, 5, 7, 0), (8, 14, 193, 0), (13, 3, 3, 0), (7, 14, 77, 0),
                (12, 7, 19, 0), (15, 0, 1, 32768),
            ].map { DivMagic($0.0, $0.1, $0.2, $0.3) }
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
