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
/* newterm on the process's stdio, so a missing terminal returns NULL instead of exiting
   inside initscr (pitfall P9). */
static inline SCREEN *cnc_newterm_stdio(const char *term) { return newterm(term, stdout, stdin); }
#endif
