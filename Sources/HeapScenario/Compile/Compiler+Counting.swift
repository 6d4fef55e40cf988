// Counting a scenario's steps and simulated time before it runs. With no conditionals the
// count is exact: a loop's body counts `count` times, a call counts its function's body. The
// limits (`ScenarioLimits`) are checked here, so a runaway script is an error from
// `heapscope check`, not a hang. Recursion is an error for the same reason.

extension Compiler {
    /// Steps and nanoseconds of sleep for the whole scenario; reports limits and recursion.
    mutating func countAll(_ statements: [Statement]) -> (steps: Int, sleep: Int64) {
        var memo: [String: (Int, Int64)] = [:]
        var steps = 0
        var sleep: Int64 = 0
        var reportedSteps = false, reportedSleep = false
        for s in statements {
            var visiting: [String] = []
            let (n, t) = count(s, visiting: &visiting, memo: &memo)
            steps = Compiler.saturatingAdd(steps, n)
            sleep = Compiler.saturatingAdd64(sleep, t)
            if steps > ScenarioLimits.maxSteps && !reportedSteps {
                reportedSteps = true
                error("this scenario would take \(steps == Int.max ? "more than \(Int64.max)" : String(steps)) steps with its loops and calls multiplied out; the limit is \(ScenarioLimits.maxSteps)", at: s.location)
            }
            if sleep > ScenarioLimits.maxTotalNanoseconds && !reportedSleep {
                reportedSleep = true
                error("this scenario would sleep for more than a week of simulated time (the limit)", at: s.location)
            }
        }
        return (min(steps, ScenarioLimits.maxSteps + 1), sleep)
    }

    mutating func count(_ s: Statement, visiting: inout [String], memo: inout [String: (Int, Int64)]) -> (Int, Int64) {
        switch s.kind {
        case .setting, .typeDecl, .funcDecl, .pause, .bookmark, .expect:
            return (0, 0)
        case .sleep(let ns):
            return (1, ns)
        case .repeatLoop(let n, let body):
            let (steps, sleep) = countBlock(body, visiting: &visiting, memo: &memo)
            return (Compiler.saturatingMul(steps, n), Compiler.saturatingMul64(sleep, Int64(n)))
        case .call(let name):
            if let m = memo[name] { return m }
            guard let f = functions[name], case .funcDecl(_, let body) = f.kind else { return (0, 0) }
            if visiting.contains(name) {
                error("recursive call: " + (visiting + [name]).map { "\($0)()" }.joined(separator: " → ")
                      + "; scenario functions cannot call themselves", at: s.location)
                return (0, 0)
            }
            visiting.append(name)
            let result = countBlock(body, visiting: &visiting, memo: &memo)
            visiting.removeLast()
            memo[name] = result
            return result
        default:
            return (1, 0)
        }
    }

    /// The steps and sleep of a block's statements, added up.
    mutating func countBlock(_ body: [Statement], visiting: inout [String], memo: inout [String: (Int, Int64)]) -> (Int, Int64) {
        var steps = 0
        var sleep: Int64 = 0
        for b in body {
            let (x, t) = count(b, visiting: &visiting, memo: &memo)
            steps = Compiler.saturatingAdd(steps, x)
            sleep = Compiler.saturatingAdd64(sleep, t)
        }
        return (steps, sleep)
    }

    static func saturatingAdd(_ a: Int, _ b: Int) -> Int { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    static func saturatingMul(_ a: Int, _ b: Int) -> Int { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
    static func saturatingAdd64(_ a: Int64, _ b: Int64) -> Int64 { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    static func saturatingMul64(_ a: Int64, _ b: Int64) -> Int64 { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
}
