import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// `heapscope snapshot`'s pictures: the SVG is XML, and read back cell by cell it is the UI's
/// frame — the same characters at the same columns, in the palette's colour for each cell.
@Suite("pictures for slides")
struct PictureTests {
    /// What an SVG frame says: per row, (column, text, fill) of each tspan.
    final class Reader: NSObject, XMLParserDelegate {
        var rows: [Int: [(column: Int, text: String, fill: String)]] = [:]
        var row = -1
        var current: (column: Int, text: String, fill: String)?
        var columns = 0, height = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes a: [String: String]) {
            switch name {
            case "svg": columns = Int(a["data-columns"] ?? "") ?? 0; height = Int(a["data-rows"] ?? "") ?? 0
            case "text": row = Int(a["data-row"] ?? "") ?? -1
            case "tspan": current = (Int(a["data-column"] ?? "") ?? -1, "", a["fill"] ?? "")
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters s: String) { current?.text += s }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "tspan", let c = current { rows[row, default: []].append(c); current = nil }
        }
    }

    static func frame(_ name: String, at step: Int, width: Int, height: Int, glyphs: Glyphs = .unicode) throws -> Screen {
        let scenario = try #require(ScenarioLibrary.named(name))
        let program = try #require(Compiler.compile(scenario.source).program)
        var a = try App(program: program, theme: Theme(glyphs: glyphs, color: true))
        a.resize(width: width, height: height)
        a.navigate(.seek(step))
        return a.frame(width: width, height: height)
    }

    @Test("the SVG is XML and matches the UI frame cell for cell, in both palettes", arguments: [
        ("tour", 14, 120, 40), ("tricolor-marking", 12, 80, 24), ("write-barrier", 10, 160, 48),
    ])
    func svgMatchesFrame(_ name: String, _ step: Int, _ width: Int, _ height: Int) throws {
        let screen = try Self.frame(name, at: step, width: width, height: height)
        for palette in Palette.all {
            let svg = SVGWriter.svg(screen, palette: palette, title: "\(name) <&>")
            let reader = Reader()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = reader
            #expect(parser.parse(), "\(name) (\(palette.name)): not XML: \(String(describing: parser.parserError))")
            #expect(reader.columns == width && reader.height == height)
            var mismatches: [String] = []
            for y in 0..<height {
                // Rebuild the row: blanks where no tspan draws, each tspan's characters from
                // its column on (a wide character takes two columns).
                var cells = [Unicode.Scalar?](repeating: " ", count: width)
                for t in reader.rows[y] ?? [] {
                    var x = t.column
                    for u in t.text.unicodeScalars {
                        if x < width { cells[x] = u }
                        // Every cell of the run is drawn in the colour its style asks for.
                        if x < width, !screen[x, y].isContinuation,
                           palette.rgb(screen[x, y].style.reverse ? .normal : screen[x, y].style.foreground) != t.fill,
                           !screen[x, y].style.reverse {
                            mismatches.append("row \(y) col \(x): fill \(t.fill) for \(screen[x, y].style.foreground)")
                        }
                        let w = max(1, Cell.columns(u))
                        if w == 2, x + 1 < width { cells[x + 1] = nil }
                        x += w
                    }
                }
                let rebuilt = String(String.UnicodeScalarView(cells.compactMap { $0 }))
                let expected = screen.text.split(separator: "\n", omittingEmptySubsequences: false)[y]
                if rebuilt != expected { mismatches.append("row \(y):\n  svg: \(rebuilt)\n  ui:  \(expected)") }
            }
            #expect(mismatches.isEmpty, "\(name) \(palette.name): \(mismatches.prefix(5).joined(separator: "\n"))")
            #expect(svg.contains("<title>\(name) &lt;&amp;&gt;</title>"))
        }
    }

    @Test("the HTML page holds the same text as the frame")
    func htmlMatchesFrame() throws {
        let screen = try Self.frame("tour", at: 24, width: 80, height: 24, glyphs: .ascii)
        let html = SVGWriter.html(screen, palette: .light)
        let open = try #require(html.range(of: "<pre>")), close = try #require(html.range(of: "</pre>"))
        var text = String(html[open.upperBound..<close.lowerBound])
        // Strip the spans and unescape: what a reader copies out of the page.
        text = text.replacingOccurrences(of: "<span[^>]*>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "</span>", with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
        let expected = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
        #expect(Array(lines.prefix(expected.count)) == expected)
        #expect(html.contains("background:#ffffff"))
    }

    @Test("every colour reads on its background: light text on dark, dark text on light")
    func contrast() {
        func luminance(_ hex: String) -> Double {
            let v = Int(hex.dropFirst(), radix: 16)!
            let c = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map { x -> Double in
                let s = Double(x) / 255
                return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
        }
        func ratio(_ x: String, _ y: String) -> Double {
            let a = luminance(x), b = luminance(y)
            return (max(a, b) + 0.05) / (min(a, b) + 0.05)
        }
        for p in Palette.all {
            // The colours text is drawn in on this background (the light theme swaps the ones
            // that do not read on white).
            let theme = Theme(background: ThemeBackground(rawValue: p.name)!)
            for c in [CellStyle.Color.normal, .red, .green, .yellow, .blue, .magenta, .cyan, .white, .gray] {
                // WCAG's 4.5:1 for text.
                let r = ratio(p.rgb(theme.readable(c)), p.background)
                #expect(r >= 4.5, "\(p.name) \(c): contrast \(r)")
            }
            // White, grey and black objects: glyph and letter against the cell's own colour.
            for o in ObjectColor.allCases {
                let st = theme.objectStyle(o)
                let r = ratio(p.rgb(st.foreground), p.rgb(st.background))
                #expect(r >= 4.5, "\(p.name) \(o): contrast \(r)")
            }
        }
    }
}
