// `/`: find a variable (by name, as the scenario calls it), a path through objects (`c.next`,
// `b[1]`, read as the program would) or an address (hex, as Go prints pointers: 0xc000012000,
// or without the 0x). The answer is a place in the heap: the object's
// page and slot, or the page when the address is in the arena but not in an allocated object.

import HeapEngine
import HeapScenario

/// Resolves what the person typed after `/`.
public enum Finder {
    /// The longest query the prompt takes.
    public static let maxQuery = 64

    public enum Result: Equatable, Sendable {
        /// An allocated object: its first page, slot and base address, and a line to show.
        case object(page: Int, slot: Int, base: UInt64, note: String)
        /// Arena memory that holds no allocated object there.
        case page(Int, note: String)
        case notFound(String)
    }

    /// The answer for a name that is no variable here, with some that are.
    static func notInScope(_ shown: String, _ machine: ScenarioMachine) -> Result {
        let names = machine.visibleVariables.prefix(6).map(\.name).joined(separator: ", ")
        return .notFound("find: no variable \(shown) in scope" + (names.isEmpty ? "" : " (in scope: \(names))"))
    }

    public static func find(_ rawQuery: String, in machine: ScenarioMachine) -> Result {
        let query = String(rawQuery.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !query.isEmpty else { return .notFound("find: type a variable name, a path such as c.next, or an address") }
        let shown = SafeText.clean(query)
        let heap = machine.heap
        var address: UInt64?
        var label = shown
        if let v = machine.visibleVariables.first(where: { $0.name == query }) {
            guard v.value != 0 else { return .notFound("\(shown) is nil") }
            address = v.value
            label = "\(shown) = \(hexAddress(v.value))"
        } else if query.contains(".") || query.contains("[") {
            // A path, as the scenario writes it: what it holds now. A base that is no variable
            // here gets the same answer as a name alone.
            let read: Swift.Result<UInt64, PathQueryError>
            switch Parser.path(query) {
            case .failure(let e): read = .failure(e)
            case .success(let p):
                guard machine.visibleVariables.contains(where: { $0.name == p.base }) else {
                    return notInScope(SafeText.clean(p.base), machine)
                }
                read = machine.pointer(at: p)
            }
            switch read {
            case .success(let v):
                guard v != 0 else { return .notFound("\(shown) is nil") }
                address = v
                label = "\(shown) = \(hexAddress(v))"
            case .failure(let e):
                return .notFound("find: " + SafeText.clean(e.message))
            }
        } else if let a = parseAddress(query), query.lowercased().hasPrefix("0x") || heap.page(of: a) != nil || looksLikeAddress(query) {
            // Without 0x, hex digits are an address inside the arena, or when no name could be
            // written so (nine digits or more, or a leading digit): `c` or `ab` that is no
            // variable here is a name, not 0xc.
            address = a
            label = hexAddress(a)
        } else if query.lowercased().hasPrefix("0x") ? query.count > 2 && query.dropFirst(2).allSatisfy(\.isHexDigit) : looksLikeAddress(query) {
            // More hex digits than an address has (no name starts with 0x).
            return .notFound("find: \(shown) is not an address: more than 16 hex digits (an address has 64 bits)")
        } else {
            return notInScope(shown, machine)
        }
        let a = address!
        let base = heap.address(ofPage: 0)
        let pageBytes = heap.address(ofPage: 1) - base
        guard let page = heap.page(of: a) else {
            return .notFound("find: \(label) is outside the simulated arena (\(hexAddress(base)) to \(hexAddress(heap.address(ofPage: heap.mheap.arenaPages) &- 1)))")
        }
        if let o = heap.findObject(a) {
            let s = heap.mheap.allspans[o.span.index]
            let firstPage = Int((heap.base(of: o.span) - base) / pageBytes)
            let inner = a == o.base ? "" : " (+\(a - o.base) into the object at \(hexAddress(o.base)))"
            return .object(page: firstPage, slot: o.slot, base: o.base,
                           note: "\(label)\(inner): span \(o.span.index) slot \(o.slot), class \(s.spanclass.sizeclass)")
        }
        return .page(page, note: "\(label): page \(page), no allocated object there")
    }

    /// Hex digits no variable name is written as: nine or more, or starting with a digit.
    static func looksLikeAddress(_ s: String) -> Bool {
        guard let first = s.first, s.allSatisfy(\.isHexDigit) else { return false }
        return s.count >= 9 || first.isNumber
    }

    /// `0xc000012000`, `c000012000`: hexadecimal, at most 16 digits.
    static func parseAddress(_ s: String) -> UInt64? {
        var digits = Substring(s.lowercased())
        if digits.hasPrefix("0x") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
        // Leading zeros add no bits.
        while digits.count > 1, digits.first == "0" { digits = digits.dropFirst() }
        guard digits.count <= 16 else { return nil }
        return UInt64(digits, radix: 16)
    }
}
