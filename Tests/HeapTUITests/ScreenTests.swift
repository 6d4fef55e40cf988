import Testing
@testable import HeapTUI

@Suite("the in-memory screen")
struct ScreenTests {
    @Test("writes are clipped at every edge")
    func clipping() {
        var s = Screen(width: 10, height: 2)
        s.write("hello, world", x: 0, y: 0)
        s.write("abc", x: -2, y: 1)
        s.write("zzz", x: 0, y: 5)
        s.write("xy", x: 9, y: 1)
        #expect(s.text == "hello, wor\nc        x")
    }

    @Test("control characters never reach a cell")
    func controlCharacters() {
        var s = Screen(width: 6, height: 1)
        s.write("a\u{1b}[2Jb", x: 0, y: 0)
        #expect(s.text == "a?[2Jb")
    }

    @Test("a 20×5 screen works like any other")
    func tiny() {
        var s = Screen(width: 20, height: 5)
        s.write("▀▄█░ heap", x: 1, y: 4)
        #expect(s.text.split(separator: "\n", omittingEmptySubsequences: false).count == 5)
        #expect(s[1, 4].scalar == "▀")
    }

    @Test("double-width characters take two cells and stay whole; combining marks take none")
    func wideCharacters() {
        var s = Screen(width: 8, height: 2)
        s.write("a日b", x: 0, y: 0)
        #expect(s[1, 0].scalar == "日" && s[2, 0].isContinuation && s[3, 0].scalar == "b")
        #expect(s.text.hasPrefix("a日b    \n"))
        #expect("a日b🎉".terminalWidth == 6)
        #expect("e\u{301}".terminalWidth == 1)
        // No room for the right half: a space instead, nothing past the edge.
        s.write("1234567日", x: 0, y: 1)
        #expect(s[7, 1].scalar == " ")
        // Overwriting either half blanks the other.
        s.write("x", x: 1, y: 0)
        #expect(s[1, 0].scalar == "x" && s[2, 0].scalar == " ")
        s.write("日", x: 4, y: 0)
        s[5, 0] = Cell("y")
        #expect(s[4, 0].scalar == " " && s[5, 0].scalar == "y")
        // A combining accent is left out rather than taking a cell of its own.
        var t = Screen(width: 4, height: 1)
        t.write("e\u{301}z", x: 0, y: 0)
        #expect(t.text == "ez  ")
        // Clipped to a rectangle by columns: the wide character does not cross the edge.
        var u = Screen(width: 6, height: 1)
        u.write("日本語", in: Rect(x: 0, y: 0, width: 5, height: 1), row: 0)
        #expect(u.text == "日本  ")
        let rows = TextLayout.rows([TextLine("日本語のキャプション")], width: 7)
        #expect(rows.allSatisfy { $0.map(\.text).joined().terminalWidth <= 7 })
        #expect(rows.map { $0.map(\.text).joined() }.joined() == "日本語のキャプション")   // nothing lost
    }
}
