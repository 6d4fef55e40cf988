// Text in panels: never cut. A panel's content is a list of lines; each is wrapped to the
// panel's width and the panel scrolls when the rows do not fit (HeapView draws "↓ N more").
//
//   - Prose wraps at spaces. A non-breaking space (U+00A0, `TextLine.bind`) joins a label to its
//     figure, so "HeapIdle 67100672" moves to the next row whole instead of being split; a word
//     wider than the whole row is broken between characters, never inside a double-width one.
//   - Preformatted lines (layout tables, gctrace) keep every space and break only at the width,
//     so the columns of a table stay aligned. A block of them wider than the panel is first
//     narrowed by taking out blank columns the whole block shares (the padding between a
//     table's columns), so a table still reads as a table in a narrow panel.
//
// Widths are terminal columns (`String.terminalWidth`), so CJK and emoji take two.

/// A run of text in one style.
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var style: CellStyle
    public init(_ text: String, _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// One logical line of a panel: styled runs, wrapped as prose or kept as preformatted.
public struct TextLine: Equatable, Sendable {
    public var runs: [TextRun]
    public var preformatted: Bool
    /// Columns the rows after a wrapped line's first start at (0: at the left edge): a tree
    /// row's address goes on below its name, not under the tree's guides.
    public var hangingIndent = 0

    public init(_ text: String, _ style: CellStyle = .plain, preformatted: Bool = false) {
        runs = [TextRun(text, style)]
        self.preformatted = preformatted
    }

    public init(runs: [TextRun], preformatted: Bool = false) {
        self.runs = runs
        self.preformatted = preformatted
    }

    /// The non-breaking space that keeps a label and its figure on one row.
    public static let nbsp: Unicode.Scalar = "\u{A0}"

    /// "label value" that never breaks: every space in it becomes a non-breaking one.
    public static func bind(_ label: String, _ value: String) -> String {
        var out = String.UnicodeScalarView()
        for u in (label + " " + value).unicodeScalars { out.append(u == " " ? nbsp : u) }
        return String(out)
    }

    public var plainText: String { runs.map(\.text).joined() }

    /// Whether the line is one row at `width` exactly as written: not empty, no space at
    /// either end (wrapping drops those), and no wider than the row.
    func fitsAsIs(_ width: Int) -> Bool {
        guard let first = runs.first(where: { !$0.text.isEmpty })?.text.unicodeScalars.first,
              let last = runs.last(where: { !$0.text.isEmpty })?.text.unicodeScalars.last,
              first != " ", last != " " else { return false }
        var w = 0
        for r in runs {
            w += r.text.terminalWidth
            if w > width { return false }
        }
        return true
    }
}

enum TextLayout {
    /// The rows `lines` take at `width` columns.
    static func rows(_ lines: [TextLine], width: Int) -> [[TextRun]] {
        guard width > 0 else { return [] }
        var out: [[TextRun]] = []
        var i = 0
        while i < lines.count {
            if lines[i].preformatted {
                var j = i
                while j < lines.count && lines[j].preformatted { j += 1 }
                for runs in squeeze(lines[i..<j].map(\.runs), width) { out += hardWrap(runs, width) }
                i = j
            } else {
                // Most lines fit as they are: the same row wordWrap would make, without taking
                // them apart glyph by glyph (a panel of 400 rows is laid out every frame).
                if lines[i].fitsAsIs(width) {
                    out.append(lines[i].runs.filter { !$0.text.isEmpty })
                } else if lines[i].hangingIndent > 0 && lines[i].hangingIndent <= width / 2 {
                    // The first row at the full width, the rest again at what the indent leaves.
                    let all = wordWrap(lines[i].runs, width)
                    out.append(all[0])
                    var rest: [TextRun] = []
                    for (k, r) in all.dropFirst().enumerated() { if k > 0 { rest.append(TextRun(" ")) }; rest += r }
                    if !rest.isEmpty {
                        let pad = TextRun(String(repeating: " ", count: lines[i].hangingIndent))
                        out += wordWrap(rest, width - lines[i].hangingIndent).map { [pad] + $0 }
                    }
                } else {
                    out += wordWrap(lines[i].runs, width)
                }
                i += 1
            }
        }
        return out
    }

    /// A block of preformatted lines narrowed toward `width` by removing, one at a time, a
    /// column where every line has a blank and another blank beside it (so no two words ever
    /// touch): the padding a table's columns share.
    /// Only the table's lines take part: those with two blanks in a row after their
    /// indentation; the others (a summary in prose) are left as they are.
    private static func squeeze(_ block: [[TextRun]], _ width: Int) -> [[TextRun]] {
        let all = block.map { glyphs($0) }
        let isTable = all.map { l -> Bool in
            let text = l.drop { $0.u == " " }.map(\.u)
            return zip(text, text.dropFirst()).contains { $0 == " " && $1 == " " }
        }
        let tableRows = all.indices.filter { isTable[$0] }
        var lines = tableRows.map { all[$0] }
        var widest = lines.map { $0.reduce(0) { $0 + $1.w } }.max() ?? 0
        guard lines.count > 1, widest > width else { return block }
        func blank(_ l: [Glyph], _ c: Int) -> Bool { c >= l.count || l[c].u == " " }
        while widest > width {
            let longest = lines.map(\.count).max() ?? 0
            // The rightmost removable column: its neighbour to the left is blank on every line too.
            guard let c = stride(from: longest - 1, through: 0, by: -1).first(where: { c in
                lines.allSatisfy { blank($0, c) && (c == 0 || blank($0, c - 1)) } && lines.contains { c < $0.count }
            }) else { break }
            for k in lines.indices where c < lines[k].count { lines[k].remove(at: c) }
            widest = lines.map { $0.reduce(0) { $0 + $1.w } }.max() ?? 0
        }
        var out = block
        for (k, i) in tableRows.enumerated() { out[i] = runs(lines[k][...]) }
        return out
    }

    /// A styled character: one scalar, its style, its columns.
    private struct Glyph { let u: Unicode.Scalar; let style: CellStyle; let w: Int }

    private static func glyphs(_ runs: [TextRun]) -> [Glyph] {
        var out: [Glyph] = []
        out.reserveCapacity(runs.reduce(0) { $0 + $1.text.utf8.count })
        for r in runs {
            for u in r.text.unicodeScalars {
                let w = Cell.columns(u)
                if w == 0 && u != TextLine.nbsp { continue }
                out.append(Glyph(u: u, style: r.style, w: u == TextLine.nbsp ? 1 : w))
            }
        }
        return out
    }

    /// Runs of consecutive glyphs of one style.
    private static func runs(_ gs: ArraySlice<Glyph>) -> [TextRun] {
        var out: [TextRun] = []
        guard var style = gs.first?.style else { return out }
        var text = String.UnicodeScalarView()
        for g in gs {
            if g.style != style {
                out.append(TextRun(String(text), style))
                text = String.UnicodeScalarView()
                style = g.style
            }
            text.append(g.u == TextLine.nbsp ? " " : g.u)
        }
        out.append(TextRun(String(text), style))
        return out
    }

    /// Keeps every space; a line wider than the row breaks at its last space that fits (after
    /// the indentation), or between characters when there is none.
    private static func hardWrap(_ line: [TextRun], _ width: Int) -> [[TextRun]] {
        let gs = glyphs(line)
        if gs.isEmpty { return [[]] }
        var out: [[TextRun]] = []
        var start = 0, used = 0, i = 0
        while i < gs.count {
            if used + gs[i].w > width {
                // The last space in this row, past its leading spaces.
                var text = start
                while text < i, gs[text].u == " " { text += 1 }
                var cut = i
                if gs[i].u != " ", let space = (text..<i).last(where: { gs[$0].u == " " }) { cut = space }
                out.append(runs(gs[start..<cut]))
                start = cut
                while start < gs.count, gs[start].u == " " { start += 1 }
                i = start
                used = 0
                if i < gs.count, gs[i].w > width { i += 1; start = i }   // a 2-column glyph in a 1-column row
                continue
            }
            used += gs[i].w
            i += 1
        }
        if start < gs.count { out.append(runs(gs[start..<gs.count])) }
        return out
    }

    /// Breaks at spaces; a word wider than a row is broken between characters.
    /// Units a figure is written with: "64 MiB", "22 MB", "11 µs" wrap as one word.
    static let units: Set<String> = ["B", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "ns", "µs", "us", "ms", "s", "%",
                                     "byte", "bytes", "page", "pages", "word", "words", "P", "Ps"]

    /// The spaces between a number and its unit, made non-breaking: a figure never wraps away
    /// from its unit ("HeapSys 0 B → 64" / "MiB" once).
    private static func bindUnits(_ gs: inout [Glyph]) {
        var k = 1
        while k + 1 < gs.count {
            defer { k += 1 }
            // A unit starts with one of these letters: most spaces after a digit cost no string.
            guard gs[k].u == " ", gs[k - 1].u.properties.numericType != nil,
                  "BKMGTnµumsbpwP%".unicodeScalars.contains(gs[k + 1].u) else { continue }
            var e = k + 1
            while e < gs.count, gs[e].u != " " { e += 1 }
            var word = String(String.UnicodeScalarView(gs[(k + 1)..<e].map(\.u)))
            while let last = word.unicodeScalars.last, ".,;:)".unicodeScalars.contains(last) { word.unicodeScalars.removeLast() }
            if units.contains(word) { gs[k] = Glyph(u: TextLine.nbsp, style: gs[k].style, w: 1) }
        }
    }

    private static func wordWrap(_ line: [TextRun], _ width: Int) -> [[TextRun]] {
        var gs = glyphs(line)
        if gs.isEmpty { return [[]] }
        bindUnits(&gs)
        var out: [[TextRun]] = []
        var row: [Glyph] = []
        var rowWidth = 0
        var i = 0
        while i < gs.count {
            // The next word: non-space glyphs (a non-breaking space belongs to the word).
            if gs[i].u == " " {
                i += 1
                continue
            }
            var j = i, w = 0
            while j < gs.count, gs[j].u != " " { w += gs[j].w; j += 1 }
            let word = gs[i..<j]
            // Spaces before it, as written (at least one between words on a row).
            var gap = 0
            var k = i - 1
            while k >= 0, gs[k].u == " " { gap += 1; k -= 1 }
            let sep = row.isEmpty ? 0 : max(1, gap)
            if rowWidth + sep + w <= width {
                if sep > 0 { row += Array(repeating: Glyph(u: " ", style: word.first!.style, w: 1), count: sep) }
                row += word
                rowWidth += sep + w
            } else if w <= width {
                out.append(runs(row[...]))
                row = Array(word)
                rowWidth = w
            } else if word.contains(where: { $0.u == TextLine.nbsp }) {
                // A bound field wider than a row ("trigger 15.78 MiB (ratio 0.000)" at 60×16)
                // breaks at its own spaces, never inside a figure: from a row of its own, at the
                // last of its spaces that fits, row after row ("marked 14.78 MiB" / "(last
                // cycle)"); the pieces go on as words.
                var used = 0, lastBreak: Int? = nil, broke = false
                var k = i
                while k < j {
                    used += gs[k].w
                    if used > width, let b = lastBreak {
                        gs[b] = Glyph(u: " ", style: gs[b].style, w: 1)
                        broke = true
                        used = gs[(b + 1)...k].reduce(0) { $0 + $1.w }
                        lastBreak = nil
                    }
                    if gs[k].u == TextLine.nbsp { lastBreak = k }
                    k += 1
                }
                if !broke { for k in i..<j where gs[k].u == TextLine.nbsp { gs[k] = Glyph(u: " ", style: gs[k].style, w: 1) } }
                continue
            } else {
                // Wider than a row: fill this row's rest, then whole rows, character by character.
                var rest = word[...]
                if !row.isEmpty && rowWidth + sep < width {
                    row += Array(repeating: Glyph(u: " ", style: word.first!.style, w: 1), count: sep)
                    rowWidth += sep
                } else if !row.isEmpty {
                    out.append(runs(row[...]))
                    row = []
                    rowWidth = 0
                }
                while let g = rest.first {
                    if rowWidth + g.w > width {
                        out.append(runs(row[...]))
                        row = []
                        rowWidth = 0
                        if g.w > width { rest = rest.dropFirst(); continue }
                    }
                    row.append(g)
                    rowWidth += g.w
                    rest = rest.dropFirst()
                }
            }
            i = j
        }
        out.append(runs(row[...]))
        return out
    }
}

extension Screen {
    /// Draws rows of styled runs into `r` from row `first`; returns how many rows are below the
    /// part shown.
    @discardableResult
    public mutating func draw(_ rows: [[TextRun]], in r: Rect, from first: Int) -> Int {
        guard r.height > 0 else { return 0 }
        let start = max(0, min(first, max(0, rows.count - r.height)))
        for (i, row) in rows.dropFirst(start).prefix(r.height).enumerated() {
            var col = 0
            for run in row {
                write(run.text, in: r, row: i, column: col, style: run.style)
                col += run.text.terminalWidth
            }
        }
        return max(0, rows.count - start - r.height)
    }
}
