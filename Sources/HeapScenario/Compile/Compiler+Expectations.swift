// Static checks of `expect`: every name known, every query given what it takes, and like
// compared with like (a colour with a colour, a number with a number).

import HeapEngine

/// What an expression in `expect` evaluates to.
enum ValueKind: String {
    case number, pointer, colour, phase, gcphase, unknown
}

extension Compiler {
    static let colourNames: Set<String> = ["white", "grey", "gray", "black"]
    /// The runtime's gcphase values (mgc.go, go1.12).
    static let gcphaseNames: Set<String> = ["_GCoff", "_GCmark", "_GCmarktermination"]

    mutating func checkExpectation(_ lhs: Expr, _ op: String, _ rhs: Expr, _ s: Statement) {
        let a = kind(of: lhs), b = kind(of: rhs)
        guard a != .unknown, b != .unknown else { return }
        if a != b {
            let hint = [a, b].contains(.gcphase) && [a, b].contains(.phase)
                ? ": gcphase is the runtime's variable (_GCoff, _GCmark, _GCmarktermination); phase is the stage (\(GCPhase.allCases.map(\.rawValue).joined(separator: ", ")))" : ""
            error("expect compares a \(a.rawValue) with a \(b.rawValue)" + hint, at: rhs.location)
        } else if a != .number && !["==", "!="].contains(op) {
            error("a \(a.rawValue) can only be compared with == or !=", at: s.location)
        }
    }

    mutating func kind(of e: Expr) -> ValueKind {
        switch e {
        case .number: return .number
        case .null: return .pointer
        case .name(let n, let loc):
            if lookup(n) != nil { return .pointer }
            if MemStats.fieldNames.contains(n) || n == "Alloc" || RuntimeNames.all.contains(n) { return .number }
            if n == "phase" || n == "stage" { return .phase }
            if n == "gcphase" || Compiler.gcphaseNames.contains(n) { return .gcphase }
            if Compiler.colourNames.contains(n) { return .colour }
            if GCPhase(rawValue: n) != nil { return .phase }
            if n == "nonempty" || n == "empty" {
                error("'\(n)' names an mcentral list; use it inside spans(N, \(n))", at: loc)
                return .unknown
            }
            guard diagnostics.count < Parser.maxErrors else { suppressed += 1; return .unknown }
            if let line = droppedAt[n] {
                error("\(SafeText.clean(n)) was dropped at line \(line): expect sees the variables in scope", at: loc, length: n.unicodeScalars.count)
                return .unknown
            }
            let candidates = MemStats.fieldNames + scopes.flatMap { $0.keys } + globals.keys + ["phase", "stage", "gcphase"] + RuntimeNames.all.sorted()
                + Compiler.gcphaseNames.sorted() + GCPhase.allCases.map(\.rawValue)
            let hint = Parser.closest(to: n, in: candidates, caseInsensitive: true, preferFirst: true, budget: &hintBudget).map { "; did you mean '\($0)'?" } ?? ""
            error("unknown name '\(SafeText.clean(n))' in expect\(hint)", at: loc, length: n.unicodeScalars.count)
            return .unknown
        case .path(let p):
            _ = checkPath(p, loading: true)
            return .pointer
        case .call(let name, let args, let loc):
            guard let arg = args.first else { return .unknown }
            switch name {
            case "stackcolor":
                guard case .name(let g, let l) = arg, goroutines[g] != nil else {
                    error("stackcolor(…) takes a goroutine: " + Parser.someNames(goroutines.keys), at: arg.location)
                    return .unknown
                }
                _ = l
                return .colour
            case "class", "size", "span", "color":
                if case .null = arg {
                    error("\(name)(nil): nil points to no object; \(name)(…) takes a variable or a path to an object", at: arg.location)
                    return name == "color" ? .colour : .number
                }
                let k = kind(of: arg)
                if k != .pointer && k != .unknown {
                    error("\(name)(…) takes a variable or a path to an object, not a \(k.rawValue)", at: arg.location)
                }
                return name == "color" ? .colour : .number
            case "objects":
                guard case .name(let c, _) = arg, Compiler.colourNames.contains(c) else {
                    error("objects(…) takes a colour: white, grey or black", at: arg.location)
                    return .unknown
                }
                return .number
            case "tinyoffset":
                guard case .name(let p, _) = arg, p.hasPrefix("p"), let n = Int(p.dropFirst()), String(n) == p.dropFirst() else {
                    error("tinyoffset(…) takes a P: p0, p1, …", at: arg.location)
                    return .unknown
                }
                if n >= settings.config.procs { error("p\(n) does not exist: this scenario has \(settings.config.procs == 1 ? "1 P (p0)" : "\(settings.config.procs) Ps (p0 to p\(settings.config.procs - 1))")", at: arg.location) }
                return .number
            default:
                error("unknown query \(name)", at: loc)
                return .unknown
            }
        case .spans(let cls, _, let list, let listLoc, _):
            let profile = RuntimeProfile.named(settings.config.profileName) ?? .default
            let setName = list.contains(" ")
            if setName != (profile.mcentralShape == .spanSets) {
                error(profile.mcentralShape == .spanSets
                      ? "\(profile.name)'s mcentral has span sets, not lists: use 'partial swept', 'partial unswept', 'full swept' or 'full unswept'"
                      : "\(profile.name)'s mcentral has the lists 'nonempty' and 'empty'; span sets arrived in Go 1.15 (profile go1.25)",
                      at: listLoc)
            }
            let k = kind(of: cls)
            if k != .number && k != .unknown { error("spans(…) takes a size class number first", at: cls.location) }
            if case .number(let n, let l) = cls {
                let classes = (RuntimeProfile.named(settings.config.profileName) ?? .default).sizeClasses.count
                if n < 1 || n >= classes { error("size classes run from 1 to \(classes - 1); there is no class \(n)", at: l) }
            }
            return .number
        case .typeQuery(_, let t, let loc):
            do { _ = try resolver.layout(of: t) } catch { self.error(error.message, at: error.location ?? loc) }
            return .number
        case .offsetof(let type, let field, let loc):
            do {
                let l = try resolver.layout(named: type, at: loc)
                if l.field(field) == nil {
                    self.error("\(SafeText.clean(type)) has no field '\(SafeText.clean(field))'", at: loc)
                }
            } catch { self.error(error.message, at: error.location ?? loc) }
            return .number
        case .arithmetic(let first, let rest):
            for (operand, loc) in [(first, first.location)] + rest.map({ ($0.operand, $0.location) }) {
                let k = kind(of: operand)
                if k != .number && k != .unknown {
                    error("arithmetic works on numbers only", at: loc)
                    return .number
                }
            }
            // The constant prefix of the chain, folded as the run folds it (left to right, in
            // Int128), so that check reports the overflow the run would.
            guard var x = Self.constantValue(first) else { return .number }
            for term in rest {
                guard let y = Self.constantValue(term.operand) else { break }
                let (v, o) = Self.apply(term.op, x, y)
                if o {
                    error("\(x) \(term.op) \(y) overflows", at: term.location)
                    break
                }
                x = v
            }
            return .number
        }
    }

    /// `x op y` for `+`, `-` and `*`, with whether it overflowed (the run's arithmetic, in
    /// Int128: every MemStats figure fits, the largest uint64 included).
    static func apply(_ op: String, _ x: Int128, _ y: Int128) -> (Int128, Bool) {
        switch op {
        case "+": let r = x.addingReportingOverflow(y); return (r.partialValue, r.overflow)
        case "-": let r = x.subtractingReportingOverflow(y); return (r.partialValue, r.overflow)
        default: let r = x.multipliedReportingOverflow(by: y); return (r.partialValue, r.overflow)
        }
    }

    /// A number, or a chain of numbers that folds without overflow (an inner chain's overflow
    /// is reported when that chain is checked); nil for anything that needs the heap.
    static func constantValue(_ e: Expr) -> Int128? {
        switch e {
        case .number(let v, _): return Int128(v)
        case .arithmetic(let first, let rest):
            guard case .number(let x0, _) = first else { return nil }
            var x = Int128(x0)
            for term in rest {
                guard case .number(let y0, _) = term.operand else { return nil }
                let y = Int128(y0)
                let (v, o) = apply(term.op, x, y)
                if o { return nil }
                x = v
            }
            return x
        default: return nil
        }
    }
}
