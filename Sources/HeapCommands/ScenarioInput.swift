// Finding a scenario by what the user typed: a file path, or the name of a library scenario.

import Foundation
import HeapScenario

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

/// Diagnostics that stopped a scenario from compiling.
struct CompileFailure: Error {
    let messages: [String]
}

/// Writes to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
