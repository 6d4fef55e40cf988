// Frames as the bytes a terminal understands, without curses: for `heapscope record`, whose
// asciicast file is played back by asciinema in whatever terminal the viewer has. The first
// frame clears the screen; each later one sends only the cells that changed, with cursor moves
// (CUP) and attributes (SGR). Colours follow the theme, so NO_COLOR recordings have none.
//
// Nothing but what this writer emits reaches the output: cells hold no control characters
// (Screen.write turns them into ?), and the writer checks again.

/// Turns successive Screens into ANSI escape sequences.
///
/// ```swift
/// var w = AnsiWriter(color: true)
/// let bytes = AnsiWriter.start + w.frame(screen)   // then w.frame(next), …, AnsiWriter.end
/// ```
public struct AnsiWriter: Sendable {
    public let color: Bool
    private var previous: Screen?

    /// Hide the cursor, clear the screen, home.
    public static let start = "\u{1b}[?25l\u{1b}[0m\u{1b}[2J\u{1b}[H"
    /// Plain attributes, cursor shown again, below the frame.
    public static let end = "\u{1b}[0m\u{1b}[?25h"

    public init(color: Bool) { self.color = color }

    /// The sequences that turn the last frame into `screen` (the whole screen the first time,
    /// or when the size changed).
    public mutating func frame(_ screen: Screen) -> String {
        let full = previous.map { $0.width != screen.width || $0.height != screen.height } ?? true
        var out = full && previous != nil ? "\u{1b}[0m\u{1b}[2J" : ""
        var style: CellStyle? = nil
        var cursor: (x: Int, y: Int)? = nil
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let c = screen[x, y]
                if !full, let p = previous, p[x, y] == c { continue }
                if c.isContinuation { continue }   // drawn with its left half
                if cursor == nil || cursor! != (x, y) { out += "\u{1b}[\(y + 1);\(x + 1)H" }
                if style != c.style {
                    out += sgr(c.style)
                    style = c.style
                }
                let u = c.scalar
                out.unicodeScalars.append(u.value < 0x20 || (0x7F..<0xA0).contains(u.value) ? "?" : u)
                let w = Cell.columns(u) == 2 ? 2 : 1
                cursor = x + w < screen.width ? (x + w, y) : nil
            }
        }
        if style != nil { out += "\u{1b}[0m" }
        previous = screen
        return out
    }

    /// Select Graphic Rendition for a style, from a reset.
    func sgr(_ s: CellStyle) -> String {
        var codes = ["0"]
        if s.bold { codes.append("1") }
        if s.dim || (!color && s.foreground == .gray) { codes.append("2") }
        if s.underline { codes.append("4") }
        if s.reverse { codes.append("7") }
        if color {
            switch s.background {
            case .normal: break
            case .gray: codes.append("100")
            case .black: codes.append("40")
            default: codes.append(String(40 + Int(s.background.rawValue)))
            }
            switch s.foreground {
            case .normal: break
            case .gray: codes.append("90")
            case .black: codes.append("30")
            default: codes.append(String(30 + Int(s.foreground.rawValue)))   // red 31 … white 37
            }
        }
        return "\u{1b}[" + codes.joined(separator: ";") + "m"
    }
}
