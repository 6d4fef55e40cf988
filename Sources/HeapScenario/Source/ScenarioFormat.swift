// The scenario language's versioning. A scenario's first line names the format version
// (`heapscope 1`), so that scripts written today keep working as the language grows. The
// parser, diagnostics and interpreter arrive with the scenario-language issue; this module
// already holds the pieces every later part shares.

/// The scenario file format heapscope reads.
public enum ScenarioFormat {
    /// The version this build writes and reads (`heapscope 1`).
    public static let currentVersion = 1
    /// The first-line keyword.
    public static let magic = "heapscope"
}
