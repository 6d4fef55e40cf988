// The checker and compiler: syntax → `Program`, with every mistake it can find before running
// reported at its position. What it checks:
//
//   - settings come before the first action, once each, with known values;
//   - types: known names, no recursion by value, no duplicate fields, sizes that fit;
//   - variables: declared before use, not declared twice in one scope, not named like a
//     statistic; `on pN` within `procs`; globals at the top level;
//   - paths: fields that exist, indexes in range, and an end that can hold a pointer, wherever
//     the static type is known (the machine checks the rest against the real objects);
//   - expectations: known names and queries, comparisons of like with like;
//   - limits: the total number of steps and of simulated time, with loops and calls multiplied
//     out, and no recursion.
//
// Lowering: each block becomes a run of instructions; a loop is `loopStart`, a scoped body and
// `loopNext`; a function body sits after the main program's `end` and is entered by `call`.

import HeapEngine

/// What the checker knows about a variable's value.
enum StaticType: Equatable {
    /// A pointer to an object of this layout.
    case object(GoLayout)
    /// A pointer to raw memory from `alloc` (`noscan` or with pointer words).
    case raw(noscan: Bool, bytes: Int?)
    /// Not known before running (nil, loaded through unsafe.Pointer, random sizes).
    case unknown
}

/// How `heapscope compare` compiles a scenario: under a profile of its choosing, figures only.
public struct CompileOptions: Sendable {
    /// Run under this profile whatever the scenario's `profile` line says; a setting the
    /// profile does not have (`memlimit` under go1.12) is left out with a warning.
    public var profile: String?
    /// Keep the scenario's `expect` statements (compare leaves them out: they are written
    /// for one profile's numbers).
    public var expectations = true

    public init(profile: String? = nil, expectations: Bool = true) {
        self.profile = profile
        self.expectations = expectations
    }
}

/// Checks a parsed scenario and lowers it to a `Program`.
public struct Compiler {
    let file: String
    let source: SourceFile
    var options = CompileOptions()
    /// The scenario's profile as its settings name it, wherever the `profile` line is.
    var aheadProfile: String?
    var diagnostics: [Diagnostic] = []
    var resolver = LayoutResolver()
    var settings = ScenarioSettings()
    var settingLines: [String: Int] = [:]
    var firstAction: Statement?
    var instructions: [Instruction] = []

    struct Variable { var type: StaticType; let line: Int; var goroutine = "main" }
    /// The goroutines declared so far, with their P (`main` runs on p0 from the start).
    var goroutines: [String: (p: Int, line: Int)] = ["main": (0, 0)]
    /// Innermost scope last.
    var scopes: [[String: Variable]] = [[:]]
    var globals: [String: Variable] = [:]
    /// Globals declared anywhere at the top level: what function bodies can see.
    var allGlobals: [String: Variable] = [:]
    var functions: [String: Statement] = [:]
    /// What "did you mean" hints may still compare (Parser.closest).
    var hintBudget = 20_000_000
    /// Where each bookmark name was first written.
    var bookmarkLines: [String: Int] = [:]
    /// Each call: from which function (nil: the top level), to which, and how many times the
    /// loops around it run it. With them, how often each function runs (functionRuns).
    var callEdges: [(caller: String?, callee: String, times: Int)] = []
    /// The function being compiled (nil at the top level).
    var currentFunction: String? = nil
    /// Bookmarks inside functions, warned about once the calls are all known.
    var functionBookmarks: [(function: String, name: String, location: SourceLocation, loops: Int)] = []

    /// A bookmark that names more than one step: --until and friends stop at the first.
    mutating func warnRepeatedBookmark(_ name: String, at loc: SourceLocation, runs: Int, inLoop: Bool) {
        let times = runs == Int.max ? "many" : "\(runs)"
        let where_ = inLoop ? "inside a loop" : "inside a function that runs more than once"
        let warning = "this bookmark is \(where_): it names \(times) steps \"\(SafeText.clean(name))\", and --until, --from and --step stop at the first (put it \(inLoop ? "after the loop" : "after a call") to name one step)"
        if reported.insert("\(loc.line):\(loc.column):\(warning)").inserted {
            diagnostics.append(Diagnostic(file: file, location: loc, severity: .warning, message: warning))
        }
    }

    /// How many times each function runs: its calls' loop counts times how often their caller
    /// runs, through any chain of calls (the top level runs once). Recursion, an error of its
    /// own, counts nothing; the walk keeps its own stack, as deep as the call chain.
    func functionRuns() -> [String: Int] {
        var runs: [String: Int] = [:]
        var calledBy: [String: [(caller: String?, times: Int)]] = [:]
        for e in callEdges { calledBy[e.callee, default: []].append((e.caller, e.times)) }
        for f in functions.keys where runs[f] == nil {
            // Depth-first over callers, without recursion in Swift: a stack of pending names.
            var stack = [f], onStack: Set<String> = [f]
            while let g = stack.last {
                if runs[g] != nil { stack.removeLast(); onStack.remove(g); continue }
                let pending = (calledBy[g] ?? []).compactMap(\.caller).filter { runs[$0] == nil && !onStack.contains($0) }
                if let next = pending.first { stack.append(next); onStack.insert(next); continue }
                var total = 0
                for c in calledBy[g] ?? [] {
                    let callerRuns = c.caller.map { runs[$0] ?? 0 } ?? 1
                    let (sum, o) = total.addingReportingOverflow(Compiler.saturatingProduct(c.times, callerRuns))
                    total = o ? .max : sum
                }
                runs[g] = total
                stack.removeLast(); onStack.remove(g)
            }
        }
        return runs
    }

    /// Warns at the bookmarks inside functions that run more than once (or inside a loop there).
    mutating func warnBookmarksInFunctions() {
        guard !functionBookmarks.isEmpty else { return }
        let runs = functionRuns()
        for b in functionBookmarks {
            let total = Compiler.saturatingProduct(max(1, runs[b.function] ?? 0), b.loops)
            if total > 1 { warnRepeatedBookmark(b.name, at: b.location, runs: total, inLoop: b.loops > 1) }
        }
    }

    static func saturatingProduct(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? .max : r
    }

    /// The loops being compiled, outermost first: the scope of each body and its count.
    var loopBodies: [(scope: Int, count: Int)] = []
    /// Where each variable that no longer exists was dropped (for "undefined" to say so).
    var droppedAt: [String: Int] = [:]
    /// How many times the loops around the statement being compiled run it (1 outside loops).
    var loopRepeats: Int { loopBodies.reduce(1) { Compiler.saturatingProduct($0, max($1.count, 1)) } }
    var calls: [(index: Int, name: String)] = []
    var functionDepth = 0
    /// Every value a `setgcpercent` sets (nil: off), for the work estimate.
    var gcPercents: [Int?] = []
    /// Loops whose body makes no step and checks nothing (found by countAll): left out.
    var idleLoops: Set<SourceLocation> = []

    /// Checks and compiles; diagnostics are sorted by position. A program is returned only
    /// when there are no errors.
    public static func compile(_ syntax: ScenarioSyntax, source: SourceFile,
                               options: CompileOptions = CompileOptions()) -> (program: Program?, diagnostics: [Diagnostic]) {
        var c = Compiler(file: source.name, source: source)
        c.options = options
        if let p = options.profile { c.settings.config.profileName = p }
        let program = c.run(syntax)
        var diags = c.diagnostics.sorted { $0.location < $1.location }
        if c.suppressed > 0, let last = diags.last {
            diags.append(Diagnostic(file: source.name, location: last.location, severity: .note,
                                    message: "too many errors; \(c.suppressed) more not shown"))
        }
        return (diags.contains { $0.severity == .error } ? nil : program, diags)
    }

    /// Parses, checks and compiles a file in one go.
    public static func compile(_ source: SourceFile, options: CompileOptions = CompileOptions()) -> (program: Program?, diagnostics: [Diagnostic]) {
        let (syntax, parseDiagnostics) = Parser.parse(source)
        guard let syntax else { return (nil, parseDiagnostics) }
        let (program, diagnostics) = compile(syntax, source: source, options: options)
        let all = (parseDiagnostics + diagnostics).sorted { $0.location < $1.location }
        return (parseDiagnostics.isEmpty ? program : nil, all)
    }

    /// Errors past `Parser.maxErrors`, counted but not kept: 300,000 bad lines print a
    /// screenful and a count, not 45 MB.
    var suppressed = 0

    /// The errors reported so far, by position and text: a broken type used in four places is
    /// one error, not four.
    var reported: Set<String> = []

    mutating func error(_ message: String, at loc: SourceLocation, length: Int = 1) {
        guard reported.insert("\(loc.line):\(loc.column):\(message)").inserted else { return }
        guard diagnostics.count < Parser.maxErrors else { suppressed += 1; return }
        diagnostics.append(Diagnostic(file: file, location: loc, message: message, length: length))
    }

    mutating func run(_ syntax: ScenarioSyntax) -> Program {
        // The profile a setting written before the `profile` line is checked against.
        if options.profile == nil { aheadProfile = Compiler.settingsAhead(syntax.statements).config.profileName }
        // Types and functions are visible from anywhere, as at a Go package's top level.
        for s in syntax.statements {
            switch s.kind {
            case .typeDecl(let name, let t):
                if GoLayout.predeclared[name] != nil {
                    error("'\(SafeText.clean(name))' is a predeclared Go type; pick another name", at: s.location)
                } else if let (_, prev) = resolver.declarations[name] {
                    error("type \(SafeText.clean(name)) is already declared at line \(prev.line)", at: s.location)
                } else {
                    resolver.declare(name, t, at: s.location)
                }
            case .funcDecl(let name, _):
                if Compiler.statementWords.contains(name) {
                    error("'\(SafeText.clean(name))' begins a statement of its own, so \(SafeText.clean(name))() would not be a call; pick another function name", at: s.location)
                } else if let prev = functions[name] {
                    error("func \(SafeText.clean(name)) is already declared at line \(prev.location.line)", at: s.location)
                } else {
                    functions[name] = s
                }
            case .global(let name, _):
                if allGlobals[name] == nil { allGlobals[name] = Variable(type: .unknown, line: s.location.line) }
            default: break
            }
        }
        // Every declared type is checked, used or not: `check` reports a type that could never
        // be laid out even before a statement uses it.
        for s in syntax.statements {
            guard case .typeDecl(let name, let decl) = s.kind, resolver.declarations[name]?.1 == s.location else { continue }
            do throws(LayoutResolver.Failure) { _ = try resolver.layout(named: name, at: s.location) } catch {
                self.error(error.message, at: error.location ?? s.location)
                // The struct's other fields are checked one by one, so that each bad one is
                // reported (resolving the struct stops at the first).
                guard case .structure(let fields) = decl else { continue }
                for f in fields {
                    do throws(LayoutResolver.Failure) { _ = try resolver.layout(of: f.type) } catch {
                        self.error(error.message, at: error.location ?? f.location)
                    }
                }
            }
        }
        let cost = countAll(syntax.statements)
        compileBlock(syntax.statements, topLevel: true)
        instructions.append(.end)
        var entries: [String: Int] = [:]
        for (name, s) in functions.sorted(by: { $0.value.location < $1.value.location }) {
            guard case .funcDecl(_, let body) = s.kind else { continue }
            entries[name] = instructions.count
            let saved = scopes
            scopes = [[:]]
            functionDepth += 1
            currentFunction = name
            instructions.append(.enterScope)
            compileBlock(body, topLevel: false)
            instructions.append(.exitScope)
            instructions.append(.ret)
            functionDepth -= 1
            currentFunction = nil
            scopes = saved
        }
        warnBookmarksInFunctions()
        // Calls are linked once every body is placed: a body compiled early may call a
        // function whose body comes later, and the other way round.
        for call in calls {
            if let entry = entries[call.name] { instructions[call.index] = .call(name: call.name, entry: entry) }
        }
        return Program(file: file, source: source, settings: settings, instructions: instructions,
                       types: resolver, stepCount: min(cost.steps, ScenarioLimits.maxSteps + 1),
                       totalSleepNanoseconds: cost.sleep,
                       estimatedWork: WorkEstimate(cost: cost, settings: settings, gcPercents: gcPercents).units)
    }

    mutating func compileBlock(_ statements: [Statement], topLevel: Bool) {
        for s in statements { compile(s, topLevel: topLevel) }
    }

    var site: (Statement) -> SourceSite { { SourceSite(location: $0.location, text: $0.text) } }

    mutating func noteAction(_ s: Statement) {
        if firstAction == nil { firstAction = s }
    }

    mutating func compile(_ s: Statement, topLevel: Bool) {
        switch s.kind {
        case .setting(let setting):
            applySetting(setting, s, topLevel: topLevel)
        case .typeDecl:
            if !topLevel { error("types are declared at the top level, not inside a block", at: s.location) }
        case .funcDecl:
            if !topLevel || functionDepth > 0 { error("functions are declared at the top level, not inside a block", at: s.location) }
        case .layout(let t):
            noteAction(s)
            do {
                let l = try resolver.layout(of: t)
                instructions.append(.action(.layout(l), site(s)))
            } catch {
                self.error(error.message, at: error.location ?? s.location)
            }
        case .declare(let name, let rhs):
            noteAction(s)
            checkNewName(name, s)
            let type = checkAssignment(rhs, s)
            let g = checkGoroutine(rhs.goroutine, at: rhs.goroutineLocation)
            if let prev = scopes[scopes.count - 1][name] {
                error("\(SafeText.clean(name)) is already declared in this scope (line \(prev.line)"
                      + (prev.goroutine != g ? ", on the stack of \(prev.goroutine)); a name is declared once per scope, whichever goroutine's stack holds it: pick another name"
                                             : "); write '\(SafeText.clean(name)) = …' to rebind it"),
                      at: s.location, length: name.unicodeScalars.count)
            }
            checkStackAccess(reading: rhs, by: g)
            scopes[scopes.count - 1][name] = Variable(type: type, line: s.location.line, goroutine: g)
            droppedAt[name] = nil
            instructions.append(.action(.declare(name: name, rhs, stack: g), site(s)))
        case .varDecl(let name, let t, let onGoroutine):
            noteAction(s)
            checkNewName(name, s)
            var type = StaticType.unknown
            do throws(LayoutResolver.Failure) {
                let l = try resolver.layout(of: t)
                guard l.storeWordOffset != nil, case .pointer = l.shape else {
                    throw LayoutResolver.Failure(message: "var \(SafeText.clean(name)) \(l.name): heapscope variables hold pointers; declare it as *\(l.name)", location: nil)
                }
                if case .pointer(let target?) = l.shape, let tl = try? resolver.layout(of: target) { type = .object(tl) }
            } catch {
                self.error(error.message, at: error.location ?? s.location)
            }
            if let prev = scopes[scopes.count - 1][name] {
                error("\(SafeText.clean(name)) is already declared in this scope (line \(prev.line))", at: s.location)
            }
            let g = checkGoroutine(onGoroutine, at: s.location)
            scopes[scopes.count - 1][name] = Variable(type: type, line: s.location.line, goroutine: g)
            droppedAt[name] = nil
            instructions.append(.action(.varDecl(name: name, stack: g), site(s)))
        case .goroutine(let name, let p, let pLocation):
            noteAction(s)
            if !topLevel || functionDepth > 0 { error("goroutines are declared at the top level", at: s.location) }
            if let prev = goroutines[name] {
                error(prev.line == 0 ? "main is the program's first goroutine; it exists from the start" : "goroutine \(SafeText.clean(name)) is already declared at line \(prev.line)", at: s.location)
            } else if Parser.processor(name) != nil {
                error("'\(SafeText.clean(name))' names a P; pick another name for the goroutine", at: s.location)
            } else if Compiler.reservedNames.contains(name) || ObjectColor(rawValue: name) != nil || name == "gray" {
                error("'\(SafeText.clean(name))' is a word of the language; pick another name for the goroutine", at: s.location)
            }
            let pn = p ?? 0
            if let pLocation, pn >= settings.config.procs {
                let n = settings.config.procs
                error("p\(pn) does not exist: this scenario has \(n) P\(n == 1 ? " (p0)" : "s (p0 to p\(n - 1))"); set 'procs' to use more", at: pLocation)
            }
            goroutines[name] = (pn, s.location.line)
            instructions.append(.action(.goroutine(name: name, p: pn), site(s)))
        case .readMemStats:
            noteAction(s)
            instructions.append(.action(.readMemStats, site(s)))
        case .assign(let path, let rhs):
            noteAction(s)
            let type = checkAssignment(rhs, s)
            let g = checkGoroutine(rhs.goroutine, at: rhs.goroutineLocation)
            checkStackAccess(reading: rhs, by: g)
            checkStackAccess(path.base, at: path.location, by: g, writing: path.elements.isEmpty)
            if path.elements.isEmpty {
                if var v = lookup(path.base) {
                    // A function that rebinds a global to another kind of object: the top level
                    // was checked with the global's first type, so a store through it after a
                    // call could fail only in the run (Go would not compile this assignment).
                    if functionDepth > 0, !scopes.contains(where: { $0[path.base] != nil }),
                       let before = globals[path.base]?.type, before != .unknown, type != .unknown, before != type {
                        let warning = "\(SafeText.clean(path.base)) is a global holding \(Self.describe(before)) (line \(globals[path.base]!.line)), and this function stores \(Self.describe(type)) in it: "
                            + "outside the function check still takes \(SafeText.clean(path.base)) as the first, so a use that needs the second is checked only when the scenario runs"
                        if reported.insert("\(s.location.line):\(s.location.column):\(warning)").inserted {
                            diagnostics.append(Diagnostic(file: file, location: s.location, severity: .warning, message: warning))
                        }
                    }
                    v.type = type
                    update(path.base, v)
                } else {
                    undefined(path.base, at: path.location)
                }
            } else if let place = walkPath(path, loading: false).place {
                checkStoreType(into: place, shown: path.text, from: type, at: rhs.sourceLocation)
            }
            instructions.append(.action(.assign(path, rhs), site(s)))
        case .global(let name, let rhs):
            noteAction(s)
            if !topLevel || functionDepth > 0 { error("globals are declared at the top level", at: s.location) }
            checkNewName(name, s)
            if let prev = globals[name] {
                error("global \(SafeText.clean(name)) is already declared at line \(prev.line)", at: s.location)
            }
            let type = rhs.map { checkAssignment($0, s) } ?? .unknown
            // `global g = x on w` reads x on w: the statement's goroutine, not main's.
            if let rhs { checkStackAccess(reading: rhs, by: checkGoroutine(rhs.goroutine, at: rhs.goroutineLocation)) }
            globals[name] = Variable(type: type, line: s.location.line)
            instructions.append(.action(.global(name: name, rhs), site(s)))
        case .drop(let list):
            noteAction(s)
            for (name, loc) in zip(list.names, list.locations) {
                if let i = scopes.lastIndex(where: { $0[name] != nil }) {
                    // Declared outside a loop that runs more than once: the second time round
                    // the variable is gone (run stopped there; check said ok).
                    if let loop = loopBodies.first(where: { $0.scope > i && $0.count > 1 }) {
                        error("\(SafeText.clean(name)) is declared outside this loop, which runs \(loop.count) times: the second time round it is already dropped (drop it after the loop)", at: loc, length: name.unicodeScalars.count)
                    }
                    scopes[i][name] = nil
                    if lookup(name) == nil { droppedAt[name] = loc.line }
                } else if globals[name] != nil || (functionDepth > 0 && allGlobals[name] != nil) {
                    error("\(SafeText.clean(name)) is a global; globals live for the whole program (set it to nil instead)", at: loc)
                } else {
                    undefined(name, at: loc)
                }
            }
            instructions.append(.action(.drop(list), site(s)))
        case .repeatLoop(let count, let body):
            // A body that makes no step and checks nothing has no effect: it is checked, counted
            // against the limits (countAll), and left out, so running it costs nothing.
            if idleLoops.contains(s.location) {
                let mark = instructions.count
                scopes.append([:])
                compileBlock(body, topLevel: false)
                scopes.removeLast()
                instructions.removeSubrange(mark...)
                calls.removeAll { $0.index >= mark }
                return
            }
            let start = instructions.count
            instructions.append(.loopStart(count: count, exit: -1))
            let bodyStart = instructions.count
            instructions.append(.enterScope)
            scopes.append([:])
            loopBodies.append((scopes.count - 1, count))
            compileBlock(body, topLevel: false)
            loopBodies.removeLast()
            scopes.removeLast()
            instructions.append(.exitScope)
            instructions.append(.loopNext(bodyStart: bodyStart))
            instructions[start] = .loopStart(count: count, exit: instructions.count)
            if firstAction == nil, body.contains(where: { $0.isAction }) { firstAction = s }
        case .call(let name):
            noteAction(s)
            if functions[name] == nil {
                error("unknown function \(SafeText.clean(name))()", at: s.location, length: name.unicodeScalars.count)
            }
            calls.append((instructions.count, name))
            callEdges.append((currentFunction, name, loopRepeats))
            instructions.append(.call(name: name, entry: -1))
        case .gc(let cmd): noteAction(s); instructions.append(.action(.gc(cmd), site(s)))
        case .sweep: noteAction(s); instructions.append(.action(.sweep, site(s)))
        case .setGCPercent(let p): noteAction(s); instructions.append(.action(.setGCPercent(p), site(s)))
        case .sleep(let ns): noteAction(s); instructions.append(.action(.sleep(nanoseconds: ns), site(s)))
        case .scavenge: noteAction(s); instructions.append(.action(.scavenge, site(s)))
        case .freeOSMemory: noteAction(s); instructions.append(.action(.freeOSMemory, site(s)))
        case .say(let text): noteAction(s); instructions.append(.action(.say(text), site(s)))
        case .ask(let q, let a): noteAction(s); instructions.append(.action(.ask(question: q, answer: a), site(s)))
        case .pause: instructions.append(.attach(.pause, site(s)))
        case .bookmark(let name):
            if let prev = bookmarkLines[name] {
                error("bookmark \"\(SafeText.clean(name))\" is already at line \(prev); --until and the view stop at the first, so give each its own name", at: s.location)
            } else {
                bookmarkLines[name] = s.location.line
            }
            if !name.isEmpty, name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
                diagnostics.append(Diagnostic(file: file, location: s.location, severity: .warning,
                                              message: "bookmark \"\(SafeText.clean(name))\" is named like a step number: --until \(SafeText.clean(name)) stops at this bookmark, not after step \(SafeText.clean(name)); give it a name with a letter"))
            }
            if let f = currentFunction {
                functionBookmarks.append((f, name, s.location, loopRepeats))
            } else if loopRepeats > 1 {
                warnRepeatedBookmark(name, at: s.location, runs: loopRepeats, inLoop: true)
            }
            instructions.append(.attach(.bookmark(name), site(s)))
        case .expect(let lhs, let op, let rhs):
            guard options.expectations else { return }
            checkExpectation(lhs, op, rhs, s)
            instructions.append(.attach(.expect(lhs, op: op, rhs), site(s)))
        }
    }

    /// The goroutine a statement runs on (main when none is named); an unknown name is an error.
    mutating func checkGoroutine(_ name: String?, at loc: SourceLocation?) -> String {
        guard let name else { return "main" }
        if goroutines[name] == nil {
            let known = Parser.someNames(goroutines.keys)
            error("no goroutine named \(SafeText.clean(name)) (declare it first: goroutine \(SafeText.clean(name)) [on pN]; known: \(known))", at: loc ?? SourceLocation(line: 1, column: 1))
            return "main"
        }
        return name
    }

    /// A goroutine reaches only its own stack and the globals. Reading or writing another
    /// goroutine's variable would move a pointer from stack to stack with no write barrier —
    /// which Go code cannot do: it passes pointers through the heap, a global or a channel, all
    /// behind the barrier — and could hide an object from the collector.
    mutating func checkStackAccess(_ name: String, at loc: SourceLocation, by g: String, writing: Bool) {
        guard let v = scopes.reversed().lazy.compactMap({ $0[name] }).first, v.goroutine != g else { return }
        error("\(SafeText.clean(name)) lives on the stack of \(v.goroutine), and this statement runs on \(g): a goroutine cannot \(writing ? "write" : "read") another goroutine's stack ("
              + (v.goroutine == "main" ? "" : "run the statement 'on \(v.goroutine)', or ") + "pass the pointer through the heap or a global)",
              at: loc, length: name.unicodeScalars.count)
    }

    /// The variable a right-hand side loads from, if any.
    mutating func checkStackAccess(reading rhs: Assignment, by g: String) {
        if case .path(let p) = rhs.source { checkStackAccess(p.base, at: p.location, by: g, writing: false) }
    }

    // MARK: - Names

    static let reservedNames: Set<String> = ["nil", "phase", "stage", "gcphase", "new", "alloc", "make", "rand", "on", "noscan", "answer", "true", "false"]

    mutating func checkNewName(_ name: String, _ s: Statement) {
        if RuntimeNames.all.contains(name) {
            error("'\(name)' names a runtime variable (used in expect); pick another variable name", at: s.location)
        } else if MemStats.fieldNames.contains(name) || name == "Alloc" {
            error("'\(name)' is a runtime.MemStats name (used in expect); pick another variable name", at: s.location)
        } else if Compiler.reservedNames.contains(name) || ObjectColor(rawValue: name) != nil || name == "gray" {
            error("'\(SafeText.clean(name))' has a meaning in scenarios; pick another variable name", at: s.location)
        } else if Compiler.statementWords.contains(name) {
            // `gc := new(T)` parses, and then `gc.next = x` reads as the gc statement.
            error("'\(SafeText.clean(name))' begins a statement of its own, so a line starting with it would not reach the variable; pick another variable name", at: s.location)
        }
    }

    /// The words a statement begins with (Parser+Statements.swift).
    static let statementWords: Set<String> = [
        "heapscope", "profile", "procs", "gogc", "memlimit", "arena", "seed", "collector", "writebarrier",
        "type", "layout", "var", "goroutine", "readmemstats", "global", "drop", "repeat", "func", "gc", "sweep",
        "setgcpercent", "sleep", "scavenge", "freeosmemory", "say", "pause", "ask", "bookmark", "expect",
    ]

    /// A static type in words: "a pointer to a Node", "a pointer to raw memory (alloc)".
    static func describe(_ t: StaticType) -> String {
        switch t {
        case .object(let l): return "a pointer to \(article(l.name)) \(l.name)"
        case .raw(let noscan, _): return "a pointer to raw memory (alloc\(noscan ? " … noscan" : ""))"
        case .unknown: return "a pointer of unknown type"
        }
    }

    func lookup(_ name: String) -> Variable? {
        for scope in scopes.reversed() { if let v = scope[name] { return v } }
        if let g = globals[name] { return g }
        if functionDepth > 0 { return allGlobals[name] }
        return nil
    }

    mutating func update(_ name: String, _ v: Variable) {
        if let i = scopes.lastIndex(where: { $0[name] != nil }) { scopes[i][name] = v }
        else if globals[name] != nil { globals[name] = v }
    }

    mutating func undefined(_ name: String, at loc: SourceLocation) {
        guard diagnostics.count < Parser.maxErrors else { suppressed += 1; return }
        var known: [String] = scopes.flatMap { $0.keys } + globals.keys
        if functionDepth > 0 { known += allGlobals.keys }
        // A name dropped earlier: say where, rather than suggest another variable.
        if let line = droppedAt[name] {
            error("undefined: \(SafeText.clean(name)) (dropped at line \(line); declare it again with \(SafeText.clean(name)) := …)", at: loc, length: name.unicodeScalars.count)
            return
        }
        let hint = Parser.closest(to: name, in: known, budget: &hintBudget).map { "; did you mean '\($0)'?" } ?? ""
        error("undefined: \(SafeText.clean(name))\(hint)", at: loc, length: name.unicodeScalars.count)
    }

    // MARK: - Settings

    mutating func applySetting(_ setting: Setting, _ s: Statement, topLevel: Bool) {
        if let first = firstAction {
            error("settings come first: '\(setting.keyword)' must come before the first action (line \(first.location.line))", at: s.location)
            return
        }
        if !topLevel { error("settings belong at the top of the scenario, not in a block", at: s.location); return }
        if let prev = settingLines[setting.keyword] {
            error("'\(setting.keyword)' is already set at line \(prev)", at: s.location)
            return
        }
        settingLines[setting.keyword] = s.location.line
        switch setting {
        case .profile(let name):
            if RuntimeProfile.named(name) == nil {
                let (at, length) = settingValue(s)
                error("unknown runtime profile '\(SafeText.clean(name))'; known: " + RuntimeProfile.all.map(\.name).joined(separator: ", "), at: at, length: length)
            } else if options.profile == nil {
                settings.config.profileName = name
            }
        case .procs(let n): settings.config.procs = n
        case .gogc(let v): settings.config.gogc = v
        case .memoryLimit(let v):
            let profile = RuntimeProfile.named(options.profile ?? aheadProfile ?? settings.config.profileName) ?? .default
            if v != nil && profile.pacer != .consMark && options.profile != nil {
                diagnostics.append(Diagnostic(file: file, location: s.location, severity: .warning,
                                              message: "\(profile.name) has no memory limit (GOMEMLIMIT arrived in Go 1.19): it runs without one"))
            } else if v != nil && profile.pacer != .consMark {
                error("GOMEMLIMIT arrived in Go 1.19; profile \(profile.name) has no memory limit (add 'profile go1.25')", at: s.location)
            } else {
                settings.config.memoryLimit = v.map(Int64.init)
            }
        case .arena(let bytes):
            let page = (RuntimeProfile.named(settings.config.profileName) ?? .default).pageSize
            if bytes < page || bytes > ScenarioLimits.maxBytes || bytes % page != 0 {
                let (at, length) = settingValue(s)
                error("the arena is a whole number of \(page / 1024) KiB pages, up to \(ScenarioLimits.maxBytes >> 30) GiB, written with a unit: arena 64MiB", at: at, length: length)
            } else {
                settings.config.arenaBytes = bytes
            }
        case .seed(let v): settings.seed = v
        case .collector(let mode): settings.config.collector = mode == "stw" ? .stw : .concurrent
        case .writeBarrier(let on): settings.config.writeBarrier = on
        }
    }
}

extension Compiler {
    /// Where a one-word setting's value is written (`arena 100KiB`: the caret under 100KiB),
    /// from the statement's text; the statement's start when the text says otherwise.
    func settingValue(_ s: Statement) -> (SourceLocation, Int) {
        let words = s.text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard words.count == 2, let first = s.text.unicodeScalars.firstIndex(of: " ") else { return (s.location, 1) }
        let gap = s.text.unicodeScalars[first...].prefix { $0 == " " || $0 == "\t" }.count
        let column = s.location.column + s.text.unicodeScalars.distance(from: s.text.unicodeScalars.startIndex, to: first) + gap
        let value = words[1].drop { $0 == " " || $0 == "\t" }.split(separator: "#").first.map { String($0).trimmingTrailingSpaces } ?? ""
        return (SourceLocation(line: s.location.line, column: column), max(1, value.unicodeScalars.count))
    }
}

extension Statement {
    /// Whether the statement makes a step (or, for blocks, contains one).
    var isAction: Bool {
        switch kind {
        case .setting, .typeDecl, .funcDecl, .pause, .bookmark, .expect: false
        case .repeatLoop(_, let body): body.contains { $0.isAction }
        default: true
        }
    }
}
