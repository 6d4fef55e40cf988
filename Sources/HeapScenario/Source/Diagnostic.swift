// Positioned diagnostics in the form compilers use, so editors and terminals link to them:
//
//   tour.heap:3:9: error: unknown setting 'procz'
//   procz 2
//   ^~~~~
//
// Text from a scenario is shown with control characters replaced, so a script can never send
// escape sequences to the user's terminal.

/// A position in a scenario file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Hashable, Comparable, Sendable {
    public let line: Int
    public let column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// An error or warning about a scenario, with where it is.
///
/// ```swift
/// Diagnostic(file: "a.heap", location: .init(line: 3, column: 1), message: "unknown setting 'procz'", length: 5)
///     .rendered(sourceLine: "procz 2")
/// // a.heap:3:1: error: unknown setting 'procz'
/// // procz 2
/// // ^~~~~
/// ```
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Severity: String, Sendable { case error, warning, note }

    public let file: String
    public let location: SourceLocation
    public let severity: Severity
    public let message: String
    /// How many columns the caret underline covers (at least 1).
    public let length: Int
    /// The source line to show when the caller has none: a file that could not be decoded
    /// has no lines, so its error carries its own (the bad bytes shown as U+FFFD).
    public let context: String?

    public init(file: String, location: SourceLocation, severity: Severity = .error,
                message: String, length: Int = 1, context: String? = nil) {
        self.file = file
        self.location = location
        self.severity = severity
        self.message = message
        self.length = max(1, length)
        self.context = context
    }

    /// Source lines longer than this are shown as a window around the column.
    public static let maxShownColumns = 120

    /// `file:line:col: error: message`, then the source line and a caret under the column.
    public func rendered(sourceLine: String?) -> String {
        var out = "\(SafeText.clean(file)):\(location.line):\(location.column): \(severity.rawValue): \(SafeText.clean(message))"
        if let sourceLine = sourceLine ?? context {
            // Clean each character on its own so the caret stays under it, and show a window
            // around the column when the line is long. Only the window is cleaned: a file of
            // many errors on one long line costs the window per error, not the line.
            let u = sourceLine.unicodeScalars, shown = Diagnostic.maxShownColumns
            var column = max(1, location.column)
            var underline = length
            // The window: `shown` characters around the column, moved left when the line ends
            // sooner. Walking to it costs the column, never the rest of the line.
            var start = max(0, column - 1 - shown / 2)
            var from = u.index(u.startIndex, offsetBy: start, limitedBy: u.endIndex) ?? u.endIndex
            var window = Array(u[from...].prefix(shown + 1))
            if window.count < shown && start > 0 {
                let back = min(start, shown - window.count)
                start -= back
                from = u.index(from, offsetBy: -back)
                window = Array(u[from...].prefix(shown + 1))
            }
            let more = window.count > shown
            if more { window.removeLast() }
            var cells = window.map { SafeText.clean(String($0)) }
            if start > 0 { cells.insert("…", at: 0); column += 1 }
            if more { cells.append("…") }
            column -= start
            underline = max(1, min(underline, cells.count - column + 1))
            // As wide as what it stands under: an emoji or a CJK character takes two columns.
            let pad = cells.prefix(max(0, column - 1)).map { String(repeating: " ", count: TerminalColumns.of($0)) }.joined()
            out += "\n" + cells.joined() + "\n" + pad + "^" + String(repeating: "~", count: underline - 1)
        }
        return out
    }
}

/// Makes untrusted text safe to print: control characters become visible escapes.
public enum SafeText {
    /// `clean`, and cut to `limit` characters with "…" and the full length when longer: a
    /// statement quoted in an error message stays one readable line, however long it is.
    public static func clip(_ s: String, limit: Int = 200) -> String {
        let n = s.unicodeScalars.count
        guard n > limit else { return clean(s) }
        return clean(String(String.UnicodeScalarView(s.unicodeScalars.prefix(limit)))) + "… (\(n) characters)"
    }

    /// Replaces C0/C1 control characters, DEL and invisible format characters with `\u{…}`
    /// escapes; tabs become a space.
    public static func clean(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09: out.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F..<0xA0,
                 // Invisible format characters: zero-width spaces and joiners, the byte-order
                 // mark, and the bidirectional overrides that can make a line read as another.
                 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF:
                out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
