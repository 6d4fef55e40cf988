// The terminal backend: starts curses, flushes a HeapTUI Screen to it (only the cells that
// changed since the last frame), reads keys, and always restores the terminal — on q, on
// Ctrl-C, SIGTERM and SIGHUP (the handlers record the signal and the loop ends curses; a
// two-second alarm restores the terminal from the handler if the loop does not), and on a
// crash (the shim's handler). The signal state lives in the shim with the rest of the curses
// handle's state (Sources/CNCurses/shim.h).

import CNCurses
import HeapTUI
#if canImport(Glibc)
import Glibc
#endif

/// A running curses session.
public final class CursesTerminal {
    private var previous: Screen?
    private let colors: Bool
    /// Colour pairs by foreground and background, made as cells need them (init_pair).
    private var pairs: [Int: Int16] = [:]

    /// Whether stdin and stdout are terminals (curses must never start otherwise).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// Whether this process is in the terminal's foreground process group. A view started in
    /// the background (`heapscope &`) would be stopped by SIGTTOU at its first write to the
    /// terminal, with the terminal half set up; it must not start.
    public static var isForeground: Bool {
        let fg = tcgetpgrp(STDIN_FILENO)
        return fg < 0 || fg == getpgrp()
    }

    /// Whether the terminal switches to an alternate screen (smcup), so that leaving it brings
    /// back what was there before.
    private var hasAlternateScreen: Bool {
        let smcup = tigetstr("smcup")
        return smcup != nil && Int(bitPattern: smcup) != -1
    }

    /// Why the view cannot start on this terminal.
    public enum OpenError: Error {
        /// curses knows no such terminal (TERM unset, or not in the terminfo database).
        case noTerminal
        /// The terminal cannot move its cursor (TERM=dumb): no frame can be drawn on it.
        case noCursorAddressing
    }

    /// Installs the signal handlers (before curses, so that ours win) and starts curses.
    ///
    /// The signals we rely on are unblocked first: a blocked mask is inherited through fork and
    /// exec, and a parent that blocks them (a test runner's thread, some process supervisors)
    /// would otherwise leave us deaf to Ctrl-C, SIGTERM, SIGHUP and SIGWINCH — no resizes, no
    /// way to stop but SIGKILL, and a terminal left in raw mode.
    public init(colors: Bool) throws(OpenError) {
        cnc_install_stop_handlers()
        setlocale(LC_ALL, "")
        cnc_save_modes()
        guard cnc_newterm_stdio(nil) != nil else { throw .noTerminal }
        // A terminal that cannot move the cursor (TERM=dumb) would take the whole frame as one
        // smeared line.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            endwin()
            throw .noCursorAddressing
        }
        // A crash (a trap in our code) must not leave the terminal raw and on the alternate
        // screen: the shim's handler restores it, then the crash goes on as it would have.
        cnc_install_crash_restore()
        cbreak()
        noecho()
        keypad(cnc_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        timeout(50)
        self.colors = colors && has_colors()
        if self.colors {
            start_color()
            use_default_colors()
        }
    }

    /// The curses colour number of a colour (-1: the terminal's default). Grey is colour 8
    /// (bright black) where the terminal has 16 colours, else white.
    private func number(_ c: CellStyle.Color) -> Int16 {
        switch c {
        case .normal: -1
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        case .gray: cnc_colors() >= 16 ? 8 : Int16(COLOR_WHITE)
        }
    }

    /// The pair for a style's colours, made on first use (0, the default pair, when the
    /// terminal has no pairs left).
    private func pair(_ s: CellStyle) -> Int16 {
        guard colors, s.foreground != .normal || s.background != .normal else { return 0 }
        let key = Int(s.foreground.rawValue) << 8 | Int(s.background.rawValue)
        if let p = pairs[key] { return p }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < cnc_color_pairs() else { return 0 }
        init_pair(next, number(s.foreground), number(s.background))
        pairs[key] = next
        return next
    }

    /// Whether mouse clicks are reported (off lets the terminal select text).
    public private(set) var mouse = false

    /// Turns mouse reporting on or off.
    public func setMouse(_ on: Bool) {
        guard on != mouse else { return }
        mouse = on && cnc_mouse(1) != 0
        if !on { _ = cnc_mouse(0) }
    }

    /// Ends curses and restores the terminal. Safe to call twice.
    public func close() {
        if mouse { setMouse(false) }
        if isendwin() == false {
            // A terminal without an alternate screen (the Linux console, vt100) keeps what was
            // drawn: the shell's prompt then landed on the frame's bottom border. Cleared first,
            // the prompt comes at the bottom of an empty screen.
            if !hasAlternateScreen {
                erase()
                refresh()
            }
            endwin()
            cnc_remove_crash_restore()
        }
        cnc_cancel_stop_alarm()
    }

    deinit { close() }

    /// The signal received, if any (the caller exits with 128 + it). A terminal that went away
    /// without a SIGHUP reaching us counts as SIGHUP.
    public var signal: Int32 {
        let s = cnc_stop_signal()
        return s != 0 ? s : (hungUp ? SIGHUP : 0)
    }

    /// Set when stdin reports a hang-up: getch would return ERR at once forever, so
    /// the loop must end instead of spinning.
    public private(set) var hungUp = false

    private func checkHangUp() {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        if poll(&fds, 1, 0) > 0, fds.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hungUp = true }
    }

    /// The terminal's size now.
    public var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &y, &x)
        return (Int(x), Int(y))
    }

    /// Draws the cells that differ from the last frame.
    public func draw(_ screen: Screen) {
        let full = previous == nil || previous!.width != screen.width || previous!.height != screen.height
        if full { erase() }
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let c = screen[x, y]
                if !full, previous![x, y] == c { continue }
                // The right half of a double-width character: curses drew it with the left half.
                if c.isContinuation { continue }
                var attrs: attr_t = 0
                if c.style.bold { attrs |= cnc_a_bold() }
                if c.style.reverse { attrs |= cnc_a_reverse() }
                if c.style.underline { attrs |= cnc_a_underline() }
                if c.style.dim || c.style.foreground == .gray { attrs |= colors ? 0 : cnc_a_dim() }
                let pair = self.pair(c.style)
                let ch = wchar_t(bitPattern: c.scalar.value)
                if x == screen.width - 1 && y == screen.height - 1 {
                    _ = cnc_insert_cell(Int32(y), Int32(x), ch, pair, attrs)
                } else {
                    _ = cnc_put_cell(Int32(y), Int32(x), ch, pair, attrs)
                }
            }
        }
        previous = screen
        refresh()
    }

    /// After ESC: a plain Escape, or a control sequence the terminal's description does not
    /// list (Home as `ESC [ 1 ~` under TERM=xterm inside tmux, a bracketed paste's markers),
    /// read to its end and taken whole — its bytes are never keys of their own (`[` is "previous
    /// mark", `1` a panel). Home, End and Shift-Tab in their other spellings are understood.
    private func escapeSequence() -> Key? {
        // curses has waited ESCDELAY for the rest already: what came is in its buffer.
        timeout(0)
        defer { timeout(50) }
        let next = getch()
        switch next {
        case ERR:
            return .escape
        case 91:  // "[": a CSI sequence — parameter and intermediate bytes, then one final byte 0x40–0x7E (ECMA-48)
            var parameters = ""
            for _ in 0..<64 {
                let b = getch()
                guard b != ERR else { return nil }
                if b >= 0x40 && b <= 0x7E {
                    switch (parameters, b) {
                    case ("1", 126), ("7", 126), ("", 72): return .home    // ~, H
                    case ("4", 126), ("8", 126), ("", 70): return .end     // ~, F
                    case ("", 90): return .backTab   // Z: Shift-Tab where terminfo has no kcbt (vt100, linux)
                    default: return nil
                    }
                }
                parameters.append(Character(Unicode.Scalar(UInt8(truncatingIfNeeded: b))))
            }
            return nil
        case 79:  // "O": SS3 and one byte
            switch getch() {
            case 72: return .home
            case 70: return .end
            default: return nil
            }
        default:
            // Alt and a key: Escape, and the key on the next read.
            ungetch(next)
            return .escape
        }
    }

    /// The next key, or nil after the 50 ms tick. Read as wide characters (get_wch), so that a
    /// letter outside ASCII reaches the find prompt whole instead of as its UTF-8 bytes.
    public func readKey() -> Key? {
        var ch: UInt32 = 0
        let kind = cnc_get_wch(&ch)
        if kind < 0 {
            checkHangUp()
            return nil
        }
        // A character past ASCII (C1 controls aside) is a key of its own; the rest go through
        // the same table as getch's codes, which they equal.
        if kind == 0, ch >= 0xA0, let u = Unicode.Scalar(ch) { return .char(u) }
        let k = Int32(bitPattern: ch)
        switch k {
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case 10, 13, KEY_ENTER: return .enter
        case 9: return .tab
        case CNC_KEY_BTAB: return .backTab
        case KEY_HOME, CNC_KEY_FIND: return .home
        case KEY_END, CNC_KEY_SELECT: return .end
        case 27: return escapeSequence()
        case CNC_KEY_BACKSPACE, 127, 8: return .backspace
        case CNC_KEY_MOUSE:
            var y: Int32 = 0, x: Int32 = 0
            switch cnc_click(&y, &x) {
            case 1: return .click(x: Int(x), y: Int(y))
            case 2: return .wheel(x: Int(x), y: Int(y), up: true)
            case 3: return .wheel(x: Int(x), y: Int(y), up: false)
            default: return nil
            }
        case CNC_KEY_RESIZE:
            previous = nil
            return .resize
        default:
            // Keys the terminal's description adds under names of its own (TERM=linux has
            // Shift-Tab both as kcbt, ESC Tab, and as the extended kcbt2, ESC [ Z).
            if kind == 1, let name = keyname(k).map({ String(cString: $0) }) {
                if name.hasPrefix("kcbt") { return .backTab }
                if name.hasPrefix("khome") { return .home }
                if name.hasPrefix("kend") { return .end }
                return nil
            }
            guard k >= 32, k < 127, let u = Unicode.Scalar(UInt32(k)) else { return nil }
            return .char(u)
        }
    }
}
