// `heapscope run FILE`: run a scenario without a terminal UI.

import ArgumentParser
import HeapScenario

enum RunFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario headless: narration and final state, or one JSON object per step.",
        discussion: """
            Expectations are checked as the scenario runs; a failed one is reported as \
            FILE:LINE:COL: error: … and makes the exit status 1. --until stops after a step \
            number or a bookmark's name.
            """
    )

    @Argument(help: "A scenario file (or a library scenario's name).")
    var file: String

    @Option(help: "text or json (one object per step; schema in README.md).")
    var format: RunFormat = .text

    @Option(help: "Stop after this step number, or after the step with this bookmark.")
    var until: String?

    @Flag(help: "Print a text frame of the UI after every step (text format).")
    var frames = false

    @Option(help: "Frame width for --frames.")
    var width = 80

    @Option(help: "Frame height for --frames.")
    var height = 24

    func validate() throws {
        guard (20...400).contains(width), (5...200).contains(height) else {
            throw ValidationError("--width must be 20…400 and --height 5…200")
        }
        if frames && format == .json { throw ValidationError("--frames prints text; leave out --format json") }
    }

    func run() throws {
        let program = try ScenarioInput.program(file)
        let untilStep = until.flatMap { Int($0) }
        var machine: ScenarioMachine
        do { machine = try ScenarioMachine(program: program) } catch {
            printError("\(SafeText.clean(program.file)):1:1: error: \(SafeText.clean(error.message))")
            throw ExitCode(1)
        }
        var report = TextReport()
        var failures: [String] = []
        let frame = frames ? FramePrinter(width: width, height: height, program: program) : nil
        func emit(_ r: StepRecord) -> Bool {
            switch format {
            case .json: print(JSONReport.line(for: r, machine: machine))
            case .text:
                for l in report.lines(for: r) { print(l) }
                if let f = frame?.frame(index: r.index) { print(f) }
            }
            for e in r.failedExpectations {
                failures.append("\(SafeText.clean(program.file)):\(e.site.location.line):\(e.site.location.column): error: expectation failed: \(SafeText.clean(e.site.text))"
                                + (e.detail.isEmpty ? "" : " (\(SafeText.clean(e.detail)))"))
            }
            if let e = r.error {
                failures.append(program.source.render(Diagnostic(file: program.file, location: e.location, message: e.message)))
            }
            if let u = untilStep, r.index >= u { return false }
            if let u = until, untilStep == nil, r.bookmarks.contains(u) { return false }
            return true
        }
        if emit(machine.startRecord) {
            while let r = machine.step() {
                if !emit(r) { break }
            }
        }
        if format == .text {
            for l in report.flush() { print(l) }
            print("")
            for l in TextReport.finalState(machine) { print(l) }
        }
        if let u = until, untilStep == nil, !program.hasBookmark(u) {
            printError("heapscope: no bookmark named '\(SafeText.clean(u))' in \(SafeText.clean(program.file))")
            throw ExitCode(1)
        }
        for f in failures { printError(f) }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}

extension Program {
    /// Whether some `bookmark` statement has this name.
    func hasBookmark(_ name: String) -> Bool {
        instructions.contains { if case .attach(.bookmark(let b), _) = $0 { b == name } else { false } }
    }
}
