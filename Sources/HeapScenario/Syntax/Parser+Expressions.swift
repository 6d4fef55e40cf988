// Expressions in `expect`: sums and products of numbers, statistics and queries.
//
//   Expr    = Term { ("+" | "-") Term }
//   Term    = Factor { "*" Factor }
//   Factor  = Number[unit] | "nil" | "(" Expr ")" | Query | Name | Path
//   Query   = class(x) | size(x) | span(x) | color(x) | objects(colour) | tinyoffset(pN)
//           | spans(N [noscan], nonempty|empty) | sizeof(T) | alignof(T) | offsetof(T.f)

extension Parser {
    /// The queries `expect` understands, with what they take.
    static let queries: [String: String] = [
        "class": "class(x): the size class of the span holding x's object (0 for a large object)",
        "size": "size(x): the bytes of x's slot (its size class's object size)",
        "span": "span(x): the index of the span holding x's object",
        "color": "color(x): white, grey or black",
        "stackcolor": "stackcolor(g): grey while goroutine g's stack waits to be scanned, black once it has been",
        "objects": "objects(colour): how many allocated objects have that colour",
        "tinyoffset": "tinyoffset(pN): the offset into P N's current tiny block",
        "spans": "spans(N [noscan], nonempty|empty): spans on an mcentral list",
        "sizeof": "sizeof(T): unsafe.Sizeof",
        "alignof": "alignof(T): unsafe.Alignof",
        "offsetof": "offsetof(T.f): unsafe.Offsetof",
    ]

    mutating func parseExpr() throws(Failure) -> Expr {
        try nest(at: current)
        defer { depth -= 1 }
        let first = try parseTerm()
        var rest: [ArithmeticOperand] = []
        while case .punct(let op) = current.kind, op == "+" || op == "-" {
            let t = current
            advance()
            rest.append(ArithmeticOperand(op: op, operand: try parseTerm(), location: t.location))
        }
        return rest.isEmpty ? first : .arithmetic(first, rest)
    }

    mutating func parseTerm() throws(Failure) -> Expr {
        let first = try parseFactor()
        var rest: [ArithmeticOperand] = []
        while current.isPunct("*") {
            let t = current
            advance()
            rest.append(ArithmeticOperand(op: "*", operand: try parseFactor(), location: t.location))
        }
        return rest.isEmpty ? first : .arithmetic(first, rest)
    }

    mutating func parseFactor() throws(Failure) -> Expr {
        let t = current
        switch t.kind {
        case .number(_, let unit):
            // A duration is nanoseconds, as PauseTotalNs and assist_ns count: `22us`.
            if Parser.timeUnits[unit] != nil && Parser.byteUnits[unit] == nil {
                return .number(try parseDuration(), t.location)
            }
            // A figure in expect may be as large as a number can be written (the lexer's
            // limit, Int64.max), not only as large as a size: one limit, said the same way.
            let (bytes, _) = try parseByteCount("a number", max: Int.max)
            return .number(Int64(bytes), t.location)
        case .punct("("):
            advance()
            let e = try parseExpr()
            _ = try expectPunct(")", "to close '('")
            return e
        case .punct("-"):
            throw fail("negative numbers do not occur in heap statistics", at: t)
        case .identifier("nil"):
            advance()
            return .null(t.location)
        case .identifier(let name) where peek().isPunct("("):
            guard Parser.queries[name] != nil else {
                throw fail("unknown query '\(SafeText.clean(name))(…)'; known: " + Parser.queries.keys.sorted().joined(separator: ", "), at: t)
            }
            advance(); advance()
            let e = try parseQuery(name, t)
            _ = try expectPunct(")", "to close \(name)(…)")
            return e
        case .identifier:
            if peek().isPunct(".") || peek().isPunct("[") { return .path(try parsePath()) }
            advance()
            return .name(t.identifier!, t.location)
        default:
            throw fail("expected a value (a number, a statistic such as HeapAlloc, a variable or a query such as class(x)), found \(t.shown)", at: t)
        }
    }

    mutating func parseQuery(_ name: String, _ t: Token) throws(Failure) -> Expr {
        switch name {
        case "sizeof", "alignof":
            return .typeQuery(name, try parseType(), t.location)
        case "offsetof":
            let (type, _) = try expectIdentifier("a struct type name in offsetof(T.field)")
            _ = try expectPunct(".", "in offsetof(T.field)")
            let (field, _) = try expectIdentifier("a field name in offsetof(T.field)")
            return .offsetof(type: type, field: field, t.location)
        case "spans":
            let cls = try parseExpr()
            var noscan = false
            if current.isWord("noscan") { noscan = true; advance() }
            _ = try expectPunct(",", "between the size class and the list in spans(N, nonempty)")
            let (first, lt) = try expectIdentifier("'nonempty' or 'empty' (go1.12), or 'partial swept', 'full unswept'… (go1.25)")
            var list = first
            switch first {
            case "nonempty", "empty": break
            case "partial", "full":
                // go1.25's span sets: partial or full, then swept or unswept.
                let (state, st) = try expectIdentifier("'swept' or 'unswept' after '\(first)'")
                guard state == "swept" || state == "unswept" else {
                    throw fail("a span set is 'swept' or 'unswept', not '\(SafeText.clean(state))'", at: st)
                }
                list = first + " " + state
            default:
                throw fail("mcentral holds spans on 'nonempty' and 'empty' (go1.12) or in 'partial swept', 'partial unswept', 'full swept' and 'full unswept' (go1.25); not '\(SafeText.clean(first))'", at: lt)
            }
            return .spans(sizeClass: cls, noscan: noscan, list: list, listLocation: lt.location, t.location)
        default:
            return .call(name, [try parseExpr()], t.location)
        }
    }
}
