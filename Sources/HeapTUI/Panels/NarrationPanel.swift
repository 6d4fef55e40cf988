// Narration: the statement of the current step, what it did in plain words, the runtime
// functions it went through, and the scenario's caption, question or answer. Scenario text
// is drawn through Screen.write, which replaces control characters.

import HeapEngine
import HeapScenario

enum NarrationPanel {
    static func lines(_ ctx: PanelContext, width: Int) -> [(String, CellStyle)] {
        let r = ctx.record
        var out: [(String, CellStyle)] = []
        if let site = r.site, r.question != nil {
            // The statement holds the answer: it must not show before the next step.
            out.append(("line \(site.location.line): ask — think, then take the next step for the answer",
                        ctx.theme.fg(.normal, bold: true)))
        } else if let site = r.site {
            out.append(("line \(site.location.line): \(site.text)", ctx.theme.fg(.normal, bold: true)))
        } else {
            out.append(("start", ctx.theme.fg(.normal, bold: true)))
        }
        if let e = r.error { out.append(("error: \(e.message)", ctx.theme.fg(.red, bold: true))) }
        if let a = r.answer { out.append(("answer: \(a)", ctx.theme.fg(.green, bold: true))) }
        // A caption is already shown above; do not repeat it as narration.
        // Nor the question, which has its own line above.
        for n in r.narration where n != r.caption && !(r.question.map { n.contains($0) } ?? false) {
            out.append((n, .plain))
        }
        let path = Narration.chain(Array(r.events.prefix(40)))
        if !path.isEmpty { out.append((path + (r.eventCount > 40 ? " → …" : ""), ctx.theme.fg(.gray))) }
        for o in r.output { out.append((o, .plain)) }
        for e in r.expectations {
            out.append(((e.passed ? "✓ " : "✗ ") + e.site.text + (e.detail.isEmpty ? "" : " — " + e.detail),
                        ctx.theme.fg(e.passed ? .green : .red)))
        }
        return out.flatMap { (text, style) in wrap(text, width).map { ($0, style) } }
    }

    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        var row = 0
        if let caption = ctx.record.caption, !ctx.theme.presenter {
            for l in wrap(caption, r.width).prefix(2) {
                screen.write(l, in: r, row: row, style: ctx.theme.fg(.cyan, bold: true)); row += 1
            }
        }
        if let q = ctx.record.question {
            for l in wrap("? " + q, r.width).prefix(2) {
                screen.write(l, in: r, row: row, style: ctx.theme.fg(.yellow, bold: true)); row += 1
            }
        }
        for (l, style) in lines(ctx, width: r.width) {
            if row >= r.height { break }
            screen.write(l, in: r, row: row, style: style)
            row += 1
        }
    }

    /// Word-wraps text to `width` terminal columns (long words — and CJK text, which has no
    /// spaces — are cut; a double-width character is never split).
    static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 1 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var w = String(word)
            while w.terminalWidth > width {
                if !line.isEmpty { lines.append(line); line = "" }
                var head = String.UnicodeScalarView(), used = 0
                var rest = w.unicodeScalars[...]
                while let u = rest.first, used + Cell.columns(u) <= width {
                    head.append(u)
                    used += Cell.columns(u)
                    rest = rest.dropFirst()
                }
                lines.append(String(head))
                w = String(String.UnicodeScalarView(rest))
            }
            if line.isEmpty { line = w }
            else if line.terminalWidth + 1 + w.terminalWidth <= width { line += " " + w }
            else { lines.append(line); line = w }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
