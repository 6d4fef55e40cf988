// What the person looking at the heap has chosen: focus, cursor, speed, help, inspection.

/// The panels, in Tab order (digits 1–9 jump to them).
public enum PanelID: Int, CaseIterable, Sendable {
    case arena = 1, span, central, mcache, gc, stats, narration, timeline, objects

    public var title: String {
        switch self {
        case .arena: "Arena"
        case .span: "Span"
        case .central: "mcentral"
        case .mcache: "mcache"
        case .gc: "GC"
        case .stats: "MemStats"
        case .narration: "Narration"
        case .timeline: "Timeline"
        case .objects: "Objects"
        }
    }
}

/// The interactive state of the view (not of the heap).
public struct ViewState: Equatable, Sendable {
    /// Narration first, so that ← and → step; Tab to the arena or a span to move a cursor.
    public var focus: PanelID = .narration
    /// The page under the arena cursor.
    public var cursorPage = 0
    /// The slot under the span cursor.
    public var cursorSlot = 0
    public var playing = false
    /// Steps per second while playing.
    public var speed = 4
    public var showHelp = false
    /// An object being inspected (Enter), by address.
    public var inspected: UInt64?
    /// A one-line message (search result, errors), shown in the timeline until the next key.
    public var message: String?
    /// The find prompt's text while `/` is open (nil when closed).
    public var query: String?
    /// Whether mouse clicks are used.
    public var mouse = true
    /// Whether the cells the last step changed are highlighted (underlined and bold).
    public var highlightChanges = true
    /// Rows scrolled past at the top of each text panel (the view clamps them to the content).
    public var scroll: [PanelID: Int] = [:]
    /// Rows scrolled past in the help or the inspector.
    public var overlayScroll = 0
    /// Whether the arena cursor and the Span panel follow what each step touched; moving the
    /// cursor turns it off, `f` on again.
    public var follow = true
    /// How much of the arena the Arena panel shows (`z` cycles).
    public var zoom: ArenaZoom = .used
    /// In a split view's other pane: what to say before the scenario's captions, which were
    /// written for the other profile ("captions written for go1.25").
    public var captionNote: String?
    public init() {}
}

/// The Arena panel's zoom levels.
public enum ArenaZoom: Equatable, Sendable, CaseIterable {
    /// The pages from the arena's start to the highest in use, with room to grow; when they
    /// are few, each page takes several cells.
    case used
    /// Every page of the arena.
    case whole
    /// One page per cell, around the cursor.
    case page

    public var next: ArenaZoom {
        let all = ArenaZoom.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    public var name: String {
        switch self {
        case .used: "used range"
        case .whole: "whole arena"
        case .page: "around the cursor"
        }
    }
}
