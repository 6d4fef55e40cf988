// Text frames of the UI for `heapscope run --frames` (filled in by the front end).

import HeapScenario

/// Renders a frame of the UI as plain text.
struct FramePrinter {
    let width: Int
    let height: Int
    func frame(machine: ScenarioMachine, record: StepRecord) -> String? { nil }
}
