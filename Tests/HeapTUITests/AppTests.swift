import Testing
import HeapEngine
import HeapScenario
@testable import HeapTUI

/// The application driven by keys, as the terminal loop drives it.
@Suite("the app: keys, find, mouse")
struct AppTests {
    static func app(_ name: String, steps: Int) throws -> App {
        let source = try #require(ScenarioLibrary.named(name)).source
        var a = try App(program: try #require(Compiler.compile(source).program), theme: Theme(glyphs: .unicode, color: false))
        for _ in 0..<steps { a.handle(.char("l")) }
        return a
    }

    func type(_ text: String, into a: inout App) {
        for u in text.unicodeScalars { a.handle(.char(u)) }
    }

    @Test("/ finds a variable: the Span panel selects its slot and the inspector opens")
    func findVariable() throws {
        var a = try Self.app("tour", steps: 8)
        let c = try #require(a.playback.machine.visibleVariables.first { $0.name == "c" }).value
        a.handle(.char("/"))
        #expect(a.view.query == "")
        type("cx", into: &a)
        a.handle(.backspace)
        #expect(a.view.query == "c")
        #expect(a.frame(width: 120, height: 34).text.contains("find (a variable or an address; Enter finds, Esc cancels): /c"))
        a.handle(.enter)
        #expect(a.view.query == nil)
        #expect(a.view.focus == .span)
        #expect(a.view.inspected == c)
        let o = try #require(a.playback.machine.heap.findObject(c))
        #expect(a.view.cursorSlot == o.slot)
        #expect(a.view.message?.contains("c = \(hexAddress(c)): span \(o.span.index) slot \(o.slot)") == true)
        // The inspector shows the object; Esc closes it and the message stays until the next key.
        #expect(a.frame(width: 120, height: 34).text.contains("object \(hexAddress(c))"))
        a.handle(.escape)
        #expect(a.view.inspected == nil)
        #expect(a.frame(width: 120, height: 34).text.contains("span \(o.span.index) slot \(o.slot)"))
    }

    @Test("/ finds an address, inside an object or not; unknown names and Esc")
    func findAddress() throws {
        var a = try Self.app("tour", steps: 8)
        let c = try #require(a.playback.machine.visibleVariables.first { $0.name == "c" }).value
        a.handle(.char("/"))
        type(String(c + 8, radix: 16), into: &a)   // without 0x, 8 bytes in
        a.handle(.enter)
        #expect(a.view.inspected == c)
        #expect(a.view.message?.contains("(+8 into the object at \(hexAddress(c)))") == true)

        a.handle(.escape)
        a.handle(.char("/"))
        type("nosuch", into: &a)
        a.handle(.enter)
        #expect(a.view.message?.hasPrefix("find: no variable nosuch in scope") == true)
        #expect(a.view.inspected == nil)

        a.handle(.char("/"))
        type("0x1", into: &a)
        a.handle(.enter)
        #expect(a.view.message?.contains("outside the simulated arena") == true)

        let before = a.playback.current
        a.handle(.char("/"))
        type("l", into: &a)        // typed into the prompt, not a step
        a.handle(.escape)
        #expect(a.view.query == nil)
        #expect(a.playback.current == before)
    }
}
