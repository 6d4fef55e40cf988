// Finding a scenario by what the user typed: a file path, or the name of a library scenario.

import ArgumentParser
import Foundation
import HeapScenario
import HeapTUI

/// A scenario argument resolved to source text.
enum ScenarioInput {
    /// Reads `argument` as a file if one exists there, else as a library name.
    static func load(_ argument: String) -> Result<SourceFile, Diagnostic> {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                return .failure(Diagnostic(file: argument, location: .init(line: 1, column: 1), message: "is a directory, not a scenario file"))
            }
            guard let handle = FileHandle(forReadingAtPath: argument) else {
                return .failure(Diagnostic(file: argument, location: .init(line: 1, column: 1), message: "cannot read the file (permission denied?)"))
            }
            defer { try? handle.close() }
            // Read one byte more than the limit, so an oversize file is refused without reading it all.
            let data = (try? handle.read(upToCount: SourceFile.maxBytes + 1)) ?? Data()
            return SourceFile.decode(name: argument, bytes: [UInt8](data))
        }
        if let s = ScenarioLibrary.named(argument) { return .success(s.source) }
        let names = ScenarioLibrary.all.map(\.name).joined(separator: ", ")
        return .failure(Diagnostic(file: argument, location: .init(line: 1, column: 1),
                                   message: "no such file, and no library scenario of that name (heapscope list shows them: \(names))"))
    }

    /// Loads and compiles; on failure returns the rendered diagnostics.
    static func compile(_ argument: String) -> Result<(Program, [String]), CompileFailure> {
        switch load(argument) {
        case .failure(let d):
            return .failure(CompileFailure(messages: [d.rendered(sourceLine: nil)]))
        case .success(let source):
            let (program, diagnostics) = Compiler.compile(source)
            let rendered = diagnostics.map { source.render($0) }
            guard let program else { return .failure(CompileFailure(messages: rendered)) }
            return .success((program, rendered))
        }
    }
}

extension ScenarioInput {
    /// Compiles `argument` for a command: diagnostics (and, when asked, warnings) go to
    /// standard error, and a scenario that does not compile ends the command with exit 1.
    static func program(_ argument: String, printWarnings: Bool = true) throws -> Program {
        switch compile(argument) {
        case .failure(let e):
            for m in e.messages { printError(m) }
            throw ExitCode(1)
        case .success(let (p, warnings)):
            if printWarnings { for w in warnings { printError(w) } }
            return p
        }
    }

    /// The view's theme from the environment (NO_COLOR, locale) and the command's flags.
    static func theme(ascii: Bool, presenter: Bool) -> Theme {
        var theme = Theme.from(environment: ProcessInfo.processInfo.environment)
        if ascii { theme.glyphs = .ascii }
        theme.presenter = presenter
        return theme
    }

    /// The interactive application at step 0; a scenario that fails before its first step
    /// ends the command with `FILE:1:1: error: …` and exit 1.
    static func app(_ program: Program, theme: Theme) throws -> App {
        do { return try App(program: program, theme: theme) } catch {
            printError("\(SafeText.clean(program.file)):1:1: error: \(SafeText.clean(error.message))")
            throw ExitCode(1)
        }
    }
}

/// Diagnostics that stopped a scenario from compiling.
struct CompileFailure: Error {
    let messages: [String]
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
