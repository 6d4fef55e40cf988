// `heapscope run FILE --format json`: one JSON object per line, one line per step. The schema
// is documented in README.md ("JSON output"); keys are stable, and new keys may be added.

import HeapEngine

/// JSON lines for headless runs.
public enum JSONReport {
    /// The step as one line of JSON, with the heap's state after it.
    public static func line(for r: StepRecord, machine m: ScenarioMachine) -> String {
        let h = m.heap
        let st = h.readMemStats()
        var o = JSONObject()
        o["step"] = .int(Int64(r.index))
        o["line"] = r.site.map { .int(Int64($0.location.line)) } ?? .null
        o["column"] = r.site.map { .int(Int64($0.location.column)) } ?? .null
        o["source"] = r.site.map { .string($0.text) } ?? .null
        o["narration"] = .array(r.narration.map { .string($0) })
        // The step keeps its first events only (StepRecord.maxEvents): the path says how many
        // more there were, as the text report does.
        let more = r.eventCount - r.events.count
        o["path"] = .string(Narration.chain(r.events) + (more > 0 ? " → … (\(more) more event\(more == 1 ? "" : "s"))" : ""))
        o["events"] = .int(Int64(r.eventCount))
        o["caption"] = r.caption.map { .string($0) } ?? .null
        o["question"] = r.question.map { .string($0) } ?? .null
        o["answer"] = r.answer.map { .string($0) } ?? .null
        o["output"] = .array(r.output.map { .string($0) })
        o["bookmarks"] = .array(r.bookmarks.map { .string($0) })
        o["pause"] = .bool(r.pause)
        o["expectations"] = .array(r.expectations.map { e in
            var x = JSONObject()
            x["line"] = .int(Int64(e.site.location.line))
            x["source"] = .string(e.site.text)
            x["passed"] = .bool(e.passed)
            x["detail"] = .string(e.detail)
            return .object(x)
        })
        if let e = r.error {
            var x = JSONObject()
            x["line"] = .int(Int64(e.location.line))
            x["column"] = .int(Int64(e.location.column))
            x["message"] = .string(e.message)
            o["error"] = .object(x)
        } else {
            o["error"] = .null
        }
        var heap = JSONObject()
        heap["phase"] = .string(h.gc.phase.rawValue)
        heap["stage"] = .string(h.gc.phase.rawValue)
        heap["gcphase"] = .string(h.gc.phase.runtimeName)
        heap["nanotime"] = .int(h.nanotime)
        for name in MemStats.fieldNames {
            if let v = st.value(named: name) { heap[name] = v > UInt64(Int64.max) ? .uint(v) : .int(Int64(v)) }
        }
        // Every live root: the globals and every goroutine's stack slots, the frames of the
        // functions still running included (not only the names in scope where the run stopped).
        let functions = m.functionOfRoot
        heap["roots"] = .array(h.liveRoots.map { r in
            var x = JSONObject()
            x["name"] = .string(r.slot.name)
            x["global"] = .bool(r.slot.kind == .global)
            if case .stack(let g) = r.slot.kind { x["goroutine"] = .string(g) }
            if let f = functions[r.id.index] { x["function"] = .string(f) }
            x["value"] = r.slot.value == 0 ? .null : .string(hexAddress(r.slot.value))
            return .object(x)
        })
        heap["grey"] = .int(Int64(h.gc.workQueue.count))
        o["heap"] = .object(heap)
        return JSONValue.object(o).encoded
    }
}

/// An ordered JSON object.
struct JSONObject {
    var keys: [String] = []
    var values: [String: JSONValue] = [:]
    subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            if values[key] == nil { keys.append(key) }
            values[key] = newValue
        }
    }
}

/// A JSON value with a compact encoder (strings escaped per RFC 8259, control characters
/// as \u00XX, so no raw control character ever reaches the output).
indirect enum JSONValue {
    case null, bool(Bool), int(Int64), uint(UInt64), string(String), array([JSONValue]), object(JSONObject)

    var encoded: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .uint(let u): String(u)
        case .string(let s): JSONValue.quote(s)
        case .array(let a): "[" + a.map(\.encoded).joined(separator: ",") + "]"
        case .object(let o): "{" + o.keys.map { JSONValue.quote($0) + ":" + (o.values[$0] ?? .null).encoded }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || (0x7F..<0xA0).contains(u.value) {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// JSON string quoting for other writers (the asciicast recorder): RFC 8259 escapes, every
/// control character as \u00XX.
public enum JSONText {
    public static func quote(_ s: String) -> String { JSONValue.quote(s) }
}
