// The scenario library: the files in `scenarios/`, compiled into the binary so that
// `heapscope list` and `heapscope NAME` work from any directory. `EmbeddedScenarios.swift` is
// generated from the files by `scripts/embed-scenarios` and a test fails when the two differ.

/// One scenario of the library.
public struct LibraryScenario: Sendable {
    /// The file name without `.heap` (`tour`, `size-classes`).
    public let name: String
    public let text: String

    /// The title: the first comment line after the header (`# Size classes: …`).
    public var title: String {
        for line in text.split(separator: "\n").dropFirst() {
            let t = line.drop(while: { $0 == " " })
            if t.hasPrefix("#") { return String(t.dropFirst().drop(while: { $0 == " " })) }
            if !t.isEmpty { break }
        }
        return name
    }

    /// The scenario as a source file named `library:NAME` in diagnostics.
    public var source: SourceFile { SourceFile(name: "\(name).heap", text: text) }
}

/// The scenarios shipped with heapscope.
public enum ScenarioLibrary {
    /// All of them, in teaching order (the tour first).
    public static var all: [LibraryScenario] {
        EmbeddedScenarios.files.map { LibraryScenario(name: $0.name, text: $0.text) }
    }

    /// The one opened when heapscope starts without a file.
    public static let defaultName = "tour"

    public static func named(_ name: String) -> LibraryScenario? {
        let n = name.hasSuffix(".heap") ? String(name.dropLast(5)) : name
        return all.first { $0.name == n }
    }
}
