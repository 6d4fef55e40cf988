// The `heapscope` command line: the root command and its subcommands.

import ArgumentParser
import HeapEngine
import HeapTerminal

/// `heapscope`: watch the Go heap work.
public struct Heapscope: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "heapscope",
        abstract: "Watch the Go heap work: a step-by-step simulation of the Go runtime's allocator and garbage collector.",
        discussion: """
            heapscope models the go1.12 runtime's size classes, mspans, per-P mcaches, mcentral \
            nonempty/empty lists and the page heap, under the runtime's own names.
            """,
        version: "heapscope 0.1 (runtime profile go1.12; \(CursesLibrary.version))",
        subcommands: [Open.self, Overview.self, Check.self, Run.self, Record.self, List.self, SizeClasses.self, SizeClass.self, Bench.self],
        defaultSubcommand: Open.self
    )

    public init() {}
}
