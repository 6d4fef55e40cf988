// The in-memory screen every panel draws into: a grid of cells (a Unicode scalar and a style)
// that clips every write to its bounds. Nothing here talks to a terminal; a thin backend
// (HeapTerminal) copies the cells that changed to curses. Tests render a Screen of any size,
// 20×5 included, and compare its text with golden files.

import HeapScenario

/// How a cell is drawn. Every colour has a glyph or attribute to back it (see the panels).
public struct CellStyle: Hashable, Sendable {
    public enum Color: UInt8, Sendable { case normal, red, green, yellow, blue, magenta, cyan, white, gray, black }
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    /// Marks a cell the last step changed (an attribute, so it survives NO_COLOR).
    public var underline: Bool

    public init(foreground: Color = .normal, background: Color = .normal, bold: Bool = false,
                reverse: Bool = false, dim: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = CellStyle()
}

/// One character cell. A double-width character (CJK, emoji) fills its cell and the next one,
/// which holds `Cell.continuation` and is never drawn by itself.
public struct Cell: Hashable, Sendable {
    /// The right half of a double-width character.
    public static let continuation = Cell("\u{0}")
    public var isContinuation: Bool { scalar == "\u{0}" }
    public var scalar: Unicode.Scalar
    public var style: CellStyle
    public init(_ scalar: Unicode.Scalar = " ", style: CellStyle = .plain) {
        self.scalar = scalar
        self.style = style
    }
}

/// A `width`×`height` grid of cells that clips every write.
///
/// ```swift
/// var s = Screen(width: 10, height: 2)
/// s.write("hello, world", x: 0, y: 0)   // clipped to "hello, wor"
/// s.text   // "hello, wor\n          "
/// ```
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Draw only ASCII: any other character written becomes `?` (the panels transliterate
    /// first, `Glyphs.text`; this is the guarantee for `--ascii` and non-UTF-8 locales).
    public var asciiOnly = false

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            if asciiOnly, newValue.scalar.value > 0x7E { put(Cell("?", style: newValue.style), x, y) } else { put(newValue, x, y) }
        }
    }

    /// Stores a cell and keeps double-width characters whole: overwriting either half of one
    /// blanks the other half.
    private mutating func put(_ c: Cell, _ x: Int, _ y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0, !c.isContinuation { cells[i - 1] = Cell(" ", style: cells[i - 1].style) }
        if x + 1 < width, cells[i + 1].isContinuation, Cell.columns(c.scalar) != 2 { cells[i + 1] = Cell(" ", style: cells[i + 1].style) }
        cells[i] = c
    }

    /// Writes `text` from column `x` of row `y`, clipped to the screen and to `maxColumns`.
    /// Control characters are drawn as `?`, so no text can move the terminal's cursor;
    /// combining marks and other zero-width characters are left out; a double-width character
    /// takes two cells, or is replaced by a space where only one is left.
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxColumns: Int = .max) {
        guard y >= 0, y < height else { return }
        let end = x + min(maxColumns, width - x)
        var col = x
        for var u in text.unicodeScalars {
            if col >= min(width, end) { break }
            // A non-breaking space (TextLine.bind) is a space on screen, also under ASCII.
            if u == "\u{A0}" { u = " " }
            let isControl = u.value < 0x20 || (0x7F..<0xA0).contains(u.value)
            let foreign = asciiOnly && u.value > 0x7E
            if foreign && Cell.columns(u) == 0 { continue }
            let shown: Unicode.Scalar = isControl || foreign ? "?" : (u == "\u{A0}" ? " " : u)
            let w = isControl || foreign ? 1 : Cell.columns(u)
            if w == 0 { continue }
            if w == 2 {
                if col + 1 >= min(width, end) {
                    if col >= 0 { put(Cell(" ", style: style), col, y) }
                    break
                }
                if col >= 0 {
                    put(Cell(shown, style: style), col, y)
                    put(.continuation, col + 1, y)
                }
                col += 2
                continue
            }
            if col >= 0 { put(Cell(shown, style: style), col, y) }
            col += 1
        }
    }

    /// The screen as plain text, one line per row (a double-width character once).
    public var text: String {
        (0..<height).map { y in
            String(String.UnicodeScalarView(cells[(y * width)..<(y * width + width)].filter { !$0.isContinuation }.map(\.scalar)))
        }.joined(separator: "\n")
    }
}

extension Cell {
    /// The columns a terminal gives `u` (TerminalColumns.swift in HeapScenario, which the
    /// diagnostics' carets use too).
    @inline(__always)
    public static func columns(_ u: Unicode.Scalar) -> Int { TerminalColumns.of(u) }
}

extension String {
    /// Columns this text takes in a terminal (see `Cell.columns`).
    public var terminalWidth: Int {
        // Over the UTF-8 bytes: ASCII (most of every frame) costs a compare per byte; other
        // scalars are decoded and measured by Cell.columns.
        var w = 0
        var it = utf8.makeIterator()
        while let b = it.next() {
            if b < 0x80 { w += 1; continue }
            var v: UInt32, more: Int
            switch b {
            case 0xF0...: v = UInt32(b & 0x07); more = 3
            case 0xE0...: v = UInt32(b & 0x0F); more = 2
            default: v = UInt32(b & 0x1F); more = 1
            }
            while more > 0, let c = it.next() { v = v << 6 | UInt32(c & 0x3F); more -= 1 }
            w += Unicode.Scalar(v).map(Cell.columns) ?? 1
        }
        return w
    }
}
