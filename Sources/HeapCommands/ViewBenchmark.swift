// The view's benchmarks: what a person waits for at the terminal. `frame` composes one frame of
// the whole UI for a big heap; `rewind` steps back once deep in a long scenario. Both are
// measured per repetition and reported in milliseconds (min / median / max), because what
// matters is whether a single keypress feels instant, not a throughput.

import Foundation
import HeapScenario
import HeapTUI

/// A view benchmark: untimed set-up, then `repetitions` timed runs of one operation.
struct ViewBenchmark: Sendable {
    let name: String
    let summary: String
    /// Builds the state (untimed) and returns the operation to time; the closure is run once
    /// per repetition and must do the same work each time.
    let prepare: @Sendable (_ scale: Double) throws -> () -> Void

    static let all: [ViewBenchmark] = [
        ViewBenchmark(
            name: "frame",
            summary: "compose one 200×60 frame (all panels, cursor on a span) of a heap with 1,000,000 live 64 B objects in a chain, marking under way; ms per frame"
        ) { scale in
            let n = max(2, Int(1_000_000 * scale))
            var playback = try Playback(program: try compile(chainScenario(objects: n)))
            playback.seek(to: playback.total)
            var view = ViewState()
            view.focus = .arena
            // The cursor on the page of the last span allocated (its slots fill the Span panel).
            view.cursorPage = playback.machine.heap.mheap.arenaPages / 2
            if let page = (0..<playback.machine.heap.mheap.arenaPages).last(where: {
                let id = playback.machine.heap.mheap.spans[$0]
                return !id.isNone && playback.machine.heap.mheap.allspans[id.index].state == .inUse
            }) { view.cursorPage = page }
            let theme = Theme(glyphs: .unicode, color: true)
            let frozen = playback, v = view
            return {
                let s = HeapView.render(frozen, view: v, theme: theme, width: 200, height: 60)
                blackHole(s.width)
            }
        },
        ViewBenchmark(
            name: "rewind",
            summary: "step back once at step 500,000 of a 1,000,000-step scenario (64 B allocations, GOGC=100, cycles included); ms per step back"
        ) { scale in
            let n = max(4, Int(1_000_000 * scale))
            var playback = try Playback(program: try compile(churnScenario(steps: n)))
            let target = n / 2
            playback.seek(to: target)
            let start = playback
            return {
                var p = start
                p.back()
                precondition(p.current == target - 1)
                blackHole(p.current)
            }
        },
    ]

    static func named(_ name: String) -> ViewBenchmark? { all.first { $0.name == name } }

    /// 1 + 3·(n−1) steps: a chain of n nodes from one root, then a GC cycle started and run
    /// part-way so the frame shows mark colours and a grey queue.
    static func chainScenario(objects n: Int) -> SourceFile {
        SourceFile(name: "bench-frame.heap", text: """
            heapscope 1
            arena \(max(64, (n * 64 * 2) >> 20 + 8))MiB
            gogc off
            procs 4
            type node struct {
                next *node
                data [6]int
            }
            head := new(node)
            repeat \(n - 1) {
                x := new(node)
                x.next = head
                head = x
            }
            gc start
            gc step \(n / 2)
            """)
    }

    /// Exactly `steps` steps of 64 B allocations, each garbage at once (GOGC=100 collects).
    static func churnScenario(steps: Int) -> SourceFile {
        SourceFile(name: "bench-rewind.heap", text: """
            heapscope 1
            type node struct {
                next *node
                data [6]int
            }
            repeat \(steps) {
                x := new(node)
            }
            """)
    }

    static func compile(_ source: SourceFile) throws -> Program {
        let (program, diagnostics) = Compiler.compile(source)
        guard let program else {
            throw ValidationFailure(diagnostics.map { source.render($0) }.joined(separator: "\n"))
        }
        return program
    }

    /// Runs the set-up, then times `repetitions` runs; returns the durations in ms.
    func measure(scale: Double, repetitions: Int) throws -> [Double] {
        let op = try prepare(scale)
        let clock = ContinuousClock()
        return (0..<repetitions).map { _ in
            let d = clock.measure { op() }
            return Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
        }
    }
}

/// A set-up that could not be built (a bug in the benchmark's own scenario).
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Keeps a result alive so the optimiser cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }
