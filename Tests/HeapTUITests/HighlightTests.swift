import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// The cells the last step changed are highlighted (bold and underlined), from its events.
@Suite("changed-cell highlighting")
struct HighlightTests {
    static let theme = Theme(glyphs: .unicode, color: false)

    func underlined(_ s: Screen) -> Int { s.cells.filter(\.style.underline).count }

    @Test("an allocation highlights its object, its page and its mcentral row; a caption highlights nothing")
    func allocation() throws {
        var p = try FrameTests.playback("tour", at: 0)
        // The first step that allocates (c := new(Conn)).
        var address: UInt64?
        while address == nil, p.forward() {
            for case .allocated(let a, _, _, _) in p.record.events { address = a }
        }
        let a = try #require(address)
        let changes = StepChanges(record: p.record, heap: p.machine.heap)
        #expect(changes.objects.contains(a))
        let page = Int((a - p.machine.heap.address(ofPage: 0)) / 8192)
        #expect(changes.pages.contains(page))
        #expect(!changes.spans.isEmpty)

        var v = ViewState()
        v.focus = .arena
        v.cursorPage = page
        let on = HeapView.render(p, view: v, theme: Self.theme, width: 160, height: 48)
        // Page cell, slot cell, mcentral row text: all underlined somewhere.
        #expect(underlined(on) >= 3)
        v.highlightChanges = false
        #expect(underlined(HeapView.render(p, view: v, theme: Self.theme, width: 160, height: 48)) == 0)

        // Back to a step that only set a caption: nothing is highlighted.
        var q = try FrameTests.playback("tour", at: 1)
        #expect(q.record.events.isEmpty)
        #expect(underlined(HeapView.render(q, view: ViewState(), theme: Self.theme, width: 160, height: 48)) == 0)
        // Rewinding to the allocation step highlights it again (the step is replayed with events).
        q.seek(to: p.current + 1)
        q.back()
        #expect(StepChanges(record: q.record, heap: q.machine.heap) == changes)
    }

    @Test("marking highlights the objects shaded and scanned")
    func marking() throws {
        // The first step that scans a grey object ("Scanning a turns it black").
        var p = try FrameTests.playback("tricolor-marking", at: 0)
        var shaded: [UInt64] = []
        while shaded.isEmpty && !p.atEnd {
            _ = p.forward()
            shaded = p.record.events.compactMap { e -> UInt64? in
                if case .scanObject(let a, _) = e { return a }
                return nil
            }
        }
        let changes = StepChanges(record: p.record, heap: p.machine.heap)
        #expect(!shaded.isEmpty)
        #expect(shaded.allSatisfy { changes.objects.contains($0) })
    }
}
