// The timeline: step n of N and a bar with the current position (▲), bookmarks (◆), pauses
// (‖), questions (?) and GC events (|: a phase change, or a cycle started or ended within the step); below it,
// wrapped, the find prompt, a message, or the current step's bookmark, pause and what the
// collector did in it.

import HeapEngine
import HeapScenario

enum TimelinePanel {
    static func label(_ ctx: PanelContext) -> String {
        let p = ctx.playback
        let failed = p.record.expectations.filter { !$0.passed }.count
        // As wide at step 3 as at step 28: the bar after it keeps its place (a click lands on
        // the same step whatever the step number is now).
        let step = "step \(p.current) of \(p.total)"
        let widest = "step \(p.total) of \(p.total)".count
        return step + String(repeating: " ", count: max(0, widest - step.count)) + (ctx.view.playing ? "  ▶ \(ctx.view.speed)/s" : "")
            + (failed > 0 ? "  ✗ \(failed) expectation\(failed == 1 ? "" : "s") FAILED" : "")
            + (p.failure != nil ? "  stopped: error" : "") + (ctx.view.follow ? "" : "  following off (f)")
    }

    /// The lines under the bar: the find prompt, a message, or the current step's bookmark.
    static func notes(_ ctx: PanelContext) -> [TextLine] {
        if let q = ctx.view.query {
            // At the limit the prompt says so: further keys are not taken.
            let full = q.count >= Finder.maxQuery ? "  (\(Finder.maxQuery) characters at most)" : ""
            return [ctx.line("find (a variable, a path like c.next or an address; Enter finds, Esc cancels): /" + q + "_" + full, ctx.theme.fg(.yellow, bold: true))]
        }
        if let m = ctx.view.message { return [ctx.line(m, ctx.theme.fg(.yellow))] }
        // One line (wrapped if it must), so the panels above keep their place from step to step.
        var runs: [TextRun] = []
        if let here = ctx.playback.bookmarks[ctx.playback.current] {
            runs.append(TextRun(ctx.t("◆ bookmark: " + here.joined(separator: ", ")), ctx.theme.fg(.magenta)))
        }
        if ctx.playback.record.pause {
            runs.append(TextRun(ctx.t((runs.isEmpty ? "" : "   ") + "‖ pause: the scenario asks to stop here"), ctx.theme.fg(.magenta)))
        }
        if let gc = gcNote(ctx.playback.record, before: ctx.playback.heapBefore, after: ctx.heap) {
            runs.append(TextRun(ctx.t((runs.isEmpty ? "" : "   ") + gc), ctx.theme.fg(.yellow)))
        }
        return runs.isEmpty ? [] : [TextLine(runs: runs)]
    }

    /// What the collector did in this step, when it started a cycle or changed phase (the
    /// steps `]` and `[` stop at, drawn | on the bar): the phase before the step, each cycle
    /// start and phase change the step's events show, and the phase after it. The phases come
    /// from the heaps before and after, so a step whose event list was cut short, or whose
    /// last change has no event of its own (sweeping running out), still ends where the GC
    /// panel says.
    static func gcNote(_ record: StepRecord, before: Heap?, after: Heap) -> String? {
        var parts: [String] = []
        func add(_ s: String) { if parts.last != s { parts.append(s) } }
        if let before, before.gc.phase != after.gc.phase || before.gc.numgc != after.gc.numgc {
            add(before.gc.phase.rawValue)
        }
        for e in record.events {
            switch e {
            case let .gcStart(cycle, trigger, _, _):
                add("cycle \(cycle) starts (\(trigger == .heap ? "heap trigger" : trigger == .time ? "sysmon, 2 minutes" : "runtime.GC"))")
            case .gcPhase(let phase, _):
                add(phase.rawValue)
            default: break
            }
        }
        guard !parts.isEmpty else { return nil }
        add(after.gc.phase.rawValue)
        if parts.count == 1 { return nil }
        // The cycles that ended, by number: a step's events may be cut short before them
        // (runtime.GC finishing the cycle under way, then one of its own: "mark → off").
        var ended = ""
        if let before, after.gc.numgc > before.gc.numgc {
            let first = before.gc.numgc + 1, last = after.gc.numgc
            ended = first == last ? " (gc \(first) ended)" : last == first + 1 ? " (gc \(first) and gc \(last) ended)" : " (gc \(first) to gc \(last) ended)"
        }
        return "| GC in this step: " + parts.joined(separator: " → ") + ended
    }

    /// Rows the panel needs inside its border at this width: the bar and a row for its notes
    /// always (so that the panels above do not jump from step to step), more for a long message
    /// (up to 4 in all).
    static func rows(_ ctx: PanelContext, width: Int) -> Int {
        // Presenter mode keeps the room for the most notes, so the panels above never move.
        if ctx.theme.presenter { return 1 + 3 }
        return 1 + max(1, min(3, TextLayout.rows(notes(ctx), width: width).count))
    }

    /// The step a click at (x, y) on the bar asks for.
    static func step(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        let barStart = min(r.width, ctx.t(label(ctx)).terminalWidth + 2)
        let width = r.width - barStart
        guard y == r.y, width > 2 else { return nil }
        let i = x - r.x - barStart
        guard i >= 0, i < width else { return nil }
        return (i * ctx.playback.total + (width - 1) / 2) / (width - 1)
    }

    @discardableResult
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) -> PanelOverflow {
        let p = ctx.playback
        let g = ctx.glyphs
        let label = ctx.t(label(ctx))
        let failed = ctx.playback.record.expectations.contains { !$0.passed }
        screen.write(label, in: r, row: 0, style: ctx.theme.fg(failed ? .red : .normal, bold: true))
        let barStart = min(r.width, label.terminalWidth + 2)
        let width = r.width - barStart
        if width > 2 {
            let total = max(1, p.total)
            var bar = [Cell](repeating: Cell(g.rule, style: ctx.theme.fg(.gray)), count: width)
            // Bookmarks and pauses ahead are known from the program; GC phase changes only
            // once their steps have run. Seen and ahead mostly overlap: drawing a cell twice
            // costs less than building their union every frame.
            let pause = Cell(g.asciiOnly ? "=" : "‖", style: ctx.theme.fg(.magenta))
            for s in p.pauses { bar[min(width - 1, s * (width - 1) / total)] = pause }
            for s in p.pausesAhead { bar[min(width - 1, s * (width - 1) / total)] = pause }
            let question = Cell("?", style: ctx.theme.fg(.magenta))
            for s in p.questions { bar[min(width - 1, s * (width - 1) / total)] = question }
            for s in p.questionsAhead { bar[min(width - 1, s * (width - 1) / total)] = question }
            for s in p.phaseChanges { bar[min(width - 1, s * (width - 1) / total)] = Cell("|", style: ctx.theme.fg(.yellow)) }
            let bookmark = Cell(g.marker, style: ctx.theme.fg(.magenta))
            for s in p.bookmarks.keys { bar[min(width - 1, s * (width - 1) / total)] = bookmark }
            for s in p.bookmarksAhead { bar[min(width - 1, s * (width - 1) / total)] = bookmark }
            bar[min(width - 1, p.current * (width - 1) / total)] = Cell(g.cursor, style: ctx.theme.fg(.cyan, bold: true))
            for (i, c) in bar.enumerated() { screen[r.x + barStart + i, r.y] = c }
        }
        let below = Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1)
        let rows = TextLayout.rows(notes(ctx), width: r.width)
        let hidden = screen.draw(rows, in: below, from: 0)
        return PanelOverflow(above: 0, below: hidden)
    }
}
