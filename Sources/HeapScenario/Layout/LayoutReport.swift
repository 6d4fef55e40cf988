// What `layout T` shows: the table `unsafe.Offsetof` would give, the padding between fields,
// the pointer words the collector scans, where mallocgc puts such an object, and the field
// order fieldalignment would suggest.

import HeapEngine

/// The text of a `layout` step.
///
/// ```
/// type Conn: size 40, align 8, ptrdata 40 (pointer words 1, 4)
///   offset  size  align  field
///        0     4      4  fd    int32
///        4     4         (padding)
///        8    24      8  buf   []byte      pointer word 1
///       32     8      8  next  *Conn       pointer word 4
///   new(Conn): size class 4, 48-byte slots (8 bytes unused per object), scan span
///   fieldalignment: struct with 40 pointer bytes could be 16 — order: next, buf, fd
/// ```
public enum LayoutReport {
    public static func lines(for layout: GoLayout, profile: RuntimeProfile) -> [String] {
        var out: [String] = []
        let words = layout.pointerOffsets.map { String($0 / 8) }
        let ptrs = layout.hasPointers
            ? "ptrdata \(layout.ptrdata) (pointer word\(words.count == 1 ? "" : "s") \(abbreviated(words)))"
            : "no pointers"
        out.append("type \(layout.name): size \(layout.size), align \(layout.align), \(ptrs)")
        if case .structure(let fields) = layout.shape, !fields.isEmpty {
            let nameWidth = max(5, fields.map { $0.name.count }.max() ?? 0)
            let typeWidth = max(4, fields.map { $0.layout.name.count }.max() ?? 0)
            out.append("  offset  size  align  " + "field".padding(nameWidth) + "  type")
            for f in fields {
                var row = "  " + String(f.offset).leftPadded(6) + "  " + String(f.layout.size).leftPadded(4)
                    + "  " + String(f.layout.align).leftPadded(5) + "  " + f.name.padding(nameWidth) + "  "
                let fieldWords = f.layout.pointerOffsets.map { String((f.offset + $0) / 8) }
                row += fieldWords.isEmpty ? f.layout.name
                    : f.layout.name.padding(typeWidth) + "  pointer word\(fieldWords.count == 1 ? "" : "s") \(abbreviated(fieldWords))"
                out.append(row.trimmingTrailingSpaces)
                if f.paddingAfter > 0 {
                    out.append("  " + String(f.offset + f.layout.size).leftPadded(6) + "  " + String(f.paddingAfter).leftPadded(4)
                               + "         (padding)")
                }
            }
        }
        out.append("  " + placementLine(size: layout.size, noscan: !layout.hasPointers, what: "new(\(layout.name))", profile: profile))
        if let advice = FieldOrderAdvice.advise(layout) {
            if let msg = advice.message {
                var line = "  fieldalignment: \(msg) — order: \(advice.order.joined(separator: ", "))"
                if advice.reordered.size < layout.size {
                    line += "\n  " + placementLine(size: advice.reordered.size, noscan: !layout.hasPointers,
                                                  what: "reordered", profile: profile)
                }
                out.append(contentsOf: line.split(separator: "\n").map(String.init))
            } else {
                out.append("  fieldalignment: the declared order is already the best one")
            }
        }
        return out
    }

    /// Where mallocgc puts an object of `size` bytes.
    public static func placementLine(size: Int, noscan: Bool, what: String, profile: RuntimeProfile) -> String {
        switch profile.placement(size: size, noscan: noscan) {
        case .zeroSized:
            return "\(what): zero bytes, so mallocgc returns &zerobase and allocates nothing"
        case .tiny(let block, _):
            return "\(what): \(size) pointer-free bytes go to the tiny allocator (\(block)-byte blocks)"
        case let .small(c, slot, _, _, _):
            // Go 1.22+: a malloc header is part of the slot, not waste.
            let header = profile.hasMallocHeader(size: size, noscan: noscan) ? profile.mallocHeaders!.headerBytes : 0
            let slack = slot - size - header
            let notes = (header > 0 ? ["a \(header)-byte malloc header"] : []) + (slack > 0 ? ["\(slack) bytes unused"] : [])
            return "\(what): size class \(c), \(slot)-byte slots" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")) per object)")
                + (noscan ? ", noscan span" : ", scan span")
        case let .large(pages, _):
            return "\(what): a large object, a span of \(pages) page\(pages == 1 ? "" : "s") of its own"
        }
    }

    static func abbreviated(_ items: [String]) -> String {
        items.count <= 8 ? items.joined(separator: ", ") : items.prefix(6).joined(separator: ", ") + ", … (\(items.count) in all)"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        let n = count
        return n >= width ? self : self + String(repeating: " ", count: width - n)
    }
    func leftPadded(_ width: Int) -> String {
        let n = count
        return n >= width ? self : String(repeating: " ", count: width - n) + self
    }
}
