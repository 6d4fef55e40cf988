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
}
