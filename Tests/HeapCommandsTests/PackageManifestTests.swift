import Foundation
import Testing

/// The package stays usable as a dependency and builds the same everywhere: no unsafe flags
/// (SwiftPM refuses a versioned dependency that has them), and the resolved versions are part
/// of the repository. (A machine-wide gitignore once kept Package.resolved out of every
/// commit without anyone noticing.)
@Suite("the package manifest")
struct PackageManifestTests {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("Package.swift has no unsafe flags")
    func noUnsafeFlags() throws {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains(".target("), "read the wrong file")
        #expect(!manifest.contains("unsafeFlags"))
    }

    @Test("Package.resolved pins swift-argument-parser and, in a git checkout, is committed")
    func resolvedIsCommitted() throws {
        let resolved = try String(contentsOf: root.appendingPathComponent("Package.resolved"), encoding: .utf8)
        #expect(resolved.contains("swift-argument-parser"))
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) else { return }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", root.path, "ls-files", "--error-unmatch", "Package.resolved"]
        git.standardOutput = FileHandle.nullDevice
        git.standardError = FileHandle.nullDevice
        try git.run()
        git.waitUntilExit()
        #expect(git.terminationStatus == 0, "Package.resolved is not tracked: git add -f Package.resolved")
    }
}
