// mcentral: for each span class in use, the nonempty and empty lists as chains of spans; a row
// whose spans the last step worked on is underlined.

import HeapEngine

enum CentralPanel {
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let heap = ctx.heap
        var row = 0
        for c in 1..<heap.profile.sizeClasses.count {
            for noscan in [false, true] {
                let spc = SpanClass(sizeclass: c, noscan: noscan)
                let ne = heap.spans(on: .nonempty, of: spc), e = heap.spans(on: .empty, of: spc)
                guard !(ne.isEmpty && e.isEmpty) else { continue }
                if row >= r.height { screen.write("…", in: r, row: r.height - 1, column: r.width - 1); return }
                let size = heap.profile.sizeClasses.classToSize[c]
                let label = "\(spc)".padded(10) + " \(size)B".padded(7)
                screen.write(label, in: r, row: row, style: ctx.theme.fg(ctx.classColor(c)))
                let text = "nonempty " + chain(ne) + "  empty " + chain(e)
                let touched = (ne + e).contains { ctx.changes.spans.contains($0.index) }
                screen.write(text, in: r, row: row, column: 17, style: touched ? CellStyle(bold: true, underline: true) : .plain)
                row += 1
            }
        }
        if row == 0 { screen.write("no span class has spans yet", in: r, row: 0, style: ctx.theme.fg(.gray)) }
    }

    static func chain(_ ids: [SpanID]) -> String {
        if ids.isEmpty { return "∅" }
        let shown = ids.prefix(4).map { "s\($0.index)" }.joined(separator: "→")
        return ids.count > 4 ? shown + "→…(\(ids.count))" : shown
    }
}

extension String {
    func padded(_ w: Int) -> String { count >= w ? self : self + String(repeating: " ", count: w - count) }
}
