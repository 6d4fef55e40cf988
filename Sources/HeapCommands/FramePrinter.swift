// Text frames of the UI for `heapscope run --frames`: the same renderer the terminal uses,
// printed as plain text (ASCII glyphs without a UTF-8 locale; never colour).

import Foundation
import HeapScenario
import HeapTUI

/// Renders a frame of the UI as plain text after each step.
final class FramePrinter {
    let width: Int
    let height: Int
    private var playback: Playback?
    private var history: [UInt64] = []
    private let theme: Theme

    init(width: Int, height: Int, program: Program) {
        self.width = width
        self.height = height
        var t = Theme.from(environment: ProcessInfo.processInfo.environment)
        t.color = false
        theme = t
        playback = try? Playback(program: program)
    }

    /// The frame after the next step (the playback follows the run step by step).
    func frame(index: Int) -> String? {
        guard var p = playback else { return nil }
        if index > 0 { p.forward() }
        playback = p
        history.append(p.machine.heap.readMemStats().heapAlloc)
        let s = HeapView.render(p, view: ViewState(), theme: theme, width: width, height: height, history: history)
        let rule = String(repeating: "=", count: width)
        return rule + "\n" + s.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }
}
