// Counting what a scenario will do before it runs. With no conditionals the counts are exact or
// safe upper bounds: a loop's body counts `count` times, a call counts its function's body
// (computed once per function). The limits (`ScenarioLimits`) are checked here, so a runaway
// script is an error from `heapscope check`, positioned at the statement that crosses the
// limit, never a hang. What is counted:
//
//   - steps: the actions, the number a scenario promises (`ScenarioMachine.isFinished`);
//   - executed: steps plus every loop iteration and call, so a loop or a call that makes no
//     step still costs what it runs (`repeat 9223372036854775807 { }` is an error);
//   - notes: expectations, bookmarks and pauses checked, which belong to the step before
//     them (so a loop that makes no step may not repeat them: they would pile up on one step);
//   - sleep: simulated time;
//   - the collector's work, estimated (`WorkEstimate`): cycles the statements start, bytes
//     and pointer words allocated.
//
// Recursion is an error for the same reason, and calls nest at most `maxCallDepth` deep, so
// counting never recurses deeper than the scenario's nesting allows.

import HeapEngine

/// What one statement, block or function costs, loops and calls multiplied out. Every field
/// saturates at `Int.max` instead of overflowing.
struct StatementCost: Equatable {
    var steps = 0
    var executed = 0
    var sleep: Int64 = 0
    /// Allocation steps, the bytes they ask for and the pointer words in them (upper bounds
    /// for `rand` sizes).
    var allocations = 0
    var allocatedBytes = 0
    var pointerWords = 0
    /// Cycles started by statements: `gc`, `gc start`, `freeosmemory`, `setgcpercent` (which
    /// may start one when the new goal is below the heap).
    var cycles = 0
    /// `expect`, `bookmark` and `pause` notes, and the `objects(colour)` queries among them
    /// (each looks at every object).
    var notes = 0
    var objectQueries = 0
    /// Scavenger passes started by statements (`scavenge`, `freeosmemory`); sysmon's, one per
    /// 2.5 minutes of `sleep`, are counted from `sleep`.
    var scavenges = 0
    /// Statements that read or flush every P's mcache (`gc`, `gc start`, `setgcpercent`,
    /// `freeosmemory`, `readmemstats`), and the goroutines declared (each a root job a cycle).
    var mcacheSweeps = 0
    var goroutines = 0

    static func + (a: StatementCost, b: StatementCost) -> StatementCost {
        StatementCost(steps: sat(a.steps, b.steps), executed: sat(a.executed, b.executed),
                      sleep: sat64(a.sleep, b.sleep), allocations: sat(a.allocations, b.allocations),
                      allocatedBytes: sat(a.allocatedBytes, b.allocatedBytes),
                      pointerWords: sat(a.pointerWords, b.pointerWords), cycles: sat(a.cycles, b.cycles),
                      notes: sat(a.notes, b.notes), objectQueries: sat(a.objectQueries, b.objectQueries),
                      scavenges: sat(a.scavenges, b.scavenges), mcacheSweeps: sat(a.mcacheSweeps, b.mcacheSweeps),
                      goroutines: sat(a.goroutines, b.goroutines))
    }

    static func * (a: StatementCost, n: Int) -> StatementCost {
        StatementCost(steps: mul(a.steps, n), executed: mul(a.executed, n),
                      sleep: mul64(a.sleep, Int64(n)), allocations: mul(a.allocations, n),
                      allocatedBytes: mul(a.allocatedBytes, n),
                      pointerWords: mul(a.pointerWords, n), cycles: mul(a.cycles, n),
                      notes: mul(a.notes, n), objectQueries: mul(a.objectQueries, n),
                      scavenges: mul(a.scavenges, n), mcacheSweeps: mul(a.mcacheSweeps, n),
                      goroutines: mul(a.goroutines, n))
    }

    static func sat(_ a: Int, _ b: Int) -> Int { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    static func mul(_ a: Int, _ b: Int) -> Int { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
    static func sat64(_ a: Int64, _ b: Int64) -> Int64 { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    static func mul64(_ a: Int64, _ b: Int64) -> Int64 { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
}

extension Compiler {
    /// The whole scenario's cost; reports every limit it crosses at the statement that crosses it.
    mutating func countAll(_ statements: [Statement]) -> StatementCost {
        // The settings are compiled after counting (they are checked in order with the
        // actions); the estimate needs the arena, the profile and GOGC now.
        var settings = Compiler.settingsAhead(statements)
        if let p = options.profile {
            settings.config.profileName = p
            if (RuntimeProfile.named(p) ?? .default).pacer != .consMark { settings.config.memoryLimit = nil }
        }
        var memo: [String: StatementCost] = [:]
        var total = StatementCost()
        var reported: Set<String> = []
        for s in statements {
            var visiting: [String] = []
            total = total + count(s, visiting: &visiting, memo: &memo)
            func report(_ key: String, _ message: @autoclosure () -> String) {
                if reported.insert(key).inserted { error(message(), at: s.location) }
            }
            if total.steps > ScenarioLimits.maxSteps {
                report("steps", "this scenario would take \(Compiler.amount(total.steps)) steps with its loops and calls multiplied out; the limit is \(ScenarioLimits.maxSteps)")
            }
            if total.executed > ScenarioLimits.maxExecuted {
                report("executed", "this scenario would run \(Compiler.amount(total.executed)) steps, loop iterations, calls and expect terms in all; the limit is \(ScenarioLimits.maxExecuted) (a loop or a call that makes no step still costs one per iteration)")
            }
            if total.notes > ScenarioLimits.maxNotes {
                report("notes", "this scenario would check \(Compiler.amount(total.notes)) expectations, bookmarks and pauses with its loops and calls multiplied out; the limit is \(ScenarioLimits.maxNotes)")
            }
            if total.sleep > ScenarioLimits.maxTotalNanoseconds {
                report("sleep", "this scenario would sleep for more than a week of simulated time (the limit)")
            }
            let work = WorkEstimate(cost: total, settings: settings, gcPercents: gcPercents)
            if work.units > ScenarioLimits.maxWork {
                report("work", "the collector's work would exceed the limit of \(ScenarioLimits.maxWork) units: \(work.explanation)")
            }
        }
        // A function no statement calls is checked as well (in the order they are declared): a
        // recursive one is an error whether or not it runs, as a broken type is whether or not
        // it is used. Its cost counts for nothing.
        let uncalled = functions.filter { memo[$0.key] == nil }.sorted {
            ($0.value.location.line, $0.value.location.column) < ($1.value.location.line, $1.value.location.column)
        }
        for (name, f) in uncalled where memo[name] == nil {
            guard case .funcDecl(_, let body) = f.kind else { continue }
            var visiting = [name]
            memo[name] = countBlock(body, visiting: &visiting, memo: &memo)
        }
        return total
    }

    /// The settings a scenario's leading setting statements make, read without checking them
    /// (applySetting reports what is wrong with them, in order).
    static func settingsAhead(_ statements: [Statement]) -> ScenarioSettings {
        var out = ScenarioSettings()
        for s in statements {
            if s.isAction { break }
            guard case .setting(let setting) = s.kind else { continue }
            switch setting {
            case .profile(let name): if RuntimeProfile.named(name) != nil { out.config.profileName = name }
            case .procs(let n): out.config.procs = n
            case .gogc(let v): out.config.gogc = v
            case .memoryLimit(let v):
                if (RuntimeProfile.named(out.config.profileName) ?? .default).pacer == .consMark { out.config.memoryLimit = v.map(Int64.init) }
            case .arena(let bytes):
                let page = (RuntimeProfile.named(out.config.profileName) ?? .default).pageSize
                if bytes >= page && bytes <= ScenarioLimits.maxBytes && bytes % page == 0 { out.config.arenaBytes = bytes }
            case .seed, .collector, .writeBarrier: break
            }
        }
        return out
    }

    /// "more than 9223372036854775807" for a saturated count.
    static func amount(_ n: Int) -> String { n == .max ? "more than \(Int.max)" : String(n) }

    mutating func count(_ s: Statement, visiting: inout [String], memo: inout [String: StatementCost]) -> StatementCost {
        switch s.kind {
        case .setting, .typeDecl, .funcDecl:
            return StatementCost()
        case .pause, .bookmark:
            return StatementCost(notes: 1)
        case .expect(let lhs, _, let rhs):
            // Each term of a long sum is evaluated every time the expectation is checked.
            return StatementCost(executed: Compiler.terms(in: lhs) + Compiler.terms(in: rhs), notes: 1,
                                 objectQueries: Compiler.objectQueries(in: lhs) + Compiler.objectQueries(in: rhs))
        case .sleep(let ns):
            return StatementCost(steps: 1, executed: 1, sleep: ns)
        case .gc(let cmd):
            var c = StatementCost(steps: 1, executed: 1, mcacheSweeps: 1)
            switch cmd {
            case .full, .start: c.cycles = 1
            case .step, .phase, .finish: break
            }
            return c
        case .setGCPercent(let p):
            gcPercents.append(p)
            return StatementCost(steps: 1, executed: 1, cycles: 1, mcacheSweeps: 1)
        case .freeOSMemory:
            return StatementCost(steps: 1, executed: 1, cycles: 1, scavenges: 1, mcacheSweeps: 1)
        case .readMemStats:
            return StatementCost(steps: 1, executed: 1, mcacheSweeps: 1)
        case .goroutine:
            return StatementCost(steps: 1, executed: 1, goroutines: 1)
        case .scavenge:
            return StatementCost(steps: 1, executed: 1, scavenges: 1)
        case .declare(_, let rhs), .assign(_, let rhs):
            return allocationCost(rhs)
        case .global(_, let rhs):
            guard let rhs else { return StatementCost(steps: 1, executed: 1) }
            return allocationCost(rhs)
        case .repeatLoop(let n, let body):
            var iteration = countBlock(body, visiting: &visiting, memo: &memo)
            if iteration.steps == 0 && iteration.notes > 0 && n > 1 {
                // Its notes would all belong to the step before the loop: n copies of them.
                error("this loop makes no step, so its \(iteration.notes == 1 ? "expectation, bookmark or pause" : "\(iteration.notes) expectations, bookmarks and pauses") would be checked \(n) times against the same state; write \(iteration.notes == 1 ? "it" : "them") once, outside the loop",
                      at: s.location)
            }
            if iteration.steps == 0 && iteration.notes == 0 { idleLoops.insert(s.location) }
            iteration.executed = StatementCost.sat(iteration.executed, 1)
            return iteration * n
        case .call(let name):
            var c: StatementCost
            if let m = memo[name] {
                c = m
            } else {
                guard let f = functions[name], case .funcDecl(_, let body) = f.kind else { return StatementCost() }
                if visiting.contains(name) {
                    error("recursive call: " + (visiting + [name]).map { "\($0)()" }.joined(separator: " → ")
                          + "; scenario functions cannot call themselves", at: s.location)
                    return StatementCost()
                }
                if visiting.count >= ScenarioLimits.maxCallDepth {
                    error("calls nest too deep: " + (visiting + [name]).prefix(4).map { "\($0)()" }.joined(separator: " → ")
                          + " → … is more than \(ScenarioLimits.maxCallDepth) calls deep", at: s.location)
                    return StatementCost()
                }
                visiting.append(name)
                c = countBlock(body, visiting: &visiting, memo: &memo)
                visiting.removeLast()
                memo[name] = c
            }
            c.executed = StatementCost.sat(c.executed, 1)
            return c
        default:
            return StatementCost(steps: 1, executed: 1)
        }
    }

    /// The steps and work of a block's statements, added up.
    mutating func countBlock(_ body: [Statement], visiting: inout [String], memo: inout [String: StatementCost]) -> StatementCost {
        var total = StatementCost()
        for b in body { total = total + count(b, visiting: &visiting, memo: &memo) }
        return total
    }

    /// How many terms an expression evaluates (its chains are flat lists; calls take one
    /// argument).
    static func terms(in e: Expr) -> Int {
        switch e {
        case .arithmetic(let first, let rest): rest.reduce(terms(in: first)) { $0 + terms(in: $1.operand) }
        case .call(_, let args, _): args.reduce(1) { $0 + terms(in: $1) }
        case .spans(let c, _, _, _, _): 1 + terms(in: c)
        default: 1
        }
    }

    /// How many `objects(colour)` and `spans(…)` queries an expression makes (it nests only as deep as the
    /// parser allows).
    static func objectQueries(in e: Expr) -> Int {
        switch e {
        case .call(let f, let args, _): (f == "objects" ? 1 : 0) + args.reduce(0) { $0 + objectQueries(in: $1) }
        case .arithmetic(let first, let rest): rest.reduce(objectQueries(in: first)) { $0 + objectQueries(in: $1.operand) }
        case .spans(let c, _, _, _, _): 1 + objectQueries(in: c)
        case .number, .name, .path, .null, .typeQuery, .offsetof: 0
        }
    }

    /// One step; for an allocation, its bytes and pointer words (the largest a `rand` can draw).
    mutating func allocationCost(_ rhs: Assignment) -> StatementCost {
        var c = StatementCost(steps: 1, executed: 1)
        func largest(_ s: SizeExpr) -> Int {
            switch s { case .literal(let n): n; case .random(_, let hi): hi }
        }
        switch rhs.source {
        case .new(let t):
            guard let l = try? resolver.layout(of: t) else { return c }
            (c.allocatedBytes, c.pointerWords) = (l.size, l.pointerOffsets.count)
        case .make(let element, let n):
            guard let e = try? resolver.layout(of: element) else { return c }
            c.allocatedBytes = StatementCost.mul(e.size, largest(n))
            c.pointerWords = StatementCost.mul(e.pointerOffsets.count, largest(n))
        case .alloc(let size, let noscan):
            c.allocatedBytes = largest(size)
            c.pointerWords = noscan ? 0 : largest(size) / 8
        case .null, .path:
            return c
        }
        c.allocations = 1
        return c
    }
}

/// An estimate of the collector's work for a whole scenario, in units of one pointer word
/// scanned, one span swept or one object or span looked at by `objects(colour)` or `spans(…)`,
/// checked against `ScenarioLimits.maxWork` before the first step.
///
/// - Every cycle can scan at most the pointer words alive, which are at most those allocated
///   (and at most the arena's words), and sweeps at most one span per page of the arena.
/// - Cycles started by statements (`gc`, `freeosmemory`, …) and by sysmon (one per 2 minutes
///   of `sleep`) are counted as if each found all of that alive.
/// - Cycles the heap starts itself are paced by GOGC: between two of them the program
///   allocates at least `trigger − heap_marked`, about GOGC % of the live heap, so over a run
///   they scan about (1 + 100/GOGC) times the pointer words allocated. With GOGC=0 every
///   allocation may start one.
///
/// The machine also counts the work actually done (`Heap.gcWork`) and stops a scenario at
/// the step where it passes the limit, so an estimate that is too low cannot hang.
struct WorkEstimate {
    let units: Int
    let explanation: String

    init(cost: StatementCost, settings: ScenarioSettings, gcPercents: [Int?]) {
        let profile = RuntimeProfile.named(settings.config.profileName) ?? .default
        let arenaWords = settings.config.arenaBytes / 8
        let arenaPages = settings.config.arenaBytes / profile.pageSize
        let alive = min(cost.pointerWords, arenaWords)
        let spans = min(StatementCost.sat(cost.allocations, 1), arenaPages)
        // Every cycle also runs one root job per goroutine (main and the globals' job too).
        let perCycle = StatementCost.sat(StatementCost.sat(alive, spans), StatementCost.sat(cost.goroutines, 2))
        let forced = Int(cost.sleep / Heap.forceGCPeriodNs)
        let explicit = StatementCost.sat(cost.cycles, forced)
        // The lowest GOGC the scenario sets decides how often the heap starts a cycle.
        let percents = ([settings.config.gogc] + gcPercents).compactMap { $0 }
        var paced = 0
        if let lowest = percents.min() {
            if lowest <= 0 {
                paced = StatementCost.mul(cost.allocations, perCycle)
            } else {
                let factor = 1 + (100 + lowest - 1) / lowest
                let heapMinimum = Int(Heap.defaultHeapMinimum) * lowest / 100
                let cycles = cost.allocatedBytes / max(1, heapMinimum)
                paced = StatementCost.sat(StatementCost.mul(alive, factor), StatementCost.mul(cycles, spans))
            }
        }
        // An objects(colour) query looks at every object there is, a spans(…) query at every
        // span on a list: at most one per allocation either way.
        let queries = StatementCost.mul(cost.objectQueries, min(StatementCost.sat(cost.allocations, 1), arenaWords))
        // A scavenger pass looks at every free span: at most one per span there has been.
        let passes = StatementCost.sat(cost.scavenges, Int(cost.sleep / (Heap.scavengeLimitNs / 2)))
        let scavenging = StatementCost.mul(passes, spans)
        // Statements that read or flush every mcache: a look at each span class of each P.
        let mcacheWork = StatementCost.mul(cost.mcacheSweeps, StatementCost.mul(settings.config.procs, profile.numSpanClasses))
        units = [StatementCost.mul(explicit, perCycle), paced, queries, scavenging, mcacheWork].reduce(0, StatementCost.sat)
        var parts: [String] = []
        if explicit > 0 { parts.append("\(Compiler.amount(explicit)) cycle\(explicit == 1 ? "" : "s") started by statements or sleep, each scanning up to \(Compiler.amount(perCycle)) pointer words, spans and root jobs") }
        if paced > 0 { parts.append("about \(Compiler.amount(paced)) for the cycles the heap starts itself") }
        if mcacheWork > 0 { parts.append("\(Compiler.amount(cost.mcacheSweeps)) statement\(cost.mcacheSweeps == 1 ? "" : "s") reading every P's mcache (\(settings.config.procs) P\(settings.config.procs == 1 ? "" : "s") × \(profile.numSpanClasses) span classes)") }
        if scavenging > 0 { parts.append("\(Compiler.amount(passes)) scavenger pass\(passes == 1 ? "" : "es"), each looking at up to \(Compiler.amount(spans)) free spans") }
        if queries > 0 { parts.append("\(Compiler.amount(cost.objectQueries)) objects(…) and spans(…) queries, each looking at up to \(Compiler.amount(queries / max(1, cost.objectQueries))) objects") }
        explanation = (parts.isEmpty ? "no cycle" : parts.joined(separator: ", plus ")) + " (about \(Compiler.amount(units)) in all)"
    }
}
