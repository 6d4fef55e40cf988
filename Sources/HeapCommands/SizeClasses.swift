// `heapscope sizeclasses`: the size-class table of a runtime profile, as the comment in
// runtime/sizeclasses.go prints it.

import ArgumentParser
import HeapEngine

/// Output formats shared by the table commands.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case table, tsv, text
}

/// `sizeclass`'s formats (it prints no table).
enum SizeClassFormat: String, ExpressibleByArgument, CaseIterable {
    case text, tsv
}

struct SizeClasses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sizeclasses",
        abstract: "Print the size-class table: class, bytes/obj, bytes/span, objects, tail waste, max waste."
    )

    @Option(help: "table (aligned, for people) or tsv (tab-separated, for tools).")
    var format: TableFormat = .table

    @OptionGroup var profile: ProfileOption

    func validate() throws {
        guard format != .text else { throw ValidationError("--format must be table or tsv") }
    }

    func run() throws {
        print(Self.render(profile.profile, format: format), terminator: "")
    }

    static func render(_ profile: RuntimeProfile, format: TableFormat) -> String {
        let rows = profile.sizeClasses.rows
        if format == .tsv {
            var out = "class\tbytes_per_obj\tbytes_per_span\tobjects\ttail_waste\tmax_waste_percent\n"
            for r in rows {
                out += "\(r.sizeclass)\t\(r.bytesPerObject)\t\(r.bytesPerSpan)\t\(r.objects)\t\(r.tailWaste)\t\(r.maxWastePercentText)\n"
            }
            return out
        }
        var out = "\(profile.name) size classes (\(profile.sizeClassSource), \(profile.release))\n"
        out += "class  bytes/obj  bytes/span  objects  tail waste  max waste\n"
        for r in rows {
            out += pad(r.sizeclass, 5) + pad(r.bytesPerObject, 11) + pad(r.bytesPerSpan, 12)
                + pad(r.objects, 9) + pad(r.tailWaste, 12) + pad(r.maxWastePercentText + "%", 11) + "\n"
        }
        out += "class 0: objects over \(profile.maxSmallSize) B are large: a span of their own, rounded up to whole \(ByteCount(profile.pageSize)) pages.\n"
        return out
    }
}

/// Right-aligns `v` in `width` columns.
func pad(_ v: some CustomStringConvertible, _ width: Int) -> String {
    let s = v.description
    return s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// A table cell: `v` right-aligned in `width` columns, with at least one space before it, so
/// that a figure wider than its column (a debug build's ns/op) shifts the row instead of
/// running into the figure before it.
func cell(_ v: some CustomStringConvertible, _ width: Int) -> String {
    let s = pad(v, width)
    return s.hasPrefix(" ") ? s : " " + s
}
