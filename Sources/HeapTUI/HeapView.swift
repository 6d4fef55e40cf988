// The whole frame: which panels go where at this terminal size, drawn into a Screen.
//
//   full layout (≥ 120×34): title; left: Arena, Span, mcentral; right: GC, MemStats, mcache,
//                           Narration; bottom: Timeline
//   reduced (≥ 60×16, e.g. 80×24): title; Arena beside one detail panel (GC, or the focused
//                           Span / mcentral / mcache / MemStats); Narration; Timeline
//   smaller: a message that says how big the terminal must be, and that q quits
//
// Rules every panel keeps: text wraps and is never cut — a panel whose text does not fit
// scrolls (↑↓ PgUp PgDn when focused, the mouse wheel) and its border says "↓ N more"; a
// figure is whole or absent (FieldGrid); under --ascii or a non-UTF-8 locale only ASCII is
// drawn (Glyphs.text, Screen.asciiOnly). The focused panel's title is bold and marked.

import HeapEngine
import HeapScenario

/// Renders the state of a playback into a Screen.
public enum HeapView {
    public static let minWidth = 60, minHeight = 16
    public static let fullWidth = 120, fullHeight = 34
    /// Narrower than the full layout but tall (a `--compare` pane on a 200×60 projector, a
    /// 100×40 terminal): five panels stacked two by two over the Narration.
    public static let tallWidth = 90, tallHeight = 40

    static func isTall(width: Int, height: Int) -> Bool {
        !(width >= fullWidth && height >= fullHeight) && width >= tallWidth && height >= tallHeight
    }

    public static func render(_ playback: Playback, view: ViewState, theme: Theme, width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        screen.asciiOnly = theme.glyphs.asciiOnly
        let changes = view.highlightChanges ? StepChanges(record: playback.record, heap: playback.machine.heap, before: playback.heapBefore) : StepChanges()
        var ctx = PanelContext(playback: playback, view: view, theme: theme, changes: changes)
        ctx.captionInTitle = captionInTitle(ctx, width: width, height: height)
        guard width >= minWidth, height >= minHeight else {
            let lines = ["heapscope needs at least \(minWidth)×\(minHeight)", "(this terminal is \(width)×\(height))", "q quits"]
            let rows = TextLayout.rows(lines.map { ctx.line($0) }, width: width)
            screen.draw(rows, in: Rect(x: 0, y: 0, width: width, height: height), from: 0)
            return screen
        }
        let all = Rect(x: 0, y: 0, width: width, height: height)
        // The object graph is walked once, for the Objects panel (and its share of the
        // layout) and the narration's names.
        let full = width >= fullWidth && height >= fullHeight
        if full || isTall(width: width, height: height) || view.focus == .objects { ctx.cachedGraph = ObjectGraph(playback.machine) }
        if full {
            let w = objectsWidth(width: width, presenter: theme.presenter)
            ctx.cachedObjects = (w, ObjectsPanel.content(ctx, width: w))
        }
        let layout = Self.layout(ctx, width: width, height: height)
        if !full, let r = layout.rect(of: .objects) {
            let w = inner(r, presenter: theme.presenter).width
            ctx.cachedObjects = (w, ObjectsPanel.content(ctx, width: w))
        }
        title(ctx, into: &screen, layout.title)
        for (id, r) in layout.panels { panel(id, ctx, &screen, r) }
        if let (title, lines) = overlayContent(ctx, all) {
            if let r = inspectorPanel(ctx, layout) {
                // The inspector takes the Narration panel's place, border and all: a box
                // floating over the panels cut their borders and words beside it.
                for y in r.y..<(r.y + r.height) { for x in r.x..<(r.x + r.width) { screen[x, y] = Cell() } }
                drawBox(title: ctx.t(title), rows: TextLayout.rows(lines, width: r.width - 2), in: r, ctx, &screen)
            } else {
                overlay(title: title, lines: lines, ctx, &screen, all, avoiding: overlayAvoids(ctx, layout))
            }
        }
        return screen
    }

    /// Where the inspector goes instead of floating: the Narration panel's rectangle, when it
    /// has room for a few lines (the help still floats over the middle of the screen).
    static func inspectorPanel(_ ctx: PanelContext, _ layout: Layout) -> Rect? {
        guard !ctx.view.showHelp, ctx.view.inspected != nil, let r = layout.rect(of: .narration),
              r.height >= 5, r.width >= 30 else { return nil }
        return r
    }

    /// Where everything goes at this size: the title rows and each panel's rectangle (with its
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

    public static func layout(playback: Playback, view: ViewState, theme: Theme, width: Int, height: Int) -> Layout {
        var ctx = PanelContext(playback: playback, view: view, theme: theme)
        ctx.captionInTitle = captionInTitle(ctx, width: width, height: height)
        return layout(ctx, width: width, height: height)
    }

    /// Presenter mode puts the caption large at the top — when it fits in a sixth of the
    /// screen (at least three rows); a longer one stays whole in the Narration.
    static func captionInTitle(_ ctx: PanelContext, width: Int, height: Int) -> Bool {
        guard ctx.theme.presenter, let c = ctx.record.caption else { return false }
        let rows = TextLayout.rows([TextLine(ctx.t(c) + "  step \(ctx.playback.current)/\(ctx.playback.total)")], width: width).count
        return rows <= max(3, height / 6)
    }

    static func layout(_ ctx: PanelContext, width: Int, height: Int) -> Layout {
        var l = Layout()
        guard width >= minWidth, height >= minHeight else { return l }
        let all = Rect(x: 0, y: 0, width: width, height: height)
        let (titleRows, rest) = all.splitRows(titleHeight(ctx, width: width, height: height))
        l.title = titleRows
        let timelineHeight = TimelinePanel.rows(ctx, width: width - 2) + (ctx.theme.presenter ? 1 : 2)
        let (body, timelineRect) = rest.splitRows(rest.height - timelineHeight)
        if width >= fullWidth && height >= fullHeight {
            // Left, the allocator's structures: the arena, the span under the cursor, the
            // mcentral lists and the mcaches (a row per P). Right, the collector and the story:
            // GC and MemStats get the rows their text usually takes at this width (so nothing
            // jumps from step to step), each at most a third of the body; the Narration gets
            // the rest.
            let (left, right) = body.splitColumns(width * 3 / 5)
            let chrome = ctx.theme.presenter ? 1 : 2
            // Left, the allocator: the arena, the span under the cursor, the mcentral lists,
            // MemStats and the mcaches (a row per P). Right, the collector and the story: GC
            // gets the rows its text usually takes at this width (so nothing jumps from step to
            // step), at most a third of the body; the Objects panel and the Narration share
            // the rest.
            let (arena, l2) = left.splitRows(left.height / 3)
            let (l3, mcache) = l2.splitRows(l2.height - min(l2.height / 4, ctx.heap.mcaches.count + 1 + chrome))
            let lw = max(1, left.width - chrome)
            let statsRows = (10 + max(1, (lw + 2) / 26) - 1) / max(1, (lw + 2) / 26)
            let (l4, stats) = l3.splitRows(l3.height - min(l3.height / 2, statsRows + 2 + chrome))
            let (span, central) = l4.splitRows((l4.height + 1) / 2)
            let w = max(1, right.width - chrome)
            let rowsFor = { (lengths: [Int]) in lengths.reduce(0) { $0 + ($1 + w - 1) / w } }
            let gcRows = rowsFor([62, 55, 60, 60, 45, 110, 40])
            let cap = max(5, body.height / 3)
            let (gc, r2) = right.splitRows(min(cap, gcRows + chrome))
            // Objects and the Narration share the rest, half each, whatever the step (panels
            // that moved as the tree grew were hard to follow on a projector).
            let (objects, narration) = r2.splitRows(r2.height / 2)
            l.panels = [(.arena, arena), (.span, span), (.central, central), (.stats, stats), (.mcache, mcache), (.gc, gc),
                        (.objects, objects), (.narration, narration)]
        } else if isTall(width: width, height: height) {
            // The arena and GC at the top; the span under the cursor (or the allocator panel
            // that has focus) and the objects below; the Narration under them. At 99×56, a
            // --compare pane at 200×60, the narrow layout left 40 rows to the Narration alone.
            let (top, r1) = body.splitRows(body.height * 3 / 10)
            let (mid, narration) = r1.splitRows(r1.height * 4 / 7)
            let (arena, gc) = top.splitColumns(width / 2)
            let (detail, objects) = mid.splitColumns(width / 2)
            let focus = ctx.view.focus
            let detailPanel: PanelID = [.central, .mcache, .stats].contains(focus) ? focus : .span
            l.panels = [(.arena, arena), (.gc, gc), (detailPanel, detail), (.objects, objects), (.narration, narration)]
        } else {
            let (top, narration) = body.splitRows(min(10, body.height / 2))
            let (arena, detail) = top.splitColumns(width / 2)
            let focus = ctx.view.focus
            let detailPanel: PanelID = [.span, .central, .mcache, .stats, .objects].contains(focus) ? focus : .gc
            l.panels = [(.arena, arena), (detailPanel, detail), (.narration, narration)]
        }
        l.panels.append((.timeline, timelineRect))
        return l
    }

    /// The Objects panel's inside width in the full layout (the right column's).
    static func objectsWidth(width: Int, presenter: Bool) -> Int {
        max(1, width - width * 3 / 5 - (presenter ? 1 : 2))
    }

    /// The drawable inside of a panel's rectangle (presenter mode has no borders, only a title
    /// row, and leaves its last column blank so that neighbouring panels do not run together).
    static func inner(_ r: Rect, presenter: Bool) -> Rect {
        presenter ? Rect(x: r.x, y: r.y + 1, width: r.width - 1, height: r.height - 1) : r.inner
    }

    /// Rows of the title: in presenter mode as many as the longest caption that goes there
    /// needs, whichever step is shown, so that the panels below never move.
    static func titleHeight(_ ctx: PanelContext, width: Int, height: Int) -> Int {
        let now = titleLines(ctx, width: width).count
        guard ctx.theme.presenter else { return now }
        let cap = max(3, height / 6)
        let step = "  " + TextLine.bind("step", "\(ctx.playback.total)/\(ctx.playback.total)")
        let widest = ctx.playback.program.captions.lazy
            .map { TextLayout.rows([TextLine(ctx.t($0) + step)], width: width).count }
            .filter { $0 <= cap }.max() ?? 1
        return max(now, widest)
    }

    /// The title: the file, the profile and the step, with the help hint when there is room.
    /// When narrow, the file name goes first (the step number is never cut); in presenter mode
    /// the caption takes its place, wrapped over up to three rows.
    static func titleLines(_ ctx: PanelContext, width: Int) -> [[TextRun]] {
        let p = ctx.playback
        let style = ctx.theme.fg(.cyan, bold: true)
        let step = "step \(p.current)/\(p.total)"
        if ctx.captionInTitle, let c = ctx.record.caption {
            // The caption, whole, with the step number after it.
            return TextLayout.rows([TextLine(runs: [TextRun(ctx.t(c), style), TextRun("  " + TextLine.bind("step", "\(p.current)/\(p.total)"), ctx.theme.fg(.gray))])], width: width)
        }
        let file = p.program.file
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let candidates = ["heapscope — \(file) — \(p.program.profile.name) — \(step)",
                          "heapscope — \(base) — \(p.program.profile.name) — \(step)",
                          "\(base) — \(p.program.profile.name) — \(step)",
                          "\(p.program.profile.name) — \(step)", step]
        let title = candidates.map { ctx.t($0) }.first { $0.terminalWidth <= width } ?? ctx.t(step)
        var runs = [TextRun(title, style)]
        let hint = "?:help q:quit"
        if !ctx.theme.presenter, width >= title.terminalWidth + hint.count + 2 {
            runs.append(TextRun(String(repeating: " ", count: width - title.terminalWidth - hint.count), .plain))
            runs.append(TextRun(hint, ctx.theme.fg(.gray)))
        }
        return [runs]
    }

    static func title(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) {
        screen.draw(titleLines(ctx, width: r.width), in: r, from: 0)
    }

    /// A text panel's lines (nil for the panels that draw a grid or a bar).
    static func content(_ id: PanelID, _ ctx: PanelContext, width: Int) -> [TextLine]? {
        switch id {
        case .gc: GCPanel.lines(ctx)
        case .stats: StatsPanel.lines(ctx, width: width)
        case .central: CentralPanel.lines(ctx)
        case .mcache: MCachePanel.lines(ctx)
        case .narration: NarrationPanel.lines(ctx)
        case .objects: ObjectsPanel.content(ctx, width: width).lines
        case .arena, .span, .timeline: nil
        }
    }

    /// How far a text panel can scroll: its rows beyond the panel's height.
    static func maxScroll(_ id: PanelID, _ ctx: PanelContext, _ inner: Rect) -> Int {
        guard let lines = content(id, ctx, width: inner.width) else { return 0 }
        return max(0, TextLayout.rows(lines, width: inner.width).count - inner.height)
    }

    static func panel(_ id: PanelID, _ ctx: PanelContext, _ screen: inout Screen, _ r: Rect) {
        guard r.width >= 4, r.height >= (ctx.theme.presenter ? 2 : 3) else { return }
        let focused = ctx.view.focus == id
        let title = ctx.t("\(id.rawValue) \(id.title)" + (focused ? " ◂" : ""))
        if ctx.theme.presenter {
            // No box lines: a title bar across the panel (reversed, so it separates panels on
            // any projector, with or without colour), the last column left blank.
            let bar = CellStyle(bold: true, reverse: true)
            let padded = " " + title + String(repeating: " ", count: max(0, r.width - 2 - title.terminalWidth))
            screen.write(padded, in: Rect(x: r.x, y: r.y, width: r.width - 1, height: 1), row: 0, style: focused ? CellStyle(foreground: ctx.theme.color ? ctx.theme.readable(.cyan) : .normal, bold: true, reverse: true) : bar)
        } else {
            screen.box(r, title: title, glyphs: ctx.glyphs, style: ctx.theme.fg(focused ? .cyan : .gray))
        }
        var inner = Self.inner(r, presenter: ctx.theme.presenter)
        let overflow: PanelOverflow
        switch id {
        case .arena: overflow = ArenaPanel.draw(ctx, into: &screen, inner)
        case .span: overflow = SpanPanel.draw(ctx, into: &screen, inner)
        case .timeline: overflow = TimelinePanel.draw(ctx, into: &screen, inner)
        case .objects:
            // The panel scrolls with its selection (the object under the Span cursor).
            // The key is the last line where it fits, else a few words on the bottom border.
            var content = ObjectsPanel.content(ctx, width: inner.width)
            var rows = TextLayout.rows(content.lines, width: inner.width)
            let keyInPanel = rows.count <= inner.height
            if !keyInPanel {
                // The key is the last line: take it (and its rows) off.
                let keyRows = TextLayout.rows([content.lines.removeLast()], width: inner.width).count
                rows.removeLast(keyRows)
            }
            if ctx.theme.presenter && rows.count > inner.height { inner.height -= 1 }
            let first = ObjectsPanel.firstRow(content, rows: rows.count, ctx, inner)
            let below = screen.draw(rows, in: inner, from: first)
            overflow = PanelOverflow(above: first, below: below)
            if !keyInPanel && !ctx.theme.presenter {
                let noteWidth = overflow == .none ? 0 : ctx.t(" ↑ \(overflow.above) ↓ \(overflow.below) more ").terminalWidth
                if let k = ObjectsPanel.borderKeys(ctx, coloured: !content.colours.isEmpty).map(ctx.t).first(where: { $0.terminalWidth + noteWidth + 4 < r.width }) {
                    borderKey(k, overflow, ctx, &screen, r)
                }
            }
        default:
            let rows = TextLayout.rows(content(id, ctx, width: inner.width) ?? [], width: inner.width)
            // Without a border, the last row says what is hidden.
            if ctx.theme.presenter && rows.count > inner.height { inner.height -= 1 }
            let first = max(0, min(ctx.view.scroll[id] ?? 0, rows.count - inner.height))
            let below = screen.draw(rows, in: inner, from: first)
            overflow = PanelOverflow(above: first, below: below)
        }
        if id == .timeline && overflow == .none && !ctx.theme.presenter {
            // The bar's key, on the bottom border when it fits.
            let key = ctx.t(timelineKey)
            if key.terminalWidth < r.width - 4 {
                screen.write(key, in: Rect(x: r.x + 1, y: r.y + r.height - 1, width: r.width - 2, height: 1), row: 0,
                             column: max(0, r.width - 3 - key.terminalWidth), style: ctx.theme.fg(.gray))
            }
        }
        if id == .span, !ctx.theme.presenter, let sid = ctx.selectedSpan, !SpanPanel.keyInHeader(ctx, sid, inner) {
            // No room for the key line: the key in a few words at the left of the bottom
            // border, the longest form that fits beside the "more" note.
            let noteWidth = overflow == .none ? 0 : ctx.t(" ↑ \(overflow.above) ↓ \(overflow.below) more ").terminalWidth
            if let k = SpanPanel.borderKeys(ctx, ctx.heap.mheap.allspans[sid.index]).map(ctx.t).first(where: { $0.terminalWidth + noteWidth + 4 < r.width }) {
                borderKey(k, overflow, ctx, &screen, r)
            }
        }
        if let key = shortKey(id, ctx) {
            if ctx.theme.presenter {
                // Presenter mode: the key at the right of the title bar, when it fits there.
                let k = ctx.t(key)
                if title.terminalWidth + k.terminalWidth + 3 < r.width {
                    screen.write(k, in: Rect(x: r.x, y: r.y, width: r.width - 1, height: 1), row: 0,
                                 column: r.width - 1 - k.terminalWidth, style: CellStyle(reverse: true))
                }
            } else if id == .central || id == .mcache {
                borderKey(ctx.t(key), overflow, ctx, &screen, r)
            }
        }
        guard overflow != .none else { return }
        var note = ""
        if overflow.above > 0 { note += "↑ \(overflow.above)" }
        if overflow.below > 0 { note += (note.isEmpty ? "" : " ") + "↓ \(overflow.below) more" }
        note = ctx.t(" " + note + " ")
        let style = ctx.theme.fg(focused ? .cyan : .gray, bold: true)
        if ctx.theme.presenter {
            screen.write(note, in: Rect(x: r.x, y: r.y + r.height - 1, width: r.width, height: 1), row: 0,
                         column: max(0, r.width - note.terminalWidth), style: style)
        } else if note.terminalWidth < r.width - 2 {
            screen.write(note, in: Rect(x: r.x + 1, y: r.y + r.height - 1, width: r.width - 2, height: 1), row: 0,
                         column: r.width - 2 - note.terminalWidth - 1, style: style)
        }
    }

    static let timelineKey = " ▲ this step  ◆ bookmark  ‖ pause  ? question  | GC "

    /// The key to a panel's glyphs in a few words, for its border (or, in presenter mode,
    /// its title bar). The Arena's legend is a line of its own; the Span and Objects panels
    /// put theirs inside when there is room.
    static func shortKey(_ id: PanelID, _ ctx: PanelContext) -> String? {
        switch id {
        case .central where ctx.heap.profile.mcentralShape == .spanSets:
            ctx.glyphs.asciiOnly ? " s3 span 3  -> popped next  none: empty set " : " s3 span 3  → popped next  ∅ empty set "
        case .central: ctx.glyphs.asciiOnly ? " s3 span 3  -> next  none: empty list " : " s3 span 3  → next  ∅ empty list "
        case .mcache: " s3 span 3  tiny: block+offset "
        case .timeline: ctx.theme.presenter ? timelineKey : nil
        case .span: ctx.theme.presenter ? ctx.selectedSpan.map { SpanPanel.borderKey(ctx, ctx.heap.mheap.allspans[$0.index]) } : nil
        case .objects: ctx.theme.presenter ? ObjectsPanel.borderKey(ctx) : nil
        default: nil
        }
    }

    /// A panel's key in a few words at the left of its bottom border, when it fits beside the
    /// "more" note.
    static func borderKey(_ key: String, _ overflow: PanelOverflow, _ ctx: PanelContext, _ screen: inout Screen, _ r: Rect) {
        let noteWidth = overflow == .none ? 0 : ctx.t(" ↑ \(overflow.above) ↓ \(overflow.below) more ").terminalWidth
        if key.terminalWidth + noteWidth + 4 < r.width {
            screen.write(key, in: Rect(x: r.x + 1, y: r.y + r.height - 1, width: r.width - 2, height: 1), row: 0,
                         column: 1, style: ctx.theme.fg(.gray))
        }
    }

    /// The help: the key table, one entry per line when they fit, else in two columns;
    /// every entry whole (the overlay scrolls otherwise).
    static func helpLines(_ ctx: PanelContext, _ all: Rect) -> [TextLine] {
        let rows = all.height - 4
        let entries = KeyTable.helpEntries.map { ctx.t($0) }
        let header = ctx.line(KeyTable.helpHeader)
        // Wrapped entries go on under their description, not under the key.
        func indented(_ l: TextLine) -> TextLine { var l = l; l.hangingIndent = KeyTable.labelWidth; return l }
        let footer = KeyTable.helpFooter.enumerated().map { $0.offset < 2 ? indented(ctx.line($0.element)) : ctx.line($0.element) }
        if KeyTable.helpLines.count <= rows { return [header] + entries.map { TextLine($0, preformatted: true) } + footer }
        let half = (entries.count + 1) / 2
        let colWidth = (entries.map(\.terminalWidth).max() ?? 0) + 2
        guard 2 * colWidth <= all.width - 6 else { return [header] + entries.map { indented(TextLine($0)) } + footer }
        let paired = (0..<half).map { i -> TextLine in
            let right = i + half < entries.count ? entries[i + half] : ""
            return TextLine(entries[i].padded(colWidth) + right, preformatted: true)
        }
        return [header] + paired + footer
    }

    /// The overlay open, if any: the help or the inspector, with its title and lines.
    static func overlayContent(_ ctx: PanelContext, _ all: Rect) -> (String, [TextLine])? {
        if ctx.view.showHelp { return ("help — ? or Esc closes, ↑↓ scroll", helpLines(ctx, all)) }
        if let addr = ctx.view.inspected {
            return ("object \(hexAddress(addr)) — Enter or Esc closes", Inspector.lines(addr, ctx).map { ctx.line($0) })
        }
        return nil
    }

    /// What the inspector should leave in sight: the object it describes is the Span panel's
    /// selected slot, the Arena's selected page and the Objects panel's selected row.
    /// The help covers the middle of the screen whatever is beneath.
    static func overlayAvoids(_ ctx: PanelContext, _ layout: Layout) -> [Rect] {
        guard !ctx.view.showHelp, ctx.view.inspected != nil else { return [] }
        return [PanelID.span, .arena, .objects].compactMap { layout.rect(of: $0) }
    }

    /// Where an overlay goes and its rows: in the middle of the screen, or, with rectangles to
    /// avoid, where it covers the least of them (ties go to the middle).
    static func overlayFrame(title: String, lines: [TextLine], _ all: Rect, avoiding: [Rect] = []) -> (Rect, [[TextRun]]) {
        let widest = lines.map { $0.plainText.terminalWidth }.max() ?? 0
        let w = max(4, min(all.width - 2, max(title.terminalWidth + 4, widest + 2)))
        let rows = TextLayout.rows(lines, width: w - 2)
        let h = max(3, min(all.height - 2, rows.count + 2))
        var best = Rect(x: (all.width - w) / 2, y: (all.height - h) / 2, width: w, height: h)
        guard !avoiding.isEmpty else { return (best, rows) }
        func covered(_ r: Rect) -> Int {
            // The box and the blank columns beside it.
            let x0 = r.x - 1, x1 = r.x + r.width + 1, y0 = r.y, y1 = r.y + r.height
            return avoiding.reduce(0) { sum, a in
                sum + max(0, min(x1, a.x + a.width) - max(x0, a.x)) * max(0, min(y1, a.y + a.height) - max(y0, a.y))
            }
        }
        var bestScore = (covered(best), 0)
        let xs = [(all.width - w) / 2, max(0, all.width - w - 1), min(1, all.width - w)]
        for y in 1...max(1, all.height - h - 1) {
            for x in xs {
                let r = Rect(x: x, y: y, width: w, height: h)
                let score = (covered(r), abs(y - best.y) + abs(x - (all.width - w) / 2))
                if score < bestScore { (best, bestScore) = (r, score) }
            }
        }
        return (best, rows)
    }

    /// Part of a word or figure: not a space, and not a border (box drawing, or the ASCII
    /// frame's `|` and `+`).
    static func isWordCell(_ c: Cell) -> Bool {
        let v = c.scalar.value
        return c.scalar != " " && !(0x2500...0x257F).contains(v) && c.scalar != "|" && c.scalar != "+"
    }

    /// How far the open overlay can scroll.
    static func overlayMaxScroll(_ ctx: PanelContext, width: Int, height: Int) -> Int {
        let all = Rect(x: 0, y: 0, width: width, height: height)
        guard let (title, lines) = overlayContent(ctx, all) else { return 0 }
        if let r = inspectorPanel(ctx, layout(ctx, width: width, height: height)) {
            return max(0, TextLayout.rows(lines, width: r.width - 2).count - r.inner.height)
        }
        let (r, rows) = overlayFrame(title: ctx.t(title), lines: lines, all)   // placement does not change its height
        return max(0, rows.count - r.inner.height)
    }

    /// The widest strip between an overlay's ring and the screen's edge that is blanked when it
    /// holds only borders.
    static let overlayStrayStrip = 3

    /// A box with wrapped lines, placed by overlayFrame; it scrolls (`view.overlayScroll`).
    static func overlay(title: String, lines: [TextLine], _ ctx: PanelContext, _ screen: inout Screen, _ all: Rect,
                        avoiding: [Rect] = []) {
        let title = ctx.t(title)
        let (r, rows) = overlayFrame(title: title, lines: lines, all, avoiding: avoiding)
        // Blank the box and a column on either side of it, so that the borders of the panels
        // beneath do not run into the overlay's ("┌┌ help"). A word or figure the box would
        // cut is blanked whole: "HeapSys 671" beside the box would read as a wrong number. The
        // rows above and below are left as they are: a blank ring there cut the panel border
        // it fell on to a stub ("┌ 7") and wiped a row of text.
        for y in max(1, r.y)..<min(all.height, r.y + r.height) {
            var x0 = max(0, r.x - 1), x1 = min(all.width, r.x + r.width + 1)
            while x0 > 0 && isWordCell(screen[x0 - 1, y]) { x0 -= 1 }
            while x1 < all.width && isWordCell(screen[x1, y]) { x1 += 1 }
            // A strip of a few columns left between the ring and the screen's edge, when it
            // holds no word, is stray pieces of border (corners beside a wide box): blanked
            // too. A wider strip keeps its panels' borders, whose edges still read as panels
            // (blanking them to the edge looked like a drawing fault).
            if r.x - 1 <= overlayStrayStrip && (0..<x0).allSatisfy({ !isWordCell(screen[$0, y]) }) { x0 = 0 }
            if all.width - (r.x + r.width + 1) <= overlayStrayStrip
                && (x1..<all.width).allSatisfy({ !isWordCell(screen[$0, y]) }) { x1 = all.width }
            for x in x0..<x1 { screen[x, y] = Cell() }
        }
        drawBox(title: title, rows: rows, in: r, ctx, &screen)
    }

    /// A box with a title and scrolling rows (`view.overlayScroll`), saying what is above and below.
    static func drawBox(title: String, rows: [[TextRun]], in r: Rect, _ ctx: PanelContext, _ screen: inout Screen) {
        screen.box(r, title: title, glyphs: ctx.glyphs, style: ctx.theme.fg(.cyan))
        let first = max(0, min(ctx.view.overlayScroll, rows.count - r.inner.height))
        let hidden = screen.draw(rows, in: r.inner, from: first)
        if hidden > 0 || first > 0 {
            var note = first > 0 ? "↑ \(first)" : ""
            if hidden > 0 { note += (note.isEmpty ? "" : " ") + "↓ \(hidden) more" }
            note = ctx.t(" " + note + " ")
            screen.write(note, in: Rect(x: r.x + 1, y: r.y + r.height - 1, width: r.width - 2, height: 1), row: 0,
                         column: max(0, r.width - 3 - note.terminalWidth), style: ctx.theme.fg(.cyan, bold: true))
        }
    }
}
