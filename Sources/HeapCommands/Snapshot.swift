// `heapscope snapshot FILE -o frame.svg`: one frame of the view as a picture for a slide —
// SVG (the cells as selectable monospace text) or an HTML page, by the output's extension.
// The frame is the interactive view's at that step, drawn by the same renderer.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI

struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write one frame of the view as SVG or HTML, for a slide.",
        discussion: """
            The frame is the interactive view's at --step (a step number or a bookmark; the last \
            step by default). The output's extension picks the format: .svg or .html (.htm); \
            -o - writes SVG to standard output. --theme picks the colours of the picture: dark \
            (light text on near-black) or light (dark text on white, for projectors).
            """
    )

    @Argument(help: "A scenario file or library name.")
    var scenario: String

    @Option(name: .shortAndLong, help: "The .svg or .html file to write (- for SVG on standard output).")
    var output: String

    @Option(parsing: .unconditional, help: "The step to draw: a number or a bookmark (default: the last step).")
    var step: String?

    @Option(parsing: .unconditional, help: "Width of the frame in cells (\(HeapView.minWidth)…400).")
    var width = 120

    @Option(parsing: .unconditional, help: "Height of the frame in cells (\(HeapView.minHeight)…200).")
    var height = 40

    @Option(help: "Colours of the picture: dark or light.")
    var theme = "dark"

    @Flag(help: "Presenter mode: captions in the title bar, bigger cells, no box lines.")
    var presenter = false

    @Flag(help: "ASCII characters only.")
    var ascii = false

    enum Format { case svg, html }

    var format: Format? {
        if output == "-" { return .svg }
        let ext = (output as NSString).pathExtension.lowercased()
        return ext == "svg" ? .svg : ext == "html" || ext == "htm" ? .html : nil
    }

    func validate() throws {
        guard (HeapView.minWidth...400).contains(width), (HeapView.minHeight...200).contains(height) else {
            throw ValidationError("--width must be \(HeapView.minWidth)…400 and --height \(HeapView.minHeight)…200")
        }
        guard Palette.named(theme) != nil else {
            throw ValidationError("--theme must be \(Palette.all.map(\.name).joined(separator: " or ")), not '\(SafeArgument(theme))'")
        }
        guard format != nil else {
            throw ValidationError("-o \(SafeArgument(output)): write the picture to a .svg or a .html file (the extension picks the format)")
        }
    }

    func run() throws {
        let program = try ScenarioInput.program(scenario)
        let target = try UntilOption.step(step, in: program, option: "--step") ?? program.stepCount
        let theme = ScenarioInput.theme(ascii: ascii, presenter: presenter, background: ThemeBackground(rawValue: self.theme) ?? .dark)
        var app = try ScenarioInput.app(program, theme: theme, rewindable: false)
        app.resize(width: width, height: height)
        app.navigate(.seek(target))
        let screen = app.frame(width: width, height: height)
        let palette = Palette.named(self.theme)!
        let title = theme.glyphs.text("heapscope — \(program.file) — step \(app.playback.current)")
        let text = format == .html
            ? SVGWriter.html(screen, palette: palette, color: theme.color, title: title)
            : SVGWriter.svg(screen, palette: palette, color: theme.color, title: title)
        let handle = try OutputFile.open(output)
        try OutputFile.write(text, to: handle, path: output)
        if output != "-" { try? handle.close() }
        if let e = app.playback.failure {
            printError(program.source.render(Diagnostic(file: program.file, location: e.location, message: e.message)))
            throw ExitStatus.scenario
        }
    }
}
