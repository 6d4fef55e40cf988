// `heapscope compare FILE --profiles go1.12,go1.25`: one scenario under two runtimes, the
// figures side by side at every bookmark and at the end.

import ArgumentParser
import Foundation
import HeapEngine
import HeapScenario
import HeapTUI

enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case text, tsv
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run one scenario under several runtime profiles and print the figures side by side.",
        discussion: """
            Then and now: the scenario runs once per profile (its own profile line is \
            ignored), and at every bookmark and at the end the MemStats figures, the GC \
            trigger and how mcentral holds its spans are printed in one column per profile; \
            a row whose figures differ is marked. The scenario's expectations are not checked \
            (they are written for one profile's numbers; heapscope run checks them), and a \
            setting a profile does not have (memlimit under go1.12) is left out with a warning.
            """
    )

    @Argument(help: "A scenario file (or a library scenario's name).")
    var file: String

    @Option(help: "Comma-separated profiles, in column order.")
    var profiles: String = RuntimeProfile.all.map(\.name).joined(separator: ",")

    @Option(help: "text (a table per bookmark) or tsv (one row per bookmark and figure).")
    var format: CompareFormat = .text

    var profileNames: [String] { profiles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        let names = profileNames
        guard names.count >= 2 else { throw ValidationError("--profiles needs at least two profiles, e.g. go1.12,go1.25") }
        for n in names where RuntimeProfile.named(n) == nil {
            throw ValidationError("unknown profile '\(SafeArgument(n))'; known: \(RuntimeProfile.all.map(\.name).joined(separator: ", "))")
        }
        guard Set(names).count == names.count else { throw ValidationError("--profiles names a profile twice") }
    }

    func run() throws {
        // The scenario must be valid as written (under its own profile) before it is run under others.
        let (_, source, warnings) = try ScenarioInput.programAndSource(file)
        let said = Set(warnings)
        var columns: [CompareColumn] = []
        for name in profileNames {
            let (program, diagnostics) = Compiler.compile(source, options: CompileOptions(profile: name, expectations: false))
            // The warnings of the scenario as written were said once already; what a profile
            // adds (an error, a memory limit it has no use for) is said with its name.
            for d in diagnostics {
                let shown = source.render(d)
                if d.severity == .error || !said.contains(shown) { printError("[\(name)] " + shown) }
            }
            guard let program else { throw ExitCode(1) }
            columns.append(try CompareColumn.run(program, profile: name, file: source.name))
        }
        let glyphs = Theme.from(environment: ProcessInfo.processInfo.environment).glyphs
        switch format {
        case .text:
            for line in CompareTable.text(columns, scenario: source.name, asciiOnly: glyphs.asciiOnly) { print(glyphs.text(line)) }
        case .tsv:
            for line in CompareTable.tsv(columns) { print(line) }
        }
        if columns.contains(where: { $0.error != nil }) { throw ExitStatus.scenario }
    }
}

/// One profile's run: the figures at each bookmark and at the end.
struct CompareColumn {
    let profile: String
    /// (place, figures): a bookmark's name and step, or "end".
    var points: [(place: String, step: Int, figures: [(String, String)])] = []
    var error: String?

    static func run(_ program: Program, profile: String, file: String) throws -> CompareColumn {
        var column = CompareColumn(profile: profile)
        var m: ScenarioMachine
        do { m = try ScenarioMachine(program: program, recordEvents: false) } catch {
            column.error = error.message
            return column
        }
        while let r = m.step() {
            for b in r.bookmarks { column.points.append(("bookmark \"\(b)\"", r.index, figures(m.heap))) }
            if let e = r.error {
                // Where the run says it failed (heapscope run prints the same position).
                let at = "\(SafeText.clean(file)):\(e.location.line):\(e.location.column)"
                column.error = "step \(r.index): \(at): error: \(e.message)"
                break
            }
        }
        column.points.append(("end", m.stepIndex, figures(m.heap)))
        return column
    }

    /// The figures compared, exact: MemStats as ReadMemStats would report them (without
    /// flushing), the trigger, and mcentral's spans.
    static func figures(_ h: Heap) -> [(String, String)] {
        let st = h.readMemStats()
        func b(_ v: UInt64) -> String { v == .max ? "off" : CompareTable.grouped(v) + " B" }
        var rows: [(String, String)] = [
            ("HeapAlloc", b(st.heapAlloc)), ("TotalAlloc", b(st.totalAlloc)),
            ("HeapObjects", CompareTable.grouped(st.heapObjects)), ("Mallocs", CompareTable.grouped(st.mallocs)),
            ("Frees", CompareTable.grouped(st.frees)),
            ("HeapInuse", b(st.heapInuse)), ("HeapIdle", b(st.heapIdle)), ("HeapReleased", b(st.heapReleased)),
            ("HeapSys", b(st.heapSys)), ("NextGC", b(st.nextGC)),
            ("GC trigger", b(h.gc.gcpercent < 0 && h.gc.gcTrigger == .max ? .max : h.pacerNow.trigger)),
            ("NumGC", String(st.numGC)),
        ]
        // Spans mcentral holds (not cached): on go1.12's lists or in go1.25's span sets.
        let held = h.mheap.allspans.reduce(0) { $0 + ($1.state == .inUse && !$1.isLarge && $1.list != .none ? 1 : 0) }
        rows.append(("mcentral spans", "\(held) (\(h.profile.mcentralShape == .spanSets ? "span sets" : "lists"))"))
        return rows
    }
}

/// The side-by-side table.
enum CompareTable {
    /// A cell's figure without separators and words ("4,194,304 B" → "4194304", "1 (lists)" →
    /// "1", "off" stays): what the ≠ mark compares and tsv prints.
    static func figure(_ cell: String) -> String {
        let first = cell.split(separator: " ").first.map(String.init) ?? cell
        let digits = first.filter { $0 != "," }
        return digits.allSatisfy(\.isNumber) && !digits.isEmpty ? digits : cell
    }

    /// Each column's point for the next occurrence of `place`: a bookmark inside a loop names
    /// a point each time round, and the k-th of one column goes beside the k-th of the others
    /// (the first was once shown for every one).
    static func points(_ columns: [CompareColumn], _ place: String, _ seen: inout [String: Int])
        -> [(place: String, step: Int, figures: [(String, String)])?] {
        let k = seen[place, default: 0]
        seen[place] = k + 1
        return columns.map { c in
            let all = c.points.filter { $0.place == place }
            return k < all.count ? all[k] : nil
        }
    }

    /// 4194304 → "4,194,304".
    static func grouped(_ v: UInt64) -> String {
        let s = String(v)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func text(_ columns: [CompareColumn], scenario: String, asciiOnly: Bool) -> [String] {
        var out = ["heapscope compare \(SafeText.clean(scenario)): " + columns.map(\.profile).joined(separator: " | ")
                   + " (expectations are not checked here: heapscope run checks them)"]
        let places = columns.map { $0.points.map(\.place) }.max { $0.count < $1.count } ?? []
        let mark = asciiOnly ? "*" : "≠"
        var seen: [String: Int] = [:]
        for place in places {
            let points = Self.points(columns, place, &seen)
            let steps = points.map { $0.map { "step \($0.step)" } ?? "not reached" }
            out.append("")
            out.append("\(place) — " + zip(columns, steps).map { "\($0.profile) \($1)" }.joined(separator: ", "))
            let names = points.compactMap { $0 }.first?.figures.map(\.0) ?? []
            var rows: [[String]] = [["figure"] + columns.map(\.profile)]
            for (i, name) in names.enumerated() {
                rows.append([name] + points.map { p in p.flatMap { i < $0.figures.count ? $0.figures[i].1 : nil } ?? "—" })
            }
            let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for (r, row) in rows.enumerated() {
                let differs = r > 0 && Set(row.dropFirst().map(Self.figure)).count > 1
                let cells = row.enumerated().map { c, v in c == 0 ? v.padding(toLength: widths[0], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - v.count) + v }
                out.append("  " + cells.joined(separator: "   ") + (differs ? "  " + mark : ""))
            }
        }
        for c in columns where c.error != nil { out.append(""); out.append("\(c.profile) stopped at \(c.error!)") }
        out.append("")
        out.append("\(mark) the profiles differ. heapscope run FILE shows one profile step by step; README.md says what each profile models.")
        return out
    }

    static func tsv(_ columns: [CompareColumn]) -> [String] {
        var out = [(["place", "figure"] + columns.map(\.profile)).joined(separator: "\t")]
        let places = columns.map { $0.points.map(\.place) }.max { $0.count < $1.count } ?? []
        var seen: [String: Int] = [:]
        for place in places {
            let points = Self.points(columns, place, &seen)
            let names = points.compactMap { $0 }.first?.figures.map(\.0) ?? []
            for (i, name) in names.enumerated() {
                out.append(([place, name] + points.map { p in p.flatMap { i < $0.figures.count ? Self.figure($0.figures[i].1) : nil } ?? "" }).joined(separator: "\t"))
            }
        }
        return out
    }
}
