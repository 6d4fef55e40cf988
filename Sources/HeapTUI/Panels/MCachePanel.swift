// mcache: per P, the tiny block with its offset and the cached span of each span class.

import HeapEngine

enum MCachePanel {
    static func lines(_ ctx: PanelContext) -> [TextLine] {
        ctx.heap.mcaches.enumerated().map { p, mc in
            var cached: [String] = []
            for (i, id) in mc.alloc.enumerated() where !id.isNone {
                cached.append(TextLine.bind("class \(SpanClass(rawValue: UInt8(i))):", "s\(id.index)"))
            }
            let tiny = mc.tiny == 0 ? TextLine.bind("tiny", "none") : TextLine.bind("tiny", "\(hexAddress(mc.tiny))+\(mc.tinyoffset)")
            return TextLine(runs: [TextRun("p\(p) ", ctx.theme.fg(.normal, bold: true)),
                                   TextRun(ctx.t(tiny + "  " + (cached.isEmpty ? "(no cached spans)" : cached.joined(separator: "  "))))])
        }
    }
}
