// mcentral: for each span class in use, go1.12's nonempty and empty lists — or go1.25's span
// sets, partial and full, each swept and unswept — as chains of spans; a row whose spans the
// last step worked on is underlined.

import HeapEngine

enum CentralPanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        let heap = ctx.heap
        var out: [TextLine] = []
        // The span classes whose lists hold a span the step worked on (a list may hold
        // thousands of spans; the step touched a few).
        let touchedClasses = Set(ctx.changes.spans.compactMap { i -> UInt8? in
            let s = heap.mheap.allspans[i]
            return s.list == .nonempty || s.list == .empty || s.list.isSpanSet ? s.spanclass.rawValue : nil
        })
        if heap.profile.mcentralShape == .spanSets { return spanSetLines(ctx, touchedClasses) }
        for c in 1..<heap.profile.sizeClasses.count {
            for noscan in [false, true] {
                let spc = SpanClass(sizeclass: c, noscan: noscan)
                let central = heap.central[spc.index]
                guard !(central.nonempty.isEmpty && central.empty.isEmpty) else { continue }
                let ne = (heap.spans(on: .nonempty, of: spc, limit: 5), central.nonempty.count)
                let e = (heap.spans(on: .empty, of: spc, limit: 5), central.empty.count)
                let size = heap.profile.sizeClasses.classToSize[c]
                let touched = touchedClasses.contains(spc.rawValue)
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

    /// go1.25: each class's four span sets, in the order cacheSpan looks (partial swept first).
    static func spanSetLines(_ ctx: PanelContext, _ touchedClasses: Set<UInt8>) -> [TextLine] {
        let heap = ctx.heap
        var out: [TextLine] = []
        for c in 0..<heap.profile.sizeClasses.count {
            for noscan in [false, true] {
                let spc = SpanClass(sizeclass: c, noscan: noscan)
                let sets = [(false, true), (false, false), (true, true), (true, false)].map {
                    heap.spanSetContents(full: $0.0, swept: $0.1, of: spc, limit: 5)
                }
                guard sets.contains(where: { $0.count > 0 }) else { continue }
                let size = c == 0 ? "large" : "\(heap.profile.sizeClasses.classToSize[c]) B"
                // Each set is bound to its chain, so a narrow panel wraps between sets, not inside words.
                var rest = CellStyle.plain
                if touchedClasses.contains(spc.rawValue) { rest.bold = true; rest.underline = true }
                let text = "  " + TextLine.bind("partial swept", chain(sets[0])) + "  " + TextLine.bind("partial unswept", chain(sets[1]))
                    + "  " + TextLine.bind("full swept", chain(sets[2])) + "  " + TextLine.bind("full unswept", chain(sets[3]))
                out.append(TextLine(runs: [
                    TextRun(ctx.t(TextLine.bind("class", "\(spc)") + " (\(size))"), ctx.theme.fg(ctx.classColor(c))),
                    TextRun(ctx.t(text), rest),
                ]))
            }
        }
        if out.isEmpty { out.append(ctx.line("no span is in an mcentral span set" + (heap.gc.numgc == 0 && heap.mheap.pagesInUse == 0 ? " yet" : ""), ctx.theme.fg(.gray))) }
        return out
    }

    /// A list as its first spans and, when longer, its length.
    static func chain(_ list: (first: [SpanID], count: Int)) -> String {
        if list.count == 0 { return "∅" }
        let shown = list.first.prefix(4).map { "s\($0.index)" }.joined(separator: "→")
        return list.count > 4 ? shown + "→…(\(list.count) in all)" : shown
    }
}

extension String {
    func padded(_ w: Int) -> String { terminalWidth >= w ? self : self + String(repeating: " ", count: w - terminalWidth) }
}
