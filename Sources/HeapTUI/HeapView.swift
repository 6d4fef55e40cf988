// The whole frame: which panels go where at this terminal size, drawn into a Screen.
//
//   full layout (≥ 120×34): title; left: Arena, Span, mcentral; right: GC, MemStats, mcache,
//                           Narration; bottom: Timeline
//   reduced (≥ 60×16, e.g. 80×24): title; Arena beside one detail panel (GC, or the focused
//                           Span / mcentral / mcache / MemStats); Narration; Timeline
//   smaller: a message that says how big the terminal must be, and that q quits
//
// The focused panel's title is bold and marked with its digit.

import HeapEngine
import HeapScenario

/// Renders the state of a playback into a Screen.
public enum HeapView {
    public static let minWidth = 60, minHeight = 16
    public static let fullWidth = 120, fullHeight = 34

    public static func render(_ playback: Playback, view: ViewState, theme: Theme,
                              width: Int, height: Int, history: [UInt64] = []) -> Screen {
        var screen = Screen(width: width, height: height)
        let changes = view.highlightChanges ? StepChanges(record: playback.record, heap: playback.machine.heap) : StepChanges()
        let ctx = PanelContext(playback: playback, view: view, theme: theme, changes: changes)
        guard width >= minWidth, height >= minHeight else {
            let lines = ["heapscope needs at least \(minWidth)×\(minHeight)", "(this terminal is \(width)×\(height))", "q quits"]
            for (i, l) in lines.enumerated() { screen.write(l, x: 0, y: i) }
            return screen
        }
        let all = Rect(x: 0, y: 0, width: width, height: height)
        let layout = Self.layout(width: width, height: height, focus: view.focus, procs: playback.machine.heap.mcaches.count)
        title(ctx, into: &screen, layout.title)
        for (id, r) in layout.panels { panel(id, ctx, &screen, r, history: history) }
        if view.showHelp { overlay(title: "help — ? or Esc closes", lines: helpLayout(all), ctx, &screen, all) }
        if let addr = view.inspected {
            overlay(title: "object \(hexAddress(addr)) — Enter or Esc closes", lines: Inspector.lines(addr, ctx), ctx, &screen, all)
        }
        return screen
    }

    /// Where everything goes at this size: the title row and each panel's rectangle (with its
    /// border). Empty below the minimum size. The mouse uses the same layout to find what was
    /// clicked.
    public struct Layout: Equatable, Sendable {
        public var title = Rect(x: 0, y: 0, width: 0, height: 0)
        public var panels: [(PanelID, Rect)] = []
        public func rect(of id: PanelID) -> Rect? { panels.first { $0.0 == id }?.1 }
        public func panel(at x: Int, _ y: Int) -> (PanelID, Rect)? {
            panels.first { x >= $0.1.x && x < $0.1.x + $0.1.width && y >= $0.1.y && y < $0.1.y + $0.1.height }
        }
        public static func == (a: Layout, b: Layout) -> Bool {
            a.title == b.title && a.panels.map(\.0) == b.panels.map(\.0) && a.panels.map(\.1) == b.panels.map(\.1)
        }
    }

    public static func layout(width: Int, height: Int, focus: PanelID, procs: Int) -> Layout {
        var l = Layout()
        guard width >= minWidth, height >= minHeight else { return l }
        let all = Rect(x: 0, y: 0, width: width, height: height)
        let (titleRow, rest) = all.splitRows(1)
        l.title = titleRow
        let (body, timelineRect) = rest.splitRows(rest.height - 3)
        if width >= fullWidth && height >= fullHeight {
            let (left, right) = body.splitColumns(width * 3 / 5)
            let (arena, l2) = left.splitRows(left.height * 2 / 5)
            let (span, central) = l2.splitRows(l2.height / 2)
            let (gc, r2) = right.splitRows(7)
            let (stats, r3) = r2.splitRows(8)
            let (mcache, narration) = r3.splitRows(min(r3.height / 3, procs + 2))
            l.panels = [(.arena, arena), (.span, span), (.central, central), (.gc, gc), (.stats, stats),
                        (.mcache, mcache), (.narration, narration)]
        } else {
            let (top, narration) = body.splitRows(min(10, body.height / 2))
            let (arena, detail) = top.splitColumns(width / 2)
            let detailPanel: PanelID = [.span, .central, .mcache, .stats].contains(focus) ? focus : .gc
            l.panels = [(.arena, arena), (detailPanel, detail), (.narration, narration)]
        }
        l.panels.append((.timeline, timelineRect))
        return l
    }

    /// The drawable inside of a panel's rectangle (presenter mode has no borders, only a title row).
    static func inner(_ r: Rect, presenter: Bool) -> Rect {
        presenter ? Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1) : r.inner
    }

    static func title(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        let p = ctx.playback
        var t = "heapscope — \(p.program.file) — \(p.program.profile.name) — step \(p.current)/\(p.total)"
        if ctx.theme.presenter, let c = ctx.record.caption { t = c }
        screen.write(t, in: r, row: 0, style: ctx.theme.fg(.cyan, bold: true))
        let hint = "?:help q:quit"
        if !ctx.theme.presenter, r.width > t.count + hint.count + 2 {
            screen.write(hint, in: r, row: 0, column: r.width - hint.count, style: ctx.theme.fg(.gray))
        }
    }

    static func panel(_ id: PanelID, _ ctx: PanelContext, _ screen: inout Screen, _ r: Rect, history: [UInt64] = []) {
        guard r.width >= 4, r.height >= 3 else { return }
        let focused = ctx.view.focus == id
        let title = "\(id.rawValue) \(id.title)" + (focused ? " ◂" : "")
        if ctx.theme.presenter {
            screen.write(title, in: r, row: 0, style: ctx.theme.fg(.gray, bold: focused))
        } else {
            screen.box(r, title: title, glyphs: ctx.glyphs, style: ctx.theme.fg(focused ? .cyan : .gray))
        }
        let inner = Self.inner(r, presenter: ctx.theme.presenter)
        switch id {
        case .arena: ArenaPanel.draw(ctx, into: &screen, inner)
        case .span: SpanPanel.draw(ctx, into: &screen, inner)
        case .central: CentralPanel.draw(ctx, into: &screen, inner)
        case .mcache: MCachePanel.draw(ctx, into: &screen, inner)
        case .gc: GCPanel.draw(ctx, into: &screen, inner)
        case .stats: StatsPanel.draw(ctx, history: history, into: &screen, inner)
        case .narration: NarrationPanel.draw(ctx, into: &screen, inner)
        case .timeline: TimelinePanel.draw(ctx, into: &screen, inner)
        }
    }

    /// The help's lines: one entry per line when they fit, else the entries in two columns.
    static func helpLayout(_ all: Rect) -> [String] {
        let rows = all.height - 4
        if KeyTable.helpLines.count <= rows { return KeyTable.helpLines }
        let entries = KeyTable.helpEntries
        let half = (entries.count + 1) / 2
        let colWidth = max(20, (all.width - 6) / 2)
        let paired = (0..<half).map { i -> String in
            let left = entries[i]
            let right = i + half < entries.count ? entries[i + half] : ""
            return String(left.prefix(colWidth - 1)).padded(colWidth) + right
        }
        return [KeyTable.helpHeader] + paired + KeyTable.helpFooter.flatMap { wrap($0, width: all.width - 6) }
    }

    /// Splits `text` into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = "      "
            }
            line += (line.isEmpty || line.hasSuffix("      ") && line.allSatisfy { $0 == " " } ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func overlay(title: String, lines: [String], _ ctx: PanelContext, _ screen: inout Screen, _ all: Rect) {
        let w = min(all.width - 4, max(title.count + 4, (lines.map(\.count).max() ?? 0) + 2))
        let h = min(all.height - 2, lines.count + 2)
        let r = Rect(x: (all.width - w) / 2, y: (all.height - h) / 2, width: w, height: h)
        for y in r.y..<(r.y + r.height) { for x in r.x..<(r.x + r.width) { screen[x, y] = Cell() } }
        screen.box(r, title: title, glyphs: ctx.glyphs, style: ctx.theme.fg(.cyan))
        for (i, l) in lines.prefix(r.height - 2).enumerated() { screen.write(l, in: r.inner, row: i) }
    }
}
