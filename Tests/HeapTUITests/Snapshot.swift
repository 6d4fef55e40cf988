import Foundation
import Testing

/// Compares text with `Snapshots/<name>.txt` next to this file. With HEAPSCOPE_RECORD=1 the file
/// is (re)written and the test fails, so that no baseline is accepted silently.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    let trimmed = text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["HEAPSCOPE_RECORD"] != nil {
        try Data(trimmed.utf8).write(to: url)
        Issue.record("recorded \(name).txt; run again without HEAPSCOPE_RECORD", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no snapshot \(name).txt (record with HEAPSCOPE_RECORD=1)", sourceLocation: sourceLocation)
        return
    }
    #expect(trimmed == expected, "frame differs from \(name).txt:\n\(trimmed)", sourceLocation: sourceLocation)
}
