// Go type syntax: the subset a heap needs to know sizes, alignments and pointer words.
//
//   Type   = Name | Name "." Name | "*" Type | "[" "]" Type | "[" N "]" Type
//          | "map" "[" Type "]" Type | "chan" Type | "func" "(" … ")" [Type]
//          | "struct" "{" { Fields } "}" | "interface" "{" "}"
//   Fields = Name { "," Name } Type | Name (an embedded field)

extension Parser {
    mutating func parseType() throws(Failure) -> TypeExpr {
        let t = current
        try nest(at: t)
        defer { depth -= 1 }
        switch t.kind {
        case .punct("*"):
            advance()
            return .pointer(try parseType())
        case .punct("["):
            advance()
            if current.isPunct("]") {
                advance()
                return .slice(try parseType())
            }
            let (n, _) = try expectInt("an array length", min: 0, max: Int64(ScenarioLimits.maxBytes))
            _ = try expectPunct("]", "after the array length")
            return .array(count: Int(n), element: try parseType())
        case .identifier("map"):
            advance()
            _ = try expectPunct("[", "after 'map'")
            let k = try parseType()
            _ = try expectPunct("]", "after the map's key type")
            return .map(key: k, value: try parseType())
        case .identifier("chan"):
            advance()
            return .chan(try parseType())
        case .identifier("func"):
            advance()
            let signatureStart = pos
            _ = try expectPunct("(", "after 'func'")
            var open = 1
            while open > 0 {
                if current.kind == .end || current.kind == .newline {
                    throw fail("missing ')' in the func type", at: current)
                }
                if current.isPunct("(") { open += 1 }
                if current.isPunct(")") { open -= 1 }
                advance()
            }
            // An optional result: one type, or a list in parentheses (skipped whole: a func
            // value is one word whatever it returns).
            if current.isPunct("(") {
                var open = 0
                repeat {
                    if current.kind == .end || current.kind == .newline {
                        throw fail("missing ')' in the func type's results", at: current)
                    }
                    if current.isPunct("(") { open += 1 }
                    if current.isPunct(")") { open -= 1 }
                    advance()
                } while open > 0
            } else if current.identifier != nil || current.isPunct("*") || current.isPunct("[") {
                _ = try parseType()
            }
            return .function(signature: text(from: signatureStart))
        case .identifier("interface"):
            advance()
            _ = try expectPunct("{", "after 'interface'")
            guard current.isPunct("}") else {
                throw fail("interfaces are written 'interface{}' (every interface is two words; methods do not change its size)", at: current)
            }
            advance()
            return .interface
        case .identifier("struct"):
            advance()
            return .structure(try parseStructBody())
        case .identifier(let name):
            advance()
            if current.isPunct("."), let sub = peek().identifier {
                advance(); advance()
                return .named(name + "." + sub, t.location)
            }
            return .named(name, t.location)
        default:
            throw fail("expected a type, found \(t.shown)", at: t)
        }
    }

    mutating func parseStructBody() throws(Failure) -> [FieldDecl] {
        let open = try expectPunct("{", "after 'struct'")
        var fields: [FieldDecl] = []
        var tooManyFields = false
        while true {
            while current.kind == .newline || current.isPunct(";") { advance() }
            if current.isPunct("}") { advance(); return fields }
            if current.kind == .end {
                // Said once: the structs around it are not closed either, for the same reason.
                if reportedUnclosed { return fields }
                reportedUnclosed = true
                throw fail("missing '}': the struct opened at line \(open.location.line) is not closed", at: current)
            }
            // A statement where a field should be: the struct's '}' is missing. Said once, at
            // the opener, and the struct ends here, so that its type exists and the statements
            // after it are read as statements (not a cascade of errors about them).
            if startsStatement() {
                report(fail("missing '}': the struct opened at line \(open.location.line) is not closed before this statement", at: current))
                // The declaration ends before this line, as if the '}' and newline were there.
                tokens.insert(Token(kind: .newline, location: current.location, text: ""), at: pos)
                return fields
            }
            // A broken field is reported and skipped to the end of its line (with any block it
            // opened), and the struct goes on: the fields after it are not read as statements,
            // nor its '}' as a stray one.
            do throws(Failure) {
                try parseField(into: &fields)
            } catch {
                report(error)
                if diagnostics.count > Parser.maxErrors { throw error }
                skipField()
                continue
            }
            if fields.count > ScenarioLimits.maxFields {
                // Said once; the rest of the struct is still read, so the lines after the
                // limit are not taken for statements.
                if !tooManyFields { report(fail("a struct may have at most \(ScenarioLimits.maxFields) fields", at: fields[ScenarioLimits.maxFields].location)) }
                tooManyFields = true
                fields.removeSubrange(ScenarioLimits.maxFields...)
            }
        }
    }

    /// One field line: `name, name Type`, or an embedded `Type` / `*Type`.
    mutating func parseField(into fields: inout [FieldDecl]) throws(Failure) {
        // Embedded field: a (possibly pointer) type name alone on its line.
        let embeddedPointer = current.isPunct("*")
        if embeddedPointer || current.identifier != nil, fieldEndsAfterName(skip: embeddedPointer ? 1 : 0) {
            let loc = current.location
            let t = try parseType()
            guard case .named(let n, _) = (embeddedPointer ? { if case .pointer(let e) = t { e } else { t } }() : t) else {
                throw fail("an embedded field is a type name", at: loc)
            }
            fields.append(FieldDecl(name: String(n.split(separator: ".").last ?? Substring(n)), type: t, location: loc))
        } else {
            var names: [(String, Token)] = []
            repeat {
                if !names.isEmpty { advance() }
                names.append(try expectIdentifier("a field name"))
            } while current.isPunct(",")
            let type = try parseType()
            for (n, tok) in names { fields.append(FieldDecl(name: n, type: type, location: tok.location)) }
        }
        // (At the end of the file the struct says what is missing.)
        guard current.kind == .newline || current.kind == .end || current.isPunct(";") || current.isPunct("}") else {
            throw fail("unexpected \(current.shown) after the field's type", at: current)
        }
    }

    /// Skips the rest of a broken field: up to the end of its line, or up to the struct's '}'
    /// (left for the struct), with any braces the line opened skipped whole.
    mutating func skipField() { skipRest(consuming: false) }

    /// Whether the line at the current token reads as a statement, never as a field: a name
    /// followed by `:=`, `=`, `(` or `.name =`, or a statement word followed by something that
    /// cannot start a type.
    func startsStatement() -> Bool {
        guard let word = current.identifier else { return false }
        // Go keywords are never field names.
        if word == "type" || word == "func" || word == "var" { return true }
        let next = peek()
        if next.isPunct(":=") || next.isPunct("=") || next.isPunct("(") { return true }
        if next.isPunct("."), peek(2).identifier != nil, peek(3).isPunct("=") || peek(3).isPunct(".") { return true }
        if Parser.statementWords.contains(word) {
            return !(next.identifier != nil || next.isPunct("*") || next.isPunct("[") || next.isPunct(","))
        }
        return false
    }

    /// Whether the field starting at the current token is only a type name (embedded).
    func fieldEndsAfterName(skip: Int) -> Bool {
        var k = skip
        if peek(k).identifier == nil && k > 0 { return false }
        k += 1
        if peek(k).isPunct("."), peek(k + 1).identifier != nil { k += 2 }
        let after = peek(k)
        return after.kind == .newline || after.isPunct(";") || after.isPunct("}")
    }
}
