// `heapscope run FILE` in text: each step's narration, then the final state. Steps that repeat
// the same statement many times (a loop of 100,000 allocations) are shown a few times and then
// counted, so the output stays readable. Scenario text is cleaned of control characters.

import HeapEngine

/// Text for headless runs.
public struct TextReport {
    /// Consecutive steps of one statement shown before the rest are only counted.
    public static let repeatsShown = 3
    /// Events of one step shown in its runtime path (a whole cycle has a million).
    public static let eventsShown = 24

    /// How often each statement has been shown.
    private var shownCount: [SourceLocation: Int] = [:]
    private var hidden = 0
    private var hiddenLines: Set<Int> = []

    public init() {}

    /// Lines for one step (none when its statement has been shown `repeatsShown` times
    /// already, as in the later iterations of a loop; those are counted instead).
    public mutating func lines(for r: StepRecord) -> [String] {
        var out: [String] = []
        let notable = r.error != nil || !r.expectations.isEmpty || r.question != nil || r.answer != nil
            || !r.output.isEmpty || !r.bookmarks.isEmpty || r.pause
        if let site = r.site, !notable {
            let n = shownCount[site.location, default: 0]
            if n >= TextReport.repeatsShown {
                hidden += 1
                hiddenLines.insert(site.location.line)
                return []
            }
            shownCount[site.location] = n + 1
        }
        out += flush()
        if let site = r.site {
            out.append("[\(r.index)] line \(site.location.line): \(SafeText.clean(site.text))")
        } else {
            out.append("[0] start")
        }
        if let a = r.answer { out.append("    answer: \(SafeText.clean(a))") }
        for n in r.narration { out.append("    " + SafeText.clean(n)) }
        let shownEvents = Array(r.events.prefix(TextReport.eventsShown))
        let chain = Narration.chain(shownEvents)
        if !chain.isEmpty {
            let more = r.eventCount - shownEvents.count
            out.append("    " + SafeText.clean(chain) + (more > 0 ? " → … (\(more) more event\(more == 1 ? "" : "s"))" : ""))
        }
        for o in r.output { out.append("    " + SafeText.clean(o)) }
        for b in r.bookmarks { out.append("    bookmark: \(SafeText.clean(b))") }
        if r.pause { out.append("    (pause)") }
        for e in r.expectations {
            out.append("    \(e.passed ? "✓" : "✗") \(SafeText.clean(e.site.text))" + (e.detail.isEmpty ? "" : " — \(SafeText.clean(e.detail))"))
        }
        if let e = r.error { out.append("    error: \(SafeText.clean(e.message))") }
        return out
    }

    /// The count of steps hidden since the last shown one.
    public mutating func flush() -> [String] {
        defer { hidden = 0; hiddenLines = [] }
        guard hidden > 0 else { return [] }
        let lines = hiddenLines.sorted()
        let which = lines.count == 1 ? "line \(lines[0])" : "lines \(lines.first!)–\(lines.last!)"
        return ["    … \(hidden) more step\(hidden == 1 ? "" : "s") repeating \(which)"]
    }

    /// The final state: statistics, collector, roots and the mcentral lists in use.
    public static func finalState(_ m: ScenarioMachine) -> [String] {
        let h = m.heap
        let st = h.readMemStats()
        var out: [String] = []
        out.append("Final state after step \(m.stepIndex) of \(m.program.stepCount): phase \(h.gc.phase), "
                   + "\(h.gc.numgc) GC cycle\(h.gc.numgc == 1 ? "" : "s"), simulated time \(Duration.clock(h.nanotime))")
        out.append("  HeapAlloc \(st.heapAlloc)  HeapSys \(st.heapSys)  HeapIdle \(st.heapIdle)  HeapInuse \(st.heapInuse)  HeapReleased \(st.heapReleased)")
        out.append("  HeapObjects \(st.heapObjects)  Mallocs \(st.mallocs)  Frees \(st.frees)  NextGC \(st.nextGC)  NumGC \(st.numGC)  PauseTotalNs \(st.pauseTotalNs)")
        // Every live root (every goroutine's stack, all frames, and the globals).
        let vars = h.liveRoots.map(\.slot)
        if !vars.isEmpty {
            let shown = vars.prefix(12).map { r -> String in
                let whose: String
                switch r.kind {
                case .global: whose = " (global)"
                case .stack(let g): whose = g == "main" ? "" : " (on \(SafeText.clean(g)))"
                }
                return "\(SafeText.clean(r.name))\(whose) = \(r.value == 0 ? "nil" : hexAddress(r.value))"
            }
            out.append("  roots: " + shown.joined(separator: ", ") + (vars.count > 12 ? ", … (\(vars.count) in all)" : ""))
        }
        var lists: [String] = []
        for c in 1..<h.profile.sizeClasses.count {
            for noscan in [false, true] {
                let spc = SpanClass(sizeclass: c, noscan: noscan)
                let ne = h.spans(on: .nonempty, of: spc).count, e = h.spans(on: .empty, of: spc).count
                if ne + e > 0 { lists.append("class \(spc): nonempty \(ne), empty \(e)") }
            }
        }
        if !lists.isEmpty { out.append("  mcentral: " + lists.joined(separator: "; ")) }
        let shown = h.gc.cycles.suffix(3)
        if h.gc.numgc > shown.count { out.append("  gctrace, the last \(shown.count) of \(h.gc.numgc) cycles:") }
        for r in shown { out.append("  " + h.gctraceLine(r)) }
        return out
    }
}
