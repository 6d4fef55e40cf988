// Turns type expressions into layouts: named types are looked up among the scenario's `type`
// declarations (in any order, as Go allows at package level) and computed once. A struct that
// contains itself by value is an error ("invalid recursive type"), as in Go; through a pointer
// it is fine. Sizes are checked for overflow; pointer maps are capped so that a type such as
// `[1 << 30]*T` is an error rather than a gigabyte of bookkeeping.

import HeapEngine

/// Computes `GoLayout`s for a scenario's types.
public struct LayoutResolver: Sendable {
    /// The most pointer words one type may list.
    public static let maxPointerWords = 1 << 20
    /// How many named types may contain one another by value (`type A struct { b B }`, `B`
    /// holding a `C`, …): a longer chain is an error, so resolving it never recurses deeper.
    public static let maxNamedDepth = 64

    /// The scenario's declared types, by name.
    public private(set) var declarations: [String: (TypeExpr, SourceLocation)] = [:]
    private(set) var cache: [String: GoLayout] = [:]

    public init() {}

    public struct Failure: Error, Equatable {
        public let message: String
        public let location: SourceLocation?
    }

    mutating func declare(_ name: String, _ type: TypeExpr, at loc: SourceLocation) {
        declarations[name] = (type, loc)
    }

    /// The layout of a declared type or a type expression, computing and caching named types.
    public mutating func layout(of type: TypeExpr) throws(Failure) -> GoLayout {
        var visiting: [String] = []
        return try resolve(type, visiting: &visiting)
    }

    /// The layout of a declared or predeclared name.
    public mutating func layout(named name: String, at loc: SourceLocation? = nil) throws(Failure) -> GoLayout {
        try layout(of: .named(name, loc ?? SourceLocation(line: 0, column: 0)))
    }

    private mutating func resolve(_ type: TypeExpr, visiting: inout [String]) throws(Failure) -> GoLayout {
        switch type {
        case .named(let name, let loc):
            if let l = GoLayout.predeclared[name] { return l }
            if let l = cache[name] { return l }
            guard let (decl, _) = declarations[name] else {
                throw Failure(message: "unknown type '\(SafeText.clean(name))'", location: loc.line > 0 ? loc : nil)
            }
            if visiting.contains(name) {
                throw Failure(message: "invalid recursive type \(name): it contains itself (" + (visiting + [name]).joined(separator: " → ") + "); use a pointer",
                              location: loc.line > 0 ? loc : nil)
            }
            if visiting.count >= LayoutResolver.maxNamedDepth {
                throw Failure(message: "types nest too deep: \(visiting.first ?? name) contains \(name) through more than \(LayoutResolver.maxNamedDepth) named types by value",
                              location: loc.line > 0 ? loc : nil)
            }
            visiting.append(name)
            defer { visiting.removeLast() }
            let inner = try resolve(decl, visiting: &visiting)
            let named = GoLayout(name: name, size: inner.size, align: inner.align, shape: inner.shape, pointerOffsets: inner.pointerOffsets)
            cache[name] = named
            return named
        case .pointer(let target):
            // A pointer needs no layout of its target: `next *Conn` inside Conn is fine. Unknown
            // target names are still errors.
            try checkNamesExist(target)
            return GoLayout(name: type.goSyntax, size: 8, align: 8, shape: .pointer(target: target), pointerOffsets: [0])
        case .slice(let element):
            try checkNamesExist(element)
            return GoLayout(name: type.goSyntax, size: 24, align: 8, shape: .slice(element: element), pointerOffsets: [0])
        case .map(let k, let v):
            try checkNamesExist(k); try checkNamesExist(v)
            // Go compares keys with ==: a slice, map or func (or a struct or array holding one)
            // is no key ("invalid map key type"), and export-go's program would not build.
            if let bad = incomparable(k) {
                throw Failure(message: "invalid map key type \(SafeText.clean(k.goSyntax)): a key must be comparable with ==, and \(SafeText.clean(bad)) is not",
                              location: Self.location(of: k))
            }
            return GoLayout(name: type.goSyntax, size: 8, align: 8, shape: .pointer(target: nil), pointerOffsets: [0])
        case .chan(let e):
            try checkNamesExist(e)
            return GoLayout(name: type.goSyntax, size: 8, align: 8, shape: .pointer(target: nil), pointerOffsets: [0])
        case .function:
            return GoLayout(name: type.goSyntax, size: 8, align: 8, shape: .pointer(target: nil), pointerOffsets: [0])
        case .interface:
            return GoLayout(name: "interface{}", size: 16, align: 8, shape: .interface, pointerOffsets: [0, 8])
        case .array(let n, let element):
            let e = try resolve(element, visiting: &visiting)
            return try LayoutResolver.array(count: n, of: e)
        case .structure(let fields):
            var seen: Set<String> = []
            var resolved: [(String, GoLayout)] = []
            for f in fields {
                if f.name != "_" {
                    guard seen.insert(f.name).inserted else {
                        throw Failure(message: "duplicate field \(SafeText.clean(f.name))", location: f.location)
                    }
                }
                // An error with no place of its own (an array too large) is the field's.
                do throws(Failure) {
                    resolved.append((f.name, try resolve(f.type, visiting: &visiting)))
                } catch {
                    throw Failure(message: error.message, location: error.location ?? f.location)
                }
            }
            return try LayoutResolver.structure(name: type.goSyntax, fields: resolved)
        }
    }

    /// The part of `t` that Go cannot compare with == (a slice, map or func type, found through
    /// arrays, struct fields and declared names), or nil. A worklist, not recursion, each
    /// declared name visited once.
    func incomparable(_ t: TypeExpr) -> String? {
        var work = [t]
        var seen: Set<String> = []
        while let x = work.popLast() {
            switch x {
            case .slice, .map, .function: return x.goSyntax
            case .named(let n, _):
                if seen.insert(n).inserted, let d = declarations[n] { work.append(d.0) }
            case .array(_, let e): work.append(e)
            case .structure(let fs): work += fs.map(\.type)
            case .pointer, .chan, .interface: break
            }
        }
        return nil
    }

    /// Where a type is written, when the parser kept it (a name's position).
    static func location(of t: TypeExpr) -> SourceLocation? {
        if case .named(_, let loc) = t, loc.line > 0 { return loc }
        return nil
    }

    /// Checks that every type name inside `t` is declared, without computing layouts (so that
    /// `*Conn` inside Conn does not recurse).
    private func checkNamesExist(_ t: TypeExpr) throws(Failure) {
        switch t {
        case .named(let n, let loc):
            if GoLayout.predeclared[n] == nil && declarations[n] == nil {
                throw Failure(message: "unknown type '\(SafeText.clean(n))'", location: loc.line > 0 ? loc : nil)
            }
        case .pointer(let e), .slice(let e), .chan(let e), .array(_, let e): try checkNamesExist(e)
        case .map(let k, let v):
            try checkNamesExist(k); try checkNamesExist(v)
            // A map inside a slice, pointer or chan is never laid out itself: its key is
            // checked here (`[]map[[]int]int` passed, and export-go's program did not build).
            if let bad = incomparable(k) {
                throw Failure(message: "invalid map key type \(SafeText.clean(k.goSyntax)): a key must be comparable with ==, and \(SafeText.clean(bad)) is not",
                              location: Self.location(of: k))
            }
        case .structure(let fs): for f in fs { try checkNamesExist(f.type) }
        case .function, .interface: break
        }
    }

    /// `[n]element`.
    public static func array(count n: Int, of e: GoLayout) throws(Failure) -> GoLayout {
        let (size, o) = n.multipliedReportingOverflow(by: e.size)
        guard !o, size <= ScenarioLimits.maxBytes else {
            throw Failure(message: "[\(n)]\(e.name) is larger than \(ScenarioLimits.maxBytes >> 30) GiB", location: nil)
        }
        guard e.pointerOffsets.count.multipliedReportingOverflow(by: n).partialValue <= maxPointerWords || e.pointerOffsets.isEmpty else {
            throw Failure(message: "[\(n)]\(e.name) has more than \(maxPointerWords) pointer words; heapscope keeps types smaller", location: nil)
        }
        var offsets: [Int] = []
        if !e.pointerOffsets.isEmpty {
            offsets.reserveCapacity(e.pointerOffsets.count * n)
            for i in 0..<n { for p in e.pointerOffsets { offsets.append(i * e.size + p) } }
        }
        return GoLayout(name: "[\(n)]\(e.name)", size: size, align: e.align, shape: .array(count: n, element: e), pointerOffsets: offsets)
    }

    /// A struct of the given fields in the given order, laid out by Go's rules.
    public static func structure(name: String, fields: [(String, GoLayout)]) throws(Failure) -> GoLayout {
        var offset = 0
        var align = 1
        var out: [GoLayout.Field] = []
        var pointers: [Int] = []
        for (fname, f) in fields {
            offset = (offset + f.align - 1) / f.align * f.align
            if let last = out.indices.last { out[last].paddingAfter = offset - (out[last].offset + out[last].layout.size) }
            out.append(GoLayout.Field(name: fname, layout: f, offset: offset, paddingAfter: 0))
            if pointers.count + f.pointerOffsets.count > maxPointerWords {
                throw Failure(message: "\(name) has more than \(maxPointerWords) pointer words; heapscope keeps types smaller", location: nil)
            }
            pointers.append(contentsOf: f.pointerOffsets.map { $0 + offset })
            let (end, o) = offset.addingReportingOverflow(f.size)
            guard !o, end <= ScenarioLimits.maxBytes else {
                throw Failure(message: "\(name) is larger than \(ScenarioLimits.maxBytes >> 30) GiB", location: nil)
            }
            offset = end
            align = max(align, f.align)
        }
        // A non-empty struct ending in a zero-size field gets one byte, so that a pointer to
        // that field cannot point at the next object (go.dev/issue/9401).
        if offset > 0, let last = fields.last, last.1.size == 0 { offset += 1 }
        let size = (offset + align - 1) / align * align
        if let last = out.indices.last { out[last].paddingAfter = size - (out[last].offset + out[last].layout.size) }
        return GoLayout(name: name, size: size, align: align, shape: .structure(out), pointerOffsets: pointers)
    }
}
