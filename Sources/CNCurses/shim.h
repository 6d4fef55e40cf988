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
