// `heapscope bench`: how fast the simulation runs, workload by workload, for comparison with
// the real Go runtime doing the same work on the same machine. Each workload runs in a fresh
// process when several are asked for, so that its peak memory is its own.

import ArgumentParser
import Foundation
import HeapEngine

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the simulation: ns per operation, operations per second and peak memory per workload.",
        discussion: "Workloads: " + BenchWorkload.all.map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")
            + ". View: " + ViewBenchmark.all.map { "\($0.name) — \($0.summary)" }.joined(separator: "; ")
            + ". Build with -c release for meaningful figures: swift run -c release heapscope bench."
    )

    @Argument(help: "Workloads to run (default: all).")
    var names: [String] = []

    // `.unconditional`: `--scale -1` is a value out of range, not a missing value and an unknown
    // option `-1`.
    @Option(parsing: .unconditional, help: "Fraction of each workload's operations to run (for quick checks).")
    var scale: Double = 1

    @Option(parsing: .unconditional, help: "Timed repetitions of the view benchmarks (frame, rewind).")
    var repetitions = 20

    /// For the child processes bench starts itself: listed by `--help-hidden`, not `--help`.
    @Flag(help: ArgumentHelp("Print the row only (used when each workload runs in its own process).", visibility: .hidden))
    var noHeader = false

    @Flag(help: "Run each engine workload beside the real Go runtime doing the same work (needs go on PATH) and print heapscope/Go per workload.")
    var againstGo = false

    @Option(parsing: .unconditional, help: "Alternating heapscope/Go rounds for --against-go.")
    var rounds = 3

    @Option(name: .customLong("profile"), help: "Runtime profile the engine workloads simulate (\(RuntimeProfile.all.map(\.name).joined(separator: ", "))). go1.25 (its pacer is Go 1.18's) is the closer model of a current Go toolchain for --against-go.")
    var profileName = RuntimeProfile.default.name

    @Flag(help: "Print each engine workload's GC cycles as gctrace lines on standard error (with --against-go, the Go side's too: GODEBUG=gctrace=1).")
    var gctrace = false

    /// The chosen profile (valid once `validate()` has passed).
    var profile: RuntimeProfile { RuntimeProfile.all.first { $0.name == profileName } ?? .default }

    @Flag(help: .hidden)
    var raw = false

    static var allNames: [String] { BenchWorkload.all.map(\.name) + ViewBenchmark.all.map(\.name) }

    func validate() throws {
        for n in names where BenchWorkload.named(n) == nil && ViewBenchmark.named(n) == nil {
            throw ValidationError("unknown workload '\(SafeArgument(n))'; known: \(Self.allNames.joined(separator: ", "))")
        }
        guard (1...10_000).contains(repetitions) else { throw ValidationError("--repetitions must be in 1…10000") }
        guard scale > 0, scale <= 100 else { throw ValidationError("--scale must be in (0, 100]") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be in 1…100") }
        if rounds != 3 && !againstGo { throw ValidationError("--rounds counts the alternating rounds of --against-go; add --against-go") }
        guard RuntimeProfile.all.contains(where: { $0.name == profileName }) else {
            throw ValidationError("unknown profile '\(SafeArgument(profileName))'; known: \(RuntimeProfile.all.map(\.name).joined(separator: ", "))")
        }
        if gctrace && !names.isEmpty && names.allSatisfy({ BenchWorkload.named($0) == nil }) {
            throw ValidationError("--gctrace prints the cycles of the engine workloads (\(BenchWorkload.all.map(\.name).joined(separator: ", "))); the view benchmarks have none to print")
        }
        if profileName != RuntimeProfile.default.name {
            for n in names where ViewBenchmark.named(n) != nil {
                throw ValidationError("--profile sets the runtime of the engine workloads (\(BenchWorkload.all.map(\.name).joined(separator: ", "))); the view benchmark '\(SafeArgument(n))' runs its own scenario")
            }
        }
        if againstGo {
            for n in names where BenchWorkload.named(n) == nil {
                throw ValidationError("--against-go compares the engine workloads (\(BenchWorkload.all.map(\.name).joined(separator: ", "))), not '\(SafeArgument(n))'")
            }
        }
    }

    static let header = "workload      operations    total ms   ns/op        ops/s   peak RSS"
    static let viewHeader = "view          repeats   min ms   median ms   max ms   peak RSS"

    func run() throws {
        if raw, names.count == 1, let w = BenchWorkload.named(names[0]) {
            let (ops, ns) = try Self.time(w, scale: scale, profile: profile, gctrace: gctrace)
            print("\(w.name) \(ops) \(Int(ns))")
            return
        }
        if againstGo {
            let chosen = names.isEmpty ? BenchWorkload.all : names.compactMap(BenchWorkload.named)
            do {
                try GoComparison(workloads: chosen, scale: scale, rounds: rounds, profile: profile, gctrace: gctrace).run()
            } catch let e as GoComparison.Failure {
                // No go on PATH is a usage problem; a Go side that fails to build or run is not.
                if case .noGo = e { throw ExitStatus.fail(e.description, ExitStatus.usage) }
                throw ExitStatus.fail(e.description, ExitStatus.scenario)
            }
            return
        }
        let chosen = names.isEmpty ? Self.allNames : names
        if !noHeader {
            print("heapscope bench — engine workloads under profile \(profile.name), events off, \(Self.buildKind) build")
        }
        if chosen.count == 1 {
            if let w = BenchWorkload.named(chosen[0]) {
                if !noHeader { print(Self.header) }
                print(try Self.measure(w, scale: scale, profile: profile, gctrace: gctrace))
            } else {
                if !noHeader { print(Self.viewHeader) }
                print(try Self.measure(ViewBenchmark.named(chosen[0])!, scale: scale, repetitions: repetitions))
            }
            return
        }
        var headerShown = (engine: false, view: false)
        for name in chosen {
            if BenchWorkload.named(name) != nil, !headerShown.engine {
                print(Self.header)
                headerShown.engine = true
            }
            if ViewBenchmark.named(name) != nil, !headerShown.view {
                print(Self.viewHeader)
                headerShown.view = true
            }
            fflush(nil)  // all streams: the header must come before the child's row
            // A process of its own, so that peak RSS belongs to this workload alone.
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            child.arguments = ["bench", name, "--no-header", "--scale", String(scale), "--repetitions", String(repetitions)]
                + (BenchWorkload.named(name) != nil ? ["--profile", profile.name] + (gctrace ? ["--gctrace"] : []) : [])
            do {
                try child.run()
            } catch {
                // Under valgrind, for one, /proc/self/exe is the tool, not heapscope.
                throw ExitStatus.fail("cannot start a process of its own for \(name) (\(error.localizedDescription)); "
                                      + "name one workload to run it in this process", ExitStatus.ioError)
            }
            child.waitUntilExit()
            guard child.terminationStatus == 0 else { throw ExitCode(child.terminationStatus) }
        }
    }

    static var buildKind: String {
        _isDebugAssertConfiguration() ? "DEBUG (figures are not representative; use -c release)" : "release"
    }

    /// Runs one workload and formats its row.
    static func measure(_ w: BenchWorkload, scale: Double, profile: RuntimeProfile = .default,
                        gctrace: Bool = false) throws -> String {
        let (ops, ns) = try time(w, scale: scale, profile: profile, gctrace: gctrace)
        let nsPerOp = ns / Double(ops)
        let rss = peakRSSBytes()
        return w.name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + cell(ops, 12) + cell(String(format: "%.1f", ns / 1e6), 12)
            + cell(String(format: "%.2f", nsPerOp), 8) + cell(String(format: "%.0f", 1e9 / nsPerOp), 13)
            + cell(Self.rssText(rss), 11)
    }

    /// Runs one workload's timed part: the operations it counts and the nanoseconds it took.
    static func time(_ w: BenchWorkload, scale: Double, profile: RuntimeProfile = .default,
                     gctrace: Bool = false) throws -> (operations: Int, nanoseconds: Double) {
        var heap = try w.makeHeap(profile: profile)
        try w.prepare(&heap, scale: scale)
        let clock = ContinuousClock()
        var ops = 0
        let elapsed = try clock.measure { ops = try w.run(on: &heap, scale: scale) }
        withExtendedLifetime(heap) {}
        if gctrace {
            // After the timed part, on standard error, as the Go side's GODEBUG=gctrace=1 is.
            let lines = heap.gc.cycles.map { heap.gctraceLine($0) + "\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
        }
        return (ops, Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
    }

    /// Runs one view benchmark and formats its row.
    static func measure(_ b: ViewBenchmark, scale: Double, repetitions: Int) throws -> String {
        let ms = try b.measure(scale: scale, repetitions: repetitions).sorted()
        let rss = peakRSSBytes()
        return b.name.padding(toLength: 12, withPad: " ", startingAt: 0)
            + cell(repetitions, 9) + cell(String(format: "%.2f", ms.first!), 9)
            + cell(String(format: "%.2f", ms[ms.count / 2]), 12) + cell(String(format: "%.2f", ms.last!), 9)
            + cell(Self.rssText(rss), 11)
    }

    /// Peak resident set size of this process (getrusage's ru_maxrss, in KiB on Linux).
    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// Peak RSS, a measurement: to a tenth of a MiB (ByteCount's exact forms, "27 MiB + 4 KiB",
    /// are for the heap's own figures, and would split a row into more fields).
    static func rssText(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) : "\((bytes + 1023) / 1024) KiB"
    }
}
