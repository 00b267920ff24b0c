#ifndef MARGIN_EXPLORER_NCURSES_SHIM_H
#define MARGIN_EXPLORER_NCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <curses.h>
#include <term.h>

// Macros do not import into Swift; these small functions stand in for the ones the backend needs.
static inline attr_t me_attr_bold(void) { return A_BOLD; }
static inline attr_t me_attr_reverse(void) { return A_REVERSE; }
static inline attr_t me_attr_normal(void) { return A_NORMAL; }
static inline mmask_t me_button1_pressed(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline mmask_t me_button3_pressed(void) { return BUTTON3_PRESSED | BUTTON3_CLICKED; }
static inline mmask_t me_button1_released(void) { return BUTTON1_RELEASED; }
static inline int me_color_pairs(void) { return COLOR_PAIRS; }
static inline int me_colors(void) { return COLORS; }
// Swift 6 rejects the mutable C global stdscr; newterm has set it, and ncurses resizes it on KEY_RESIZE.
static inline WINDOW *me_standard_screen(void) { return stdscr; }

// The real-time signals glibc leaves to programs (SIGRTMIN is a function call, so it does not import).
static inline int me_signal_realtime_min(void) { return SIGRTMIN; }
static inline int me_signal_realtime_max(void) { return SIGRTMAX; }

// Routes `number` to `handler` without SA_RESTART, so a blocking read in wget_wch returns (EINTR) and the loop can
// act on what the handler noted. Returns 0 on success.
static inline int me_catch_signal(int number, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    return sigaction(number, &action, NULL);
}

// 1 when `number` is ignored (as nohup ignores SIGHUP) or cannot be caught, so the explorer leaves it alone.
static inline int me_signal_is_ignored(int number) {
    struct sigaction current;
    if (sigaction(number, NULL, &current) != 0) return 1;
    return current.sa_handler == SIG_IGN;
}

// Whether the terminal TERM names can run a full-screen program, checked before anything is written to it:
// 1 yes; 0 terminfo knows it but it cannot move the cursor (no cup, as TERM=dumb); -1 terminfo does not know it
// (or it is a generic type such as "unknown"); -2 there is no terminfo database at all.
static inline int me_check_terminal(int fd) {
    int error = 0;
    if (setupterm(NULL, fd, &error) != OK) return error == -1 ? -2 : -1;
    const char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (const char *)-1;
    del_curterm(cur_term);
    return addressable;
}
#endif
