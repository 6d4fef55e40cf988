// `heapscope run FILE`: run a scenario without a terminal UI.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI

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

    @Option(name: .customLong("width"), help: "Frame width for --frames (default 80).")
    var widthOption: Int?

    @Option(name: .customLong("height"), help: "Frame height for --frames (default 24).")
    var heightOption: Int?

    var width: Int { widthOption ?? 80 }
    var height: Int { heightOption ?? 24 }

    func validate() throws {
        if !frames && (widthOption != nil || heightOption != nil) {
            throw ValidationError("--width and --height size the frames of --frames; add --frames")
        }
        // The view's own minimum, as for record and snapshot: a smaller frame would only say
        // that it needs more room.
        guard (HeapView.minWidth...400).contains(width), (HeapView.minHeight...200).contains(height) else {
            throw ValidationError("--width must be \(HeapView.minWidth)…400 and --height \(HeapView.minHeight)…200")
        }
        if frames && format == .json { throw ValidationError("--frames prints text; leave out --format json") }
    }

    func run() throws {
        let program = try ScenarioInput.program(file)
        let stop = try UntilOption.step(until, in: program)
        let printed = min(stop ?? program.stepCount, program.stepCount) + 1
        let estimate = OutputLimit.estimate(steps: printed, json: format == .json,
                                            frame: frames ? (width, height) : nil, program: program)
        if estimate > OutputLimit.maxBytes {
            throw ExitStatus.fail("\(frames ? "--frames" : "--format json") would print about \(estimate >> 20) MiB for \(printed) steps; "
                                  + "the limit is \(OutputLimit.maxBytes >> 20) MiB: use --until STEP|BOOKMARK to print fewer", ExitStatus.usage)
        }
        var machine: ScenarioMachine
        do { machine = try ScenarioMachine(program: program) } catch {
            printError("\(SafeText.clean(program.file)):1:1: error: \(SafeText.clean(error.message))")
            throw ExitStatus.scenario
        }
        var report = TextReport()
        // Text for a terminal that may not show Unicode: ASCII forms under a non-UTF-8 locale
        // (JSON stays UTF-8: it is data, not text for a terminal).
        let glyphs = Theme.from(environment: ProcessInfo.processInfo.environment).glyphs
        var failures: [String] = []
        var output = OutputLimit()
        let frame = frames ? FramePrinter(width: width, height: height, program: program) : nil
        func emit(_ r: StepRecord) throws -> Bool {
            switch format {
            case .json: try output.emit(JSONReport.line(for: r, machine: machine), step: r.index)
            case .text:
                for l in report.lines(for: r) { try output.emit(glyphs.text(l), step: r.index) }
                if let f = frame?.frame(index: r.index) { try output.emit(f, step: r.index) }
            }
            for e in r.failedExpectations {
                // Shown as the other errors are: the line, and the statement underlined.
                let message = "expectation failed: \(SafeText.clip(e.site.text))" + (e.detail.isEmpty ? "" : " (\(SafeText.clip(e.detail)))")
                failures.append(program.source.render(Diagnostic(file: program.file, location: e.site.location, message: message,
                                                                 length: e.site.text.unicodeScalars.count)))
            }
            if let e = r.error {
                failures.append(program.source.render(Diagnostic(file: program.file, location: e.location, message: e.message)))
            }
            if let stop, r.index >= stop { return false }
            return true
        }
        if try emit(machine.startRecord) {
            while let r = machine.step() {
                if try !emit(r) { break }
            }
        }
        if format == .text {
            for l in report.flush() + [""] + TextReport.finalState(machine) { try output.out.line(glyphs.text(l)) }
        }
        // Standard output first, then the errors: `run FILE 2>&1` keeps them apart.
        try output.out.flush()
        for f in failures { printError(f) }
        if !failures.isEmpty { throw ExitStatus.scenario }
    }
}
