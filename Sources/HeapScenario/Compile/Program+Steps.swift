// Where things happen in a compiled program, found without running it: the step a bookmark
// first marks, from the instructions alone. A loop's body is walked once (its first iteration
// holds the first occurrence) and counted `count` times; a function is walked once and its
// result reused at every call, so the walk costs the program's size, not its steps. It
// recurses only as deep as blocks and calls nest, which the compiler bounds.

extension Program {
    /// The step that the first `bookmark name` marks (0 for one before the first action), or
    /// nil when no bookmark has that name. `heapscope run --until NAME` stops there.
    public func firstStep(withBookmark name: String) -> Int? {
        guard let end = instructions.firstIndex(of: .end) else { return nil }
        var walker = StepWalker(instructions: instructions, bookmark: name)
        return walker.walk(0..<end, base: 0).found
    }

    /// The names of the program's bookmarks, in the order they are written.
    public var bookmarkNames: [String] {
        var seen: Set<String> = []
        return instructions.compactMap {
            if case .attach(.bookmark(let b), _) = $0, seen.insert(b).inserted { b } else { nil }
        }
    }
}

/// Walks instruction ranges counting steps and looking for one bookmark.
struct StepWalker {
    let instructions: [Instruction]
    let bookmark: String
    /// For each function entry: its steps and the offset of the bookmark inside it.
    var functions: [Int: (steps: Int, found: Int?)] = [:]

    /// Steps in `range` and the step of the bookmark's first occurrence, counting from `base`.
    mutating func walk(_ range: Range<Int>, base: Int) -> (steps: Int, found: Int?) {
        var steps = 0
        var i = range.lowerBound
        while i < range.upperBound {
            switch instructions[i] {
            case .action:
                steps = StatementCost.sat(steps, 1)
            case .attach(.bookmark(let name), _) where name == bookmark:
                return (steps, StatementCost.sat(base, steps))
            case .loopStart(let count, let exit):
                // The body runs from after loopStart to before its loopNext.
                let body = walk((i + 1)..<(exit - 1), base: StatementCost.sat(base, steps))
                if count > 0, let f = body.found { return (steps, f) }
                steps = StatementCost.sat(steps, StatementCost.mul(body.steps, count))
                i = exit
                continue
            case .call(_, let entry):
                let f = function(at: entry)
                if let found = f.found { return (steps, StatementCost.sat(StatementCost.sat(base, steps), found)) }
                steps = StatementCost.sat(steps, f.steps)
            default:
                break
            }
            i += 1
        }
        return (steps, nil)
    }

    /// A function's steps and the bookmark's offset in it, computed once.
    mutating func function(at entry: Int) -> (steps: Int, found: Int?) {
        if let f = functions[entry] { return f }
        var end = entry
        while end < instructions.count, instructions[end] != .ret { end += 1 }
        let f = walk(entry..<end, base: 0)
        functions[entry] = f
        return f
    }
}
