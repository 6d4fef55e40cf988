#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* Ask for the wide-character (X/Open) API before curses.h is read: without these,
   add_wch, setcchar and cchar_t are not declared (swift-ncurses.md, pitfall P3). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <signal.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Swift 6 treats imported C globals (stdscr, LINES, COLS) as shared mutable state and
   cannot import macros built from other macros (A_BOLD): these accessors re-export them. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
/* newterm on the process's stdio, so a missing terminal returns NULL instead of exiting
   inside initscr (pitfall P9). */
static inline SCREEN *cnc_newterm_stdio(const char *term) { return newterm(term, stdout, stdin); }
/* getmaxyx is a macro with out-parameters (pitfall P4). */
static inline void cnc_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
/* KEY_RESIZE and KEY_BTAB as plain constants. */
static const int CNC_KEY_RESIZE = KEY_RESIZE;
static const int CNC_KEY_BTAB = KEY_BTAB;
static const int CNC_KEY_MOUSE = KEY_MOUSE;
static const int CNC_KEY_BACKSPACE = KEY_BACKSPACE;
/* Mouse: button-1 presses reported at once (no click interval), or nothing, so that the
   terminal's own text selection works again. BUTTON1_* are macros of macros (P4). */
static inline int cnc_mouse(int on) {
    mmask_t old;
    mouseinterval(0);
    return mousemask(on ? (BUTTON1_PRESSED | BUTTON1_CLICKED) : 0, &old) != 0 || !on;
}
/* The position of the mouse event just read (getch returned KEY_MOUSE); 0 if none. */
static inline int cnc_click(int *y, int *x) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    if (!(e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) return 0;
    *y = e.y; *x = e.x;
    return 1;
}
/* One cell with a colour pair and attributes, through the wide API (no attron/attroff pairs). */
static inline int cnc_put_cell(int y, int x, wchar_t ch, short pair, attr_t attrs) {
    cchar_t cell;
    wchar_t wch[2] = { ch, 0 };
    setcchar(&cell, wch, attrs, pair, NULL);
    return mvadd_wch(y, x, &cell);
}
/* The bottom-right cell cannot be written with add (the cursor cannot advance past it, P8). */
static inline int cnc_insert_cell(int y, int x, wchar_t ch, short pair, attr_t attrs) {
    cchar_t cell;
    wchar_t wch[2] = { ch, 0 };
    setcchar(&cell, wch, attrs, pair, NULL);
    return mvins_wch(y, x, &cell);
}
#endif
