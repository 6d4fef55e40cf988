// `heapscope record FILE -o demo.cast`: the scenario played step by step into an asciicast v2
// file (https://docs.asciinema.org/manual/asciicast/v2/) that `asciinema play` plays back. The
// frames are the interactive view's, drawn by the same renderer at a fixed size and turned into
// ANSI sequences by AnsiWriter; time is simulated (a fixed delay per step, longer at a presenter
// stop or a question), so the same scenario always gives the same file, byte for byte.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a scenario played step by step as an asciicast v2 file (asciinema play FILE plays it).",
        discussion: """
            Each step becomes one frame after --delay seconds (three times as long at a pause or a \
            question). Recording starts at --from (a step number or a bookmark; the steps before it \
            run without frames) and stops at --until (a step number or a bookmark), at the end, or \
            after --max-frames frames, which is said on standard error.
            """
    )

    @Argument(help: "A scenario file or library name.")
    var scenario: String

    @Option(name: .shortAndLong, help: "The .cast file to write (- for standard output).")
    var output: String

    @Option(parsing: .unconditional, help: "Terminal width of the recording.")
    var width = 120

    @Option(parsing: .unconditional, help: "Terminal height of the recording.")
    var height = 34

    @Option(parsing: .unconditional, help: "Seconds per step.")
    var delay = 1.0

    @Option(parsing: .unconditional, help: "Start at this step number, or at the step with this bookmark (default: the start).")
    var from: String?

    @Option(parsing: .unconditional, help: "Stop after this step number, or after the step with this bookmark.")
    var until: String?

    @Option(parsing: .unconditional, help: "The most frames to record (long scenarios have millions of steps).")
    var maxFrames = 2000

    @Flag(help: "Presenter mode: captions in the title bar, bigger cells, no box lines.")
    var presenter = false

    @Option(help: "The background the recording is made for: dark or light (default: from COLORFGBG when it is set, else dark).")
    var theme: ThemeBackground?

    @Flag(help: "ASCII characters only.")
    var ascii = false

    func validate() throws {
        guard (HeapView.minWidth...400).contains(width), (HeapView.minHeight...200).contains(height) else {
            throw ValidationError("--width must be \(HeapView.minWidth)…400 and --height \(HeapView.minHeight)…200")
        }
        guard delay > 0, delay <= 60 else { throw ValidationError("--delay must be in (0, 60] seconds") }
        guard (1...100_000).contains(maxFrames) else { throw ValidationError("--max-frames must be 1…100000 (at 1 s a step, 28 hours of recording)") }
    }

    func run() throws {
        let program = try ScenarioInput.program(scenario)
        let start = try UntilOption.step(from, in: program, option: "--from")
        let stop = try UntilOption.step(until, in: program)
        if let start, let stop, stop < start {
            throw ExitStatus.fail("--from \(SafeText.clean(from ?? "")) is step \(start), after --until's step \(stop)", ExitStatus.usage)
        }
        let theme = ScenarioInput.theme(ascii: ascii, presenter: presenter, background: theme)
        var app = try ScenarioInput.app(program, theme: theme, rewindable: false)
        app.resize(width: width, height: height)
        // The steps before --from run without being drawn.
        if let start { app.navigate(.seek(start)) }

        let cast = try CastWriter(path: output, width: width, height: height,
                                  title: "heapscope — \(program.file)")
        var writer = AnsiWriter(color: theme.color)
        var time = 0.0
        try cast.event(time, AnsiWriter.start + writer.frame(app.frame(width: width, height: height)))
        var frames = 1
        var stoppedEarly = false
        while !app.playback.atEnd {
            if let stop, app.playback.current >= stop { break }
            if frames >= maxFrames { stoppedEarly = true; break }
            let r = app.playback.record
            time += delay * (r.pause || r.question != nil ? 3 : 1)
            app.handle(.char("l"))
            try cast.event(time, writer.frame(app.frame(width: width, height: height)))
            frames += 1
            if app.playback.failure != nil { break }
        }
        try cast.event(time + delay, AnsiWriter.end + "\r\n")
        try cast.finish()
        if stoppedEarly {
            printError("heapscope: recorded \(frames) frames, up to step \(app.playback.current) of \(app.playback.total) (--max-frames \(maxFrames))")
        }
        if let e = app.playback.failure {
            printError(program.source.render(Diagnostic(file: program.file, location: e.location, message: e.message)))
            throw ExitStatus.scenario
        }
    }
}

/// Writes an asciicast v2 file: a header line, then one `[time, "o", data]` line per event.
/// A write that fails (a full disk, a closed pipe) ends the command with exit 74: a cast cut
/// short silently would play as if the scenario ended there.
final class CastWriter {
    private let handle: FileHandle
    private let isStdout: Bool
    private let path: String
    private var buffer = ""

    init(path: String, width: Int, height: Int, title: String) throws {
        self.path = path
        handle = try OutputFile.open(path)
        isStdout = path == "-"
        // No timestamp: the same scenario gives the same file.
        buffer = "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"title\": \(JSONText.quote(title)), "
            + "\"env\": {\"TERM\": \"xterm-256color\", \"SHELL\": \"/bin/sh\"}}\n"
    }

    /// Bytes written so far; a recording stops at `OutputLimit.maxBytes`, as `run` does.
    private(set) var written = 0

    func event(_ time: Double, _ data: String) throws {
        guard !data.isEmpty else { return }
        let line = "[" + String(format: "%.3f", time) + ", \"o\", " + JSONText.quote(data) + "]\n"
        written += line.utf8.count
        if written > OutputLimit.maxBytes {
            try flush()
            throw ExitStatus.fail("the recording passed \(OutputLimit.maxBytes >> 20) MiB, the limit; use --until STEP|BOOKMARK or fewer --max-frames", ExitStatus.usage)
        }
        buffer += line
        if buffer.utf8.count > 1 << 20 { try flush() }
    }

    private func flush() throws {
        try OutputFile.write(buffer, to: handle, path: path)
        buffer = ""
    }

    func finish() throws {
        try flush()
        if !isStdout { try handle.close() }
    }
}
