// How many columns a terminal gives a character: what keeps a caret under its column in a
// diagnostic and every panel border in place in the view (HeapTUI's Cell.columns).

public enum TerminalColumns {
    /// The columns a terminal gives `u`: 0 for combining marks and format characters, 2 for
    /// East Asian wide and fullwidth characters and emoji, 1 otherwise (the ranges of Unicode's
    /// EastAsianWidth W/F that matter in practice; ambiguous-width characters count as 1).
    public static func of(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return 1 }
        // The symbols the panels draw all the time — dashes, quotes and … (not the zero-width and
        // format characters around them), arrows, mathematical operators, box
        // drawing, blocks and geometric shapes up to U+25FC (◽ and ◾ are emoji) — are one
        // column, without a Unicode property lookup each.
        if (0x2010...0x2027).contains(v) || (0x2030...0x205F).contains(v) || (0x2190...0x22FF).contains(v)
            || (0x2500...0x25FC).contains(v) { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if u.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns `s` takes in a terminal.
    public static func of(_ s: String) -> Int { s.unicodeScalars.reduce(0) { (sum: Int, u: Unicode.Scalar) in sum + of(u) } }
}
