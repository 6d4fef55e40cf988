// Rectangles of the screen that panels draw into.

/// A rectangle of cells: origin and size.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    /// The inside of a box drawn on this rectangle's edge.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// Splits into a left part of `w` columns and the rest.
    public func splitColumns(_ w: Int) -> (Rect, Rect) {
        let l = min(max(0, w), width)
        return (Rect(x: x, y: y, width: l, height: height), Rect(x: x + l, y: y, width: width - l, height: height))
    }
    /// Splits into a top part of `h` rows and the rest.
    public func splitRows(_ h: Int) -> (Rect, Rect) {
        let t = min(max(0, h), height)
        return (Rect(x: x, y: y, width: width, height: t), Rect(x: x, y: y + t, width: width, height: height - t))
    }
}

extension Screen {
    /// Writes text clipped to a rectangle's row `row` (relative), from column `column`.
    public mutating func write(_ text: String, in r: Rect, row: Int, column: Int = 0, style: CellStyle = .plain) {
        guard row >= 0, row < r.height, column < r.width else { return }
        let room = r.width - max(0, column)
        write(text, x: r.x + max(0, column), y: r.y + row, style: style, maxColumns: room)
    }

    /// Draws a box on the rectangle's edge with a title in its top border.
    public mutating func box(_ r: Rect, title: String, glyphs: Glyphs, style: CellStyle = .plain) {
        guard r.width >= 2, r.height >= 2 else { return }
        for cx in (r.x + 1)..<(r.x + r.width - 1) {
            self[cx, r.y] = Cell(glyphs.horizontal, style: style)
            self[cx, r.y + r.height - 1] = Cell(glyphs.horizontal, style: style)
        }
        for cy in (r.y + 1)..<(r.y + r.height - 1) {
            self[r.x, cy] = Cell(glyphs.vertical, style: style)
            self[r.x + r.width - 1, cy] = Cell(glyphs.vertical, style: style)
        }
        self[r.x, r.y] = Cell(glyphs.topLeft, style: style)
        self[r.x + r.width - 1, r.y] = Cell(glyphs.topRight, style: style)
        self[r.x, r.y + r.height - 1] = Cell(glyphs.bottomLeft, style: style)
        self[r.x + r.width - 1, r.y + r.height - 1] = Cell(glyphs.bottomRight, style: style)
        if !title.isEmpty, r.width > 4 {
            write(" " + title + " ", in: Rect(x: r.x + 1, y: r.y, width: r.width - 2, height: 1), row: 0, column: 0,
                  style: CellStyle(foreground: style.foreground, bold: true))
        }
    }
}
