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

    /// Whether stdin and stdout are terminals (curses must never start otherwise).
    public static var isInteractive: Bool { isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0 }

    /// Whether this process is in the terminal's foreground process group. A view started in
    /// the background (`heapscope &`) would be stopped by SIGTTOU at its first write to the
    /// terminal, with the terminal half set up; it must not start.
    public static var isForeground: Bool {
        let fg = tcgetpgrp(STDIN_FILENO)
        return fg < 0 || fg == getpgrp()
    }

    /// Installs the signal handlers (before curses, so that ours win) and starts curses.
    ///
    /// The signals we rely on are unblocked first: a blocked mask is inherited through fork and
    /// exec, and a parent that blocks them (a test runner's thread, some process supervisors)
    /// would otherwise leave us deaf to Ctrl-C, SIGTERM, SIGHUP and SIGWINCH — no resizes, no
    /// way to stop but SIGKILL, and a terminal left in raw mode.
    public init?(colors: Bool) {
        cnc_install_stop_handlers()
        setlocale(LC_ALL, "")
        cnc_save_modes()
        guard cnc_newterm_stdio(nil) != nil else { return nil }
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
            let map: [(CellStyle.Color, Int32)] = [(.red, COLOR_RED), (.green, COLOR_GREEN), (.yellow, COLOR_YELLOW),
                                                   (.blue, COLOR_BLUE), (.magenta, COLOR_MAGENTA), (.cyan, COLOR_CYAN),
                                                   (.white, COLOR_WHITE), (.gray, COLOR_WHITE)]
            for (c, n) in map { init_pair(Int16(c.rawValue), Int16(n), -1) }
        }
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
                let pair = colors ? Int16(c.style.foreground.rawValue) : 0
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

    /// The next key, or nil after the 50 ms tick.
    public func readKey() -> Key? {
        let k = getch()
        switch k {
        case ERR:
            checkHangUp()
            return nil
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case 10, 13, KEY_ENTER: return .enter
        case 9: return .tab
        case CNC_KEY_BTAB: return .backTab
        case 27: return .escape
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
            guard k >= 32, k < 127, let u = Unicode.Scalar(UInt32(k)) else { return nil }
            return .char(u)
        }
    }
}
