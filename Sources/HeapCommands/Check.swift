// `heapscope check FILE…`: validate scenarios without running them.

import ArgumentParser
import HeapScenario

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check scenario files: report every error as FILE:LINE:COL with the line and a caret.",
        discussion: "Exit status 0 when every file is valid, 1 otherwise. Library names (heapscope list) work too."
    )

    @Argument(help: "Scenario files (or library scenario names).")
    var files: [String]

    func run() throws {
        var failed = false
        for f in files {
            switch ScenarioInput.compile(f) {
            case .failure(let e):
                failed = true
                for m in e.messages { printError(m) }
            case .success(let (program, warnings)):
                for w in warnings { printError(w) }
                print("\(f == "-" ? "<stdin>" : SafeText.clean(f)): ok (\(program.stepCount) step\(program.stepCount == 1 ? "" : "s"))")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
