// Narration: the scenario's caption and question, the statement of the current step, the figures
// it moved (FigureChanges), what it did in plain words, the runtime functions it went through,
// any output (a `layout` table, kept as printed), and the expectations with ok/FAIL. All of it wraps, and the panel scrolls when it
// is longer than the panel. Scenario text is drawn through Screen.write, which replaces control
// characters.

import HeapEngine
import HeapScenario

enum NarrationPanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        let r = ctx.record
        var out: [TextLine] = []
        if let caption = r.caption, !ctx.captionInTitle {
            out.append(ctx.line(caption, ctx.theme.fg(.cyan, bold: true)))
        }
        if let q = r.question {
            out.append(ctx.line("? " + q, ctx.theme.fg(.yellow, bold: true)))
        }
        if let site = r.site, r.question != nil {
            // The statement holds the answer: it must not show before the next step.
            out.append(ctx.line("line \(site.location.line): ask — think, then take the next step for the answer",
                                ctx.theme.fg(.normal, bold: true)))
        } else if let site = r.site, r.caption != nil, site.text.hasPrefix("say ") {
            // The caption above is this statement's text: not twice.
            out.append(ctx.line("line \(site.location.line): say (the caption above)", ctx.theme.fg(.normal, bold: true)))
        } else if let site = r.site {
            out.append(ctx.line("line \(site.location.line): \(site.text)", ctx.theme.fg(.normal, bold: true)))
        } else {
            out.append(ctx.line("start", ctx.theme.fg(.normal, bold: true)))
        }
        if let e = r.error { out.append(ctx.line("error: \(e.message)", ctx.theme.fg(.red, bold: true))) }
        if let a = r.answer { out.append(ctx.line("answer: \(a)", ctx.theme.fg(.green, bold: true))) }
        // The figures the step moved, before → after (FigureChanges).
        if let before = ctx.playback.heapBefore {
            let changes = FigureChanges.between(before, ctx.heap)
            if !changes.isEmpty { out.append(ctx.line("changed: " + FigureChanges.line(changes), ctx.theme.fg(.magenta))) }
        }
        // A caption is already shown above; do not repeat it as narration. Nor the question,
        // which has its own line above.
        for n in r.narration where n != r.caption && !(r.question.map { n.contains($0) } ?? false) {
            out.append(ctx.line(n))
        }
        let path = Narration.chain(Array(r.events.prefix(40)))
        if !path.isEmpty { out.append(ctx.line(path + (r.eventCount > 40 ? " → … (\(r.eventCount - 40) more events)" : ""), ctx.theme.fg(.gray))) }
        for o in r.output { out.append(ctx.line(o, preformatted: true)) }
        for e in r.expectations {
            // ASCII has no tick: "ok" alone (+ would read as a grey object).
            let mark = ctx.glyphs.asciiOnly ? (e.passed ? "ok" : "! FAIL") : (e.passed ? "✓ ok" : "✗ FAIL")
            out.append(ctx.line(mark + " " + e.site.text + (e.detail.isEmpty ? "" : " — " + e.detail),
                                ctx.theme.fg(e.passed ? .green : .red, bold: !e.passed)))
        }
        return out
    }
}
