// The thin backend: the only module that talks to ncursesw. For now it reports which curses
// library heapscope is linked with; drawing a HeapTUI Screen to the terminal arrives with the
// curses front end.

import CNCurses

/// Facts about the linked curses library.
public enum CursesLibrary {
    /// The ncurses version string, e.g. "ncurses 6.4.20221231".
    public static var version: String {
        guard let v = curses_version() else { return "unknown" }
        return String(cString: v)
    }
}
