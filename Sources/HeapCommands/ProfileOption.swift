// `--profile NAME`, shared by every command that reads runtime facts.

import ArgumentParser
import HeapEngine

/// The runtime profile a table command uses (`sizeclass`, `sizeclasses`): any profile whose
/// tables heapscope has, go1.25's included; an unknown name is refused with the known ones
/// listed.
struct ProfileOption: ParsableArguments {
    @Option(name: .customLong("profile"), help: "Runtime profile (\(RuntimeProfile.all.map(\.name).joined(separator: ", ")); go1.25: its size classes and malloc headers, checked against the real runtime).")
    var name: String = RuntimeProfile.default.name

    func validate() throws {
        guard RuntimeProfile.all.contains(where: { $0.name == name }) else {
            throw ValidationError("unknown profile '\(SafeArgument(name))'; known: \(RuntimeProfile.all.map(\.name).joined(separator: ", "))")
        }
    }

    /// The chosen profile (valid once `validate()` has passed).
    var profile: RuntimeProfile { RuntimeProfile.all.first { $0.name == name } ?? .default }
}
