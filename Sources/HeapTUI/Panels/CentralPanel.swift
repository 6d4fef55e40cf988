// mcentral: for each span class in use, the nonempty and empty lists as chains of spans; a row
// whose spans the last step worked on is underlined.

import HeapEngine

enum CentralPanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        let heap = ctx.heap
        var out: [TextLine] = []
        for c in 1..<heap.profile.sizeClasses.count {
            for noscan in [false, true] {
                let spc = SpanClass(sizeclass: c, noscan: noscan)
                let ne = heap.spans(on: .nonempty, of: spc), e = heap.spans(on: .empty, of: spc)
                guard !(ne.isEmpty && e.isEmpty) else { continue }
                let size = heap.profile.sizeClasses.classToSize[c]
                let touched = (ne + e).contains { ctx.changes.spans.contains($0.index) }
                var rest = CellStyle.plain
                if touched { rest.bold = true; rest.underline = true }
                out.append(TextLine(runs: [
                    TextRun(ctx.t(TextLine.bind("class", "\(spc)") + " " + TextLine.bind("(\(size)", "B)")), ctx.theme.fg(ctx.classColor(c))),
                    TextRun(ctx.t("  " + TextLine.bind("nonempty", chain(ne)) + "  " + TextLine.bind("empty", chain(e))), rest),
                ]))
            }
        }
        if out.isEmpty { out.append(ctx.line("no span is on an mcentral list" + (ctx.heap.gc.numgc == 0 && ctx.heap.mheap.pagesInUse == 0 ? " yet" : ""), ctx.theme.fg(.gray))) }
        return out
    }

    static func chain(_ ids: [SpanID]) -> String {
        if ids.isEmpty { return "∅" }
        let shown = ids.prefix(4).map { "s\($0.index)" }.joined(separator: "→")
        return ids.count > 4 ? shown + "→…(\(ids.count) in all)" : shown
    }
}

extension String {
    func padded(_ w: Int) -> String { terminalWidth >= w ? self : self + String(repeating: " ", count: w - terminalWidth) }
}
