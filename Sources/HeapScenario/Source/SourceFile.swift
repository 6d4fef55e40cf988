// A scenario's text as the parser sees it: decoded, split into lines, with a name for
// diagnostics. Bytes that are not UTF-8 are an error with a position, never a crash.

/// A scenario file: its display name and its lines.
///
/// ```swift
/// let f = try SourceFile.decode(name: "tour.heap", bytes: Array("heapscope 1\n".utf8)).get()
/// f.lines   // ["heapscope 1", ""]
/// ```
public struct SourceFile: Sendable, Equatable {
    /// The name diagnostics show (the path as given, or `library:NAME`).
    public let name: String
    /// The text, with `\r\n` line ends normalised.
    public let text: String
    /// The lines, without their line ends (used to show a caret under an error).
    public let lines: [String]

    public init(name: String, text: String) {
        self.name = name
        // Lines are split on scalars: "\r\n" is one Character in Swift, so splitting a String on
        // the Character "\n" would miss Windows line ends.
        var scalars = String.UnicodeScalarView()
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var previousCR = false
        for u in text.unicodeScalars {
            if u == "\n" {
                if previousCR { line.removeLast(); scalars.removeLast() }
                lines.append(String(line))
                line = String.UnicodeScalarView()
            } else {
                line.append(u)
            }
            scalars.append(u)
            previousCR = u == "\r"
        }
        lines.append(String(line))
        self.text = String(scalars)
        self.lines = lines
    }

    /// The file's largest accepted size: scenarios are short programs, not data.
    public static let maxBytes = 4 << 20

    /// Decodes bytes as UTF-8; invalid bytes, NULs and oversize files are positioned errors.
    public static func decode(name: String, bytes: [UInt8]) -> Result<SourceFile, Diagnostic> {
        if bytes.count > maxBytes {
            return .failure(Diagnostic(file: name, location: .init(line: 1, column: 1),
                                       // The reader stops one byte past the limit: the size is not known.
                                       message: "file is larger than \(maxBytes) bytes (4 MiB), the most a scenario may be"))
        }
        // A byte-order mark (Windows editors write one) is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return decode(name: name, bytes: Array(bytes.dropFirst(3)))
        }
        // Find the first invalid sequence ourselves so the error can say where it is.
        var line = 1, column = 1
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x00 {
                // The line it is on, as every error shows (the NUL drawn as the caret's target).
                var lineStart = i, lineEnd = i
                while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var shown = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
                if shown.hasSuffix("\r") { shown.removeLast() }
                return .failure(Diagnostic(file: name, location: .init(line: line, column: column),
                                           message: "NUL byte: this is not a text file", context: shown))
            }
            guard let n = sequenceLength(bytes, at: i) else {
                return .failure(notUTF8(name: name, bytes: bytes, at: i, line: line, column: column))
            }
            if bytes[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += n
        }
        return .success(SourceFile(name: name, text: String(decoding: bytes, as: UTF8.self)))
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or nil when it is not one
    /// (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, a value
    /// past U+10FFFF).
    static func sequenceLength(_ bytes: [UInt8], at i: Int) -> Int? {
        let b = bytes[i]
        let n: Int
        switch b {
        case 0x00..<0x80: return 1
        case 0xC2..<0xE0: n = 2
        case 0xE0..<0xF0: n = 3
        case 0xF0..<0xF5: n = 4
        default: return nil
        }
        guard i + n <= bytes.count else { return nil }
        for k in 1..<n where bytes[i + k] & 0xC0 != 0x80 { return nil }
        let b1 = bytes[i + 1]
        if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0) || (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90) {
            return nil
        }
        return n
    }

    /// The error for the first byte that is not UTF-8 (at `i`): its line shown with a caret
    /// (bad bytes as U+FFFD), and how many more such bytes follow and on which lines, so that
    /// one look at the file finds them all.
    static func notUTF8(name: String, bytes: [UInt8], at i: Int, line: Int, column: Int) -> Diagnostic {
        var lineStart = i
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var lineEnd = i
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        var shown = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        if shown.hasSuffix("\r") { shown.removeLast() }
        // The rest of the file: every byte that is not a valid sequence's, and its line.
        var more = 0, moreLines: [Int] = []
        var j = i + 1, ln = line
        while j < bytes.count {
            if bytes[j] == 0x0A { ln += 1; j += 1; continue }
            if let n = sequenceLength(bytes, at: j) { j += n; continue }
            more += 1
            if moreLines.last != ln && moreLines.count < 6 { moreLines.append(ln) }
            j += 1
        }
        var message = "byte 0x\(String(bytes[i], radix: 16)) is not UTF-8 text"
        if more > 0 {
            let lines = moreLines.map(String.init).joined(separator: ", ") + (moreLines.count == 6 ? ", …" : "")
            message += " (\(more) more such byte\(more == 1 ? "" : "s"), on line\(moreLines.count == 1 ? "" : "s") \(lines)); save the file as UTF-8"
        } else {
            message += "; save the file as UTF-8"
        }
        return Diagnostic(file: name, location: .init(line: line, column: column), message: message, context: shown)
    }

    /// The text of line `n` (1-based), if it exists.
    public func line(_ n: Int) -> String? { n >= 1 && n <= lines.count ? lines[n - 1] : nil }

    /// Renders a diagnostic with its source line and caret.
    public func render(_ d: Diagnostic) -> String { d.rendered(sourceLine: line(d.location.line)) }
}
