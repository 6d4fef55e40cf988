// Text frames of the UI for `heapscope run --frames`: the same renderer the terminal uses,
// printed as plain text (ASCII glyphs without a UTF-8 locale; never colour).

import Foundation
import HeapScenario
import HeapTUI

/// Renders a frame of the UI as plain text after each step.
final class FramePrinter {
    let width: Int
    let height: Int
    private var app: App?
    private let theme: Theme

    init(width: Int, height: Int, program: Program) {
        self.width = width
        self.height = height
        var t = Theme.from(environment: ProcessInfo.processInfo.environment)
        t.color = false
        theme = t
        app = try? App(program: program, theme: t, rewindable: false)
    }

    /// The frame after the next step (the app follows the run step by step, as the view does).
    func frame(index: Int) -> String? {
        guard var a = app else { return nil }
        if index > 0 { a.navigate(.forward) }
        a.resize(width: width, height: height)
        app = a
        let s = a.frame(width: width, height: height)
        let rule = String(repeating: "=", count: width)
        return rule + "\n" + s.text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }.joined(separator: "\n")
    }
}
