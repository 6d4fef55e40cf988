// The interactive application without the terminal: keys in, state out. The event loop
// (HeapCommands) feeds it keys and ticks and draws `frame(width:height:)`; tests do the same.
//
// A key is handled in two parts: `interpret` does what is instant (focus, cursor, help, the
// find prompt) and returns the `Navigation` it asks for, if any; `navigate` moves the playback,
// which may take long. `handle` does both at once (tests, recordings); the terminal loop runs
// `navigate` on a copy of the app on another thread, so keys and signals keep working.

import HeapEngine
import HeapScenario

/// The UI's state machine.
public struct App: Sendable {
    public private(set) var playback: Playback
    public var view = ViewState()
    public let theme: Theme
    /// HeapAlloc after each step seen, for the sparkline (by step index).
    public private(set) var history: [UInt64] = []
    public private(set) var quit = false
    private var ticks = 0
    /// The terminal's size as last drawn: the layout the mouse and the cursor keys work in.
    public private(set) var width = HeapView.fullWidth, height = HeapView.fullHeight

    public init(program: Program, theme: Theme) throws(ScenarioRuntimeError) {
        playback = try Playback(program: program)
        self.theme = theme
        record()
    }

    /// Records the terminal's size (the loop calls it before drawing).
    public mutating func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public func frame(width: Int, height: Int) -> Screen {
        HeapView.render(playback, view: view, theme: theme, width: width, height: height,
                        history: Array(history.prefix(playback.current + 1)))
    }

    private mutating func record() {
        let k = playback.current
        if k == history.count { history.append(playback.machine.heap.readMemStats().heapAlloc) }
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
        switch n {
        case .forward:
            if playback.forward() { record() }
        case .back:
            return seek(playback.current - 1, progress: progress)
        case .seek(let k):
            return seek(k, progress: progress)
        case .nextMark:
            guard let m = playback.nextMark(progress: progress) else { return !(progress?.isCancelled ?? false) }
            return seek(m, progress: progress)
        case .previousMark:
            if let m = playback.previousMark() { return seek(m, progress: progress) }
        case .play(let steps):
            for _ in 0..<steps {
                if progress?.isCancelled == true { return false }
                guard playback.forward() else { view.playing = false; return true }
                record()
                if playback.record.pause { view.playing = false; view.message = "paused (the scenario asks to stop here)"; return true }
            }
        }
        return true
    }

    /// A key's instant effects; returns the navigation it asks for, which `navigate` performs.
    public mutating func interpret(_ key: Key) -> Navigation? {
        if key == .resize { return nil }
        if view.query != nil { editQuery(key); return nil }
        if case .click(let x, let y) = key { return click(x: x, y: y) }
        if view.showHelp || view.inspected != nil, key == .escape || key == .char("?") || key == .enter {
            view.showHelp = false
            view.inspected = nil
            return nil
        }
        if key == .escape { return nil }
        guard let command = KeyTable.command(for: key, focus: view.focus) else { return nil }
        view.message = nil
        switch command {
        case .quit: quit = true
        case .playPause: view.playing.toggle()
        case .stepForward: return .forward
        case .stepBack: return .back
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
        case .inspect: view.inspected = objectUnderCursor()
        case .find: view.query = ""
        case .help: view.showHelp.toggle()
        case .toggleMouse: view.mouse.toggle()
        }
        return nil
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
        case .page(let page, let note):
            view.focus = .arena
            view.cursorPage = page
            view.message = note
        case .notFound(let why):
            view.message = why
        }
    }

    private mutating func seek(_ k: Int, progress: NavigationProgress? = nil) -> Bool {
        guard playback.seek(to: k, progress: progress) else { return false }
        while history.count <= playback.current && history.count == playback.current { record() }
        return true
    }

    /// The inside of `id`'s panel in the current layout, if it is on screen.
    private func inside(_ id: PanelID) -> Rect? {
        HeapView.layout(width: width, height: height, focus: view.focus, procs: playback.machine.heap.mcaches.count)
            .rect(of: id).map { HeapView.inner($0, presenter: theme.presenter) }
    }

    /// Arrows move by one cell and one row of the grid on screen.
    private mutating func moveCursor(dx: Int, dy: Int) {
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        if view.focus == .span {
            let n = ctx.selectedSpan.map { Int(playback.machine.heap.mheap.spans[$0.index].nelems) } ?? 1
            let columns = inside(.span).map { max(1, $0.width / SpanPanel.cellWidth(ctx)) } ?? 16
            view.cursorSlot = max(0, min(n - 1, view.cursorSlot + dx + dy * columns))
        } else {
            var per = 1, columns = 16
            if let r = inside(.arena) {
                let grid = ArenaPanel.grid(ctx, r)
                per = ArenaPanel.pagesPerCell(ctx.heap, cells: max(1, grid.cells)).perCell
                columns = max(1, grid.columns)
            }
            let page = view.cursorPage / per * per + (dx + dy * columns) * per
            view.cursorPage = max(0, min(playback.machine.heap.mheap.arenaPages - 1, page))
            view.cursorSlot = 0
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
        let layout = HeapView.layout(width: width, height: height, focus: view.focus, procs: playback.machine.heap.mcaches.count)
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
            }
        case .span:
            view.focus = .span
            if let slot = SpanPanel.slot(atX: x, y: y, ctx, inner) { view.cursorSlot = slot }
        case .timeline:
            if let step = TimelinePanel.step(atX: x, y: y, ctx, inner) { return .seek(step) }
        default:
            view.focus = id
        }
        return nil
    }

    private func objectUnderCursor() -> UInt64? {
        let heap = playback.machine.heap
        let ctx = PanelContext(playback: playback, view: view, theme: theme)
        if let id = ctx.selectedSpan {
            let s = heap.mheap.spans[id.index]
            let addr = heap.base(of: id) &+ UInt64(view.cursorSlot * s.elemsize)
            if heap.findObject(addr) != nil { return addr }
        }
        return playback.machine.visibleVariables.first { heap.findObject($0.value) != nil }?.value
    }
}
