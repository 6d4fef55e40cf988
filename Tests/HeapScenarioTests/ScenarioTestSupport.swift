import Testing
import HeapEngine
@testable import HeapScenario

/// Compiles scenario text; fails the test (with the diagnostics) if it does not compile.
/// `warnings`: the warnings the text is written to draw (their messages' beginnings); any
/// other diagnostic fails the test.
func compile(_ text: String, name: String = "test.heap", warnings: [String] = []) throws -> Program {
    let source = SourceFile(name: name, text: text)
    let (program, diagnostics) = Compiler.compile(source)
    let unexpected = diagnostics.filter { d in d.severity != .warning || !warnings.contains { d.message.hasPrefix($0) } }
    #expect(unexpected.isEmpty, "\(unexpected.map { source.render($0) }.joined(separator: "\n"))")
    return try #require(program)
}

/// The diagnostics for scenario text that should not compile.
func diagnostics(_ text: String, name: String = "bad.heap") -> [Diagnostic] {
    let (program, diagnostics) = Compiler.compile(SourceFile(name: name, text: text))
    #expect(program == nil, "expected errors in:\n\(text)")
    return diagnostics
}

/// Runs a program to the end; returns the machine and every record.
func runAll(_ program: Program, events: Bool = false,
            checkInvariantsEvery: Int = 1) throws -> (ScenarioMachine, [StepRecord]) {
    var m = try ScenarioMachine(program: program, recordEvents: events)
    var records = [m.startRecord]
    while let r = m.step() {
        if records.count < 10_000 { records.append(r) }
        if checkInvariantsEvery > 0 && (r.index % checkInvariantsEvery == 0 || m.isFinished) {
            let bad = m.heap.checkInvariants()
            #expect(bad.isEmpty, "step \(r.index) (line \(r.site?.location.line ?? 0)): \(bad.map(\.message).joined(separator: "; "))")
            if !bad.isEmpty { break }
        }
    }
    return (m, records)
}
