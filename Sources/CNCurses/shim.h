#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* Ask for the wide-character (X/Open) API before curses.h is read: without these,
   add_wch, setcchar and cchar_t are not declared (ncursesw's curses.h guards them). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Swift 6 treats imported C globals (stdscr, LINES, COLS) as shared mutable state and
   cannot import macros built from other macros (A_BOLD): these accessors re-export them. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
/* newterm on the process's stdio, so a missing terminal returns NULL instead of exiting
   inside initscr (initscr calls exit() when it cannot set up the terminal). */
static inline SCREEN *cnc_newterm_stdio(const char *term) { return newterm(term, stdout, stdin); }
/* getmaxyx is a macro with out-parameters, which Swift cannot call. */
static inline void cnc_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
/* get_wch: 0 and a character (any Unicode scalar the locale decodes: `é` typed into the
   find prompt), 1 and a KEY_ code, or -1 (ERR: nothing within the timeout). wint_t differs
   between platforms; an unsigned int is what Swift needs. */
static inline int cnc_get_wch(unsigned int *ch) {
    wint_t w = 0;
    int r = get_wch(&w);
    *ch = (unsigned int)w;
    return r == OK ? 0 : (r == KEY_CODE_YES ? 1 : -1);
}
/* KEY_RESIZE and KEY_BTAB as plain constants. */
static const int CNC_KEY_RESIZE = KEY_RESIZE;
static const int CNC_KEY_BTAB = KEY_BTAB;
static const int CNC_KEY_MOUSE = KEY_MOUSE;
static const int CNC_KEY_BACKSPACE = KEY_BACKSPACE;
static const int CNC_KEY_FIND = KEY_FIND;
static const int CNC_KEY_SELECT = KEY_SELECT;
/* Mouse: button-1 presses reported at once (no click interval) and the wheel (buttons 4 and
   5), or nothing, so that the terminal's own text selection works again. BUTTON*_* are macros
   of macros. */
static inline int cnc_mouse(int on) {
    mmask_t old;
    mouseinterval(0);
    mmask_t wanted = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    wanted |= BUTTON5_PRESSED;
#endif
    return mousemask(on ? wanted : 0, &old) != 0 || !on;
}
/* The mouse event just read (getch returned KEY_MOUSE) and its position: 1 a click, 2 the
   wheel up, 3 the wheel down, 0 anything else. */
static inline int cnc_click(int *y, int *x) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *y = e.y; *x = e.x;
    if (e.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 2;
#ifdef BUTTON5_PRESSED
    if (e.bstate & BUTTON5_PRESSED) return 3;
#endif
    return 0;
}
/* One cell with a colour pair and attributes, through the wide API (no attron/attroff pairs). */
static inline int cnc_put_cell(int y, int x, wchar_t ch, short pair, attr_t attrs) {
    cchar_t cell;
    wchar_t wch[2] = { ch, 0 };
    setcchar(&cell, wch, attrs, pair, NULL);
    return mvadd_wch(y, x, &cell);
}
/* The bottom-right cell cannot be written with add (the cursor cannot advance past it). */
static inline int cnc_insert_cell(int y, int x, wchar_t ch, short pair, attr_t attrs) {
    cchar_t cell;
    wchar_t wch[2] = { ch, 0 };
    setcchar(&cell, wch, attrs, pair, NULL);
    return mvins_wch(y, x, &cell);
}
/* Restoring the terminal when the program crashes (a Swift trap is SIGILL or SIGTRAP; also
   SIGSEGV, SIGBUS, SIGFPE, SIGABRT). endwin() is not async-signal-safe, so the handler only
   uses what is: tcsetattr with the modes saved before curses started, and write() of the
   terminal's own strings (captured from terminfo at start) that turn mouse reporting off,
   reset attributes, show the cursor and leave the alternate screen. Then the previous handler
   (Swift's backtracer, if any) runs, now on a sane terminal. This is the curses handle's state,
   kept here in C because a signal handler can touch nothing else. */
struct cnc_crash_state {
    struct termios saved_modes;
    int have_saved_modes;
    char reset_bytes[256];
    size_t reset_length;
    struct sigaction previous[32];
    /* The stop signal received (SIGINT, SIGTERM, SIGHUP, SIGQUIT), 0 if none: read by the event loop. */
    volatile sig_atomic_t stop_signal;
};
/* One instance, as a function-local static: the Swift importer emits it with the function
   (file-scope statics in a header would not be emitted at all). */
static inline struct cnc_crash_state *cnc_crash(void) {
    static struct cnc_crash_state state;
    return &state;
}
static const int cnc_fatal_signals[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT };

static inline void cnc_save_modes(void) {
    cnc_crash()->have_saved_modes = tcgetattr(STDIN_FILENO, &cnc_crash()->saved_modes) == 0;
}

static inline void cnc_append_reset(const char *s) {
    if (s == NULL || s == (char *)-1) return;
    struct cnc_crash_state *c = cnc_crash();
    size_t n = strlen(s);
    if (c->reset_length + n >= sizeof c->reset_bytes) return;
    memcpy(c->reset_bytes + c->reset_length, s, n);
    c->reset_length += n;
}

/* The terminal as it was, from a signal handler: only async-signal-safe calls. The reset
   bytes are written in a loop: a write to a terminal that is slow to read can stop part-way
   (a signal arrives while it waits), and what it did not write must still go out. */
static inline void cnc_restore_now(void) {
    struct cnc_crash_state *c = cnc_crash();
    size_t done = 0;
    for (int tries = 0; done < c->reset_length && tries < 64; tries++) {
        ssize_t w = write(STDOUT_FILENO, c->reset_bytes + done, c->reset_length - done);
        if (w > 0) done += (size_t)w;
        else if (w < 0 && errno != EINTR && errno != EAGAIN) break;
    }
    if (c->have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &c->saved_modes);
}

static inline void cnc_on_fatal(int sig) {
    struct cnc_crash_state *c = cnc_crash();
    cnc_restore_now();
    /* Back to the previous handler (or the default) and raise again. */
    sigaction(sig, &c->previous[sig < 32 ? sig : 0], NULL);
    raise(sig);
}

/* Call after newterm: captures the reset strings and installs the handlers. */
static inline void cnc_install_crash_restore(void) {
    cnc_crash()->reset_length = 0;
    cnc_append_reset("\033[?1000l\033[?1002l\033[?1003l\033[?1006l");   /* mouse reporting off */
    cnc_append_reset(tigetstr("sgr0"));
    /* Leave the alternate screen first: some terminals (tmux) restore the cursor state saved
       on entering it, which would undo a cnorm sent before. */
    cnc_append_reset(tigetstr("rmcup"));
    /* Without an alternate screen the frame would stay, with the shell's prompt on it. */
    const char *smcup = tigetstr("smcup");
    if (smcup == NULL || smcup == (char *)-1) cnc_append_reset(tigetstr("clear"));
    cnc_append_reset(tigetstr("cnorm"));
    cnc_append_reset("\r\n");
    for (size_t i = 0; i < sizeof cnc_fatal_signals / sizeof cnc_fatal_signals[0]; i++) {
        int sig = cnc_fatal_signals[i];
        struct sigaction a;
        memset(&a, 0, sizeof a);
        a.sa_handler = cnc_on_fatal;
        sigemptyset(&a.sa_mask);
        a.sa_flags = SA_RESETHAND;
        sigaction(sig, &a, &cnc_crash()->previous[sig]);
    }
}

/* Stop signals. The handler records the signal; the event loop sees it within a tick, ends
   curses and exits 128 + signal. The loop never waits for the engine (long work runs on another
   thread), but as a safety net the handler also sets a two-second alarm: if curses is still on
   by then, SIGALRM restores the terminal as the crash handler does and exits at once. */
static inline void cnc_on_alarm(int sig) {
    (void)sig;
    cnc_restore_now();
    _exit(128 + (cnc_crash()->stop_signal ? cnc_crash()->stop_signal : SIGALRM));
}
static inline void cnc_on_stop(int sig) {
    cnc_crash()->stop_signal = sig;
    alarm(2);
}
static inline void cnc_install_stop_handlers(void) {
    /* SIGQUIT (Ctrl-\) too: left to Swift's backtracer, it printed a crash report over the
       view and waited for a key with the terminal still in curses' modes. */
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    const size_t n = sizeof sigs / sizeof sigs[0];
    sigset_t wanted;
    sigemptyset(&wanted);
    for (size_t i = 0; i < n; i++) sigaddset(&wanted, sigs[i]);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGALRM);
    /* A blocked mask is inherited through fork and exec: a parent that blocks these would
       leave us deaf to Ctrl-C, SIGTERM, SIGHUP and resizes. */
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    struct sigaction a;
    memset(&a, 0, sizeof a);
    sigemptyset(&a.sa_mask);
    a.sa_handler = cnc_on_stop;
    for (size_t i = 0; i < n; i++) sigaction(sigs[i], &a, NULL);
    a.sa_handler = cnc_on_alarm;
    sigaction(SIGALRM, &a, NULL);
}
static inline int cnc_stop_signal(void) { return cnc_crash()->stop_signal; }
/* The loop restored the terminal itself: no need for the safety net. */
static inline void cnc_cancel_stop_alarm(void) { alarm(0); }

/* After endwin: the previous handlers again. */
static inline void cnc_remove_crash_restore(void) {
    for (size_t i = 0; i < sizeof cnc_fatal_signals / sizeof cnc_fatal_signals[0]; i++) {
        int sig = cnc_fatal_signals[i];
        sigaction(sig, &cnc_crash()->previous[sig], NULL);
    }
}
#endif
