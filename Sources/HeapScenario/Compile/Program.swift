// A checked scenario, lowered to a flat list of instructions that a `ScenarioMachine` runs one
// step at a time. There are no conditionals, so the number of steps is known before the first
// one runs: loops and calls multiply out, and the limits are checked against that number.
//
// Instructions are of three kinds:
//   - actions: each is one step (an allocation, a store, `gc step 10`, `say`, …);
//   - notes attached to the step before them: `expect`, `bookmark`, `pause`;
//   - control: scopes, loops, calls, which never make a step of their own.

import HeapEngine

/// Where a statement was written, and how.
public struct SourceSite: Equatable, Sendable {
    public let location: SourceLocation
    public let text: String
}

/// A step-making action.
public enum Action: Equatable, Sendable {
    /// `x := …` (declare) or `x = …` / `x.f = …` (store).
    case declare(name: String, Assignment, stack: String)
    case varDecl(name: String, stack: String)
    case goroutine(name: String, p: Int)
    case readMemStats
    case assign(PathExpr, Assignment)
    case global(name: String, Assignment?)
    case drop(NameList)
    case gc(GCCommand)
    case sweep
    case setGCPercent(Int?)
    case sleep(nanoseconds: Int64)
    case scavenge
    case freeOSMemory
    case say(String)
    case ask(question: String, answer: String)
    case layout(GoLayout)
}

/// A note that applies to the step before it.
public enum Attachment: Equatable, Sendable {
    case expect(Expr, op: String, Expr)
    case bookmark(String)
    case pause
}

/// One instruction of a compiled scenario.
public enum Instruction: Equatable, Sendable {
    case action(Action, SourceSite)
    case attach(Attachment, SourceSite)
    /// Opens a scope for variables (a loop iteration or a function body).
    case enterScope
    /// Closes the innermost scope: its variables stop being roots.
    case exitScope
    /// Starts a loop of `count` iterations; `exit` is the instruction after it.
    case loopStart(count: Int, exit: Int)
    /// Ends an iteration: back to `bodyStart` while iterations remain.
    case loopNext(bodyStart: Int)
    case call(name: String, entry: Int)
    case ret
    case end
}

/// The settings a scenario starts with.
public struct ScenarioSettings: Equatable, Sendable {
    public var config = HeapConfig()
    public var seed: UInt64 = 1
    public init() {}
}

/// A scenario ready to run: settings, instructions, its types and its total number of steps.
public struct Program: Sendable {
    public let file: String
    public let source: SourceFile
    public let settings: ScenarioSettings
    public let instructions: [Instruction]
    /// The types the scenario declared, for `layout`, `sizeof` and field paths.
    public let types: LayoutResolver
    /// Steps the scenario will take if nothing fails (not counting step 0, the start).
    public let stepCount: Int
    /// Simulated time the scenario's sleeps add up to.
    public let totalSleepNanoseconds: Int64
    /// The collector's work estimated before running, in pointer words scanned and spans
    /// swept (`ScenarioLimits.maxWork`).
    public let estimatedWork: Int
    /// The runtime profile the settings name.
    public var profile: RuntimeProfile { RuntimeProfile.named(settings.config.profileName) ?? .default }

    /// Every caption the program can show (its `say` texts), in program order: presenter mode
    /// sizes its title bar for the longest, so the panels keep their places from step to step.
    public var captions: [String] {
        instructions.compactMap { if case .action(.say(let t), _) = $0 { t } else { nil } }
    }
}
