// One step of a field path (`.next`, `[2]`) taken inside a value of a known layout. Both the
// checker (with static types) and the machine (with the real objects) walk paths with this, so
// a path means the same thing in `heapscope check` and in a run.

/// Where a path element leads from a value of some layout.
enum PathStep: Equatable {
    /// Further inside the same object: `offset` bytes on, a value of `layout`.
    case inside(offset: Int, layout: GoLayout)
    /// The value is a pointer (or a slice/string's data pointer): follow it first.
    case follow
    /// The element does not apply; the message says why.
    case invalid(String)
}

extension GoLayout {
    /// The step `element` takes from a value of this layout held in an object.
    func step(_ element: PathExpr.Element) -> PathStep {
        switch (element, shape) {
        case (.field(let f, _), .structure(let fields)):
            if let field = fields.first(where: { $0.name == f }) { return .inside(offset: field.offset, layout: field.layout) }
            let names = fields.map(\.name).joined(separator: ", ")
            // A field of an embedded (or any nested) struct, a few levels down: Go would promote
            // it; heapscope does not, and says which path reaches it (breadth first, so the
            // shortest).
            var via: String?
            var queue: [(path: String, fields: [Field])] = [("", fields)]
            var depth = 0
            while via == nil, !queue.isEmpty, depth < 4 {
                var next: [(path: String, fields: [Field])] = []
                for (path, fs) in queue {
                    for field in fs {
                        guard case .structure(let inner) = field.layout.shape else { continue }
                        let p = path + "." + field.name
                        if inner.contains(where: { $0.name == f }) { via = p; break }
                        next.append((p, inner))
                    }
                    if via != nil { break }
                }
                queue = next
                depth += 1
            }
            return .invalid("\(name) has no field '\(SafeText.clean(f))'" + (names.isEmpty ? "" : " (its fields: \(names))")
                            + (via.map { "; heapscope does not promote the fields of an embedded struct: write \($0).\(SafeText.clean(f))" } ?? ""))
        case (.index(let i, _), .array(let n, let e)):
            guard i < n else { return .invalid("index \(i) is out of range for \(name) (0 to \(n - 1))") }
            return .inside(offset: i * e.size, layout: e)
        case (_, .pointer), (.index, .slice):
            return .follow
        case (.field(let f, _), _):
            return .invalid("\(name) has no field '\(SafeText.clean(f))'")
        case (.index, _):
            return .invalid("\(name) cannot be indexed")
        }
    }

    /// For a pointer or slice value, the layout of what it points at (nil when unknown:
    /// unsafe.Pointer, maps, chans, funcs, a slice's backing array).
    var pointee: TypeExpr? {
        if case .pointer(let t) = shape { return t }
        return nil
    }
}
