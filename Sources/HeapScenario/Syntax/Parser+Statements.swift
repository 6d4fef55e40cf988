// Statements: settings, declarations, mutator actions, collector commands, teaching and
// expectations. One per line; `;` separates several on one line; `}` may close a block on
// the same line (`repeat 1000 { y := new(Conn) }`).

extension Parser {
    /// Words that start a statement (and so cannot be used as a command-like variable name).
    static let statementWords: Set<String> = [
        "profile", "procs", "gogc", "memlimit", "arena", "seed", "collector", "writebarrier",
        "type", "layout", "var", "global", "drop", "repeat", "func",
        "gc", "sweep", "setgcpercent", "sleep", "scavenge", "freeosmemory", "goroutine", "readmemstats",
        "say", "pause", "ask", "bookmark", "expect",
    ]

    mutating func parseStatement() throws(Failure) -> Statement? {
        let start = pos
        let first = current
        guard let word = first.identifier else {
            throw fail("expected a statement, found \(first.shown)", at: first)
        }
        // Assignments and calls start with a name followed by an operator.
        switch peek().kind {
        case .punct(":="):
            advance(); advance()
            let rhs = try parseAssignment()
            try endStatement()
            return Statement(kind: .declare(name: word, rhs), location: first.location, text: text(from: start))
        case .punct("="), .punct("."), .punct("["):
            // A statement word followed by '.' or '[' is that statement (`sleep .5s`), not a
            // path: on to the statements below.
            if Parser.statementWords.contains(word) && !peek().isPunct("=") { break }
            let path = try parsePath()
            guard current.isPunct("=") else {
                if current.isPunct("==") {
                    throw fail("'==' compares; to check a value write 'expect \(path.text) == …', to store one write '='", at: current)
                }
                throw fail("expected '=' after \(path.text), found \(current.shown)", at: current)
            }
            advance()
            let rhs = try parseAssignment()
            try endStatement()
            return Statement(kind: .assign(path, rhs), location: first.location, text: text(from: start))
        case .punct("(") where !Parser.statementWords.contains(word):
            advance(); advance()
            _ = try expectPunct(")", "to call \(word)(): functions in scenarios take no arguments")
            try endStatement()
            return Statement(kind: .call(name: word), location: first.location, text: text(from: start))
        default:
            break
        }
        advance()
        let kind: Statement.Kind
        switch word {
        case ScenarioFormat.magic:
            throw fail("'heapscope \(ScenarioFormat.currentVersion)' belongs on the first line only", at: first)
        case "profile", "procs", "gogc", "memlimit", "arena", "seed", "collector", "writebarrier":
            kind = .setting(try parseSetting(word, first))
        case "type":
            let (name, _) = try expectIdentifier("a type name after 'type'")
            kind = .typeDecl(name: name, try parseType())
        case "layout":
            kind = .layout(try parseType())
        case "var":
            let (name, _) = try expectIdentifier("a variable name after 'var'")
            let type = try parseType()
            var g: String? = nil
            if current.isWord("on") {
                advance()
                g = try expectIdentifier("the goroutine whose stack holds it, after 'on'").0
            }
            kind = .varDecl(name: name, type, goroutine: g)
        case "goroutine":
            let (name, _) = try expectIdentifier("a name for the goroutine")
            var p: Int? = nil
            var pLoc: SourceLocation? = nil
            if current.isWord("on") {
                advance()
                let (pn, t) = try expectIdentifier("a P such as p0 or p1 after 'on'")
                guard let n = Parser.processor(pn) else { throw fail("'\(SafeText.clean(pn))' is not a P: write p0, p1, …", at: t) }
                p = n
                pLoc = t.location
            }
            kind = .goroutine(name: name, p: p, pLocation: pLoc)
        case "readmemstats": kind = .readMemStats
        case "global":
            let (name, _) = try expectIdentifier("a name for the global")
            if current.isPunct("=") {
                advance()
                kind = .global(name: name, try parseAssignment())
            } else {
                kind = .global(name: name, nil)
            }
        case "drop":
            var list = NameList(names: [], locations: [])
            repeat {
                if !list.names.isEmpty { advance() }
                let (name, t) = try expectIdentifier("a variable to drop")
                list.names.append(name)
                list.locations.append(t.location)
            } while current.isPunct(",")
            kind = .drop(list)
        case "repeat":
            let (n, _) = try expectInt("a repeat count", min: 0)
            let header = text(from: start)
            let body = try parseBlock()
            try endStatementAfterBlock()
            return Statement(kind: .repeatLoop(count: Int(n), body: body), location: first.location, text: header + " { … }")
        case "func":
            let (name, _) = try expectIdentifier("a function name after 'func'")
            if current.isPunct("(") {
                advance()
                _ = try expectPunct(")", "after '(': functions in scenarios take no parameters")
            }
            let header = text(from: start)
            let body = try parseBlock()
            try endStatementAfterBlock()
            return Statement(kind: .funcDecl(name: name, body: body), location: first.location, text: header + " { … }")
        case "gc":
            kind = .gc(try parseGCCommand())
        case "sweep": kind = .sweep
        case "setgcpercent":
            if current.isWord("off") {
                advance()
                kind = .setGCPercent(nil)
            } else if current.isPunct("-") {
                // debug.SetGCPercent(-1): Go's way to turn the collector off.
                advance()
                _ = try expectInt("a percentage after '-'", min: 1, max: Int64.max)
                kind = .setGCPercent(nil)
            } else {
                let (n, _) = try expectInt("a percentage or 'off' after 'setgcpercent'", min: 0, max: 100_000)
                kind = .setGCPercent(Int(n))
            }
        case "sleep": kind = .sleep(nanoseconds: try parseDuration())
        case "scavenge": kind = .scavenge
        case "freeosmemory": kind = .freeOSMemory
        case "say": kind = .say(try parseString("the caption after 'say'"))
        case "pause": kind = .pause
        case "ask":
            let q = try parseString("the question after 'ask'")
            guard current.isWord("answer") else {
                throw fail("expected 'answer \"…\"' after the question", at: current)
            }
            advance()
            kind = .ask(question: q, answer: try parseString("the answer after 'answer'"))
        case "bookmark":
            let nameToken = current
            let name = try parseString("the bookmark's name")
            // A bookmark is found by its name (`--until NAME`, the Timeline): an empty one
            // could never be asked for.
            if name.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" }) { throw fail("a bookmark needs a name: bookmark \"after the first cycle\"", at: nameToken) }
            kind = .bookmark(name)
        case "expect":
            let lhs = try parseExpr()
            guard case .punct(let op) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(op) else {
                if current.isPunct("=") { throw fail("use '==' to compare in 'expect'", at: current) }
                throw fail("expected a comparison (==, !=, <, <=, >, >=) in 'expect', found \(current.shown)", at: current)
            }
            advance()
            kind = .expect(lhs, op: op, try parseExpr())
        default:
            throw fail(unknownStatementMessage(word), at: first)
        }
        try endStatement()
        return Statement(kind: kind, location: first.location, text: text(from: start))
    }

    /// The number of `p3`; nil for any other word.
    static func processor(_ word: String) -> Int? {
        guard word.hasPrefix("p"), let n = Int(word.dropFirst()), n >= 0, String(n) == word.dropFirst() else { return nil }
        return n
    }

    mutating func endStatementAfterBlock() throws(Failure) {
        if atStatementEnd { if current.isPunct(";") || current.kind == .newline { advance() }; return }
        throw fail("unexpected \(current.shown) after '}'", at: current)
    }

    func unknownStatementMessage(_ word: String) -> String {
        let w = SafeText.clean(word)
        let all = Parser.statementWords.sorted()
        if let near = all.first(where: { Parser.editDistance($0, word.lowercased()) <= 2 }) {
            return "unknown statement '\(w)'; did you mean '\(near)'?"
        }
        return "unknown statement '\(w)'"
    }

    /// The candidate within edit distance 2 of `word` ("did you mean"), or nil: the first in
    /// order with `preferFirst`, else the alphabetically smallest. Only names within two
    /// characters of its length are compared, and the comparisons of a whole compile share
    /// `budget` (cells of the edit-distance table): 40,000 long names in scope and 200 bad
    /// ones took minutes before; past the budget there are no more hints.
    static func closest(to word: String, in candidates: [String], caseInsensitive: Bool = false, preferFirst: Bool = false,
                        budget: inout Int) -> String? {
        let w = caseInsensitive ? word.lowercased() : word
        let n = min(64, w.unicodeScalars.count)
        var best: String? = nil
        for c in candidates {
            let k = c.unicodeScalars.count
            guard abs(k - n) <= 2, best.map({ c < $0 }) ?? true || preferFirst else { continue }
            budget -= max(1, n * min(64, k))
            if budget < 0 { return best }
            if editDistance(caseInsensitive ? c.lowercased() : c, w) <= 2 {
                if preferFirst { return c }
                best = c
            }
        }
        return best
    }

    /// The first `limit` names in alphabetical order, then how many more: a message that lists
    /// what there is stays short whatever the scenario declares.
    static func someNames(_ names: some Sequence<String>, limit: Int = 8) -> String {
        var first: [String] = []
        var total = 0
        for name in names {
            total += 1
            if first.count < limit {
                first.insert(name, at: first.firstIndex { $0 > name } ?? first.count)
            } else if name < first[limit - 1] {
                first.removeLast()
                first.insert(name, at: first.firstIndex { $0 > name } ?? first.count)
            }
        }
        return first.joined(separator: ", ") + (total > limit ? " and \(total - limit) more" : "")
    }

    /// Levenshtein distance, for "did you mean" hints on short words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars.prefix(64)), b = Array(b.unicodeScalars.prefix(64))
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }

    mutating func parseString(_ what: String) throws(Failure) -> String {
        guard case .string(let s) = current.kind else { throw fail("expected \(what) in double quotes, found \(current.shown)", at: current) }
        advance()
        return s
    }

    // MARK: - Settings

    mutating func parseSetting(_ word: String, _ first: Token) throws(Failure) -> Setting {
        switch word {
        case "profile":
            // A profile name is written as it is spelled (`go1.12`), which lexes as several tokens.
            guard !atStatementEnd else { throw fail("expected a runtime profile name after 'profile'", at: current) }
            var name = ""
            var last: Token? = nil
            while !atStatementEnd {
                if let l = last, l.location.line == current.location.line,
                   l.location.column + l.text.unicodeScalars.count != current.location.column {
                    throw fail("unexpected \(current.shown) after the profile name", at: current)
                }
                name += current.text
                last = current
                advance()
            }
            return .profile(name)
        case "procs":
            let (n, _) = try expectInt("the number of Ps", min: 1, max: Int64(ScenarioLimits.maxProcs))
            return .procs(Int(n))
        case "gogc":
            if current.isWord("off") { advance(); return .gogc(nil) }
            if current.isPunct("-") {
                // GOGC=-1: Go reads any negative value as off.
                advance()
                _ = try expectInt("a percentage after '-'", min: 1, max: Int64.max)
                return .gogc(nil)
            }
            guard case .number = current.kind else { throw fail("expected a percentage or 'off' after 'gogc'", at: current) }
            let (n, _) = try expectInt("GOGC", min: 0, max: 100_000)
            return .gogc(Int(n))
        case "arena":
            let (bytes, _) = try parseByteCount("the arena size")
            return .arena(bytes)
        case "memlimit":
            if current.isWord("off") { advance(); return .memoryLimit(nil) }
            let (bytes, _) = try parseByteCount("the memory limit (GOMEMLIMIT)")
            return .memoryLimit(bytes)
        case "seed":
            let (n, _) = try expectInt("the seed", min: 0)
            return .seed(UInt64(n))
        case "collector":
            let (mode, t) = try expectIdentifier("'concurrent' or 'stw'")
            guard mode == "concurrent" || mode == "stw" else {
                throw fail("unknown collector '\(SafeText.clean(mode))': use 'concurrent' or 'stw'", at: t)
            }
            return .collector(mode)
        default: // writebarrier
            let (v, t) = try expectIdentifier("'on' or 'off'")
            guard v == "on" || v == "off" else { throw fail("writebarrier is 'on' or 'off', not '\(SafeText.clean(v))'", at: t) }
            return .writeBarrier(v == "on")
        }
    }

    // MARK: - Quantities

    static let byteUnits: [String: Int64] = ["": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30]
    /// `whole.fraction` (the fraction a number token with a unit, "25m") written in the largest
    /// of `units` (largest first) that makes it whole ("135s" for 2.25m, "1536B" for 1.5KiB),
    /// or nil when the unit is not one of `scales`, the digits are too many or the value is finer
    /// than the smallest unit.
    static func wholeAmount(_ whole: Int64, fraction t: Token, scales: [String: Int64],
                            units: [(String, Int64)]) -> String? {
        guard case .number(_, let unit) = t.kind, let scale = scales[unit] else { return nil }
        let digits = t.text.unicodeScalars.prefix { ("0"..."9").contains($0) || $0 == "_" }.filter { $0 != "_" }
        guard !digits.isEmpty, digits.count <= 12, let d = Int64(String(String.UnicodeScalarView(digits))) else { return nil }
        var p10: Int64 = 1
        for _ in digits { p10 *= 10 }
        let (w, o1) = whole.multipliedReportingOverflow(by: scale)
        let (f, o2) = d.multipliedReportingOverflow(by: scale)
        guard !o1, !o2, f % p10 == 0 else { return nil }
        let (total, o3) = w.addingReportingOverflow(f / p10)
        guard !o3, total > 0 else { return nil }
        for (name, unitScale) in units where total % unitScale == 0 { return "\(total / unitScale)\(name)" }
        return nil
    }

    static func wholeDuration(_ whole: Int64, fraction t: Token) -> String? {
        wholeAmount(whole, fraction: t, scales: timeUnits, units: durationUnits)
    }

    /// The time units from the largest, for writing a duration in the largest that makes it whole.
    static let durationUnits: [(String, Int64)] = [("h", 3_600_000_000_000), ("m", 60_000_000_000),
                                                   ("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000), ("ns", 1)]

    /// The unit a misspelt time unit means (`min` → `m`, `sec` → `s`, `MS` → `ms`), if any.
    static func timeUnitHint(_ unit: String) -> String? {
        let spelt = ["min": "m", "mins": "m", "minute": "m", "minutes": "m", "sec": "s", "secs": "s",
                     "second": "s", "seconds": "s", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
                     "msec": "ms", "msecs": "ms", "usec": "us", "usecs": "us", "nsec": "ns", "nsecs": "ns"]
        if let u = spelt[unit.lowercased()] { return u }
        let lower = unit.lowercased()
        return lower != unit && timeUnits[lower] != nil ? lower : nil
    }

    /// `1m30s` (a number, a unit, a number, a unit: Go's duration syntax) as one unit ("90s"),
    /// or nil when `unit` is not of that shape.
    static func compoundDuration(_ v: Int64, _ unit: String) -> String? {
        let scalars = Array(unit.unicodeScalars)
        var i = 0
        while i < scalars.count, !("0"..."9").contains(scalars[i]) { i += 1 }
        guard i > 0, i < scalars.count else { return nil }
        let first = String(String.UnicodeScalarView(scalars[0..<i]))
        var j = i
        while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
        guard j < scalars.count, j - i <= 12, let n = Int64(String(String.UnicodeScalarView(scalars[i..<j]))) else { return nil }
        let second = String(String.UnicodeScalarView(scalars[j...]))
        guard let s1 = timeUnits[first], let s2 = timeUnits[second], s2 < s1 else { return nil }
        let (a, o1) = v.multipliedReportingOverflow(by: s1)
        let (b, o2) = n.multipliedReportingOverflow(by: s2)
        let (total, o3) = a.addingReportingOverflow(b)
        guard !o1, !o2, !o3, total > 0 else { return nil }
        for (name, scale) in durationUnits where total % scale == 0 {
            return "\(total / scale)\(name)"
        }
        return nil
    }

    static let timeUnits: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// A byte count: `100`, `4KiB`, `64MiB`.
    mutating func parseByteCount(_ what: String, max limit: Int = ScenarioLimits.maxBytes) throws(Failure) -> (Int, Token) {
        guard case .number(let v, let unit) = current.kind else {
            throw fail("expected \(what) (bytes, or with a unit: KiB, MiB, GiB), found \(current.shown)", at: current)
        }
        let t = current
        if unit.isEmpty, pos + 2 < tokens.count, tokens[pos + 1].isPunct("."), case .number = tokens[pos + 2].kind {
            let written = SafeText.clip(current.text + "." + tokens[pos + 2].text, limit: 40)
            let instead = Parser.wholeAmount(v, fraction: tokens[pos + 2], scales: Parser.byteUnits,
                                             units: [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1)])
            throw fail("a size is a whole number of bytes or of a unit: write \(instead ?? "a whole number such as 1536 or 64KiB"), not \(written)", at: t)
        }
        guard let scale = Parser.byteUnits[unit] else {
            // The same unit in another case (`1kib`, `64b`) is a slip, not another unit.
            let sameUnit = Parser.byteUnits.keys.first { !$0.isEmpty && $0.lowercased() == unit.lowercased() }
            let hint = (["KB": "KiB", "MB": "MiB", "GB": "GiB", "k": "KiB", "K": "KiB", "M": "MiB", "G": "GiB"][unit] ?? sameUnit)
                .map { "; did you mean \($0)?" } ?? " (use B, KiB, MiB or GiB)"
            throw fail("unknown size unit '\(SafeText.clean(unit))'\(hint)", at: t)
        }
        let (bytes, overflow) = v.multipliedReportingOverflow(by: scale)
        guard !overflow, bytes <= Int64(limit) else {
            throw fail(limit == ScenarioLimits.maxBytes ? "\(what) is too large: at most \(ScenarioLimits.maxBytes >> 30) GiB"
                       : "\(what) is too large: at most \(limit)", at: t)
        }
        advance()
        return (Int(bytes), t)
    }

    /// A duration: `500ms`, `2m`, `1h`.
    mutating func parseDuration() throws(Failure) -> Int64 {
        guard case .number(let v, let unit) = current.kind else {
            // `.5s`: a fraction with no whole part.
            if current.isPunct("."), pos + 1 < tokens.count, case .number = tokens[pos + 1].kind {
                let written = SafeText.clip("." + tokens[pos + 1].text, limit: 40)
                let instead = Parser.wholeDuration(0, fraction: tokens[pos + 1])
                throw fail("a duration is a whole number of a unit: write \(instead ?? "a whole number such as 500ms"), not \(written)", at: current)
            }
            throw fail("expected a duration such as 500ms, 10s or 2m, found \(current.shown)", at: current)
        }
        guard let scale = Parser.timeUnits[unit] else {
            if unit.isEmpty, pos + 1 < tokens.count, tokens[pos + 1].isPunct(".") {
                let written = pos + 2 < tokens.count ? current.text + "." + tokens[pos + 2].text : current.text + "."
                if pos + 2 < tokens.count, case .number(_, let u) = tokens[pos + 2].kind, !u.isEmpty, Parser.timeUnits[u] == nil {
                    throw fail("unknown time unit '\(SafeText.clip(u, limit: 20))': use ns, us, ms, s, m or h", at: tokens[pos + 2])
                }
                if pos + 2 < tokens.count, case .number(_, let u) = tokens[pos + 2].kind, u.isEmpty {
                    throw fail("a duration needs a unit and is a whole number of it: ns, us, ms, s, m or h (e.g. 500ms), not \(SafeText.clip(written, limit: 40))", at: current)
                }
                let instead = pos + 2 < tokens.count ? Parser.wholeDuration(v, fraction: tokens[pos + 2]) : nil
                throw fail("a duration is a whole number of a unit: write \(instead ?? "a whole number of nanoseconds or more"), not \(SafeText.clip(written, limit: 40))", at: current)
            }
            if unit.isEmpty, pos + 1 < tokens.count, tokens[pos + 1].location.line == current.location.line,
               case .identifier(let w) = tokens[pos + 1].kind, Parser.timeUnits[w] != nil || Parser.timeUnitHint(w) != nil {
                // `500 ms`
                let u = Parser.timeUnits[w] != nil ? w : Parser.timeUnitHint(w)!
                throw fail("write the unit without a space: \(SafeText.clip(current.text, limit: 20))\(u)", at: current)
            }
            if let compound = Parser.compoundDuration(v, unit) {
                // `1m30s`: Go's syntax, one unit here.
                throw fail("a duration has one unit: write \(compound), not \(SafeText.clip(current.text, limit: 40))", at: current)
            }
            let hint = Parser.timeUnitHint(unit).map { "; did you mean '\($0)'?" } ?? ": use ns, us, ms, s, m or h"
            throw fail(unit.isEmpty ? "a duration needs a unit: ns, us, ms, s, m or h (e.g. 2m)"
                                    : "unknown time unit '\(SafeText.clean(unit))'\(hint)", at: current)
        }
        let (ns, overflow) = v.multipliedReportingOverflow(by: scale)
        guard !overflow, ns <= ScenarioLimits.maxSleepNanoseconds else {
            throw fail("a single sleep may be at most \(ScenarioLimits.maxSleepNanoseconds / 3_600_000_000_000) hours", at: current)
        }
        advance()
        return ns
    }

    /// `100`, `4KiB` or `rand(1, 15)`.
    /// A size in bytes (`count` false) or a count of elements (`make`'s length: no unit), or
    /// `rand(lo, hi)` of either.
    mutating func parseSizeExpr(_ what: String, count: Bool = false) throws(Failure) -> SizeExpr {
        if current.isWord("rand") && peek().isPunct("(") {
            advance(); advance()
            let (lo, _) = try count ? parseCount("the lower bound") : parseByteCount("the lower bound")
            _ = try expectPunct(",", "between rand's bounds")
            let (hi, hiTok) = try count ? parseCount("the upper bound") : parseByteCount("the upper bound")
            _ = try expectPunct(")", "to close rand(…)")
            guard lo <= hi else { throw fail("rand(\(lo), \(hi)): the lower bound is above the upper bound", at: hiTok) }
            return .random(lo, hi)
        }
        return .literal(try count ? parseCount(what).0 : parseByteCount(what).0)
    }

    /// A count of elements: a whole number with no unit.
    mutating func parseCount(_ what: String) throws(Failure) -> (Int, Token) {
        guard case .number(let v, let unit) = current.kind else {
            throw fail("expected \(what) (a whole number of elements), found \(current.shown)", at: current)
        }
        let t = current
        guard unit.isEmpty else {
            throw fail("\(what) is a number of elements and takes no unit ('\(SafeText.clean(unit))')", at: t)
        }
        guard v <= Int64(ScenarioLimits.maxBytes) else {
            throw fail("\(what) is too large: at most \(ScenarioLimits.maxBytes) elements", at: t)
        }
        advance()
        return (Int(v), t)
    }

    // MARK: - Right-hand sides

    mutating func parseAssignment() throws(Failure) -> Assignment {
        let at = current
        let source: ValueSource
        if current.isWord("new") && peek().isPunct("(") {
            advance(); advance()
            let t = try parseType()
            _ = try expectPunct(")", "to close new(…)")
            source = .new(t)
        } else if current.isWord("alloc") {
            advance()
            let size = try parseSizeExpr("the size to allocate")
            var noscan = false
            if current.isWord("noscan") { noscan = true; advance() }
            source = .alloc(size, noscan: noscan)
        } else if current.isWord("make") && peek().isPunct("(") {
            advance(); advance()
            let open = current
            guard current.isPunct("["), peek().isPunct("]") else {
                throw fail("make takes a slice type: make([]T, n)", at: open)
            }
            advance(); advance()
            let elem = try parseType()
            _ = try expectPunct(",", "between the slice type and its length")
            let n = try parseSizeExpr("the slice length", count: true)
            _ = try expectPunct(")", "to close make(…)")
            source = .make(element: elem, count: n)
        } else if current.isWord("nil") {
            advance()
            source = .null
        } else if current.identifier != nil {
            source = .path(try parsePath())
        } else {
            throw fail("expected new(T), alloc N, make([]T, n), nil or a variable, found \(current.shown)", at: current)
        }
        var p = 0
        var pLoc: SourceLocation? = nil
        var goroutine: String? = nil
        var gLoc: SourceLocation? = nil
        if current.isWord("on") {
            advance()
            let (name, t) = try expectIdentifier("a P (p0, p1, …) or a goroutine after 'on'")
            if let n = Parser.processor(name) {
                guard source.allocates else { throw fail("'on \(name)' picks the P of an allocation; this statement allocates nothing (to run it on a goroutine, name the goroutine)", at: t) }
                p = n
                pLoc = t.location
            } else {
                goroutine = name
                gLoc = t.location
            }
        }
        return Assignment(source: source, sourceLocation: at.location, p: p, pLocation: pLoc, goroutine: goroutine, goroutineLocation: gLoc)
    }

    /// `c`, `c.next.next`, `b[1]`, `s[2].buf`.
    mutating func parsePath() throws(Failure) -> PathExpr {
        let (base, t) = try expectIdentifier("a variable")
        var path = PathExpr(base: base, location: t.location, elements: [])
        while true {
            if current.isPunct(".") {
                advance()
                let (f, ft) = try expectIdentifier("a field name after '.'")
                path.elements.append(.field(f, ft.location))
            } else if current.isPunct("[") {
                let open = current
                advance()
                let (i, _) = try expectInt("an index", min: 0, max: Int64(ScenarioLimits.maxBytes))
                _ = try expectPunct("]", "to close the index")
                path.elements.append(.index(Int(i), open.location))
            } else {
                break
            }
            if path.elements.count > 64 {
                // At the 65th step (the token after the path was read is often far past it).
                let loc: SourceLocation
                switch path.elements[64] { case .field(_, let l), .index(_, let l): loc = l }
                throw fail("a path may have at most 64 steps", at: loc)
            }
        }
        return path
    }

    // MARK: - Collector commands

    mutating func parseGCCommand() throws(Failure) -> GCCommand {
        if atStatementEnd { return .full }
        let (w, t) = try expectIdentifier("start, step N, phase or finish after 'gc'")
        switch w {
        case "start": return .start
        case "phase": return .phase
        case "finish": return .finish
        case "step":
            if atStatementEnd { return .step(1) }
            let (n, _) = try expectInt("the number of units of mark work (root jobs first, then one grey object each)", min: 1, max: 1 << 40)
            return .step(Int(n))
        default:
            throw fail("unknown gc command '\(SafeText.clean(w))': use gc, gc start, gc step N, gc phase or gc finish", at: t)
        }
    }
}
