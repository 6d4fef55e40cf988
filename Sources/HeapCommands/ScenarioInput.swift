// Finding a scenario by what the user typed: a file path, or the name of a library scenario.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI

/// A scenario argument resolved to source text.
enum ScenarioInput {
    /// Reads `argument` as a file if one exists there, else as a library name; `-` is
    /// standard input. A file is opened without waiting: a FIFO that no program writes to reads
    /// as empty instead of blocking forever (a pipe from `<(…)` still works), and a device such
    /// as /dev/zero is cut at the size limit.
    static func load(_ argument: String) -> Result<SourceFile, Diagnostic> {
        let start = SourceLocation(line: 1, column: 1)
        if argument == "-" { return read(fd: 0, name: "<stdin>") }
        var info = stat()
        if stat(argument, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR {
                return .failure(Diagnostic(file: argument, location: start, message: "is a directory, not a scenario file"))
            }
            let fd = open(argument, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                return .failure(Diagnostic(file: argument, location: start, message: "cannot read the file: \(String(cString: strerror(errno)))"))
            }
            defer { close(fd) }
            // Blocking reads again: a pipe with a writer delivers its text, one without reads as empty.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            return read(fd: fd, name: argument)
        }
        if let s = ScenarioLibrary.named(argument) { return .success(s.source) }
        let names = ScenarioLibrary.all.map(\.name).joined(separator: ", ")
        return .failure(Diagnostic(file: argument, location: .init(line: 1, column: 1),
                                   message: "no such file, and no library scenario of that name (heapscope list shows them: \(names))"))
    }

    /// Loads and compiles; on failure returns the rendered diagnostics.
    static func compile(_ argument: String) -> Result<(Program, [String]), CompileFailure> {
        compileKeepingSource(argument).map { ($0.0, $0.1) }
    }

    /// `compile`, with the text it read: standard input can be read only once, so a command
    /// that needs the source again (export-go, compare) keeps it from here.
    static func compileKeepingSource(_ argument: String) -> Result<(Program, [String], SourceFile), CompileFailure> {
        switch load(argument) {
        case .failure(let d):
            return .failure(CompileFailure(messages: [d.rendered(sourceLine: nil)]))
        case .success(let source):
            let (program, diagnostics) = Compiler.compile(source)
            let rendered = diagnostics.map { source.render($0) }
            guard let program else { return .failure(CompileFailure(messages: rendered)) }
            return .success((program, rendered, source))
        }
    }
}

extension ScenarioInput {
    /// Compiles `argument` for a command: diagnostics (and, when asked, warnings) go to
    /// standard error, and a scenario that does not compile ends the command with exit 1.
    static func program(_ argument: String, printWarnings: Bool = true) throws -> Program {
        try programAndSource(argument, printWarnings: printWarnings).program
    }

    /// `program`, with the source text it was compiled from (read once, also from `-`).
    static func programAndSource(_ argument: String, printWarnings: Bool = true) throws -> (program: Program, source: SourceFile, warnings: [String]) {
        switch compileKeepingSource(argument) {
        case .failure(let e):
            for m in e.messages { printError(m) }
            throw ExitCode(1)
        case .success(let (p, warnings, source)):
            if printWarnings { for w in warnings { printError(w) } }
            return (p, source, warnings)
        }
    }

    /// The view's theme from the environment (NO_COLOR, locale) and the command's flags.
    static func theme(ascii: Bool, presenter: Bool, background: ThemeBackground? = nil) -> Theme {
        var theme = Theme.from(environment: ProcessInfo.processInfo.environment)
        if ascii { theme.glyphs = .ascii }
        theme.presenter = presenter
        if let background { theme.background = background }
        return theme
    }

    /// The interactive application at step 0; a scenario that fails before its first step
    /// ends the command with `FILE:1:1: error: …` and exit 1.
    static func app(_ program: Program, theme: Theme, rewindable: Bool = true) throws -> App {
        do { return try App(program: program, theme: theme, rewindable: rewindable) } catch {
            printError("\(SafeText.clean(program.file)):1:1: error: \(SafeText.clean(error.message))")
            throw ExitCode(1)
        }
    }
}

extension ScenarioInput {
    /// Reads up to one byte more than a scenario may have, so an oversize input is refused
    /// without reading it all.
    static func read(fd: Int32, name: String) -> Result<SourceFile, Diagnostic> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= SourceFile.maxBytes {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, SourceFile.maxBytes + 1 - bytes.count)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                return .failure(Diagnostic(file: name, location: SourceLocation(line: 1, column: 1), message: "cannot read the file: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return SourceFile.decode(name: name, bytes: bytes)
    }
}

/// Diagnostics that stopped a scenario from compiling.
struct CompileFailure: Error {
    let messages: [String]
}

/// Writes to standard error.
func printError(_ s: String) {
    // write(2), not FileHandle: FileHandle traps when standard error cannot be written (a
    // full disk, a closed pipe), and a message we cannot show is no reason to crash.
    let bytes = Array((s + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(2, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        done += n
    }
}

extension ThemeBackground: ExpressibleByArgument {}
