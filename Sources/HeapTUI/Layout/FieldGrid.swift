// Figures laid out in columns, each whole or not at all. A field is a label and its value,
// exact ("HeapIdle 67100672") with a shorter form for narrow panels ("HeapIdle 63.99 MiB").
// Columns are as wide as the widest field; a field wider than the panel takes its short form,
// and a field that does not fit even then is left out and named in a note, so no number is
// ever cut into a different one.

/// A label with its value, exact and (optionally) short.
struct Field {
    let label: String
    let exact: String
    var short: String? = nil
}

enum FieldGrid {
    /// Rows of fields at `width` columns, and a note naming any field left out. With
    /// `preferShort` (presenter mode: a room reads "64 MiB" more easily than "67108864") the
    /// short form is used wherever there is one.
    static func lines(_ fields: [Field], width: Int, style: CellStyle = .plain, note: String = "", preferShort: Bool = false) -> [TextLine] {
        var shown: [String] = []
        var dropped: [String] = []
        for f in fields {
            if preferShort, let s = f.short, (f.label + " " + s).terminalWidth <= width { shown.append(f.label + " " + s); continue }
            let exact = f.label + " " + f.exact
            if exact.terminalWidth <= width { shown.append(exact); continue }
            if let s = f.short, (f.label + " " + s).terminalWidth <= width { shown.append(f.label + " " + s); continue }
            dropped.append(f.label)
        }
        var out: [TextLine] = []
        // A field too wide to share a row (NextGC under GOGC off) gets a row of its own after
        // the grid, so that the others keep their columns.
        var alone: [String] = []
        if shown.count > 1 {
            alone = shown.filter { $0.terminalWidth + 2 > (width + 2) / 2 }
            if alone.count == shown.count { alone = [] } else { shown.removeAll { alone.contains($0) } }
        }
        if !shown.isEmpty {
            let cell = (shown.map(\.terminalWidth).max() ?? 0) + 2
            let columns = max(1, (width + 2) / cell)
            let rows = (shown.count + columns - 1) / columns
            for r in 0..<rows {
                // Column-major, like a table read downwards.
                var text = ""
                for c in 0..<columns {
                    let i = c * rows + r
                    guard i < shown.count else { break }
                    let f = shown[i]
                    text += f
                    if c < columns - 1, c * rows + r + rows < shown.count {
                        text += String(repeating: " ", count: cell - f.terminalWidth)
                    }
                }
                out.append(TextLine(text, style, preformatted: true))
            }
        }
        for f in alone { out.append(TextLine(f, style, preformatted: true)) }
        if !dropped.isEmpty {
            out.append(TextLine("(too narrow for " + dropped.joined(separator: ", ") + note + ")", style))
        }
        return out
    }
}
