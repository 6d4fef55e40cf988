// `heapscope sizeclass SIZE…`: where requests of given sizes go, and what they waste.

import ArgumentParser
import HeapEngine

struct SizeClass: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sizeclass",
        abstract: "Explain where requests of the given sizes go: tiny, a size class, or whole pages.",
        discussion: """
            SIZE is a byte count (144), a count with a unit (32KiB, 1MiB) or an inclusive range \
            (1-32768). Without --noscan the objects contain pointers and are never tiny.
            """
    )

    /// At most this many sizes per run, so a typo cannot print for hours.
    static let maxSizes = 1_000_000

    @Argument(help: "Sizes in bytes, or ranges such as 1-32768.")
    var sizes: [String]

    @Flag(help: "The objects contain no pointers (tiny allocator below 16 B; noscan span class).")
    var noscan = false

    @Option(help: "text (for people) or tsv (tab-separated, for tools).")
    var format: SizeClassFormat = .text

    @OptionGroup var profile: ProfileOption

    func validate() throws {
        _ = try Self.expand(sizes)
    }

    func run() throws {
        let list = try Self.expand(sizes)
        print(Self.render(list, noscan: noscan, profile: profile.profile, format: format == .tsv ? .tsv : .text), terminator: "")
    }

    /// Parses sizes and ranges; throws a ValidationError naming the bad argument.
    static func expand(_ args: [String]) throws -> [Int] {
        var out: [Int] = []
        for arg in args {
            let parts = arg.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count <= 2, let lo = parseBytes(String(parts[0])),
                  let hi = parts.count == 2 ? parseBytes(String(parts[1])) : lo
            else {
                throw ValidationError("'\(SafeArgument(arg))' is not a size: use a byte count such as 144 or 32KiB, or a range such as 1-32768")
            }
            guard lo <= hi else { throw ValidationError("range '\(SafeArgument(arg))' runs backwards") }
            guard hi - lo < maxSizes - out.count else {
                throw ValidationError("too many sizes: at most \(maxSizes) per run")
            }
            out.append(contentsOf: lo...hi)
        }
        return out
    }

    /// "144", "32KiB", "1MiB", "2k" → bytes; nil when malformed or above 1 TiB.
    static func parseBytes(_ s: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
                                      ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30),
                                      ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        var digits = s
        var mult = 1
        for (u, m) in units where s.uppercased().hasSuffix(u.uppercased()) {
            digits = String(s.dropLast(u.count))
            mult = m
            break
        }
        guard !digits.isEmpty, digits.count <= 13, digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0
        else { return nil }
        let (v, overflow) = n.multipliedReportingOverflow(by: mult)
        return overflow || v > 1 << 40 ? nil : v
    }

    static func render(_ sizes: [Int], noscan: Bool, profile: RuntimeProfile, format: TableFormat) -> String {
        var out = format == .tsv ? "size\tkind\tclass\tslot_bytes\twaste_bytes\tspan_class\tpages\n" : ""
        for size in sizes {
            let pl = profile.placement(size: size, noscan: noscan)
            if format == .tsv {
                switch pl {
                case .zeroSized: out += "\(size)\tzero\t\t0\t0\t\t0\n"
                case let .tiny(block, spc): out += "\(size)\ttiny\t\(spc.sizeclass)\t\(block)\t\t\(spc.rawValue)\t1\n"
                case let .small(c, slot, spc, pages, _):
                    out += "\(size)\tsmall\t\(c)\t\(slot)\t\(slot - size)\t\(spc.rawValue)\t\(pages)\n"
                case let .large(pages, spc):
                    out += "\(size)\tlarge\t0\t\(pages * profile.pageSize)\t\(pages * profile.pageSize - size)\t\(spc.rawValue)\t\(pages)\n"
                }
                continue
            }
            out += pad(size, 8) + " B  "
            switch pl {
            case .zeroSized:
                out += "zero-sized: mallocgc returns &runtime.zerobase; nothing is allocated\n"
            case let .tiny(block, spc):
                out += "tiny: packed with other pointer-free objects into a \(block) B block (span class \(spc.rawValue) = class \(spc.sizeclass) noscan)\n"
            case let .small(c, slot, spc, pages, objects):
                // A malloc header (Go 1.22+) is part of the slot, not waste.
                let header = profile.hasMallocHeader(size: size, noscan: noscan) ? profile.mallocHeaders!.headerBytes : 0
                let waste = slot - size - header
                out += "small: class \(c), \(slot) B slots, \(waste) B wasted (\(percent(waste, slot))), span class \(spc.rawValue), \(pages) page\(pages == 1 ? "" : "s") = \(objects) object\(objects == 1 ? "" : "s") per span"
                // Malloc headers (Go 1.22+): why a pointerful object lands where it does.
                if let h = profile.mallocHeaders, !noscan {
                    if profile.hasMallocHeader(size: size, noscan: false) {
                        out += "; an \(h.headerBytes) B malloc header (its type) goes in front, so \(size + h.headerBytes) B was looked up"
                    } else if slot <= h.maxHeapBitsSize {
                        out += "; the span keeps its pointer bits at its end (\(h.heapBitsBytes(spanBytes: pages * profile.pageSize)) B)"
                    }
                }
                out += "\n"
            case let .large(pages, spc):
                let bytes = pages * profile.pageSize
                out += "large: \(pages) page\(pages == 1 ? "" : "s") (\(bytes) B), \(bytes - size) B wasted (\(percent(bytes - size, bytes))), span class \(spc.rawValue)\n"
            }
        }
        return out
    }

    /// "12.5%" with one decimal, rounded half up.
    static func percent(_ part: Int, _ whole: Int) -> String {
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

/// An argument shown back to the user with control characters made visible.
struct SafeArgument: CustomStringConvertible {
    let raw: String
    init(_ raw: String) { self.raw = raw }
    var description: String {
        String(raw.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }.prefix(80))
    }
}
