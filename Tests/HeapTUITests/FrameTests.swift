import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// Golden frames of the in-memory screen: every panel at 80×24 (the reduced layout shows the
/// focused detail panel) and at 160×48 (all panels at once).
@Suite("frames")
struct FrameTests {
    static func playback(_ name: String, at step: Int) throws -> Playback {
        let source = try #require(ScenarioLibrary.named(name)).source
        let program = try #require(Compiler.compile(source).program)
        var p = try Playback(program: program)
        p.seek(to: step)
        return p
    }

    static let theme = Theme(glyphs: .unicode, color: true)

    @Test("80×24: each panel in the detail slot", arguments: [
        ("gc", PanelID.narration), ("span", .span), ("mcentral", .central), ("mcache", .mcache), ("memstats", .stats),
    ])
    func reduced(_ name: String, _ focus: PanelID) throws {
        let p = try Self.playback("tour", at: 14)
        var v = ViewState()
        v.focus = focus
        let s = HeapView.render(p, view: v, theme: Self.theme, width: 80, height: 24)
        try assertSnapshot(s.text, named: "tour-14-80x24-\(name)")
    }

    @Test("160×48: every panel at once, during marking")
    func full() throws {
        let p = try Self.playback("tricolor-marking", at: 12)
        #expect(p.machine.heap.gc.phase == .mark)
        let s = HeapView.render(p, view: ViewState(), theme: Self.theme, width: 160, height: 48)
        try assertSnapshot(s.text, named: "tricolor-12-160x48")
        let t = HeapView.render(try Self.playback("tour", at: 14), view: ViewState(), theme: Self.theme, width: 160, height: 48)
        try assertSnapshot(t.text, named: "tour-14-160x48")
    }

    @Test("help is generated from the key table; too small a terminal gets a message")
    func helpAndSmall() throws {
        let p = try Self.playback("tour", at: 3)
        var v = ViewState()
        v.showHelp = true
        try assertSnapshot(HeapView.render(p, view: v, theme: Self.theme, width: 80, height: 24).text, named: "help-80x24")
        for b in KeyTable.bindings { #expect(KeyTable.helpLines.joined().contains(b.help) || { if case .focus = b.command { true } else { false } }()) }
        let small = HeapView.render(p, view: ViewState(), theme: Self.theme, width: 40, height: 10)
        #expect(small.text.contains("heapscope needs at least 60×16") && small.text.contains("q quits"))
        let tiny = HeapView.render(p, view: ViewState(), theme: Self.theme, width: 20, height: 5)
        #expect(tiny.width == 20 && tiny.height == 5)
    }

    @Test("colour never carries meaning alone: NO_COLOR frames have the same glyphs; ASCII has no Unicode")
    func glyphsBackColour() throws {
        let p = try Self.playback("tricolor-marking", at: 12)
        let colour = HeapView.render(p, view: ViewState(), theme: Theme(glyphs: .unicode, color: true), width: 160, height: 48)
        let plain = HeapView.render(p, view: ViewState(), theme: Theme(glyphs: .unicode, color: false), width: 160, height: 48)
        #expect(colour.text == plain.text)
        #expect(plain.cells.allSatisfy { $0.style.foreground == .normal && $0.style.background == .normal })
        #expect(colour.cells.contains { $0.style.foreground != .normal })
        let ascii = HeapView.render(p, view: ViewState(), theme: Theme(glyphs: .ascii, color: false), width: 80, height: 24)
        let outside = ascii.cells.filter { $0.scalar.value > 0x7E }
        // Only scenario text (captions, type names) may bring non-ASCII characters.
        #expect(outside.allSatisfy { !"─│┌┐└┘░▓·■○◐●▲◆▁▂▃▄▅▆▇█".unicodeScalars.contains($0.scalar) })
        #expect(Theme.from(environment: ["NO_COLOR": "1", "LANG": "C.UTF-8"]) == Theme(glyphs: .unicode, color: false))
        #expect(Theme.from(environment: ["LANG": "C"]).glyphs == .ascii)
    }
}
