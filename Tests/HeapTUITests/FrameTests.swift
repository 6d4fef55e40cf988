import Testing
import HeapTestSupport
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

    /// The lecturer's scenarios at the sizes a classroom uses, at the step that matters in each.
    /// (bfe-stw's half-million-object frame replays 500,000 steps: a full run only.)
    static let lectures: [(name: String, at: String)] = [
        ("tour", "24"), ("tricolor-marking", "12"), ("struct-padding", "2"), ("gogc-pacing", "GOGC=100"),
        ("span-sets", "sets flipped"), ("malloc-headers", "header costs a class"),
    ] + (TestScale.full ? [("bfe-stw", "500k connections")] : [])

    /// The playback of a lecture scenario at its step (a number or a bookmark), as the view
    /// arrives there (following the step's span).
    static func lectureApp(_ name: String, at: String) throws -> App {
        let source = try #require(ScenarioLibrary.named(name)).source
        let program = try #require(Compiler.compile(source).program)
        var a = try App(program: program, theme: Theme(glyphs: .unicode, color: true))
        let step = try #require(Int(at) ?? program.firstStep(withBookmark: at))
        a.navigate(.seek(step))
        return a
    }

    @Test("lecture scenarios at 80×24, 120×40 and 200×60: Unicode, ASCII and NO_COLOR", arguments: FrameTests.lectures.indices)
    func lecture(_ i: Int) throws {
        let (name, at) = Self.lectures[i]
        let a = try Self.lectureApp(name, at: at)
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = HeapView.render(a.playback, view: a.view, theme: Theme(glyphs: .unicode, color: true), width: w, height: h)
            try assertSnapshot(s.text, named: "\(name)-\(a.playback.current)-\(w)x\(h)")
            // NO_COLOR: the same text, no colour at all.
            let plain = HeapView.render(a.playback, view: a.view, theme: Theme(glyphs: .unicode, color: false), width: w, height: h)
            #expect(plain.text == s.text)
            #expect(plain.cells.allSatisfy { $0.style.foreground == .normal })
            // ASCII: nothing above 0x7E anywhere.
            let ascii = HeapView.render(a.playback, view: a.view, theme: Theme(glyphs: .ascii, color: false), width: w, height: h)
            #expect(ascii.cells.allSatisfy { $0.scalar.value <= 0x7E || $0.isContinuation }, "\(name) \(w)×\(h): non-ASCII in an ASCII frame")
            if w == 80 { try assertSnapshot(ascii.text, named: "\(name)-\(a.playback.current)-\(w)x\(h)-ascii") }
        }
    }

    @Test("go1.25 at 80×24 and 120×40: its own structures in the panels", arguments: [
        ("span-sets", "full span handed back", PanelID.central), ("span-sets", "sets flipped", .span),
        ("gomemlimit", "limit sets the goal", .gc),
    ] + (TestScale.full ? [("gomemlimit", "a cycle under the limit", .gc)] : []))
    func go125(_ name: String, _ at: String, _ focus: PanelID) throws {
        var a = try Self.lectureApp(name, at: at)
        a.view.focus = focus
        for (w, h) in [(80, 24), (120, 40)] {
            let s = HeapView.render(a.playback, view: a.view, theme: Self.theme, width: w, height: h)
            try assertSnapshot(s.text, named: "go125-\(name)-\(a.playback.current)-\(focus)-\(w)x\(h)")
            // No go1.12 vocabulary where go1.25 runs.
            for word in ["nonempty", "treap", "(ratio "] {
                #expect(!s.text.contains(word), "\(name) \(w)×\(h) says '\(word)'")
            }
            let ascii = HeapView.render(a.playback, view: a.view, theme: Theme(glyphs: .ascii, color: false), width: w, height: h)
            #expect(ascii.cells.allSatisfy { $0.scalar.value <= 0x7E || $0.isContinuation })
        }
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
        // Not even scenario text brings other characters: they are transliterated or '?'.
        #expect(ascii.cells.allSatisfy { $0.scalar.value <= 0x7E })
        #expect(Theme.from(environment: ["NO_COLOR": "1", "LANG": "C.UTF-8"]) == Theme(glyphs: .unicode, color: false))
        #expect(Theme.from(environment: ["LANG": "C"]).glyphs == .ascii)
        // COLORFGBG "fg;bg" (rxvt, Konsole): background 7 or 9–15 is light, 0–6 and 8 dark.
        #expect(Theme.from(environment: ["LANG": "C.UTF-8", "COLORFGBG": "0;15"]).background == .light)
        #expect(Theme.from(environment: ["LANG": "C.UTF-8", "COLORFGBG": "15;default;0"]).background == .dark)
        #expect(Theme.from(environment: ["LANG": "C.UTF-8", "COLORFGBG": "junk"]).background == .dark)
        #expect(Theme.from(environment: ["LANG": "C.UTF-8"]).background == .dark)
        // The light theme draws no yellow, cyan or white text; the collector's colours are the
        // cells' own in both themes.
        let light = Theme(background: .light)
        #expect([CellStyle.Color.yellow, .cyan, .white].allSatisfy { [.yellow, .cyan, .white].contains(light.fg($0).foreground) == false })
        for t in [light, Theme(background: .dark)] {
            #expect(t.objectStyle(.white).background == .white && t.objectStyle(.grey).background == .gray && t.objectStyle(.black).background == .black)
        }
        #expect(Theme(color: false).objectStyle(.black) == CellStyle(bold: true))
    }

    /// A frame's colours as text, one character per cell: a cell drawn on a background colour
    /// as that colour in capitals (W white, A grey, K black), else its foreground in lower
    /// case (r g y b m c w a k), a space for the terminal's own.
    static func colours(_ s: Screen) -> String {
        func letter(_ c: CellStyle.Color) -> Character {
            switch c {
            case .normal: " "
            case .red: "r"
            case .green: "g"
            case .yellow: "y"
            case .blue: "b"
            case .magenta: "m"
            case .cyan: "c"
            case .white: "w"
            case .gray: "a"
            case .black: "k"
            }
        }
        return (0..<s.height).map { y in
            String((0..<s.width).map { x -> Character in
                let st = s[x, y].style
                return st.background != .normal ? Character(letter(st.background).uppercased()) : letter(st.foreground)
            })
        }.joined(separator: "\n")
    }

    /// The Objects panel where a lecturer teaches from it: the write barrier's store and the
    /// tour's marking, at 80×24 (the panel focused, 9) and 120×40, in Unicode and ASCII, and
    /// their colours in the dark and the light theme.
    @Test("the Objects panel: write-barrier and tour, both themes, Unicode and ASCII", arguments: [
        ("write-barrier", "a.next = b.next"), ("tour", "gc step 1"),
    ])
    func objects(_ name: String, _ statement: String) throws {
        let source = try #require(ScenarioLibrary.named(name)).source
        let program = try #require(Compiler.compile(source).program)
        var a = try App(program: program, theme: Self.theme)
        var p = a.playback
        let step = try #require((1...p.total).first { p.seek(to: $0); return p.record.site?.text == statement })
        a.navigate(.seek(step))
        a.handle(.char("9"))
        for (w, h) in [(80, 24), (120, 40)] {
            for background in ThemeBackground.allCases {
                let theme = Theme(glyphs: .unicode, color: true, background: background)
                let s = HeapView.render(a.playback, view: a.view, theme: theme, width: w, height: h)
                if background == .dark { try assertSnapshot(s.text, named: "objects-\(name)-\(step)-\(w)x\(h)") }
                try assertSnapshot(Self.colours(s), named: "objects-\(name)-\(step)-\(w)x\(h)-\(background)-colours")
                #expect(s.text.contains("9 Objects"))
            }
            let ascii = HeapView.render(a.playback, view: a.view, theme: Theme(glyphs: .ascii, color: false), width: w, height: h)
            #expect(ascii.cells.allSatisfy { $0.scalar.value <= 0x7E || $0.isContinuation })
            try assertSnapshot(ascii.text, named: "objects-\(name)-\(step)-\(w)x\(h)-ascii")
        }
        // Presenter mode on a projector: title bars, keys in them, figures in units.
        for background in ThemeBackground.allCases {
            let theme = Theme(glyphs: .unicode, color: true, presenter: true, background: background)
            let s = HeapView.render(a.playback, view: a.view, theme: theme, width: 120, height: 34)
            if background == .dark { try assertSnapshot(s.text, named: "objects-\(name)-\(step)-presenter-120x34") }
            try assertSnapshot(Self.colours(s), named: "objects-\(name)-\(step)-presenter-120x34-\(background)-colours")
            #expect(s.cells.contains { $0.style.reverse })
        }
    }
}

/// Then and now in the view (`heapscope open FILE --compare PROFILE`): two panes at one step.
@Suite("split view")
struct SplitViewTests {
    static func app() throws -> App {
        let source = try #require(ScenarioLibrary.named("span-sets")).source
        let now = try #require(Compiler.compile(source).program)
        let then = try #require(Compiler.compile(source, options: CompileOptions(profile: "go1.12", expectations: false)).program)
        var a = try App(program: now, theme: Theme(glyphs: .unicode, color: true))
        try a.compare(with: then)
        return a
    }

    @Test("go1.25 beside go1.12, at the same step as it moves; too narrow a terminal says so")
    func split() throws {
        var a = try Self.app()
        let step = try #require(a.playback.program.firstStep(withBookmark: "full span handed back"))
        a.navigate(.seek(step))
        #expect(a.other?.current == step)
        let s = a.frame(width: 140, height: 36)
        try assertSnapshot(s.text, named: "split-span-sets-\(step)-140x36")
        let lines = s.text.split(separator: "\n")
        #expect(lines[0].contains("go1.25 — step \(step)/") && lines[0].contains("go1.12 — step \(step)/"))
        #expect(s.text.contains("swept(11) 0 → 1") && s.text.contains("empty(10) 1 → 2"))
        a.handle(.left)
        #expect(a.other?.current == step - 1 && a.playback.current == step - 1)
        // ASCII: only ASCII in both panes and the divider.
        let source = try #require(ScenarioLibrary.named("span-sets")).source
        var b = try App(program: try #require(Compiler.compile(source).program), theme: Theme(glyphs: .ascii, color: false))
        try b.compare(with: try #require(Compiler.compile(source, options: CompileOptions(profile: "go1.12", expectations: false)).program))
        b.navigate(.seek(step))
        #expect(b.frame(width: 140, height: 36).cells.allSatisfy { $0.scalar.value <= 0x7E || $0.isContinuation })
        // Narrower than two panes: the scenario's own view and a note.
        let narrow = a.frame(width: 100, height: 30)
        #expect(narrow.text.contains("side by side from \(App.splitMinWidth) columns; this terminal has 100"))
        // At the smallest size the view draws in, the note gives up its row: the view is
        // drawn, not a "needs at least 60×16" message about a 60×15 terminal.
        let smallest = a.frame(width: HeapView.minWidth, height: HeapView.minHeight)
        #expect(!smallest.text.contains("needs at least") && smallest.text.contains("step \(a.playback.current)/"), "\(smallest.text)")
    }

    @Test("on a 200×60 projector each pane stacks Arena, GC, Span, Objects and the Narration")
    func projector() throws {
        var a = try Self.app()
        let step = try #require(a.playback.program.firstStep(withBookmark: "full span handed back"))
        a.navigate(.seek(step))
        let s = a.frame(width: 200, height: 60)
        try assertSnapshot(s.text, named: "split-span-sets-\(step)-200x60")
        // Each pane (99 columns) once had the 80-column layout: Arena, GC and 40 rows of Narration.
        for panel in ["1 Arena", "5 GC", "2 Span", "9 Objects", "7 Narration"] {
            #expect(s.text.components(separatedBy: panel).count - 1 == 2, "\(panel) in both panes")
        }
    }
}
