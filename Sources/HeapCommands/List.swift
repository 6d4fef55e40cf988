// `heapscope list`: the scenario library.

import ArgumentParser
import HeapScenario

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the scenarios that ship with heapscope (open one with: heapscope NAME)."
    )

    func run() throws {
        let all = ScenarioLibrary.all
        let width = all.map(\.name.count).max() ?? 0
        for s in all {
            print(s.name + String(repeating: " ", count: width - s.name.count) + "  " + SafeText.clean(s.title))
        }
    }
}
