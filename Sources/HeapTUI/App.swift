// The interactive application without the terminal: keys in, state out. The event loop
// (HeapCommands) feeds it keys and ticks and draws `frame(width:height:)`; tests do the same.
//
// A key is handled in two parts: `interpret` does what is instant (focus, cursor, scrolling,
// help, the find prompt) and returns the `Navigation` it asks for, if any; `navigate` moves the
// playback, which may take long. `handle` does both at once (tests, recordings); the terminal
// loop runs `navigate` on a copy of the app on another thread, so keys and signals keep working.
//
// After every navigation the view follows the action: the arena cursor and the Span panel go to
// the span the step touched most, unless the person moved the cursor (then `f` follows again).

import HeapEngine
import HeapScenario

/// The UI's state machine.
public struct App: Sendable {
    public private(set) var playback: Playback
    public var view = ViewState()
    public let theme: Theme
    public private(set) var quit = false
    private var ticks = 0
    /// The terminal's size as last drawn: the layout the mouse and the cursor keys work in.
    public private(set) var width = HeapView.fullWidth, height = HeapView.fullHeight

    /// Then and now (`heapscope open FILE --compare go1.25`): the same scenario under another
    /// profile, kept at the same step and drawn at the right of the screen.
    public private(set) var other: Playback?

    public init(program: Program, theme: Theme, rewindable: Bool = true) throws(ScenarioRuntimeError) {
        playback = try Playback(program: program, rewindable: rewindable)
        self.theme = theme
    }

    /// A split view: `program` (the scenario under another profile) beside the main one.
    public mutating func compare(with program: Program) throws(ScenarioRuntimeError) {
        other = try Playback(program: program)
        other?.seek(to: playback.current)
    }

    /// The narrowest terminal the split view draws in: two panes of HeapView's minimum and a
    /// divider.
    public static var splitMinWidth: Int { 2 * HeapView.minWidth + 1 }

    /// Records the terminal's size (the loop calls it before drawing).
    public mutating func resize(width: Int, height: Int) {
        // Split, the keys and the mouse work in the left pane (the scenario's own profile).
        self.width = other != nil && width >= Self.splitMinWidth ? (width - 1) / 2 : width
        self.height = height
    }

    public func frame(width: Int, height: Int) -> Screen {
        guard let other else { return HeapView.render(playback, view: view, theme: theme, width: width, height: height) }
        guard width >= Self.splitMinWidth else {
            // Too narrow for two panes: the main one, whole, and a note above its narration
            // saying how to see both. (A row of its own below the view took the row that kept
            // 100×40 in the tall layout, and dropped Span and Objects.)
            var v = view
            v.captionNote = "\(other.program.profile.name) side by side from \(Self.splitMinWidth) columns; this terminal has \(width)"
            return HeapView.render(playback, view: v, theme: theme, width: width, height: height)
        }
        // Each pane is the whole view of one profile; the right one follows the same step and
        // keeps its own cursor on the span its step touched (a view without the person's moves).
        let left = (width - 1) / 2, right = width - 1 - left
        var otherView = ViewState()
        otherView.focus = view.focus
        otherView.zoom = view.zoom
        otherView.captionNote = "this pane runs \(other.program.profile.name); the captions were written for \(playback.program.profile.name)"
            + (playback.program.settings.config.memoryLimit != nil && other.program.settings.config.memoryLimit == nil
               ? " (and its memlimit is left out: \(other.program.profile.name) has none)" : "")
        if let (span, _) = other.followTarget, span.index < other.machine.heap.mheap.allspans.count {
            otherView.cursorPage = Int(other.machine.heap.mheap.allspans[span.index].startPage)
        }
        let a = HeapView.render(playback, view: view, theme: theme, width: left, height: height)
        let b = HeapView.render(other, view: otherView, theme: theme, width: right, height: height)
        var s = Screen(width: width, height: height)
        s.asciiOnly = a.asciiOnly
        for y in 0..<height {
            for x in 0..<left { s[x, y] = a[x, y] }
            s[left, y] = Cell(theme.glyphs.asciiOnly ? "|" : "┃", style: theme.fg(.gray))
            for x in 0..<right { s[left + 1 + x, y] = b[x, y] }
        }
        return s
    }

    /// One 50 ms tick: while playing, steps at `view.speed` steps per second (stopping at a
    /// pause). Returns whether anything changed, so the loop redraws only then.
    @discardableResult
    public mutating func tick() -> Bool {
        guard let n = tickNavigation() else { return false }
        navigate(n)
        return true
    }

    /// The steps this 50 ms tick plays, if any.
    public mutating func tickNavigation() -> Navigation? {
        guard view.playing else { return nil }
        ticks += 1
        let every = max(1, 20 / max(1, view.speed))
        guard ticks % every == 0 else { return nil }
        return .play(steps: max(1, view.speed / 20))
    }

    /// A key, all at once: its instant effects and the navigation it asks for.
    public mutating func handle(_ key: Key) {
        if let n = interpret(key) { navigate(n) }
    }

    /// Moves the playback. Returns false if `progress` was cancelled on the way (the app is
    /// then half-way and should be thrown away).
    @discardableResult
    public mutating func navigate(_ n: Navigation, progress: NavigationProgress? = nil) -> Bool {
        let from = playback.current
        var done = true
        switch n {
        case .forward:
            playback.forward()
        case .back:
            done = playback.seek(to: playback.current - 1, progress: progress)
        case .seek(let k):
            done = playback.seek(to: k, progress: progress)
        case .nextMark:
            let found = playback.forwardToNextMark(progress: progress)
            if progress?.isCancelled == true { return false }
            if !found {
                // Nothing ahead: back where the search started (the lecturer stays on the step
                // they were explaining), rather than at the end with every step between skipped.
                let wasLast = from == playback.total
                if playback.current != from { done = playback.seek(to: from, progress: progress) }
                view.message = wasLast ? "no later mark: this is the last step" : "no later mark before the end (G goes to the last step)"
            }
        case .previousMark:
            if let m = playback.previousMark() { done = playback.seek(to: m, progress: progress) }
            else { view.message = "no earlier mark" }
        case .play(let steps):
            for _ in 0..<steps {
                if progress?.isCancelled == true { return false }
                guard playback.forward() else { view.playing = false; break }
                if playback.record.pause { view.playing = false; view.message = "paused (the scenario asks to stop here)"; break }
                if playback.record.question != nil { view.playing = false; view.message = playback.current < playback.total ? "a question: think, then step for the answer" : "a question: think, then read the answer"; break }
            }
        }
        guard done else { return false }
        if playback.current != from {
            // The other profile's pane follows to the same step.
            if other != nil, !(other!.seek(to: playback.current, progress: progress)) { return false }
            arrived()
        }
        return true
    }

    /// At a new step: the narration starts at its top, and the view follows the action.
    private mutating func arrived() {
        view.scroll[.narration] = 0
        guard view.follow else { return }
        let heap = playback.machine.heap
        // The span this step touched most, or the one a recent step did (Playback.followTarget:
        // the same however the step was reached).
        guard let (span, object) = playback.followTarget, span.index < heap.mheap.allspans.count,
              heap.mheap.allspans[span.index].state == .inUse else {
            // Nothing in use was touched lately: the first span still in use (or the arena's
            // start), whatever the cursor showed before, so that the frame depends only on the step.
            view.cursorPage = heap.mheap.allspans.filter { $0.state == .inUse }.map { Int($0.startPage) }.min() ?? 0
            view.cursorSlot = 0
            return
        }
        let s = heap.mheap.allspans[span.index]
        view.cursorPage = Int(s.startPage)
        if let object, s.elemsize > 0 {
            view.cursorSlot = Int((object &- heap.base(of: span)) / UInt64(s.elemsize))
        } else {
            view.cursorSlot = 0
        }
    }

    /// A key's instant effects; returns the navigation it asks for, which `navigate` performs.
    public mutating func interpret(_ key: Key) -> Navigation? {
        if key == .resize { return nil }
        if view.query != nil { editQuery(key); return nil }
        if case .click(let x, let y) = key { return click(x: x, y: y) }
        if case .wheel(let x, let y, let up) = key { wheel(x: x, y: y, up: up); return nil }
        if view.showHelp || view.inspected != nil {
            switch key {
            case .escape, .char("?"), .enter:
                view.showHelp = false
                view.inspected = nil
                view.overlayScroll = 0
                // The hint below goes with the box; a find's answer stays until the next key.
                if view.message?.hasSuffix("closes it") == true { view.message = nil }
            case .up, .down, .pageUp, .pageDown:
                let page = max(1, height - 6)
                let d = key == .up ? -1 : key == .down ? 1 : key == .pageUp ? -page : page
                let ctx = PanelContext(playback: playback, view: view, theme: theme)
                view.overlayScroll = max(0, min(HeapView.overlayMaxScroll(ctx, width: width, height: height), view.overlayScroll + d))
            case .char("q"):
                quit = true
            default:
                // Said, not silently dropped: a step key did nothing while the box was up.
                view.message = view.showHelp ? "help is open: Esc, Enter or ? closes it" : "the inspector is open: Enter or Esc closes it"
            }
            return nil
        }
        if key == .escape { return nil }
        guard let command = KeyTable.command(for: key, focus: view.focus) else { return nil }
        view.message = nil
        switch command {
        case .quit: quit = true
        case .playPause: view.playing.toggle()
        case .stepForward:
            // Said rather than done in silence: a key that seems to do nothing looks broken.
            if playback.atEnd {
                view.message = playback.failure != nil ? "the scenario stopped at this step: its error is in the Narration"
                    : "this is the last step (g goes to the first)"
                return nil
            }
            return .forward
        case .stepBack:
            if playback.current == 0 { view.message = "this is the first step"; return nil }
            return .back
        case .nextMark: return .nextMark
        case .previousMark: return .previousMark
        case .first: return .seek(0)
        case .last: return .seek(playback.total)
        case .faster: view.speed = min(1000, view.speed * 2)
        case .slower: view.speed = max(1, view.speed / 2)
        case .focusNext: view.focus = PanelID(rawValue: view.focus.rawValue % PanelID.allCases.count + 1) ?? .arena
        case .focusPrevious: view.focus = PanelID(rawValue: (view.focus.rawValue + PanelID.allCases.count - 2) % PanelID.allCases.count + 1) ?? .arena
        case .focus(let p): view.focus = p
        case .cursor(let dx, let dy): moveCursor(dx: dx, dy: dy)
        case .scroll(let d): scroll(view.focus, by: d)
        case .page(let d) where view.focus == .objects:
            let ctx = PanelContext(playback: playback, view: view, theme: theme)
            selectObject(by: d * max(1, (inside(.objects)?.height ?? 10) - 1), ctx)
        case .page(let d):
            if view.focus == .arena || view.focus == .span {
                moveCursor(dx: 0, dy: d * max(1, (inside(view.focus)?.height ?? 2) - 1))
            } else {
                scroll(view.focus, by: d * max(1, (inside(view.focus)?.height ?? 2) - 1))
            }
        case .zoom:
            view.zoom = view.zoom.next
            view.message = "arena zoom: \(view.zoom.name)"
        case .follow:
            view.follow.toggle()
            view.message = view.follow ? "following each step's span" : "following off — f to follow"
            if view.follow { arrived() }
        case .inspect:
            if let o = objectUnderCursor() { view.inspected = o } else { view.message = nothingUnderCursor() }
        case .find: view.query = ""
        case .help: view.showHelp.toggle()
        case .toggleMouse:
            view.mouse.toggle()
            view.message = view.mouse
                ? "mouse on: click the arena or the timeline, scroll with the wheel (m turns it off)"
                : "mouse off: the terminal selects text again (m turns it back on)"
        }
        return nil
    }

    /// Scrolls a text panel by `d` rows, within its content.
    private mutating func scroll(_ id: PanelID, by d: Int) {
        guard let r = inside(id) else { return }
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        let maxScroll = HeapView.maxScroll(id, ctx, r)
        view.scroll[id] = max(0, min(maxScroll, (view.scroll[id] ?? 0) + d))
    }

    /// Keys while the find prompt is open: text, Backspace, Enter (find), Esc (cancel).
    private mutating func editQuery(_ key: Key) {
        switch key {
        case .escape: view.query = nil
        case .backspace: if view.query?.isEmpty == false { view.query!.removeLast() }
        case .enter:
            let q = view.query ?? ""
            view.query = nil
            find(q)
        case .char(let c) where (view.query?.count ?? 0) < Finder.maxQuery: view.query!.unicodeScalars.append(c)
        default: break
        }
    }

    /// Finds a variable or an address and selects it (focus Span, cursor on the slot, the
    /// inspector open); otherwise says why not.
    private mutating func find(_ query: String) {
        switch Finder.find(query, in: playback.machine) {
        case .object(let page, let slot, let base, let note):
            view.focus = .span
            view.cursorPage = page
            view.cursorSlot = slot
            view.inspected = base
            view.message = note
            stopFollowing()
        case .page(let page, let note):
            view.focus = .arena
            view.cursorPage = page
            view.message = note
            stopFollowing()
        case .notFound(let why):
            view.message = why
        }
    }

    /// The person chose what to look at: the view stops following the steps.
    private mutating func stopFollowing() {
        if view.follow {
            view.follow = false
            if view.message == nil { view.message = "following off — f to follow" }
        }
    }

    private var layout: HeapView.Layout {
        HeapView.layout(playback: playback, view: view, theme: theme, width: width, height: height)
    }

    /// The inside of `id`'s panel in the current layout, if it is on screen.
    private func inside(_ id: PanelID) -> Rect? {
        layout.rect(of: id).map { HeapView.inner($0, presenter: theme.presenter) }
    }

    /// Arrows move by one cell and one row of the grid on screen.
    private mutating func moveCursor(dx: Int, dy: Int) {
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        if view.focus == .objects {
            selectObject(by: dy, ctx)
            return
        }
        if view.focus == .span {
            let n = ctx.selectedSpan.map { Int(playback.machine.heap.mheap.allspans[$0.index].nelems) } ?? 1
            let columns = inside(.span).map { max(1, $0.width / SpanPanel.cellWidth(ctx)) } ?? 16
            view.cursorSlot = max(0, min(n - 1, view.cursorSlot + dx + dy * columns))
        } else {
            var pages = playback.machine.heap.mheap.arenaPages
            var step = 1, row = 16
            if let r = inside(.arena) {
                let geo = ArenaPanel.layout(ctx, r).geometry
                step = geo.perCell
                row = max(1, geo.perCell > 1 ? geo.columns * geo.perCell : geo.columns / max(1, geo.cellsPerPage))
                // The used range draws its pages only: the cursor stays on one it draws (past
                // them it vanished, the legend still saying pages 0–15). z shows the rest.
                if view.zoom == .used { pages = min(pages, geo.firstPage + geo.pages) }
            }
            let page = view.cursorPage / step * step + dx * step + dy * row
            view.cursorPage = max(0, min(pages - 1, page))
            view.cursorSlot = 0
        }
        stopFollowing()
    }

    /// Selects the object `d` rows after the selected one in the Objects panel (the first
    /// when none is): the Span panel's cursor goes to its slot and the panel scrolls to it.
    private mutating func selectObject(by d: Int, _ ctx: PanelContext) {
        let content = ObjectsPanel.content(ctx, width: inside(.objects)?.width ?? .max)
        guard !content.order.isEmpty else { return }
        let current = ObjectsPanel.selected(ctx).flatMap { s in content.order.firstIndex(of: s.base) }
        let i = current.map { max(0, min(content.order.count - 1, $0 + d)) } ?? 0
        // Past the first or the last object, the panel scrolls to its top or its end, so the
        // lines before the first object and after the last one can be read too.
        if let current, current + d < 0 || current + d >= content.order.count, let r = inside(.objects) {
            let rows = ObjectsPanel.rowStarts(content, width: r.width).last ?? 0
            view.scroll[.objects] = current + d < 0 ? 0 : max(0, rows - r.height)
            return
        }
        select(object: content.order[i], content)
    }

    /// Puts the Span cursor on the object at `base` and scrolls the Objects panel to it.
    private mutating func select(object base: UInt64, _ content: ObjectsPanel.Content) {
        let heap = playback.machine.heap
        guard let o = heap.findObject(base) else { return }
        view.cursorPage = Int(heap.mheap.allspans[o.span.index].startPage)
        view.cursorSlot = o.slot
        stopFollowing()
        if let r = inside(.objects), let line = content.line(of: base) {
            let row = ObjectsPanel.rowStarts(content, width: r.width)[line]
            let first = view.scroll[.objects] ?? 0
            if row < first { view.scroll[.objects] = row } else if row >= first + r.height { view.scroll[.objects] = row - r.height + 1 }
        }
    }

    /// A click: closes an overlay, else focuses the panel under it and selects what it shows
    /// there — a page in the Arena, a slot in the Span panel, a step on the Timeline's bar.
    private mutating func click(x: Int, y: Int) -> Navigation? {
        guard view.mouse else { return nil }
        if view.showHelp || view.inspected != nil {
            view.showHelp = false
            view.inspected = nil
            return nil
        }
        guard let (id, r) = layout.panel(at: x, y) else { return nil }
        view.message = nil
        let inner = HeapView.inner(r, presenter: theme.presenter)
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        switch id {
        case .arena:
            view.focus = .arena
            if let page = ArenaPanel.page(atX: x, y: y, ctx, inner) {
                view.cursorPage = page
                view.cursorSlot = 0
                stopFollowing()
            }
        case .span:
            view.focus = .span
            if let slot = SpanPanel.slot(atX: x, y: y, ctx, inner) {
                view.cursorSlot = slot
                stopFollowing()
            }
        case .timeline:
            if let step = TimelinePanel.step(atX: x, y: y, ctx, inner) { return .seek(step) }
        case .objects:
            view.focus = .objects
            let content = ObjectsPanel.content(ctx, width: inner.width)
            let rows = TextLayout.rows(content.lines, width: inner.width).count
            let first = ObjectsPanel.firstRow(content, rows: rows, ctx, inner)
            if y >= inner.y, let base = ObjectsPanel.object(atRow: first + y - inner.y, content, width: inner.width) {
                view.scroll[.objects] = first
                select(object: base, content)
            }
        default:
            view.focus = id
        }
        return nil
    }

    /// The wheel scrolls the text panel under the pointer (or the open overlay).
    private mutating func wheel(x: Int, y: Int, up: Bool) {
        guard view.mouse else { return }
        if view.showHelp || view.inspected != nil {
            let ctx = PanelContext(playback: playback, view: view, theme: theme)
            view.overlayScroll = max(0, min(HeapView.overlayMaxScroll(ctx, width: width, height: height), view.overlayScroll + (up ? -3 : 3)))
            return
        }
        guard let (id, _) = layout.panel(at: x, y) else { return }
        scroll(id, by: up ? -3 : 3)
    }

    private func objectUnderCursor() -> UInt64? {
        let heap = playback.machine.heap
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        if let id = ctx.selectedSpan {
            let s = heap.mheap.allspans[id.index]
            let addr = heap.base(of: id) &+ UInt64(view.cursorSlot * s.elemsize)
            if heap.findObject(addr) != nil { return addr }
        }
        // In the Arena and the Span panel the cursor is the question: a free slot or an idle
        // page has no object (another one, the first variable's, once opened instead).
        if view.focus == .arena || view.focus == .span { return nil }
        return playback.machine.visibleVariables.first { heap.findObject($0.value) != nil }?.value
    }

    /// What Enter says when the cursor is on no object.
    private func nothingUnderCursor() -> String {
        let heap = playback.machine.heap
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        if let id = ctx.selectedSpan {
            return "slot \(view.cursorSlot) of span \(id.index) is free: no object to inspect"
        }
        return heap.readMemStats().heapObjects == 0 ? "no object in the heap to inspect" : "page \(view.cursorPage) holds no span in use: no object to inspect"
    }
}
