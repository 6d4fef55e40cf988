// The in-memory screen every panel draws into: a grid of cells (a Unicode scalar and a style)
// that clips every write to its bounds. Nothing here talks to a terminal; a thin backend
// (HeapTerminal) copies the cells that changed to curses. Tests render a Screen of any size,
// 20×5 included, and compare its text with golden files.

/// How a cell is drawn. Every colour has a glyph or attribute to back it (see the panels).
public struct CellStyle: Hashable, Sendable {
    public enum Color: UInt8, Sendable { case normal, red, green, yellow, blue, magenta, cyan, white, gray }
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

/// One character cell.
public struct Cell: Hashable, Sendable {
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

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from column `x` of row `y`, one scalar per cell, clipped to the screen.
    /// Control characters are drawn as `?`, so no text can move the terminal's cursor.
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain) {
        guard y >= 0, y < height else { return }
        var col = x
        for u in text.unicodeScalars {
            if col >= width { break }
            let shown: Unicode.Scalar = (u.value < 0x20 || (0x7F..<0xA0).contains(u.value)) ? "?" : u
            if col >= 0 { cells[y * width + col] = Cell(shown, style: style) }
            col += 1
        }
    }

    /// The screen as plain text, one line per row.
    public var text: String {
        (0..<height).map { y in
            String(String.UnicodeScalarView(cells[(y * width)..<(y * width + width)].map(\.scalar)))
        }.joined(separator: "\n")
    }
}
