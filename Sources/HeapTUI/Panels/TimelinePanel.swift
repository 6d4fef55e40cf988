// The timeline: step n of N, a bar with the current position, bookmarks and GC phase changes;
// the find prompt and one-line messages replace the bar while they are up.

enum TimelinePanel {
    static func label(_ ctx: PanelContext) -> String {
        let p = ctx.playback
        return "step \(p.current) of \(p.total)" + (ctx.view.playing ? "  ▶ \(ctx.view.speed)/s" : "")
            + (p.failure != nil ? "  stopped: error" : "")
    }

    /// The step a click at (x, y) on the bar asks for.
    static func step(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        let barStart = min(r.width, label(ctx).count + 2)
        let width = r.width - barStart
        guard y == r.y, width > 2, ctx.view.query == nil, ctx.view.message == nil else { return nil }
        let i = x - r.x - barStart
        guard i >= 0, i < width else { return nil }
        return (i * ctx.playback.total + (width - 1) / 2) / (width - 1)
    }

    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let p = ctx.playback
        let g = ctx.glyphs
        let label = label(ctx)
        screen.write(label, in: r, row: 0, style: ctx.theme.fg(.normal, bold: true))
        let barStart = min(r.width, label.count + 2)
        // The find prompt or a message takes the place of the bar until the next key.
        if let q = ctx.view.query {
            let prompt = "find (a variable or an address; Enter finds, Esc cancels): /" + q
            screen.write(String(prompt.suffix(max(0, r.width - barStart - 1))) + "_", in: r, row: 0, column: barStart,
                         style: ctx.theme.fg(.yellow, bold: true))
            return
        }
        if let m = ctx.view.message {
            screen.write(m, in: r, row: 0, column: barStart, style: ctx.theme.fg(.yellow))
            return
        }
        let width = r.width - barStart
        guard width > 2 else { return }
        let total = max(1, p.total)
        var bar = [Cell](repeating: Cell(g.rule, style: ctx.theme.fg(.gray)), count: width)
        for s in p.phaseChanges { bar[min(width - 1, s * (width - 1) / total)] = Cell("|", style: ctx.theme.fg(.yellow)) }
        for s in p.bookmarks.keys { bar[min(width - 1, s * (width - 1) / total)] = Cell(g.marker, style: ctx.theme.fg(.magenta)) }
        bar[min(width - 1, p.current * (width - 1) / total)] = Cell(g.cursor, style: ctx.theme.fg(.cyan, bold: true))
        for (i, c) in bar.enumerated() { screen[r.x + barStart + i, r.y] = c }
        if let here = p.bookmarks[p.current], r.height > 1 {
            screen.write("bookmark: " + here.joined(separator: ", "), in: r, row: 1, style: ctx.theme.fg(.magenta))
        }
    }
}
