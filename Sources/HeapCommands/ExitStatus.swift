// The exit statuses every command uses, in one place (README "Exit status"):
//
//   0    success
//   1    the scenario has errors, an expectation failed, or it stopped with a runtime error
//   64   the command line asks for something impossible (EX_USAGE): an unknown option, a bad
//        value, --until naming no bookmark, output larger than the limit
//   74   the output could not be written (EX_IOERR): a full disk, a closed pipe
//   128+N the view was stopped by signal N (130 Ctrl-C, 131 Ctrl-\, 143 SIGTERM, 129 SIGHUP)
//
// swift-argument-parser already exits 64 for what it rejects itself.

import ArgumentParser
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import HeapScenario

enum ExitStatus {
    static let scenario = ExitCode(1)
    static let usage = ExitCode(64)
    static let ioError = ExitCode(74)

    /// Prints `heapscope: message` on standard error and ends the command with `code`.
    static func fail(_ message: String, _ code: ExitCode) -> ExitCode {
        printError("heapscope: " + message)
        return code
    }
}

/// Standard output, written in large blocks straight to file descriptor 1, so that a write
/// that fails (a full disk, a closed pipe) is seen and becomes exit 74 instead of output cut
/// short without a word.
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func line(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        buffer.append(10)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        // Whatever `print` left in the C library's buffer goes first.
        fflush(nil)
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { write(1, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw ExitStatus.fail("cannot write standard output: \(String(cString: strerror(errno)))", ExitStatus.ioError)
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// `--until STEP|BOOKMARK`, resolved before anything runs.
enum UntilOption {
    /// The step to stop after: a number (0 … the last step) or the step the first bookmark of
    /// that name marks. Anything else is a usage error that lists the bookmarks there are.
    static func step(_ value: String?, in program: Program, option: String = "--until") throws -> Int? {
        guard let value else { return nil }
        let shown = SafeText.clean(value)
        if let step = program.firstStep(withBookmark: value) { return step }
        if !value.isEmpty, value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            guard let n = Int(value), n <= program.stepCount else {
                throw ExitStatus.fail("\(option) \(shown): \(SafeText.clean(program.file)) has \(program.stepCount) step\(program.stepCount == 1 ? "" : "s") (0 is the start)", ExitStatus.usage)
            }
            return n
        }
        let names = program.bookmarkNames
        let known = names.isEmpty ? "it has none" : "its bookmarks: " + names.prefix(20).map { "'\(SafeText.clean($0))'" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
        throw ExitStatus.fail("\(option) \(shown): not a step number (0, 1, 2, …) and no bookmark of that name in \(SafeText.clean(program.file)); \(known)", ExitStatus.usage)
    }
}
