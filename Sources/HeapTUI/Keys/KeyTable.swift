// The keys, in one table: the event loop dispatches from it and the help screen is generated
// from it, so the two cannot disagree.

/// What a key does.
public enum Command: Equatable, Sendable {
    case playPause, stepForward, stepBack, nextMark, previousMark, first, last, faster, slower
    case focusNext, focusPrevious, focus(PanelID), cursor(dx: Int, dy: Int), inspect, find, help, toggleMouse, quit
    /// Scroll the focused panel by rows (or move the cursor in Arena and Span), or by pages.
    case scroll(Int), page(Int)
    case zoom, follow
}

/// A key as the backend reports it.
public enum Key: Hashable, Sendable {
    case char(Unicode.Scalar)
    case left, right, up, down, enter, tab, backTab, escape, backspace, resize, pageUp, pageDown, home, end
    /// A mouse click at a screen cell.
    case click(x: Int, y: Int)
    /// The mouse wheel over a screen cell (up: toward the top).
    case wheel(x: Int, y: Int, up: Bool)
}

/// One row of the key table.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    /// How the keys are written in the help (`→ l n`).
    public let label: String
    public let help: String
    public let command: Command
}

public enum KeyTable {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.char(" ")], label: "Space", help: "play / pause", command: .playPause),
        KeyBinding(keys: [.char("l"), .char("n")], label: "l n →", help: "next step", command: .stepForward),
        KeyBinding(keys: [.char("h"), .char("p")], label: "h p ←", help: "previous step (rewind)", command: .stepBack),
        KeyBinding(keys: [.char("]")], label: "]", help: "next mark: GC cycle or phase, bookmark, pause, question, answer", command: .nextMark),
        KeyBinding(keys: [.char("[")], label: "[", help: "previous mark", command: .previousMark),
        KeyBinding(keys: [.char("g"), .home], label: "g Home", help: "first step", command: .first),
        KeyBinding(keys: [.char("G"), .end], label: "G End", help: "last step", command: .last),
        KeyBinding(keys: [.char("+"), .char("=")], label: "+", help: "play faster", command: .faster),
        KeyBinding(keys: [.char("-")], label: "-", help: "play slower", command: .slower),
        KeyBinding(keys: [.tab], label: "Tab", help: "next panel", command: .focusNext),
        KeyBinding(keys: [.backTab], label: "S-Tab", help: "previous panel", command: .focusPrevious),
        KeyBinding(keys: [.up], label: "↑", help: "cursor up (Arena, Span), previous object (Objects); scroll up", command: .scroll(-1)),
        KeyBinding(keys: [.down], label: "↓", help: "cursor down (Arena, Span), next object (Objects); scroll down", command: .scroll(1)),
        KeyBinding(keys: [.pageUp], label: "PgUp", help: "scroll a page up", command: .page(-1)),
        KeyBinding(keys: [.pageDown], label: "PgDn", help: "scroll a page down", command: .page(1)),
        KeyBinding(keys: [.char("z")], label: "z", help: "arena zoom: used range, whole, 1 page", command: .zoom),
        KeyBinding(keys: [.char("f")], label: "f", help: "follow each step's span on / off", command: .follow),
        KeyBinding(keys: [.enter], label: "Enter", help: "inspect the object at cursor", command: .inspect),
        KeyBinding(keys: [.char("/")], label: "/", help: "find a variable, a path (c.next) or an address", command: .find),
        KeyBinding(keys: [.char("m")], label: "m", help: "mouse on / off", command: .toggleMouse),
        KeyBinding(keys: [.char("?")], label: "?", help: "this help", command: .help),
        KeyBinding(keys: [.char("q")], label: "q", help: "quit", command: .quit),
    ] + PanelID.allCases.map {
        KeyBinding(keys: [.char(Unicode.Scalar(UInt8(48 + $0.rawValue)))], label: "\($0.rawValue)",
                   help: "focus the \($0.title) panel", command: .focus($0))
    }

    /// The command for a key. ← and → step unless a panel with a cursor has focus.
    public static func command(for key: Key, focus: PanelID) -> Command? {
        switch key {
        case .left: return focus == .arena || focus == .span ? .cursor(dx: -1, dy: 0) : .stepBack
        case .right: return focus == .arena || focus == .span ? .cursor(dx: 1, dy: 0) : .stepForward
        case .up, .down:
            let d = key == .up ? -1 : 1
            return focus == .arena || focus == .span || focus == .objects ? .cursor(dx: 0, dy: d) : .scroll(d)
        default: return bindings.first { $0.keys.contains(key) }?.command
        }
    }

    /// The help, from the table: a header, one entry per binding (digits folded into one line
    /// at the end), and a footer.
    public static let helpHeader = "Keys (← → move the cursor in Arena and Span, and step elsewhere):"
    public static var helpEntries: [String] {
        bindings.filter { if case .focus = $0.command { false } else { true } }.map { $0.label.padded(labelWidth) + $0.help }
    }
    /// The widest key label and a space.
    static var labelWidth: Int { (bindings.map { $0.label.count }.max() ?? 5) + 1
    }
    public static var helpFooter: [String] {
        ["1–9".padded(labelWidth) + "focus a panel: " + PanelID.allCases.map { TextLine.bind("\($0.rawValue)", $0.title) }.joined(separator: ", "),
         "Esc".padded(labelWidth) + "cancel a jump under way, a search, the inspector or this help; forget the keys typed during a jump",
         "Underlined bold cells: what the last step changed. Arena colours, where there is colour: the span's size class.",
         "Timeline: ▲ this step, ◆ a bookmark, ‖ a pause, ? a question, | a step where the collector started or ended a cycle or changed phase (] and [ stop at these, and at a question and its answer)."]
    }
    public static var helpLines: [String] { [helpHeader] + helpEntries + helpFooter }
}
