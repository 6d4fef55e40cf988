import Foundation
import Testing
@testable import HeapEngine

/// Fails the test with every broken invariant, pointing at the caller.
func expectInvariants(_ heap: Heap, _ context: @autoclosure () -> String = "",
                      sourceLocation: SourceLocation = #_sourceLocation) {
    let bad = heap.checkInvariants()
    #expect(bad.isEmpty, "\(context()) \(bad.map(\.message).joined(separator: "; "))",
            sourceLocation: sourceLocation)
}

/// A heap with events on.
func makeHeap(procs: Int = 1, arena: Int = 64 << 20) throws -> Heap {
    var h = try Heap(config: HeapConfig(procs: procs, arenaBytes: arena))
    h.recordsEvents = true
    return h
}

/// The reference size-class table shipped as a test fixture (a copy of
/// the table runtime/mksizeclasses.go prints for go1.12.9).
struct ReferenceRow {
    let sizeclass, bytesPerObj, bytesPerSpan, objects, tailWaste: Int
    let maxWaste: String
}

func referenceTable() throws -> [ReferenceRow] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/sizeclasses-go1.12", withExtension: "tsv"))
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { line in
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return ReferenceRow(sizeclass: Int(f[0])!, bytesPerObj: Int(f[1])!, bytesPerSpan: Int(f[2])!,
                            objects: Int(f[3])!, tailWaste: Int(f[4])!, maxWaste: f[5])
    }
}
