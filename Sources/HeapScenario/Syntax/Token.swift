// The tokens of the scenario language. Newlines matter (one statement per line, or several
// separated by ';'), so they are tokens too.

/// One token with the position of its first character.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A name: `c`, `Conn`, `gc`, `HeapAlloc`, `p1`.
        case identifier(String)
        /// A whole number with an optional unit written right after it: `64MiB`, `2m`, `1_000`.
        case number(Int64, unit: String)
        /// A double-quoted string, escapes resolved.
        case string(String)
        /// An operator or punctuation mark: `:=` `=` `==` `!=` `<` `<=` `>` `>=` `.` `,` `(` `)`
        /// `[` `]` `{` `}` `*` `+` `-` `;`
        case punct(String)
        case newline
        case end
    }

    public let kind: Kind
    public let location: SourceLocation
    /// The characters the token covers, as written (for carets and messages).
    public let text: String

    public var length: Int { max(1, text.unicodeScalars.count) }

    func isPunct(_ p: String) -> Bool { kind == .punct(p) }
    func isWord(_ w: String) -> Bool { kind == .identifier(w) }

    var identifier: String? { if case .identifier(let s) = kind { s } else { nil } }

    /// How a token is named in "expected …, found …".
    var shown: String {
        switch kind {
        case .identifier(let s): "'\(SafeText.clean(s))'"
        case .number: "number \(SafeText.clean(text))"
        case .string: "a string"
        case .punct(let p): "'\(p)'"
        case .newline: "end of line"
        case .end: "end of file"
        }
    }
}
