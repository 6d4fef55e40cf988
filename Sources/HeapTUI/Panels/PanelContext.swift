// What every panel reads: the heap after the current step, its record, the view state and the theme.

import HeapEngine
import HeapScenario

/// Everything a panel needs to draw itself.
public struct PanelContext {
    public let playback: Playback
    public let view: ViewState
    public let theme: Theme
    /// What the last step touched (highlighted by the Arena and Span panels).
    public let changes: StepChanges
    /// The heap after the current step (yielded in place: a copy of the Heap value retains
    /// every one of its arrays, and panels read it per row).
    public var heap: Heap { _read { yield playback.machine.heap } }
    public var record: StepRecord { playback.record }
    public var glyphs: Glyphs { theme.glyphs }
    /// Whether the caption is drawn in the title bar (presenter mode, when it fits there).
    var captionInTitle = false
    /// The object graph, walked once per frame (HeapView.render) and shared by the Objects
    /// panel and the narration's names.
    var cachedGraph: ObjectGraph?
    var graph: ObjectGraph { cachedGraph ?? ObjectGraph(playback.machine) }
    /// The Objects panel's content at the width it is drawn (built once per frame).
    var cachedObjects: (width: Int, content: ObjectsPanel.Content)?

    /// `changes` is what to highlight; only drawing needs it (the App's cursor and click
    /// helpers build contexts without it).
    public init(playback: Playback, view: ViewState, theme: Theme, changes: StepChanges = StepChanges()) {
        self.playback = playback
        self.view = view
        self.theme = theme
        self.changes = changes
    }

    /// The span under the arena cursor, if the page belongs to an in-use span.
    public var selectedSpan: SpanID? {
        guard view.cursorPage >= 0, view.cursorPage < heap.mheap.arenaPages else { return nil }
        let id = heap.mheap.spans[view.cursorPage]
        guard !id.isNone else { return nil }
        // spans is exact for in-use spans only: a free span records its first and last
        // pages, so an interior page may still name a span that has since been reused.
        let s = heap.mheap.allspans[id.index]
        guard s.state == .inUse, view.cursorPage >= Int(s.startPage), view.cursorPage < Int(s.startPage + s.npages) else { return nil }
        return id
    }

    /// A colour per size class, so spans of one class look alike (glyphs carry the meaning).
    public func classColor(_ c: Int) -> CellStyle.Color {
        let palette: [CellStyle.Color] = [.cyan, .green, .yellow, .magenta, .blue, .red]
        return c == 0 ? .white : palette[c % palette.count]
    }

    /// Text as this theme can draw it (ASCII forms under `--ascii`).
    func t(_ s: String) -> String { theme.text(s) }

    /// A line of text in this theme.
    func line(_ s: String, _ style: CellStyle = .plain, preformatted: Bool = false) -> TextLine {
        TextLine(t(s), style, preformatted: preformatted)
    }
}

/// What a panel drew: rows hidden above and below (HeapView marks them on the border).
struct PanelOverflow: Equatable {
    var above = 0
    var below = 0
    static let none = PanelOverflow()
}
