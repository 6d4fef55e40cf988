// Checking `expect`: evaluate both sides on the current state and compare. A failure names
// the line and shows expected against actual; a query that cannot be answered (class of a nil
// variable) is a failed expectation too, never a crash.

import HeapEngine

/// A value in an expectation.
enum ExpectValue: Equatable {
    /// Int128: every figure fits, NextGC under GOGC off (the largest uint64) included, and
    /// arithmetic on it stays exact.
    case number(Int128)
    case pointer(UInt64)
    case colour(ObjectColor)
    case phase(GCPhase)
    case gcphase(String)

    var text: String {
        switch self {
        // NextGC under GOGC off is the largest uint64, as ReadMemStats reports it: said so.
        case .number(let n): n == Int128(UInt64.max) ? "\(UInt64.max) (the largest uint64: GOGC off)" : String(n)
        case .pointer(let p): p == 0 ? "nil" : hexAddress(p)
        case .colour(let c): c.rawValue
        case .phase(let p): p.rawValue
        case .gcphase(let p): p
        }
    }
}

extension Expr {
    /// The expression as it would be written.
    var text: String {
        switch self {
        case .number(let n, _): String(n)
        case .name(let n, _): n
        case .path(let p): p.text
        case .null: "nil"
        case .call(let f, let args, _): "\(f)(" + args.map(\.text).joined(separator: ", ") + ")"
        case .spans(let c, let noscan, let list, _, _): "spans(\(c.text)\(noscan ? " noscan" : ""), \(list))"
        case .typeQuery(let f, let t, _): "\(f)(\(t.goSyntax))"
        case .offsetof(let t, let f, _): "offsetof(\(t).\(f))"
        case .arithmetic(let first, let rest): first.text + rest.map { " \($0.op) \($0.operand.text)" }.joined()
        }
    }

    var isLiteral: Bool {
        switch self {
        case .number, .null: true
        case .name(let n, _): Compiler.colourNames.contains(n) || GCPhase(rawValue: n) != nil || Compiler.gcphaseNames.contains(n)
        default: false
        }
    }
}

extension ScenarioMachine {
    mutating func check(_ lhs: Expr, _ op: String, _ rhs: Expr, site: SourceSite) -> ExpectationResult {
        do throws(StepFailure) {
            let a = try value(of: lhs), b = try value(of: rhs)
            let passed: Bool
            switch (a, b) {
            case (.number(let x), .number(let y)):
                passed = ["==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y][op] ?? false
            default:
                guard op == "==" || op == "!=" else { throw StepFailure(location: site.location, message: "\(op) compares numbers only") }
                passed = (a == b) == (op == "==")
            }
            var detail = lhs.isLiteral ? "" : "\(lhs.text) is \(a.text)"
            if !rhs.isLiteral { detail += (detail.isEmpty ? "" : ", ") + "\(rhs.text) is \(b.text)" }
            if !passed { detail += (detail.isEmpty ? "" : "; ") + "expected \(lhs.text) \(op) \(rhs.text)" }
            return ExpectationResult(site: site, passed: passed, detail: detail)
        } catch {
            return ExpectationResult(site: site, passed: false, detail: error.message)
        }
    }

    mutating func value(of e: Expr) throws(StepFailure) -> ExpectValue {
        switch e {
        case .number(let n, _): return .number(Int128(n))
        case .null: return .pointer(0)
        case .name(let n, let loc):
            if let id = variable(n) { return .pointer(heap.roots[id.index].value) }
            if n == "phase" || n == "stage" { return .phase(heap.gc.phase) }
            if n == "gcphase" { return .gcphase(heap.gc.phase.runtimeName) }
            if Compiler.gcphaseNames.contains(n) { return .gcphase(n) }
            if let v = heap.readMemStats().value(named: n) { return .number(Int128(v)) }
            if let v = RuntimeNames.value(n, heap) { return .number(Int128(v)) }
            if n == "gray" { return .colour(.grey) }
            if let c = ObjectColor(rawValue: n) { return .colour(c) }
            if let p = GCPhase(rawValue: n) { return .phase(p) }
            throw StepFailure(location: loc, message: "\(n) is not a variable here")
        case .path(let p):
            switch try resolve(p) {
            case .root(let id): return .pointer(heap.roots[id.index].value)
            case .word(let obj, let word):
                do { return .pointer(try heap.loadPointer(from: obj, word: word)) } catch {
                    throw StepFailure(location: p.location, message: error.description)
                }
            }
        case .call(let f, let args, let loc):
            let arg = args[0]
            switch f {
            case "objects":
                guard case .name(let c, _) = arg else { throw StepFailure(location: loc, message: "objects(…) takes a colour") }
                let colour: ObjectColor = c == "gray" ? .grey : (ObjectColor(rawValue: c) ?? .white)
                let objects = heap.allocatedObjects()
                queryWork &+= objects.count &+ 1
                return .number(Int128(objects.filter { heap.color(of: $0) == colour }.count))
            case "stackcolor":
                guard case .name(let g, _) = arg, let id = goroutineIDs[g] else {
                    throw StepFailure(location: loc, message: "stackcolor(…) takes a goroutine that has started")
                }
                guard let c = heap.stackColor(id) else {
                    throw StepFailure(location: loc, message: "no cycle is marking: stacks have a colour only while marking")
                }
                return .colour(c == .grey ? .grey : .black)
            case "tinyoffset":
                guard case .name(let p, _) = arg, let n = Int(p.dropFirst()), n < heap.mcaches.count else {
                    throw StepFailure(location: loc, message: "tinyoffset(…) takes a P that exists")
                }
                return .number(Int128(heap.mcaches[n].tinyoffset))
            default:
                guard case .pointer(let ptr) = try value(of: arg) else {
                    throw StepFailure(location: arg.location, message: "\(f)(…) takes a pointer")
                }
                guard ptr != 0 else { throw StepFailure(location: arg.location, message: "\(arg.text) is nil, so \(f)(\(arg.text)) has no value") }
                guard let o = heap.findObject(ptr) else {
                    throw StepFailure(location: arg.location, message: ptr == Heap.zerobase
                                      ? "\(arg.text) points to zerobase (a zero-size allocation), not to a heap object"
                                      : "\(arg.text) (\(hexAddress(ptr))) does not point to a live object")
                }
                let span = heap.mheap.allspans[o.span.index]
                switch f {
                case "class": return .number(Int128(span.spanclass.sizeclass))
                case "size": return .number(Int128(span.elemsize))
                case "span": return .number(Int128(o.span.index))
                default: return .colour(heap.color(of: o))
                }
            }
        case .spans(let cls, let noscan, let list, _, let loc):
            guard case .number(let c) = try value(of: cls), c >= 1, c < Int128(program.profile.sizeClasses.count) else {
                throw StepFailure(location: loc, message: "spans(…) needs a size class from 1 to \(program.profile.sizeClasses.count - 1)")
            }
            let spc = SpanClass(sizeclass: Int(c), noscan: noscan)
            let parts = list.split(separator: " ")
            let n = parts.count == 2
                ? heap.spanSetContents(full: parts[0] == "full", swept: parts[1] == "swept", of: spc, limit: 0).count
                : heap.spans(on: list == "empty" ? .empty : .nonempty, of: spc).count
            queryWork &+= n &+ 1
            return .number(Int128(n))
        case .typeQuery(let f, let t, let loc):
            var r = resolver
            do {
                let l = try r.layout(of: t)
                return .number(Int128(f == "sizeof" ? l.size : l.align))
            } catch { throw StepFailure(location: loc, message: error.message) }
        case .offsetof(let t, let field, let loc):
            var r = resolver
            guard let l = try? r.layout(named: t), let f = l.field(field) else {
                throw StepFailure(location: loc, message: "\(t) has no field \(field)")
            }
            return .number(Int128(f.offset))
        case .arithmetic(let first, let rest):
            guard case .number(var x) = try value(of: first) else {
                throw StepFailure(location: e.location, message: "arithmetic works on numbers only")
            }
            for term in rest {
                guard case .number(let y) = try value(of: term.operand) else {
                    throw StepFailure(location: term.location, message: "arithmetic works on numbers only")
                }
                let (v, o) = Compiler.apply(term.op, x, y)
                guard !o else { throw StepFailure(location: term.location, message: "\(x) \(term.op) \(y) overflows") }
                x = v
            }
            return .number(x)
        }
    }
}
