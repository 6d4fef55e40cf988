// `--profile NAME`, shared by every command that reads runtime facts.

import ArgumentParser
import HeapEngine

/// The runtime profile a command uses; an unknown name is refused with the known ones listed.
struct ProfileOption: ParsableArguments {
    @Option(name: .customLong("profile"), help: "Runtime profile (\(RuntimeProfile.all.map(\.name).joined(separator: ", "))).")
    var name: String = RuntimeProfile.default.name

    func validate() throws {
        guard RuntimeProfile.named(name) != nil else {
            throw ValidationError("unknown profile '\(SafeArgument(name))'; known: \(RuntimeProfile.all.map(\.name).joined(separator: ", "))")
        }
    }

    /// The chosen profile (valid once `validate()` has passed).
    var profile: RuntimeProfile { RuntimeProfile.named(name) ?? .default }
}
