import Foundation
import Testing
import HeapScenario
import HeapTUI

/// A minimal terminal for the sequences AnsiWriter emits (CUP, ED 2, SGR, cursor show/hide):
/// enough to replay a recording and compare what a viewer would see with the UI's own frame.
struct MiniTerminal {
    var rows: [[Unicode.Scalar]]
    var x = 0, y = 0
    init(width: Int, height: Int) { rows = Array(repeating: Array(repeating: " ", count: width), count: height) }

    mutating func feed(_ s: String) {
        var it = Array(s.unicodeScalars)[...]
        while let u = it.popFirst() {
            if u == "\u{1b}" {
                guard it.popFirst() == "[" else { Issue.record("ESC not followed by ["); return }
                var params = ""
                while let c = it.popFirst() {
                    if c.properties.isAlphabetic {
                        apply(c, params)
                        break
                    }
                    params.unicodeScalars.append(c)
                }
            } else if u == "\r" {
                x = 0
            } else if u == "\n" {
                y = min(rows.count - 1, y + 1)
            } else {
                #expect(u.value >= 0x20 && !(0x7F..<0xA0).contains(u.value), "a raw control character U+\(String(u.value, radix: 16))")
                if y < rows.count, x < rows[y].count { rows[y][x] = u }
                x += 1
            }
        }
    }

    mutating func apply(_ command: Unicode.Scalar, _ params: String) {
        switch command {
        case "H":
            let p = params.split(separator: ";").compactMap { Int($0) }
            y = (p.first ?? 1) - 1
            x = (p.count > 1 ? p[1] : 1) - 1
        case "J":
            if params == "2" { rows = rows.map { $0.map { _ in " " } } }
        case "m", "l", "h": break
        default: Issue.record("unexpected sequence ESC [\(params)\(command)")
        }
    }

    var text: String { rows.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n") }
}

/// The events of an asciicast v2 file, checked line by line against the format.
func castEvents(_ text: String) throws -> (header: [String: Any], events: [(Double, String)]) {
    let lines = text.split(separator: "\n")
    let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    var events: [(Double, String)] = []
    for l in lines.dropFirst() {
        let a = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [Any])
        #expect(a.count == 3 && (a[1] as? String) == "o")
        events.append((try #require(a[0] as? Double), try #require(a[2] as? String)))
    }
    return (header, events)
}

@Suite("heapscope record")
final class RecordTests {
    /// This test's folder for what it records, removed when the test is done.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapscope-record-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: dir) }

    func tempFile(_ name: String) -> String {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    @Test("the tour as asciicast v2: a frame per step, replaying to exactly the UI's last frame; same bytes every time")
    func tour() throws {
        let out = tempFile("tour.cast")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try runHeapscope(["record", "tour", "-o", out, "--width", "100", "--height", "30", "--delay", "0.5"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let (header, events) = try castEvents(text)
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 100 && header["height"] as? Int == 30)
        #expect(header["timestamp"] == nil)   // deterministic
        #expect(events.count == 1 + 28 + 1)   // step 0, 28 steps, the closing sequence
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(events[1].0 == 0.5)   // one delay per step
        #expect(zip(events, events.dropFirst()).contains { $1.0 - $0.0 == 1.5 })   // 3× after the pause

        // Replay: after each event the screen equals the UI's frame at that step.
        let tour = try #require(ScenarioLibrary.named("tour"))
        let program = try #require(Compiler.compile(tour.source).program)
        var app = try App(program: program, theme: Theme(glyphs: .unicode, color: false))
        var term = MiniTerminal(width: 100, height: 30)
        for (i, e) in events.dropLast().enumerated() {
            term.feed(e.1)
            if i > 0 { app.handle(.char("l")) }
            #expect(term.text == app.frame(width: 100, height: 30).text, "frame \(i)")
        }
        // Recording again gives the same bytes.
        let again = tempFile("again.cast")
        defer { try? FileManager.default.removeItem(atPath: again) }
        _ = try runHeapscope(["record", "tour", "-o", again, "--width", "100", "--height", "30", "--delay", "0.5"])
        #expect(try String(contentsOfFile: again, encoding: .utf8) == text)
    }

    @Test("--until, --max-frames and errors")
    func limits() throws {
        let out = tempFile("x.cast")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var r = try runHeapscope(["record", "tour", "-o", out, "--until", "first allocation"])
        #expect(r.status == 0)
        var events = try castEvents(try String(contentsOfFile: out, encoding: .utf8)).events
        var term = MiniTerminal(width: 120, height: 34)
        for e in events { term.feed(e.1) }
        #expect(term.text.contains("step 5/28"))

        // --from: the first frame is already at the bookmark's step.
        r = try runHeapscope(["record", "tour", "-o", out, "--from", "marking", "--until", "marking"])
        #expect(r.status == 0, "\(r.stderr)")
        events = try castEvents(try String(contentsOfFile: out, encoding: .utf8)).events
        #expect(events.count == 2, "one frame and the end")
        #expect(events[0].1.contains("marking"), "the frame at the bookmark shows its name")
        r = try runHeapscope(["record", "tour", "-o", out, "--from", "20", "--until", "5"])
        #expect(r.status == 64 && r.stderr.contains("--from 20 is step 20, after --until's step 5"))

        r = try runHeapscope(["record", "bfe-stw", "-o", out, "--max-frames", "5"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("recorded 5 frames, up to step 4 of 1500007 (--max-frames 5)"))
        events = try castEvents(try String(contentsOfFile: out, encoding: .utf8)).events
        #expect(events.count == 6)

        r = try runHeapscope(["record", "tour", "-o", out, "--until", "no such\u{1b}[2J"])
        #expect(r.status == 64 && r.stderr.contains("--until no such\\u{1b}[2J: not a step number"))
        #expect(r.stderr.contains("its bookmarks: 'first allocation', 'marking', 'after the first cycle'"))
        r = try runHeapscope(["record", "tour", "-o", "/nonexistent-dir/x.cast"])
        #expect(r.status == 74 && r.stderr.contains("cannot write /nonexistent-dir/x.cast"))
        // A full disk is an error, not a recording silently cut short; the device stays a device.
        r = try runHeapscope(["record", "tour", "-o", "/dev/full"])
        #expect(r.status == 74 && r.stderr.contains("cannot write /dev/full"))
        r = try runHeapscope(["record", "tour", "-o", "-"], stdoutPath: "/dev/full")
        #expect(r.status == 74 && r.stderr.contains("cannot write standard output"))
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        r = try runHeapscope(["record", "tour"])
        #expect(r.status != 0 && r.stderr.contains("--output"))
    }
}
