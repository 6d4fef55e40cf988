// The lexer: scenario text → tokens. It never stops at a bad character: it reports it with its
// position and carries on, so one run of `heapscope check` lists every problem in a file.
//
// Numbers: decimal with optional `_` separators, or `0x…` hex; a unit may follow directly
// (`64MiB`, `500ms`, `2m`). A number that does not fit in 63 bits is an error, not a wrap.
// Comments start with `#` or `//` and run to the end of the line.

/// Splits a scenario's text into tokens, collecting diagnostics for what it cannot read.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var column = 1
    private let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, text: String) {
        self.file = file
        self.scalars = Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`.
    static func tokenize(file: String, text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file, text: text)
        var tokens: [Token] = []
        while true {
            let t = lexer.next()
            tokens.append(t)
            if t.kind == .end { break }
        }
        return (tokens, lexer.diagnostics)
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < scalars.count ? scalars[i + k] : nil }

    private mutating func advance() {
        if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        i += 1
    }

    private mutating func error(_ message: String, at loc: SourceLocation, length: Int = 1) {
        diagnostics.append(Diagnostic(file: file, location: loc, message: message, length: length))
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func hexValue(_ c: Unicode.Scalar) -> Int64? {
        switch c {
        case "a"..."f": Int64(c.value - 87)
        case "A"..."F": Int64(c.value - 55)
        default: nil
        }
    }

    /// The next token. A character that starts no token is reported and skipped, in a loop:
    /// a line of forty thousand of them costs no stack.
    mutating func next() -> Token {
        while true {
            if let t = scan() { return t }
        }
    }

    /// One token, or nil after reporting a character that starts none.
    private mutating func scan() -> Token? {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" { advance(); continue }
            if c == "#" || (c == "/" && peek(1) == "/") {
                while let d = peek(), d != "\n" { advance() }
                continue
            }
            break
        }
        let start = SourceLocation(line: line, column: column)
        let from = i
        guard let c = peek() else { return Token(kind: .end, location: start, text: "") }
        func text() -> String { String(String.UnicodeScalarView(scalars[from..<i])) }

        if c == "\n" {
            advance()
            return Token(kind: .newline, location: start, text: "\\n")
        }
        if Lexer.isLetter(c) {
            while let d = peek(), Lexer.isLetter(d) || Lexer.isDigit(d) { advance() }
            return Token(kind: .identifier(text()), location: start, text: text())
        }
        if Lexer.isDigit(c) { return number(start: start, from: from) }
        if c == "\"" { return string(start: start, from: from) }

        let two = peek(1).map { String(c) + String($0) } ?? ""
        for p in [":=", "==", "!=", "<=", ">="] where two == p {
            advance(); advance()
            return Token(kind: .punct(p), location: start, text: p)
        }
        if "=<>.,()[]{}*+-;".unicodeScalars.contains(c) {
            advance()
            return Token(kind: .punct(String(c)), location: start, text: String(c))
        }
        advance()
        let shown = SafeText.clean(String(c))
        if c == "`" {
            error("struct tags and raw strings (`…`) are not part of the scenario language", at: start)
        } else {
            error("unexpected character '\(shown)'" + (c == "/" || c == "%" ? "; expressions use only +, - and *" : ""), at: start)
        }
        return nil
    }

    private mutating func number(start: SourceLocation, from: Int) -> Token {
        var value: Int64 = 0
        var overflow = false
        var radix: Int64 = 10
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            advance(); advance()
            radix = 16
        }
        var digits = 0
        while let d = peek() {
            let v: Int64
            if d == "_" { advance(); continue }
            if Lexer.isDigit(d) { v = Int64(d.value - 48) }
            else if radix == 16, let h = Lexer.hexValue(d) { v = h
            } else { break }
            digits += 1
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (s, o2) = m.addingReportingOverflow(v)
            if o1 || o2 { overflow = true } else { value = s }
            advance()
        }
        let numberEnd = i
        var unit = ""
        while let d = peek(), Lexer.isLetter(d) || Lexer.isDigit(d) {
            unit.unicodeScalars.append(d)
            advance()
        }
        let text = String(String.UnicodeScalarView(scalars[from..<i]))
        if radix == 16 && digits == 0 {
            error("'0x' needs hex digits after it", at: start, length: text.unicodeScalars.count)
        }
        if overflow {
            error("number \(SafeText.clean(String(String.UnicodeScalarView(scalars[from..<numberEnd])))) is too large (the limit is \(Int64.max))",
                  at: start, length: numberEnd - from)
            value = 0
        }
        return Token(kind: .number(value, unit: unit), location: start, text: text)
    }

    private mutating func string(start: SourceLocation, from: Int) -> Token {
        advance() // opening quote
        var value = ""
        while true {
            guard let c = peek(), c != "\n" else {
                error("unterminated string: a string ends with '\"' on the same line", at: start)
                break
            }
            advance()
            if c == "\"" { break }
            if c == "\\" {
                let escLoc = SourceLocation(line: line, column: column - 1)
                switch peek() {
                case "\""?: value += "\""; advance()
                case "\\"?: value += "\\"; advance()
                default:
                    error("unknown escape: only \\\" and \\\\ are allowed in strings", at: escLoc, length: 2)
                }
                continue
            }
            if c.value < 0x20 || (0x7F..<0xA0).contains(c.value) {
                // Named by its code (a tab too, which SafeText would show as a space).
                error("control character \\u{\(String(c.value, radix: 16))} in a string", at: SourceLocation(line: line, column: column - 1))
                continue
            }
            value.unicodeScalars.append(c)
        }
        let text = String(String.UnicodeScalarView(scalars[from..<i]))
        return Token(kind: .string(value), location: start, text: text)
    }
}
