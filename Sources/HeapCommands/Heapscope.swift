// The `heapscope` command line: the root command and its subcommands.

import ArgumentParser
import HeapEngine
import HeapTerminal
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `heapscope`: watch the Go heap work.
public struct Heapscope: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "heapscope",
        abstract: "Watch the Go heap work: a step-by-step simulation of the Go runtime's allocator and garbage collector.",
        discussion: """
            heapscope models the go1.12 runtime's size classes, mspans, per-P mcaches, mcentral \
            nonempty/empty lists and the page heap, under the runtime's own names — and, with \
            'profile go1.25', Go 1.25's malloc headers, mcentral span sets, Go 1.18 pacer and \
            GOMEMLIMIT (heapscope compare FILE shows the two side by side).
            """,
        version: "heapscope 0.1 (runtime profiles go1.12, go1.25; \(CursesLibrary.version))",
        subcommands: [Open.self, Overview.self, Check.self, Run.self, Compare.self, ExportGo.self, Record.self, Snapshot.self, List.self, SizeClasses.self, SizeClass.self, Bench.self],
        defaultSubcommand: Open.self
    )

    public init() {}
}

extension Heapscope {
    /// Runs the command line as `main()` does, and then makes sure what was printed reached
    /// standard output: a full disk or a closed pipe is exit 74 for every command (README
    /// "Exit status"), not a silent 0. SIGPIPE is ignored so that a closed pipe is an error
    /// heapscope sees (EPIPE) rather than a signal that kills it mid-line.
    public static func mainCheckingOutput() -> Never {
        signal(SIGPIPE, SIG_IGN)
        // A blocked signal mask is inherited through exec: started by a parent that blocks
        // them (a test runner's thread, some supervisors), heapscope could not be stopped by
        // Ctrl-C, SIGTERM or SIGHUP — not even while it waits to write to a full pipe. The
        // view installs its own handlers (CursesTerminal); every other command takes the
        // default action.
        var stops = sigset_t()
        sigemptyset(&stops)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stops, s) }
        pthread_sigmask(SIG_UNBLOCK, &stops, nil)
        // `heapscope help NAME` with a NAME that is no subcommand printed the general help and
        // exited 0 (swift-argument-parser's way), so a typo looked like an answer.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-") {
            let known = configuration.subcommands.map { $0._commandName }
            if !known.contains(arguments[1]) && arguments[1] != "help" {
                Heapscope.exit(withError: ValidationError("unknown subcommand '\(SafeArgument(arguments[1]))'; known: \(known.joined(separator: ", "))"))
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            if fflush(stdout) != 0 || ferror(stdout) != 0 {
                Heapscope.exit(withError: ExitStatus.fail("cannot write standard output: \(String(cString: strerror(errno)))", ExitStatus.ioError))
            }
            Heapscope.exit()
        } catch {
            // Output that failed takes precedence over a later error about it.
            fflush(stdout)
            Heapscope.exit(withError: error)
        }
    }
}
