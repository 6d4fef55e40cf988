// Narration: the scenario's caption and question, the statement of the current step, the figures
// it moved (FigureChanges), what it did in plain words, the runtime functions it went through,
// any output (a `layout` table, kept as printed), and the expectations with ok/FAIL. All of it wraps, and the panel scrolls when it
// is longer than the panel. Scenario text is drawn through Screen.write, which replaces control
// characters.

import HeapEngine
import HeapScenario

enum NarrationPanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        let r = ctx.record
        var out: [TextLine] = []
        if let note = ctx.view.captionNote {
            out.append(ctx.line(note, ctx.theme.fg(.gray)))
        }
        if let caption = r.caption, !ctx.captionInTitle {
            out.append(ctx.line(caption, ctx.theme.fg(.cyan, bold: true)))
        }
        if let q = r.question {
            out.append(ctx.line("? " + q, ctx.theme.fg(.yellow, bold: true)))
        }
        if let site = r.site, r.question != nil {
            // The statement holds the answer: it must not show before the next step (on the
            // last step, which has no next one, the answer is below).
            out.append(ctx.line("line \(site.location.line): ask — " + (r.index < ctx.playback.total ? "think, then take the next step for the answer" : "the last step: think, then read the answer below"),
                                ctx.theme.fg(.normal, bold: true)))
        } else if let site = r.site, r.caption != nil, site.text.hasPrefix("say ") {
            // The caption above is this statement's text: not twice.
            out.append(ctx.line("line \(site.location.line): say (the caption above)", ctx.theme.fg(.normal, bold: true)))
        } else if let site = r.site {
            out.append(ctx.line("line \(site.location.line): \(site.text)", ctx.theme.fg(.normal, bold: true)))
        } else {
            out.append(ctx.line("start", ctx.theme.fg(.normal, bold: true)))
        }
        if let e = r.error { out.append(ctx.line("error: \(e.message)", ctx.theme.fg(.red, bold: true))) }
        if let a = r.answer { out.append(ctx.line("answer: \(a)", ctx.theme.fg(.green, bold: true))) }
        // The figures the step moved, before → after (FigureChanges).
        if let before = ctx.playback.heapBefore {
            let changes = FigureChanges.between(before, ctx.heap)
            if !changes.isEmpty { out.append(ctx.line("changed: " + FigureChanges.line(changes, asciiOnly: ctx.glyphs.asciiOnly), ctx.theme.fg(.magenta))) }
        }
        // A caption is already shown above; do not repeat it as narration. Nor the question,
        // which has its own line above.
        // Names for the addresses the text mentions: from the frame's graph when the Objects
        // panel is on screen, else from a walk that stops once it has found them (or
        // after ObjectGraph.narrationLimit objects, as the panel's does).
        let chain = Narration.chain(Array(r.events.prefix(40)))
        let texts = r.narration + [chain]
        let wanted = Set(texts.flatMap { addresses(in: $0) }.filter { ctx.heap.findObject($0)?.base == $0 })
        let graph = wanted.isEmpty ? ObjectGraph() : ctx.cachedGraph ?? ObjectGraph(ctx.playback.machine, limit: ObjectGraph.narrationLimit, wanted: wanted)
        let anyNamed = wanted.contains { graph.index[$0] != nil }
        for n in r.narration where n != r.caption && !(r.question.map { n.contains($0) } ?? false) {
            out.append(ctx.line(anyNamed ? named(n, graph) : n))
        }
        let path = anyNamed ? named(chain, graph) : chain
        if !path.isEmpty { out.append(ctx.line(path + (r.eventCount > 40 ? " → … (\(r.eventCount - 40) more events)" : ""), ctx.theme.fg(.gray))) }
        for o in r.output { out.append(ctx.line(o, preformatted: true)) }
        // On a step that asks a question, expectations that passed would give the answer away
        // ("expect HeapObjects == 64" under "How many blocks?"): counted, not shown. A failed
        // one is shown whole, as everywhere.
        let hidden = r.question != nil ? r.expectations.filter(\.passed).count : 0
        if hidden > 0 {
            let mark = ctx.glyphs.asciiOnly ? "ok" : "✓ ok"
            out.append(ctx.line("\(mark) \(hidden == 1 ? "an expectation" : "\(hidden) expectations") on this step (not shown: \(hidden == 1 ? "it gives" : "they give") the answer away)",
                                ctx.theme.fg(.green)))
        }
        for e in r.expectations where !(hidden > 0 && e.passed) {
            // ASCII has no tick: "ok" alone (+ would read as a grey object).
            let mark = ctx.glyphs.asciiOnly ? (e.passed ? "ok" : "! FAIL") : (e.passed ? "✓ ok" : "✗ FAIL")
            out.append(ctx.line(mark + " " + e.site.text + (e.detail.isEmpty ? "" : " — " + e.detail),
                                ctx.theme.fg(e.passed ? .green : .red, bold: !e.passed)))
        }
        return out
    }

    /// The text with each object address the program has a name for written as
    /// "name (address)" — "shade c (0xc000010020) grey" — unless its clause names it already
    /// ("root b → 0xc000000000", "x points to the new object at 0xc…"). Works on UTF-8 bytes: addresses and names are ASCII.
    static func named(_ text: String, _ graph: ObjectGraph) -> String {
        guard text.contains("0x") else { return text }
        let u = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 64)
        var i = 0
        while i < u.count {
            if let (v, j) = address(u, at: i), let name = graph.name(of: v) {
                let n = Array(name.utf8)
                // The clause the address is in: from the last ". " or "→" before it (not the
                // arrow just in front of it: "root b → 0xc…" names it already).
                let before = u[clauseStart(u, before: i)..<i]
                if !(containsWord(Array(before), n) || (i > 0 && u[i - 1] == UInt8(ascii: "(")) || placesMemory(Array(before))) {
                    out += n
                    out += Array(" (".utf8)
                    out += u[i..<j]
                    out.append(UInt8(ascii: ")"))
                } else {
                    out += u[i..<j]
                }
                i = j
                continue
            }
            out.append(u[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a clause ending in an address places memory rather than an object: "sysReserve
    /// 64 MiB at 0xc…", "span 0 = 1 page at 0xc…" — the arena's or a span's base, which only
    /// happens to be where an object starts, is not that object.
    static func placesMemory(_ clause: [UInt8]) -> Bool {
        let text = String(decoding: clause, as: UTF8.self)
        guard text.hasSuffix(" at ") else { return false }
        return ["sysReserve", "sysMap", " page", "pages", "arena", "heapArena"].contains { text.contains($0) }
    }

    /// Where the clause holding byte `i` starts: after the last ". " or " → " that ends more
    /// than a few bytes before it.
    static func clauseStart(_ u: [UInt8], before i: Int) -> Int {
        var k = i - 5
        while k > 0 {
            if u[k] == UInt8(ascii: ".") && u[k + 1] == UInt8(ascii: " ") { return k + 2 }
            if u[k] == 0xE2 && k + 2 < i && u[k + 1] == 0x86 && u[k + 2] == 0x92 { return k + 3 }
            k -= 1
        }
        return 0
    }

    /// The address ("0x" and hex digits, not inside a word) at byte `i`, and the byte after it.
    static func address(_ u: [UInt8], at i: Int) -> (UInt64, Int)? {
        guard i + 2 < u.count, u[i] == UInt8(ascii: "0"), u[i + 1] == UInt8(ascii: "x"), i == 0 || !isWord(u[i - 1]) else { return nil }
        var j = i + 2, v: UInt64 = 0
        while j < u.count, let d = hexValue(u[j]), j - i - 2 < 16 { v = v << 4 | d; j += 1 }
        guard j > i + 2, j == u.count || !isWord(u[j]) else { return nil }
        return (v, j)
    }

    /// The addresses ("0x" and hex digits) in a text.
    static func addresses(in text: String) -> [UInt64] {
        guard text.contains("0x") else { return [] }
        let u = Array(text.utf8)
        var out: [UInt64] = []
        var i = 0
        while i < u.count {
            if let (v, j) = address(u, at: i) { out.append(v); i = j } else { i += 1 }
        }
        return out
    }

    /// Whether `name` occurs in `text` as a whole word (not inside a longer name).
    static func containsWord(_ text: String, _ name: String) -> Bool { containsWord(Array(text.utf8), Array(name.utf8)) }

    static func containsWord(_ t: [UInt8], _ n: [UInt8]) -> Bool {
        guard !n.isEmpty, t.count >= n.count else { return false }
        for k in 0...(t.count - n.count) where t[k..<(k + n.count)].elementsEqual(n) {
            let leftOK = k == 0 || !isWord(t[k - 1]) || !isWord(n[0])
            let rightOK = k + n.count == t.count || !isWord(t[k + n.count]) || !isWord(n[n.count - 1])
            if leftOK && rightOK { return true }
        }
        return false
    }

    /// ASCII letters, digits and _ (addresses and the program's names are ASCII).
    private static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    private static func hexValue(_ c: UInt8) -> UInt64? {
        switch c {
        case 0x30...0x39: UInt64(c - 0x30)
        case 0x61...0x66: UInt64(c - 0x61 + 10)
        case 0x41...0x46: UInt64(c - 0x41 + 10)
        default: nil
        }
    }
}
