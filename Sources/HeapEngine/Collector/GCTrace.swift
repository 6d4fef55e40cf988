// GODEBUG=gctrace=1: one line per cycle, printed at mark termination (runtime/extern.go
// documents the format; mgc.go gcMarkTermination prints it). go1.12's format:
//
//   gc # @#s #%: #+#+# ms clock, #+#/#/#+# ms cpu, #->#-># MB, # MB goal, # P
//
// Go 1.18 added the pacer's other inputs (go1.25, mgc.go gcMarkTermination):
//
//   … #->#-># MB, # MB goal, # MB stacks, # MB globals, # P
//
// gc #      the cycle number, from 1
// @#s       seconds since the program started, at sweep termination
// #%        percentage of CPU time spent in GC since the program started
// clock     wall time of STW sweep termination, concurrent mark, STW mark termination
// cpu       sweep-termination CPU + assist / background / idle mark CPU + mark-termination CPU
// #->#->#   heap_live at GC start, at mark termination, and marked live heap (MB, truncated)
// goal      the heap goal; P is GOMAXPROCS. "(forced)" follows a runtime.GC() cycle.
//
// heapscope's times come from its cost models (PauseModel for the collector, MutatorModel for the
// program's own operations): the clock moves with every allocation and store, with the pauses
// and with `sleep`. A cycle a scenario steps through by hand (`gc start`, `gc step`) charges the
// per-object cost as background CPU. In the stop-the-world mode marking is inside the first
// pause, so its wall time is in the first clock field and its CPU (GOMAXPROCS × the pause, as
// go1.12 counts any pause) in the first cpu field. The % is fixed at mark termination.

/// Formats gctrace lines.
public enum GCTrace {
    /// The gctrace line for one cycle.
    public static func line(_ r: GCCycleRecord, gcCPUFraction: Double) -> String {
        let procs = Int64(r.procs)
        let ms = { (ns: Int64) in fmtNSAsMS(UInt64(max(0, ns))) }
        var s = "gc \(r.number) @\(itoaDiv(UInt64(max(0, r.startNanotime)) / 1_000_000, 3))s \(Int(gcCPUFraction * 100))%: "
        // In the stop-the-world mode marking happens inside the first pause, so it is counted
        // there: the concurrent-mark field is 0.
        let clock = r.mode == .stw ? "\(ms(r.sweepTermNs + r.markNs))+0+\(ms(r.markTermNs))" : "\(ms(r.sweepTermNs))+\(ms(r.markNs))+\(ms(r.markTermNs))"
        s += "\(clock) ms clock, "
        // CPU: each pause costs GOMAXPROCS × its wall time (go1.12's stwprocs); in the
        // stop-the-world mode the marking is part of the first pause, so no mark CPU is left.
        if r.mode == .stw {
            s += "\(ms((r.sweepTermNs + r.markNs) * procs))+0/0/0+\(ms(r.markTermNs * procs)) ms cpu, "
        } else {
            s += "\(ms(r.sweepTermNs * procs))+\(ms(r.assistCPUNs))/\(ms(r.backgroundCPUNs))/\(ms(r.idleCPUNs))+\(ms(r.markTermNs * procs)) ms cpu, "
        }
        s += "\(r.heap0 >> 20)->\(r.heap1 >> 20)->\(r.heap2 >> 20) MB, \(r.heapGoal >> 20) MB goal, "
        if let stacks = r.stackScan, let globals = r.globalsScan {
            s += "\(stacks >> 20) MB stacks, \(globals >> 20) MB globals, "
        }
        s += "\(r.procs) P"
        if r.trigger == .cycle { s += " (forced)" }
        return s
    }

    /// The scavenger's lines under gctrace=1 (mheap.go scavenge, go1.12): "scvgK: N MB released"
    /// when it released something, then the heap's figures in MB; K is -1 for
    /// debug.FreeOSMemory.
    public static func scvgLines(k: Int, released: Int, _ m: RuntimeCounters) -> [String] {
        var out: [String] = []
        if released > 0 { out.append("scvg\(k): \(released >> 20) MB released") }
        out.append("scvg\(k): inuse: \(m.heapInuse >> 20), idle: \(m.heapIdle >> 20), sys: \(m.heapSys >> 20), released: \(m.heapReleased >> 20), consumed: \((m.heapSys - m.heapReleased) >> 20) (MB)")
        return out
    }

    /// The runtime's `fmtNSAsMS`: whole milliseconds from 10 ms up, otherwise two significant
    /// digits with at most three decimals ("0.021", "1.2", "5.0").
    public static func fmtNSAsMS(_ ns: UInt64) -> String {
        if ns >= 10_000_000 { return String(ns / 1_000_000) }
        var x = ns / 1000
        if x == 0 { return "0" }
        var dec = 3
        while x >= 100 { x /= 10; dec -= 1 }
        return itoaDiv(x, dec)
    }

    /// The runtime's `itoaDiv`: `val / 10^dec` with exactly `dec` decimals.
    public static func itoaDiv(_ val: UInt64, _ dec: Int) -> String {
        var digits = String(val)
        if dec == 0 { return digits }
        while digits.count <= dec { digits = "0" + digits }
        let i = digits.index(digits.endIndex, offsetBy: -dec)
        return String(digits[..<i]) + "." + String(digits[i...])
    }
}
