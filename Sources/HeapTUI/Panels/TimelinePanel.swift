// The timeline: step n of N, a bar with the current position, bookmarks and GC phase changes.

enum TimelinePanel {
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let p = ctx.playback
        let g = ctx.glyphs
        let label = "step \(p.current) of \(p.total)" + (ctx.view.playing ? "  ▶ \(ctx.view.speed)/s" : "")
            + (p.failure != nil ? "  stopped: error" : "")
        screen.write(label, in: r, row: 0, style: ctx.theme.fg(.normal, bold: true))
        let barStart = min(r.width, label.count + 2)
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
