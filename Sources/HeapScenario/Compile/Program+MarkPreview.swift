// Where a scenario's bookmarks, pauses and questions fall, before it runs.
//
// There are no conditionals, so the step each note belongs to is known from the instructions
// alone: walk them as the machine would (loops, calls) without running the heap. The view's
// Timeline draws these marks from the start, so a lecturer sees where the stops are before
// reaching them. A loop whose body holds only plain actions is counted, not walked; the walk
// stops after `budget` instructions, and marks past that point appear once they are reached.

extension Program {
    /// The marks a run will meet, by step.
    public struct MarkPreview: Equatable, Sendable {
        public var bookmarks: [Int: [String]] = [:]
        public var pauses: Set<Int> = []
        public var questions: Set<Int> = []
        /// False when the walk stopped at its budget before the end.
        public var complete = false
    }

    public func previewMarks(budget: Int = 2_000_000) -> MarkPreview {
        var out = MarkPreview()
        var pc = 0, step = 0, visits = 0
        var loops: [Int] = [], calls: [Int] = []
        var plain: [Int: Int?] = [:]
        while visits < budget {
            visits += 1
            switch instructions[pc] {
            case .end:
                out.complete = true
                return out
            case .action(let action, _):
                step += 1
                if case .ask = action { out.questions.insert(step) }
                pc += 1
            case .attach(let a, _):
                switch a {
                case .pause: out.pauses.insert(step)
                case .bookmark(let name): out.bookmarks[step, default: []].append(name)
                case .expect: break
                }
                pc += 1
            case .enterScope, .exitScope:
                pc += 1
            case .loopStart(let count, let exit):
                if plain[pc] == nil { plain[pc] = plainIterationSteps(body: (pc + 1)..<(exit - 1)) }
                if count == 0 {
                    pc = exit
                } else if let n = plain[pc]! {
                    step += count * n   // at most the compiler's step count: no overflow
                    pc = exit
                } else {
                    loops.append(count)
                    pc += 1
                }
            case .loopNext(let bodyStart):
                loops[loops.count - 1] -= 1
                if loops[loops.count - 1] > 0 { pc = bodyStart } else { loops.removeLast(); pc += 1 }
            case .call(_, let entry):
                calls.append(pc + 1)
                pc = entry
            case .ret:
                pc = calls.removeLast()
            }
        }
        return out
    }

    /// The steps one iteration makes when the body holds nothing but actions that ask no
    /// question, expectations and scope changes (no bookmark, pause, call or inner loop); nil
    /// otherwise.
    func plainIterationSteps(body: Range<Int>) -> Int? {
        var n = 0
        for i in body {
            switch instructions[i] {
            case .action(let action, _):
                if case .ask = action { return nil }
                n += 1
            case .attach(.expect, _), .enterScope, .exitScope:
                continue
            default:
                return nil
            }
        }
        return n
    }
}
