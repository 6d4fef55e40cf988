// How much `heapscope run` may print. A scenario may take ten million steps; one JSON object
// or one text frame per step of that would be gigabytes and minutes of output that nobody
// reads. So the request is estimated before the first step and refused when it is clearly over
// the limit (with a way out: --until), and the bytes actually printed are counted too, so a
// run the estimate let through still stops at the limit instead of filling a disk.

import ArgumentParser
import HeapScenario

struct OutputLimit {
    /// The most bytes one `run` prints.
    static let maxBytes = 256 << 20

    private(set) var written = 0
    var out = StandardOutput()

    /// Prints a line, or ends the run once the limit is passed.
    mutating func emit(_ line: String, step: Int) throws {
        written += line.utf8.count + 1
        if written > OutputLimit.maxBytes {
            try out.flush()
            throw ExitStatus.fail("stopped at step \(step): the output passed \(OutputLimit.maxBytes >> 20) MiB, the limit for one run; use --until STEP|BOOKMARK to print less", ExitStatus.usage)
        }
        try out.line(line)
    }

    /// Bytes that `steps` steps will print at the least, for one JSON object or one frame per
    /// step (text narration shrinks repeated steps, so it is only counted while running).
    static func estimate(steps: Int, json: Bool, frame: (width: Int, height: Int)?, program: Program) -> Int {
        let perStep: Int
        if let f = frame {
            // A rule line, then the frame: up to 3 UTF-8 bytes a cell, a newline a row.
            perStep = (f.width + 1) * (f.height + 1) + 2 * f.width * f.height
        } else if json {
            // The fixed keys and MemStats come to about a kilobyte; each root adds ~50 bytes.
            let roots = program.instructions.reduce(0) { n, i in
                switch i {
                case .action(.declare, _), .action(.varDecl, _), .action(.global, _): n + 1
                default: n
                }
            }
            perStep = 1_000 + 50 * roots
        } else {
            return 0
        }
        let (total, overflow) = steps.multipliedReportingOverflow(by: perStep)
        return overflow ? .max : total
    }
}
