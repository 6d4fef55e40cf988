// `heapscope [SCENARIO]`: the interactive view (the default command). Without a name it opens
// the guided tour. When stdin or stdout is not a terminal it never starts curses: with no
// scenario it prints the narrated overview, with one it says to use `heapscope run`.

import ArgumentParser
import Foundation
import HeapEngine
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

    @Option(help: "The terminal's background: dark or light (default: from COLORFGBG when it is set, else dark).")
    var theme: ThemeBackground?

    @Flag(help: "Draw with ASCII characters only.")
    var ascii = false

    @Flag(help: "Do not use the mouse (the terminal keeps its own text selection); m toggles it while running.")
    var noMouse = false

    @Option(help: "Then and now: also run the scenario under this profile (e.g. go1.25), side by side at the same step (needs \(App.splitMinWidth) columns).")
    var compare: String?

    func validate() throws {
        if let compare, RuntimeProfile.named(compare) == nil {
            throw ValidationError("unknown profile '\(SafeArgument(compare))'; known: \(RuntimeProfile.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        guard CursesTerminal.isInteractive else {
            if scenario == nil { print(try Overview.text()); return }
            // A name that is no file and no library scenario is said first.
            _ = try ScenarioInput.program(scenario!, printWarnings: false)
            printError("heapscope: not a terminal; for a headless run use: heapscope run \(Open.shellWord(scenario!))")
            throw ExitCode(1)
        }
        guard CursesTerminal.isForeground else {
            printError("heapscope: started in the background; run it in the foreground (without '&', or bring it back with fg)")
            throw ExitCode(1)
        }
        let name = scenario ?? ScenarioLibrary.defaultName
        let (program, source, _) = try ScenarioInput.programAndSource(name, printWarnings: false)
        let theme = ScenarioInput.theme(ascii: ascii, presenter: presenter, background: theme)
        var app = try ScenarioInput.app(program, theme: theme)
        app.view.mouse = !noMouse
        if let compare {
            // The other pane: the same text under the other profile, its expectations left out
            // (they are written for one profile's numbers), as heapscope compare does.
            let (other, diagnostics) = Compiler.compile(source, options: CompileOptions(profile: compare, expectations: false))
            guard let other else {
                for d in diagnostics { printError("[\(compare)] " + source.render(d)) }
                throw ExitCode(1)
            }
            do { try app.compare(with: other) } catch {
                printError("[\(compare)] \(SafeText.clean(program.file)):1:1: error: \(SafeText.clean(error.message))")
                throw ExitCode(1)
            }
        }
        let term: CursesTerminal
        do {
            term = try CursesTerminal(colors: theme.color)
        } catch {
            let name = SafeText.clean(ProcessInfo.processInfo.environment["TERM"] ?? "unset")
            switch error {
            case .noTerminal:
                printError("heapscope: cannot open the terminal (TERM=\(name)); for a headless run use: heapscope run \(Open.shellWord(scenario ?? "tour"))")
            case .noCursorAddressing:
                printError("heapscope: the terminal cannot move its cursor (TERM=\(name)), so the view cannot be drawn on it; for a headless run use: heapscope run \(Open.shellWord(scenario ?? "tour"))")
            }
            throw ExitCode(1)
        }
        // For the end-to-end test of "the terminal is restored on an error": crash on purpose
        // after the first frame (never set in normal use).
        let crashForTest = ProcessInfo.processInfo.environment["HEAPSCOPE_TEST_CRASH"] == "1"
        // And for "a stop signal restores the terminal even when the loop is stuck": stop
        // reading keys after the first frame (never set in normal use).
        let hangForTest = ProcessInfo.processInfo.environment["HEAPSCOPE_TEST_HANG"] == "1"
        // Draw only when something changed: a key, a step while playing, a new terminal size,
        // and twice a second while a long navigation runs (its progress).
        var needsDraw = true
        var lastSize = (width: 0, height: 0)
        var job: NavigationJob?
        var typedAhead = TypedAheadKeys()
        var lastProgressDraw = ContinuousClock.now
        while !app.quit && term.signal == 0 {
            let size = term.size
            if app.view.mouse != term.mouse { term.setMouse(app.view.mouse) }
            if needsDraw || size != lastSize {
                app.resize(width: size.width, height: size.height)
                var shown = app
                if let job { shown.view.message = Open.busyMessage(job, from: app.playback.current, typedAhead: typedAhead.count, dropped: typedAhead.dropped) }
                term.draw(shown.frame(width: size.width, height: size.height))
                lastSize = size
                needsDraw = false
                if crashForTest { fatalError("HEAPSCOPE_TEST_CRASH: a crash on purpose, to test that the terminal is restored") }
                while hangForTest { sleep(60) }
            }
            // Keys typed ahead go first, without waiting for the terminal's tick.
            var key = job == nil && typedAhead.count > 0 ? nil : term.readKey()
            if let running = job {
                // Busy: q quits, Esc cancels (and forgets the keys typed ahead), the rest waits
                // its turn. The worker never holds up this loop.
                if key == .char("q") { break }
                if key == .escape {
                    running.cancel()
                    job = nil
                    typedAhead.forget()
                    app.view.playing = false
                    app.view.message = "cancelled"
                    needsDraw = true
                    continue
                }
                typedAhead.keep(key)
                if running.isDone {
                    if let next = running.take() { app = next }
                    job = nil
                    needsDraw = true
                } else if key != nil || ContinuousClock.now - lastProgressDraw > .milliseconds(500) {
                    lastProgressDraw = .now
                    needsDraw = true
                }
                continue
            }
            key = typedAhead.next(after: key)
            var navigation: Navigation?
            if let k = key {
                navigation = app.interpret(k)
                needsDraw = true
            } else {
                navigation = app.tickNavigation()
            }
            if let navigation {
                let started = NavigationJob(navigation, on: app)
                // Most steps take microseconds: wait a moment so they draw without a flicker
                // of "working…".
                if started.wait(seconds: 0.1) {
                    if let next = started.take() { app = next }
                } else {
                    job = started
                    lastProgressDraw = .now
                }
                needsDraw = true
            }
        }
        term.close()
        if term.signal != 0 { throw ExitCode(128 + term.signal) }
    }

    /// A file name as a shell word, so that the command heapscope suggests can be pasted: quoted
    /// when it holds anything but letters, digits and `._/+-@%:,`.
    static func shellWord(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/+-@%:,".unicodeScalars.contains($0)) }
        return plain ? s : "'" + SafeText.clean(s).replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The timeline's line while a navigation runs: how far it got and how to stop it.
    static func busyMessage(_ job: NavigationJob, from current: Int, typedAhead: Int = 0, dropped: Int = 0) -> String {
        var how = "Esc cancels, q quits" + (typedAhead == 0 ? "" : "; \(typedAhead) key\(typedAhead == 1 ? "" : "s") typed meanwhile wait\(typedAhead == 1 ? "s" : "")")
        if dropped > 0 { how += " (\(dropped) more dropped: at most \(TypedAheadKeys.limit) wait)" }
        switch job.navigation {
        case .seek(let k): return "working… replaying step \(max(job.progress.reached, min(current, k))) of \(k) — \(how)"
        case .nextMark: return "working… looking for the next mark, at step \(max(job.progress.reached, current)) — \(how)"
        case .back: return "working… replaying from a checkpoint to step \(max(0, current - 1)) — \(how)"
        case .previousMark: return "working… going back to the previous mark from step \(current) — \(how)"
        case .forward, .play: return "working… step \(current + 1) (one step can be a whole GC cycle) — \(how)"
        }
    }
}
