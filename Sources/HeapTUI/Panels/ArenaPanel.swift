// The arena: the heap's pages as cells, spans drawn as runs by state.
//
//   █▇▆…▁  a span in use, by occupancy (allocCount / nelems), coloured by size class
//   ▓      a large object's span
//   ░      free pages, still mapped (HeapIdle)
//   ·      free pages released to the OS (HeapReleased)
//   (blank) address space not mapped yet
//   sN     the first cells of span N, when a page is drawn several cells wide
//   underlined, bold: pages the last step touched (StepChanges)
//
// Zoom (`z`): by default the pages from the arena's start to the highest in use, with room to
// grow — a program that uses three pages sees three big blocks, not one cell among 8,192; or
// the whole arena; or one page per cell around the cursor. The legend says which pages are
// shown and how many lie above.

import HeapEngine

/// Which pages the Arena panel shows and how pages map to cells.
struct ArenaGeometry: Equatable {
    /// The first page shown and how many.
    var firstPage = 0, pages = 0
    /// Pages per cell (≥ 1), and cells per page (≥ 1, more than 1 only at one page per cell).
    var perCell = 1, cellsPerPage = 1
    /// The grid: cells per row and rows.
    var columns = 0, rows = 0
    /// Screen columns per cell (two in presenter mode).
    var cellWidth = 1

    var cells: Int { columns * rows }

    /// The cell that shows `page`, if it is shown.
    func cell(ofPage page: Int) -> Int? {
        guard page >= firstPage, page < firstPage + pages else { return nil }
        let c = perCell > 1 ? (page - firstPage) / perCell : (page - firstPage) * cellsPerPage
        return c < cells ? c : nil
    }

    /// The first page cell `c` shows.
    func page(atCell c: Int) -> Int? {
        guard c >= 0, c < cells else { return nil }
        let p = perCell > 1 ? firstPage + c * perCell : firstPage + c / cellsPerPage
        return p < firstPage + pages ? p : nil
    }

    /// The pages cell `c` shows.
    func pages(inCell c: Int) -> Range<Int> {
        guard let p = page(atCell: c) else { return 0..<0 }
        return p..<min(firstPage + pages, p + perCell)
    }
}

enum ArenaPanel {
    /// The highest page in use, plus one.
    static func usedExtent(_ heap: Heap) -> Int {
        var highest = 0
        for s in heap.mheap.allspans where s.state == .inUse { highest = max(highest, Int(s.startPage + s.npages)) }
        return highest
    }

    static func cellWidth(_ ctx: PanelContext) -> Int { ctx.theme.presenter ? 2 : 1 }

    /// The legend's lines at this width (below the grid).
    static func legend(_ ctx: PanelContext, _ geo: ArenaGeometry, width: Int) -> [TextLine] {
        let g = ctx.glyphs
        let heap = ctx.heap
        let last = geo.firstPage + geo.pages - 1
        let scale = geo.perCell > 1 ? "\(geo.perCell) pages/cell" : (geo.cellsPerPage > 1 ? "1 page = \(geo.cellsPerPage) cells" : "1 page/cell")
        let above = heap.mheap.arenaPages - geo.firstPage - geo.pages
        var where_ = TextLine.bind("pages", "\(geo.firstPage)–\(last) of \(heap.mheap.arenaPages)")
        if geo.firstPage > 0 { where_ += " " + TextLine.bind("(\(geo.firstPage)", "below)") }
        if above > 0 { where_ += " " + TextLine.bind("(\(above)", "more above)") }
        // Before the first allocation nothing is reserved or mapped (HeapSys 0): the pages are
        // the simulated arena's address range, not memory the heap has.
        if heap.mheap.mappedPages == 0 { where_ += ", none mapped yet (the first allocation's mheap.grow maps them)" }
        // ASCII has no bar heights to read: its eight occupancy glyphs are listed in order.
        let occupancy = g.asciiOnly ? [TextLine.bind(String(String.UnicodeScalarView(g.occupancy)), "sparse to full")]
            : [TextLine.bind(String(g.occupancy.last!), "full"), TextLine.bind(String(g.occupancy.first!), "sparse")]
        let key = (occupancy + [TextLine.bind(String(g.large), "large"), TextLine.bind(String(g.free), "idle"),
                                TextLine.bind(String(g.released), "released")]).joined(separator: " ")
        let text = "\(scale), \(ctx.view.zoom.name) (z)  \(where_)  \(key)"
        var lines = [TextLine(ctx.t(text), ctx.theme.fg(.gray))]
        if heap.profile.pageAllocator == .bitmap { lines.append(TextLine(ctx.t(pageAllocLine(heap, geo)), ctx.theme.fg(.gray))) }
        return lines
    }

    /// go1.25's page allocator in a line: the bitmap's counts, and the radix summaries
    /// (free pages at the start, longest free run, free pages at the end) of the chunks shown
    /// and of the level-3 entry above them.
    static func pageAllocLine(_ heap: Heap, _ geo: ArenaGeometry) -> String {
        let pa = heap.mheap.pages
        let chunk = PageAlloc.chunkPages
        let (free, released) = pa.counts
        func sum(_ s: PageAlloc.Summary) -> String { "(\(s.start),\(s.max),\(s.end))" }
        var parts = ["pallocBits " + TextLine.bind(String(pa.mappedPages / chunk), "×512 pages:") + " "
                     + TextLine.bind(String(pa.mappedPages - free), "used") + " " + TextLine.bind(String(free), "free") + " ("
                     + TextLine.bind(String(released), "released)") + "  " + TextLine.bind("searchAddr", "page \(pa.searchPage)")]
        let firstChunk = geo.firstPage / chunk
        let lastChunk = min((geo.firstPage + geo.pages - 1) / chunk, max(0, pa.mappedPages - 1) / chunk)
        var chunks: [String] = []
        for c in firstChunk...max(firstChunk, lastChunk) where chunks.count < 4 {
            chunks.append("c\(c) " + sum(pa.summary(from: c * chunk, pages: chunk)))
        }
        if lastChunk - firstChunk + 1 > 4 { chunks.append("…") }
        parts.append(TextLine.bind("summaries", "(start,max,end):") + " L4 " + chunks.joined(separator: " "))
        let l3 = PageAlloc.levelPages[3]
        parts.append("L3 " + sum(pa.summary(from: geo.firstPage / l3 * l3, pages: l3)))
        return parts.joined(separator: "  ")
    }

    /// The grid area and geometry for the panel's inside `r`.
    /// The grid's rectangle, the legend rows that fit below it, and how many more the legend
    /// has than fit (said on the border: text is never cut silently).
    static func layout(_ ctx: PanelContext, _ r: Rect) -> (grid: Rect, legend: [[TextRun]], geometry: ArenaGeometry, hidden: Int) {
        // The legend's height depends on its text, which depends on the geometry: two passes.
        var legendRows = 1
        var geo = ArenaGeometry()
        var rows: [[TextRun]] = []
        for _ in 0..<2 {
            let gridHeight = max(1, r.height - legendRows)
            geo = geometry(ctx, columns: r.width / cellWidth(ctx), rows: gridHeight)
            rows = TextLayout.rows(legend(ctx, geo, width: r.width), width: r.width)
            if rows.count == legendRows { break }
            legendRows = min(rows.count, max(0, r.height - 1))
        }
        let grid = Rect(x: r.x, y: r.y, width: r.width, height: max(0, r.height - legendRows))
        return (grid, Array(rows.prefix(legendRows)), geo, max(0, rows.count - legendRows))
    }

    static func geometry(_ ctx: PanelContext, columns: Int, rows: Int) -> ArenaGeometry {
        let heap = ctx.heap
        let total = heap.mheap.arenaPages
        var geo = ArenaGeometry(columns: max(0, columns), rows: max(0, rows), cellWidth: cellWidth(ctx))
        let cells = max(1, geo.cells)
        switch ctx.view.zoom {
        case .used:
            let used = usedExtent(heap)
            geo.pages = min(total, max(16, used + max(4, used / 4)))
        case .whole:
            geo.pages = total
        case .page:
            geo.pages = min(total, cells)
            geo.firstPage = min(max(0, total - geo.pages), ctx.view.cursorPage / cells * cells)
        }
        if geo.pages > cells {
            geo.perCell = (geo.pages + cells - 1) / cells
        } else if ctx.view.zoom == .used, geo.columns > 0, geo.rows > 0 {
            // Few pages: each takes a block of cells, the same number of pages on every row
            // (or whole rows per page when there are fewer pages than rows).
            let perRow = (geo.pages + geo.rows - 1) / geo.rows
            var k = geo.columns / max(1, perRow)
            if perRow == 1 { k = geo.columns * max(1, geo.rows / max(1, geo.pages)) }
            geo.cellsPerPage = max(1, min(k, 8 * geo.columns))
            // Each row holds whole pages: with 23 cells a page on a 47-cell row, the third page
            // (and its "s2") began at the row's last cell and went on below. The spare cells at
            // the right stay blank.
            if geo.cellsPerPage < geo.columns { geo.columns = geo.columns / geo.cellsPerPage * geo.cellsPerPage }
        }
        return geo
    }

    /// The page under screen cell (x, y) of the panel's inside `r`, if it shows one.
    static func page(atX x: Int, y: Int, _ ctx: PanelContext, _ r: Rect) -> Int? {
        let (grid, _, geo, _) = layout(ctx, r)
        guard x >= grid.x, y >= grid.y, y < grid.y + grid.height else { return nil }
        let column = (x - grid.x) / geo.cellWidth
        guard column < geo.columns else { return nil }
        return geo.page(atCell: (y - grid.y) * geo.columns + column)
    }

    @discardableResult
    static func draw(_ ctx: PanelContext, into screen: inout Screen, _ r: Rect) -> PanelOverflow {
        let heap = ctx.heap
        let g = ctx.glyphs
        let (grid, legendRows, geo, hidden) = layout(ctx, r)
        let overflow = PanelOverflow(above: 0, below: hidden)
        let cells = geo.cells
        guard cells > 0 else { return overflow }
        // One pass over the spans: what each shown page is.
        let lo = geo.firstPage, n = min(geo.pages, heap.mheap.arenaPages - lo)
        var kind = [UInt8](repeating: 0, count: n)  // 0 unmapped 1 free 2 released 3 used 4 large
        var occ = [Double](repeating: 0, count: n)
        var cls = [Int](repeating: 0, count: n)
        var spanStart = [Int32](repeating: -1, count: n)
        for p in 0..<max(0, min(n, heap.mheap.mappedPages - lo)) { kind[p] = 1 }
        for (i, s) in heap.mheap.allspans.enumerated() where s.state == .inUse || s.state == .free {
            let start = Int(s.startPage), end = start + Int(s.npages)
            guard end > lo, start < lo + n else { continue }
            if s.state == .inUse, start >= lo { spanStart[start - lo] = Int32(i) }
            for p in max(start, lo)..<min(end, lo + n) {
                if s.state == .free { kind[p - lo] = s.scavenged ? 2 : 1; continue }
                kind[p - lo] = s.isLarge ? 4 : 3
                occ[p - lo] = s.nelems > 0 ? Double(s.allocCount) / Double(s.nelems) : 1
                cls[p - lo] = s.spanclass.sizeclass
            }
        }
        // go1.25: free pages are no span; the page bitmap says which are released.
        if heap.profile.pageAllocator == .bitmap {
            let pa = heap.mheap.pages
            for p in 0..<n where kind[p] == 1 && lo + p < pa.mappedPages && pa.isScavenged(lo + p) { kind[p] = 2 }
        }
        func cellGlyph(_ pages: Range<Int>) -> (Unicode.Scalar, CellStyle) {
            var best: UInt8 = 0
            var o = 0.0, count = 0, c = 0
            for p in pages where p - lo < n {
                let k = kind[p - lo]
                if k >= 3 { o += occ[p - lo]; count += 1; c = cls[p - lo] }
                if k == 4 || (k == 3 && best != 4) || (k < 3 && best < 3 && k > best) { best = max(best, k) }
            }
            switch best {
            case 4: return (g.large, ctx.theme.fg(.white))
            case 3:
                let f = count > 0 ? o / Double(count) : 0
                return (g.occupancy[min(g.occupancy.count - 1, Int(f * Double(g.occupancy.count - 1) + 0.5))], ctx.theme.fg(ctx.classColor(c)))
            case 2: return (g.released, ctx.theme.fg(.gray))
            case 1: return (g.free, ctx.theme.fg(.gray))
            default: return (g.unmapped, .plain)
            }
        }
        let cursorCells = geo.cell(ofPage: ctx.view.cursorPage).map { c in c..<(c + (geo.perCell > 1 ? 1 : geo.cellsPerPage)) } ?? 0..<0
        for i in 0..<cells {
            let pages = geo.pages(inCell: i)
            guard !pages.isEmpty else { break }
            var (glyph, style) = cellGlyph(pages)
            if ctx.changes.anyPage(in: pages) { style.underline = true; style.bold = true }
            if cursorCells.contains(i) && ctx.view.focus == .arena { style.reverse = true }
            for dx in 0..<geo.cellWidth {
                screen[grid.x + (i % geo.columns) * geo.cellWidth + dx, grid.y + i / geo.columns] = Cell(glyph, style: style)
            }
        }
        // Span boundaries: "sN" over the first cells of each span, where its run is long enough.
        if geo.perCell == 1 && geo.cellsPerPage > 1 {
            for (p, id) in spanStart.enumerated() where id >= 0 {
                let s = heap.mheap.allspans[Int(id)]
                let label = "s\(id)"
                let run = Int(s.npages) * geo.cellsPerPage * geo.cellWidth
                guard run >= label.count + 1, let c = geo.cell(ofPage: lo + p) else { continue }
                var style = cellGlyph((lo + p)..<(lo + p + 1)).1
                style.reverse = !style.reverse
                style.bold = true
                for (k, u) in label.unicodeScalars.enumerated() {
                    let cellIndex = c + k / geo.cellWidth
                    guard cellIndex < cells else { break }
                    let x = grid.x + (cellIndex % geo.columns) * geo.cellWidth + k % geo.cellWidth
                    screen[x, grid.y + cellIndex / geo.columns] = Cell(u, style: style)
                }
            }
        }
        let legendArea = Rect(x: r.x, y: grid.y + grid.height, width: r.width, height: r.height - grid.height)
        screen.draw(legendRows, in: legendArea, from: 0)
        return overflow
    }
}
