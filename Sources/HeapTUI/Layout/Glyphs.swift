// Glyphs and colours. Every colour is backed by a glyph, so NO_COLOR, monochrome terminals and
// colour-blind viewers lose nothing; the ASCII set serves terminals without Unicode.

import HeapEngine

/// The characters the panels draw with.
public struct Glyphs: Equatable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Unicode.Scalar
    /// Arena cells: not mapped, free (mapped, idle), released to the OS, a large object.
    public var unmapped, free, released, large: Unicode.Scalar
    /// Span occupancy, from nearly empty to full.
    public var occupancy: [Unicode.Scalar]
    /// Slots: free, allocated; objects by colour.
    public var freeSlot, usedSlot, white, grey, black: Unicode.Scalar
    public var cursor: Unicode.Scalar
    public var marker: Unicode.Scalar
    public var rule: Unicode.Scalar
    /// Whether only ASCII may be drawn: every text is transliterated (`text(_:)`) and the
    /// screen turns anything else into `?`.
    public var asciiOnly = false

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        unmapped: " ", free: "░", released: "·", large: "▓",
        occupancy: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        freeSlot: "·", usedSlot: "■", white: "○", grey: "◐", black: "●", cursor: "▲", marker: "◆", rule: "─")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        unmapped: " ", free: ".", released: "_", large: "L",
        occupancy: [",", ":", ";", "=", "+", "*", "%", "#"],
        freeSlot: ".", usedSlot: "#", white: "w", grey: "g", black: "b", cursor: "^", marker: "*", rule: "-",
        asciiOnly: true)

    /// Text as this glyph set can draw it: unchanged in Unicode; in ASCII the symbols heapscope
    /// uses become their ASCII forms (→ "->", ✓ "ok", ✗ "!", ∅ "none", — "-", … "...") and
    /// any other character outside ASCII becomes "?".
    public func text(_ s: String) -> String {
        guard asciiOnly, s.unicodeScalars.contains(where: { $0.value > 0x7E }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if u.value <= 0x7E { out.unicodeScalars.append(u); continue }
            if let r = Glyphs.asciiForms[u] { out += r; continue }
            if u == TextLine.nbsp { out.unicodeScalars.append(u); continue }
            if Cell.columns(u) == 0 { continue }
            out += "?"
        }
        return out
    }

    /// The ASCII forms of the symbols heapscope's own texts use.
    static let asciiForms: [Unicode.Scalar: String] = [
        "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "▶": ">", "◂": "<", "▸": ">", "✓": "ok", "✗": "!",
        "∅": "none", "—": "-", "–": "-", "…": "...", "×": "x", "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=",
        "µ": "u", "·": ".", "•": "*", "‘": "'", "’": "'", "“": "\"", "”": "\"", "○": "w", "◐": "g", "●": "b",
        "■": "#", "░": ".", "▓": "L", "█": "#", "▁": ",", "▲": "^", "◆": "*", "─": "-", "│": "|", "é": "e",
        "½": "1/2", "\u{2009}": " ", "‖": "=", "├": "|", "└": "`",
    ]
}

/// The terminal's background, which decides the colours that read on it.
public enum ThemeBackground: String, Sendable, CaseIterable {
    case dark, light

    /// The background `COLORFGBG` ("15;0": foreground 15 on background 0, as rxvt, Konsole
    /// and others set it) says, if it says one: colours 0–6 and 8 are dark, 7 and 9–15 light.
    public static func from(colorfgbg: String?) -> ThemeBackground? {
        guard let v = colorfgbg, let last = v.split(separator: ";").last, let n = Int(last) else { return nil }
        switch n {
        case 0...6, 8: return .dark
        case 7, 9...15: return .light
        default: return nil
        }
    }
}

/// How the view draws: glyph set, colour on/off, presenter mode, dark or light background.
public struct Theme: Equatable, Sendable {
    public var glyphs: Glyphs
    public var color: Bool
    /// Projector mode: bigger cells, captions in a bar, no chrome.
    public var presenter: Bool
    public var background: ThemeBackground

    public init(glyphs: Glyphs = .unicode, color: Bool = true, presenter: Bool = false, background: ThemeBackground = .dark) {
        self.glyphs = glyphs
        self.color = color
        self.presenter = presenter
        self.background = background
    }

    /// Text as the glyph set can draw it (see `Glyphs.text`).
    public func text(_ s: String) -> String { glyphs.text(s) }

    /// A foreground style, or plain when colour is off. On a light background the colours
    /// that do not read on white are replaced: yellow by magenta, cyan by blue, white by black.
    public func fg(_ c: CellStyle.Color, bold: Bool = false) -> CellStyle {
        CellStyle(foreground: color ? readable(c) : .normal, bold: bold)
    }

    func readable(_ c: CellStyle.Color) -> CellStyle.Color {
        guard background == .light else { return c }
        switch c {
        case .yellow: return .magenta
        case .cyan: return .blue
        case .white: return .black
        default: return c
        }
    }

    /// A collector colour as that colour: a white, grey or black cell, its glyph and letter in
    /// the contrasting colour (so black reads on a dark terminal and white on a light one).
    /// Without colour, the glyph and letter alone (black in bold).
    public func objectStyle(_ c: ObjectColor) -> CellStyle {
        guard color else { return CellStyle(bold: c == .black) }
        switch c {
        case .white: return CellStyle(foreground: .black, background: .white)
        // Grey is a lighter grey on a dark background, a darker one on a light background.
        case .grey: return CellStyle(foreground: background == .dark ? .black : .white, background: .gray)
        case .black: return CellStyle(foreground: .white, background: .black, bold: true)
        }
    }

    /// The theme the environment asks for: `NO_COLOR` (present and not empty, as no-color.org
    /// says) turns colour off; a locale without UTF-8 selects ASCII; `COLORFGBG` says whether
    /// the background is light.
    public static func from(environment env: [String: String]) -> Theme {
        let locale = env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? ""
        let utf8 = locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        return Theme(glyphs: utf8 ? .unicode : .ascii, color: (env["NO_COLOR"] ?? "").isEmpty,
                     background: ThemeBackground.from(colorfgbg: env["COLORFGBG"]) ?? .dark)
    }
}
