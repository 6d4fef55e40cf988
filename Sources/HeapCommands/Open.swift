// `heapscope [SCENARIO]`: the interactive view (the default command). Without a name it opens
// the guided tour. When stdin or stdout is not a terminal it never starts curses: with no
// scenario it prints the narrated overview, with one it says to use `heapscope run`.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI
import HeapTerminal

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a scenario (a file or a library name) in the interactive view; the tour by default."
    )

    @Argument(help: "A scenario file or library name (heapscope list).")
    var scenario: String?

    @Flag(help: "Presenter mode for projectors: captions in the title bar, no box lines.")
    var presenter = false

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    @Flag(help: "Do not use the mouse (the terminal keeps its own text selection); m toggles it while running.")
    var noMouse = false

    func run() throws {
        guard CursesTerminal.isInteractive else {
            if scenario == nil { print(try Overview.text()); return }
            printError("heapscope: not a terminal; for a headless run use: heapscope run \(SafeText.clean(scenario!))")
            throw ExitCode(1)
        }
        let name = scenario ?? ScenarioLibrary.defaultName
        let program = try ScenarioInput.program(name, printWarnings: false)
        let theme = ScenarioInput.theme(ascii: ascii, presenter: presenter)
        var app = try ScenarioInput.app(program, theme: theme)
        app.view.mouse = !noMouse
        guard let term = CursesTerminal(colors: theme.color) else {
            printError("heapscope: cannot open the terminal (TERM=\(SafeText.clean(ProcessInfo.processInfo.environment["TERM"] ?? "unset")))")
            throw ExitCode(1)
        }
        // For the end-to-end test of "the terminal is restored on an error": crash on purpose
        // after the first frame (never set in normal use).
        let crashForTest = ProcessInfo.processInfo.environment["HEAPSCOPE_TEST_CRASH"] == "1"
        // Draw only when something changed: a key, a step while playing, a new terminal size.
        var needsDraw = true
        var lastSize = (width: 0, height: 0)
        while !app.quit && term.signal == 0 {
            let size = term.size
            if app.view.mouse != term.mouse { term.setMouse(app.view.mouse) }
            if needsDraw || size != lastSize {
                app.resize(width: size.width, height: size.height)
                term.draw(app.frame(width: size.width, height: size.height))
                lastSize = size
                if crashForTest { fatalError("HEAPSCOPE_TEST_CRASH: a crash on purpose, to test that the terminal is restored") }
            }
            if let k = term.readKey() {
                app.handle(k)
                needsDraw = true
            } else {
                needsDraw = app.tick()
            }
        }
        term.close()
        if term.signal != 0 { throw ExitCode(128 + term.signal) }
    }
}
