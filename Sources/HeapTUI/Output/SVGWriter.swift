// Frames as pictures for slides: `heapscope snapshot` writes the view's frame as SVG (a
// monospace grid of the same cells and colours, the text selectable) or as an HTML page.
//
// The terminal decides what "yellow" looks like; a picture has to say. `Palette` gives each
// colour the view uses an RGB value on a dark and on a light background, chosen so that every
// one reads on its background (yellow is a dark amber on white). Each row is one <text> element
// and each run of cells with one style a <tspan> placed at its first cell's column, so that
// wide characters and the cells after them land where the terminal puts them; reversed cells
// get a background rectangle. Cells hold no control characters (Screen.write turns them into
// ?), and &, < and > are escaped.

/// RGB values for the view's colours on one background.
public struct Palette: Equatable, Sendable {
    public let name: String
    public let background: String
    public let foreground: String
    let colors: [CellStyle.Color: String]

    public static let dark = Palette(name: "dark", background: "#1c1c1c", foreground: "#d0d0d0", colors: [
        .red: "#ff6b6b", .green: "#8fd16a", .yellow: "#f2c94c", .blue: "#6ea8fe", .magenta: "#d38cf0",
        .cyan: "#5fd7d7", .white: "#ffffff", .gray: "#9a9a9a", .black: "#000000",
    ])
    public static let light = Palette(name: "light", background: "#ffffff", foreground: "#1c1c1c", colors: [
        .red: "#c0392b", .green: "#2e7d32", .yellow: "#8a6d00", .blue: "#1f5fbf", .magenta: "#8e3ba8",
        .cyan: "#007b83", .white: "#ffffff", .gray: "#666666", .black: "#000000",
    ])

    public static let all = [dark, light]
    public static func named(_ name: String) -> Palette? { all.first { $0.name == name } }

    /// The RGB value of a colour (`normal`: the palette's text colour).
    public func rgb(_ c: CellStyle.Color) -> String { c == .normal ? foreground : colors[c] ?? foreground }
}

public enum SVGWriter {
    /// Pixels per cell: a 14-pixel monospace font is 8.4 pixels wide; rows are 18 apart.
    public static let cellWidth = 8.4
    public static let rowHeight = 18.0

    /// A run of cells of one style on one row: its first column and its text.
    struct Run {
        let x: Int
        var text: String
        let style: CellStyle
    }

    /// The runs of row `y`: continuation cells are skipped, and a run breaks after a wide
    /// character so that the next cell starts at its own column.
    static func runs(_ screen: Screen, row y: Int) -> [Run] {
        var out: [Run] = []
        var x = 0
        var extendable = false
        while x < screen.width {
            let c = screen[x, y]
            if c.isContinuation { x += 1; extendable = false; continue }
            let wide = x + 1 < screen.width && screen[x + 1, y].isContinuation
            if extendable, !wide, let last = out.last, last.style == c.style {
                out[out.count - 1].text.unicodeScalars.append(c.scalar)
            } else {
                out.append(Run(x: x, text: String(Character(c.scalar)), style: c.style))
            }
            extendable = !wide
            x += wide ? 2 : 1
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func colors(_ s: CellStyle, _ p: Palette, color: Bool) -> (fg: String, bg: String?) {
        let fg = color ? p.rgb(s.foreground) : p.foreground
        let bg: String? = color && s.background != .normal ? p.rgb(s.background) : nil
        return s.reverse ? (bg ?? p.background, fg) : (fg, bg)
    }

    /// The frame as a standalone SVG document.
    public static func svg(_ screen: Screen, palette p: Palette, color: Bool = true, title: String = "heapscope") -> String {
        let w = Double(screen.width) * cellWidth, h = Double(screen.height) * rowHeight
        // Pixel positions to a tenth (no Foundation here for String(format:)).
        func num(_ v: Double) -> String {
            let tenths = Int((v * 10).rounded())
            return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
        }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(num(w))" height="\(num(h))" viewBox="0 0 \(num(w)) \(num(h))" \
            data-columns="\(screen.width)" data-rows="\(screen.height)">
            <title>\(escape(title))</title>
            <rect width="100%" height="100%" fill="\(p.background)"/>
            <g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">

            """
        for y in 0..<screen.height {
            let runs = Self.runs(screen, row: y)
            for r in runs {
                let (_, bg) = colors(r.style, p, color: color)
                if let bg {
                    let cells = r.text.unicodeScalars.reduce(0) { $0 + max(1, Cell.columns($1)) }
                    out += "<rect x=\"\(num(Double(r.x) * cellWidth))\" y=\"\(num(Double(y) * rowHeight))\" width=\"\(num(Double(cells) * cellWidth))\" height=\"\(num(rowHeight))\" fill=\"\(bg)\"/>\n"
                }
            }
            out += "<text y=\"\(num(Double(y) * rowHeight + 14))\" data-row=\"\(y)\">"
            for r in runs where !(r.text.unicodeScalars.allSatisfy { $0 == " " } && colors(r.style, p, color: color).bg == nil && !r.style.underline) {
                let (fg, _) = colors(r.style, p, color: color)
                // textLength holds the run to its cells whatever font the viewer substitutes.
                let cells = r.text.unicodeScalars.reduce(0) { $0 + max(1, Cell.columns($1)) }
                var attrs = "x=\"\(num(Double(r.x) * cellWidth))\" data-column=\"\(r.x)\" fill=\"\(fg)\""
                    + " textLength=\"\(num(Double(cells) * cellWidth))\" lengthAdjust=\"spacingAndGlyphs\""
                if r.style.bold { attrs += " font-weight=\"bold\"" }
                if r.style.underline { attrs += " text-decoration=\"underline\"" }
                if r.style.dim { attrs += " opacity=\"0.6\"" }
                out += "<tspan \(attrs)>\(escape(r.text))</tspan>"
            }
            out += "</text>\n"
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// The frame as an HTML page: the same cells in a <pre>, a <span> per run of one style.
    public static func html(_ screen: Screen, palette p: Palette, color: Bool = true, title: String = "heapscope") -> String {
        var out = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"/><title>\(escape(title))</title>
            <style>body{margin:0;background:\(p.background)}pre{margin:0;padding:8px;font:14px/18px \
            "DejaVu Sans Mono",Menlo,Consolas,monospace;color:\(p.foreground);background:\(p.background)}</style>
            </head><body><pre>
            """
        for y in 0..<screen.height {
            var x = 0
            for r in runs(screen, row: y) {
                if r.x > x { out += String(repeating: " ", count: r.x - x) }
                let (fg, bg) = colors(r.style, p, color: color)
                var css = "color:\(fg)"
                if let bg { css += ";background:\(bg)" }
                if r.style.bold { css += ";font-weight:bold" }
                if r.style.underline { css += ";text-decoration:underline" }
                if r.style.dim { css += ";opacity:0.6" }
                out += "<span style=\"\(css)\">\(escape(r.text))</span>"
                x = r.x + r.text.unicodeScalars.reduce(0) { $0 + max(1, Cell.columns($1)) }
            }
            out += "\n"
        }
        out += "</pre></body></html>\n"
        return out
    }
}
