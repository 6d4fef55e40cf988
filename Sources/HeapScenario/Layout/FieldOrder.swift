// The better field order, as golang.org/x/tools' fieldalignment analyzer finds it
// (go/analysis/passes/fieldalignment/fieldalignment.go, optimalOrder). Fields are sorted by:
//
//   1. zero-size fields first;
//   2. higher alignment first;
//   3. fields containing pointers before pointer-free ones;
//   4. among pointer fields, fewer trailing non-pointer bytes (size − ptrdata) first;
//   5. larger size first.
//
// The analyzer uses sort.Slice, which leaves ties in no defined order; heapscope keeps tied
// fields in declaration order (a stable sort), so the suggestion is the same on every run.
// It reports "struct of size X could be Y" when the new order is smaller, otherwise
// "struct with X pointer bytes could be Y" when only the scanned prefix shrinks.

/// A struct's fields in the order fieldalignment suggests, and what it saves.
public struct FieldOrderAdvice: Equatable, Sendable {
    public let original: GoLayout
    public let reordered: GoLayout
    /// The field names in the suggested order.
    public var order: [String] {
        if case .structure(let fs) = reordered.shape { return fs.map(\.name) }
        return []
    }

    /// fieldalignment's message, or nil when the declared order is already best.
    public var message: String? {
        if reordered.size < original.size { return "struct of size \(original.size) could be \(reordered.size)" }
        if reordered.ptrdata < original.ptrdata { return "struct with \(original.ptrdata) pointer bytes could be \(reordered.ptrdata)" }
        return nil
    }

    /// The advice for a struct layout; nil for other shapes.
    public static func advise(_ layout: GoLayout) -> FieldOrderAdvice? {
        guard case .structure(let fields) = layout.shape else { return nil }
        let sorted = fields.enumerated().sorted { a, b in
            let x = a.element.layout, y = b.element.layout
            if (x.size == 0) != (y.size == 0) { return x.size == 0 }
            if x.align != y.align { return x.align > y.align }
            if x.hasPointers != y.hasPointers { return x.hasPointers }
            if x.hasPointers {
                let tx = x.size - x.ptrdata, ty = y.size - y.ptrdata
                if tx != ty { return tx < ty }
            }
            if x.size != y.size { return x.size > y.size }
            return a.offset < b.offset
        }.map { ($0.element.name, $0.element.layout) }
        guard let reordered = try? LayoutResolver.structure(name: layout.name, fields: sorted) else { return nil }
        return FieldOrderAdvice(original: layout, reordered: reordered)
    }
}
