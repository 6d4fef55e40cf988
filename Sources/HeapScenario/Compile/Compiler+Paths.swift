// Static checks of right-hand sides and field paths, where the checker knows the types.

import HeapEngine

extension Compiler {
    /// Checks a right-hand side; returns what the checker knows about the pointer it yields.
    mutating func checkAssignment(_ rhs: Assignment, _ s: Statement) -> StaticType {
        if let loc = rhs.pLocation, rhs.p >= settings.config.procs {
            let n = settings.config.procs
            error("p\(rhs.p) does not exist: this scenario has \(n) P\(n == 1 ? " (p0)" : "s (p0 to p\(n - 1))"); set 'procs' to use more", at: loc)
        }
        switch rhs.source {
        case .new(let t):
            do { return .object(try resolver.layout(of: t)) } catch {
                self.error(error.message, at: error.location ?? rhs.sourceLocation)
                return .unknown
            }
        case .alloc(let size, let noscan):
            let largest: Int
            switch size { case .literal(let n): largest = n; case .random(_, let hi): largest = hi }
            if !noscan && largest / 8 > LayoutResolver.maxPointerWords {
                error("alloc \(ByteCount(largest)) with pointer words has \(largest / 8) of them; the limit is \(LayoutResolver.maxPointerWords) (\(ByteCount(LayoutResolver.maxPointerWords * 8))), as for types — write 'alloc \(ByteCount(largest)) noscan' for pointer-free memory",
                      at: rhs.sourceLocation)
            }
            if case .literal(let n) = size { return .raw(noscan: noscan, bytes: n) }
            return .raw(noscan: noscan, bytes: nil)
        case .make(let element, let count):
            do {
                let e = try resolver.layout(of: element)
                if case .literal(let n) = count { return .object(try LayoutResolver.array(count: n, of: e)) }
                if case .random(_, let hi) = count { _ = try LayoutResolver.array(count: hi, of: e) }
                return .unknown
            } catch {
                self.error(error.message, at: error.location ?? rhs.sourceLocation)
                return .unknown
            }
        case .null:
            return .unknown
        case .path(let p):
            if p.elements.isEmpty {
                guard let v = lookup(p.base) else { undefined(p.base, at: p.location); return .unknown }
                return v.type
            }
            return checkPath(p, loading: true)
        }
    }

    /// Walks a path with static types; reports what is certainly wrong. Returns the static type
    /// of the pointer found at its end.
    mutating func checkPath(_ path: PathExpr, loading: Bool) -> StaticType {
        walkPath(path, loading: loading).pointee
    }

    /// `checkPath`, with the word the path ends at (nil when it ends at a variable, or where
    /// the checker cannot tell): a store's destination.
    mutating func walkPath(_ path: PathExpr, loading: Bool) -> (pointee: StaticType, place: GoLayout?) {
        guard let v = lookup(path.base) else { undefined(path.base, at: path.location); return (.unknown, nil) }
        var pointee = v.type             // what the pointer we hold points at
        var place: GoLayout? = nil       // nil: we hold a pointer; else a value inside an object
        var shown = path.base
        var i = 0
        while i < path.elements.count {
            let e = path.elements[i]
            let loc: SourceLocation
            switch e { case .field(_, let l), .index(_, let l): loc = l }
            if let p = place {
                switch p.step(e) {
                case .inside(_, let layout):
                    place = layout
                case .follow:
                    pointee = staticPointee(of: p)
                    place = nil
                    continue // apply the same element to the object pointed at
                case .invalid(let msg):
                    error("\(shown): \(msg)", at: loc)
                    return (.unknown, nil)
                }
            } else {
                switch pointee {
                case .unknown:
                    return (.unknown, nil)
                case .raw(let noscan, let bytes):
                    if noscan {
                        error("\(shown) points to pointer-free memory (alloc … noscan): no word in it can hold a pointer", at: loc)
                        return (.unknown, nil)
                    }
                    guard case .index(let w, _) = e else {
                        error("\(shown) points to raw memory from alloc: it has words (\(shown)[0], \(shown)[1], …), not fields", at: loc)
                        return (.unknown, nil)
                    }
                    if let bytes, w >= bytes / 8 {
                        error("\(shown) has \(bytes / 8) whole pointer word\(bytes / 8 == 1 ? "" : "s"); word \(w) is out of range", at: loc)
                        return (.unknown, nil)
                    }
                    place = GoLayout.predeclared["unsafe.Pointer"]
                case .object(let l):
                    if !l.hasPointers {
                        error("\(shown) points to a \(l.name), which holds no pointers", at: loc)
                        return (.unknown, nil)
                    }
                    switch l.step(e) {
                    case .inside(_, let layout): place = layout
                    case .follow:
                        error("\(shown) points to a \(l.name): follow one pointer per step", at: loc)
                        return (.unknown, nil)
                    case .invalid(let msg):
                        error("\(shown): \(msg)", at: loc)
                        return (.unknown, nil)
                    }
                }
            }
            switch e {
            case .field(let f, _): shown += "." + f
            case .index(let n, _): shown += "[\(n)]"
            }
            i += 1
        }
        guard let p = place else { return (pointee, nil) }
        guard p.storeWordOffset != nil else {
            error("\(shown) is \(Compiler.article(p.name)) \(p.name), which cannot hold a pointer" + (loading ? "" : " to store"), at: path.location,
                  length: shown.unicodeScalars.count)
            return (.unknown, nil)
        }
        return (staticPointee(of: p), p)
    }

    /// A store Go would not compile without unsafe.Pointer: a `*T` word given a pointer to
    /// something else, a string's data word given an object, a slice's given anything but an
    /// array of its elements, a map, chan or func word given any pointer. heapscope stores the pointer as it is (export-go writes the
    /// conversion); the warning says what Go would say.
    mutating func checkStoreType(into place: GoLayout, shown: String, from value: StaticType, at loc: SourceLocation) {
        let what: String
        switch value {
        case .object(let l): what = "points to \(Compiler.article(l.name)) \(l.name)"
        case .raw(let noscan, _): what = "points to raw memory (alloc\(noscan ? " … noscan" : ""))"
        case .unknown: return
        }
        if place.name == "error" {
            let warning = "\(SafeText.clean(shown)) is an error and the value \(what): Go would take only a value with an Error method "
                + "(heapscope stores the pointer in the interface's data word; export-go leaves the store, and what it allocates, a comment)"
            guard reported.insert("\(loc.line):\(loc.column):\(warning)").inserted else { return }
            diagnostics.append(Diagnostic(file: file, location: loc, severity: .warning, message: warning))
            return
        }
        var fits = true
        switch place.shape {
        case .pointer(let target?):
            guard let t = try? resolver.layout(of: target) else { return }
            if case .object(let l) = value { fits = l.name == t.name } else { fits = false }
        case .pointer(nil):
            // unsafe.Pointer takes any pointer; a map, chan or func value is none the scenario makes.
            fits = place.name == "unsafe.Pointer"
        case .string:
            if case .raw(true, _) = value { fits = true } else { fits = false }
        case .slice(let element):
            guard let e = try? resolver.layout(of: element) else { return }
            switch value {
            case .object(let l): if case .array(_, let el) = l.shape { fits = el.name == e.name } else { fits = false }
            case .raw(let noscan, _): fits = noscan ? !e.hasPointers && e.size == 1 : false
            case .unknown: return
            }
        default: return
        }
        guard !fits else { return }
        let warning = "\(SafeText.clean(shown)) is \(Compiler.article(place.name)) \(place.name) and the value \(what): Go would not compile this store "
            + "without unsafe.Pointer (heapscope stores the pointer as it is; export-go writes the conversion)"
        guard reported.insert("\(loc.line):\(loc.column):\(warning)").inserted else { return }
        diagnostics.append(Diagnostic(file: file, location: loc, severity: .warning, message: warning))
    }

    /// What a pointer-holding value points at, if the checker can tell.
    mutating func staticPointee(of layout: GoLayout) -> StaticType {
        if let t = layout.pointee, let l = try? resolver.layout(of: t) { return .object(l) }
        return .unknown
    }
}

extension Compiler {
    /// "a" or "an" before a type or word, by how it is said: an int64, an interface{}, a uint8.
    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        if word.hasPrefix("uint") || word.hasPrefix("unsafe") { return "a" }
        return "aeio".contains(first) ? "an" : "a"
    }
}
