// The parser: tokens → statements, by recursive descent, one statement per line.
//
// It never stops at the first error. A statement that does not parse is reported and skipped
// to the end of its line; if the skipped part opened a block (`repeat 10 {`), the block is
// skipped too, up to its closing brace, without being parsed (so a broken header does not
// make every line of its body an error). Blocks, types and expressions nest at most
// `Parser.maxDepth` levels deep: deeper input is an error, never a stack overflow.

/// Parses a scenario's text into statements, collecting every diagnostic.
public struct Parser {
    /// How deep blocks, types and expressions may nest.
    public static let maxDepth = 32
    /// After this many errors the parser stops (the rest is usually noise).
    public static let maxErrors = 200

    var tokens: [Token]
    var pos = 0
    let file: String
    /// Each line's scalars, split once: a statement's text is a slice of its line (copying the
    /// line per statement made 20,000 statements on one line quadratic).
    let lineScalars: [[Unicode.Scalar]]
    var depth = 0
    /// Set once an unclosed block is reported at the end (its enclosing blocks are not repeated).
    var reportedUnclosed = false
    public private(set) var diagnostics: [Diagnostic] = []
    let lexErrorLocations: Set<SourceLocation>

    struct Failure: Error { let diagnostic: Diagnostic }

    public init(source: SourceFile) {
        let (tokens, lexErrors) = Lexer.tokenize(file: source.name, text: source.text)
        self.tokens = tokens
        self.file = source.name
        self.lineScalars = source.lines.map { Array($0.unicodeScalars) }
        self.diagnostics = lexErrors
        self.lexErrorLocations = Set(lexErrors.map(\.location))
    }

    /// Parses a whole file. Returns nil only when there is no usable header.
    public static func parse(_ source: SourceFile) -> (syntax: ScenarioSyntax?, diagnostics: [Diagnostic]) {
        var p = Parser(source: source)
        let syntax = p.parseFile()
        var diags = p.diagnostics.sorted { $0.location < $1.location }
        if diags.count > maxErrors {
            diags = Array(diags.prefix(maxErrors))
            diags.append(Diagnostic(file: source.name, location: diags.last!.location, severity: .note,
                                    message: "too many errors; stopped after \(maxErrors)"))
        }
        return (syntax, diags)
    }

    // MARK: - Token access

    var current: Token { tokens[pos] }
    func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }
    mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    func fail(_ message: String, at t: Token) -> Failure {
        Failure(diagnostic: Diagnostic(file: file, location: t.location, message: message, length: t.length))
    }
    func fail(_ message: String, at loc: SourceLocation, length: Int = 1) -> Failure {
        Failure(diagnostic: Diagnostic(file: file, location: loc, message: message, length: length))
    }

    /// Records a parse error, unless the lexer already reported one at that place (a number
    /// too large is one error, not a second about the value it was read as).
    mutating func report(_ f: Failure) {
        if lexErrorLocations.contains(f.diagnostic.location) { return }
        diagnostics.append(f.diagnostic)
    }

    mutating func expectPunct(_ p: String, _ what: String) throws(Failure) -> Token {
        guard current.isPunct(p) else { throw fail("expected '\(p)' \(what), found \(current.shown)", at: current) }
        let t = current
        advance()
        return t
    }

    mutating func expectIdentifier(_ what: String) throws(Failure) -> (String, Token) {
        guard let name = current.identifier else { throw fail("expected \(what), found \(current.shown)", at: current) }
        let t = current
        advance()
        return (name, t)
    }

    mutating func expectInt(_ what: String, min lo: Int64 = 0, max hi: Int64 = Int64.max) throws(Failure) -> (Int64, Token) {
        guard case .number(let v, let unit) = current.kind else {
            throw fail("expected \(what), found \(current.shown)", at: current)
        }
        let t = current
        guard unit.isEmpty else { throw fail("\(what) takes no unit ('\(SafeText.clean(unit))')", at: t) }
        guard v >= lo && v <= hi else { throw fail("\(what) must be between \(lo) and \(hi), not \(v)", at: t) }
        advance()
        return (v, t)
    }

    /// Enters one level of nesting, or fails when input nests too deep.
    mutating func nest(at t: Token) throws(Failure) {
        depth += 1
        if depth > Parser.maxDepth {
            throw fail("nesting is too deep: at most \(Parser.maxDepth) levels of blocks, types or parentheses", at: t)
        }
    }

    var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .end: true
        case .punct(let p): p == ";" || p == "}"
        default: false
        }
    }

    mutating func endStatement() throws(Failure) {
        guard atStatementEnd else {
            var hint = ""
            if case .identifier(let w) = current.kind, ["B", "KiB", "MiB", "GiB", "KB", "MB", "GB", "ns", "us", "µs", "ms", "s", "m", "h"].contains(w) {
                // The number the unit belongs to, when it is the token before: `512 KiB`.
                var number = "1"
                if pos > 0, case .number(_, "") = tokens[pos - 1].kind, tokens[pos - 1].location.line == current.location.line {
                    number = SafeText.clip(tokens[pos - 1].text, limit: 20)
                }
                hint = "; write a size or duration without a space: \(number)\(w)"
            } else if current.isWord("on") {
                hint = "; 'on' follows a declaration, an allocation or a store (drop, calls and gc run on main)"
            } else if current.isPunct("("), pos > 0, case .identifier(let w) = tokens[pos - 1].kind, w.unicodeScalars.count <= 8 {
                // `x := nwe(T)`, `New(T)`: a misspelt allocation reads as a variable then '('.
                var budget = 10_000
                if let m = Parser.closest(to: w, in: ["new", "make"], caseInsensitive: true, preferFirst: true, budget: &budget) {
                    hint = "; did you mean \(m == "new" ? "new(T)" : "make([]T, n)")?"
                }
            }
            throw fail("unexpected \(current.shown) after the end of the statement" + hint, at: current)
        }
        if current.isPunct(";") || current.kind == .newline { advance() }
    }

    /// The statement text from `start` to the token before the current one, as written.
    func text(from start: Int) -> String {
        let first = tokens[start]
        var lastIndex = max(start, pos - 1)
        while lastIndex > start, tokens[lastIndex].kind == .newline || tokens[lastIndex].isPunct(";") { lastIndex -= 1 }
        let last = tokens[lastIndex]
        guard first.location.line >= 1, first.location.line <= lineScalars.count else { return first.text }
        let lineScalars = self.lineScalars[first.location.line - 1]
        let from = first.location.column - 1
        let to = last.location.line == first.location.line
            ? min(lineScalars.count, last.location.column - 1 + last.text.unicodeScalars.count)
            : lineScalars.count
        guard from >= 0, from <= to else { return first.text }
        return String(String.UnicodeScalarView(lineScalars[from..<to])).trimmingTrailingSpaces
    }

    // MARK: - Recovery

    /// Skips the rest of a broken statement; if it opened blocks, skips them to their close.
    mutating func recover() { skipRest(consuming: true) }

    /// Skips to the end of the line (or `;`) at the brace depth it starts at, with any braces
    /// opened on the way skipped whole; a `}` at that depth is left for the block it closes.
    /// `consuming`: the line's end, or a block closed on the way, is taken too (a statement's
    /// recovery); without, the skip stops in front of it (a struct field's). A loop, not
    /// recursion: the nesting is the input's.
    mutating func skipRest(consuming: Bool) {
        var open = 0
        while true {
            switch current.kind {
            case .end: return
            case .punct("{"): open += 1
            case .punct("}"):
                if open == 0 { return }
                open -= 1
                if open == 0 && consuming { advance(); return }
            case .newline, .punct(";"):
                if open == 0 { if consuming { advance() }; return }
            default: break
            }
            advance()
        }
    }

    // MARK: - File

    mutating func parseFile() -> ScenarioSyntax? {
        while current.kind == .newline { advance() }
        var version = ScenarioFormat.currentVersion
        if current.isWord(ScenarioFormat.magic) {
            advance()
            do throws(Failure) {
                let (v, t) = try expectInt("the format version after 'heapscope'")
                if v != Int64(ScenarioFormat.currentVersion) {
                    throw fail("this heapscope reads scenario format \(ScenarioFormat.currentVersion); the file is format \(v)", at: t)
                }
                version = Int(v)
                try endStatement()
            } catch {
                report(error)
                recover()
            }
        } else {
            // An empty file (or only blank lines and comments) is told so at its first line,
            // not at a line past its end.
            let message = "a scenario starts with the line 'heapscope \(ScenarioFormat.currentVersion)' (the format version)"
            if current.kind == .end { report(fail(message + "; this file has no statements", at: SourceLocation(line: 1, column: 1))) } else { report(fail(message, at: current)) }
            if current.kind == .end { return nil }
        }
        let body = parseStatements(inBlockOpenedBy: nil)
        return ScenarioSyntax(version: version, statements: body)
    }

    /// Statements up to the end of file, or up to the `}` closing a block.
    mutating func parseStatements(inBlockOpenedBy opener: Token?) -> [Statement] {
        var out: [Statement] = []
        while true {
            if diagnostics.count > Parser.maxErrors { return out }
            switch current.kind {
            case .newline, .punct(";"):
                advance()
                continue
            case .end:
                if let opener, !reportedUnclosed {
                    reportedUnclosed = true
                    report(fail("missing '}': the block opened at line \(opener.location.line) is not closed", at: current))
                }
                return out
            case .punct("}"):
                if opener != nil { return out }
                report(fail("unexpected '}': no block is open here", at: current))
                advance()
                continue
            default:
                break
            }
            do throws(Failure) {
                if let s = try parseStatement() { out.append(s) }
            } catch {
                report(error)
                recover()
            }
        }
    }

    /// A `{ … }` block's statements; the opening brace is the current token.
    mutating func parseBlock() throws(Failure) -> [Statement] {
        // Check the depth before taking the brace, so that recovery skips the whole block.
        try nest(at: current)
        defer { depth -= 1 }
        let open = try expectPunct("{", "to open the block")
        let body = parseStatements(inBlockOpenedBy: open)
        if current.isPunct("}") { advance() }
        return body
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension Parser {
    /// A path typed outside a scenario — the view's `/` find — such as `c.next` or `b[1].buf`:
    /// the path, or the first error in it (as `check` would word it).
    public static func path(_ text: String) -> Result<PathExpr, PathQueryError> {
        var p = Parser(source: SourceFile(name: "find", text: text))
        if let d = p.diagnostics.first { return .failure(PathQueryError(message: d.message)) }
        do throws(Failure) {
            let path = try p.parsePath()
            guard case .end = p.current.kind else {
                throw p.fail("unexpected \(p.current.shown) after the path", at: p.current)
            }
            return .success(path)
        } catch {
            // A query has no file: its end is the end of the path.
            let m = error.diagnostic.message, eof = "end of file"
            return .failure(PathQueryError(message: m.hasSuffix(eof) ? m.dropLast(eof.count) + "the end of the path" : m))
        }
    }
}

/// Why a typed path cannot be read.
public struct PathQueryError: Error, Equatable, Sendable {
    public let message: String
}
