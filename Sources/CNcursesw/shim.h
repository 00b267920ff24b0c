#ifndef MARGIN_EXPLORER_NCURSES_SHIM_H
#define MARGIN_EXPLORER_NCURSES_SHIM_H
// SwiftPM drops pkg-config's -D flags: ask for the wide-character API here.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <curses.h>
#include <term.h>

// Macros do not import into Swift; these small functions stand in for the ones the backend needs.
static inline attr_t me_attr_bold(void) { return A_BOLD; }
static inline attr_t me_attr_reverse(void) { return A_REVERSE; }
static inline attr_t me_attr_normal(void) { return A_NORMAL; }
static inline mmask_t me_button1_pressed(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline mmask_t me_button3_pressed(void) { return BUTTON3_PRESSED | BUTTON3_CLICKED; }
static inline int me_color_pairs(void) { return COLOR_PAIRS; }
static inline int me_colors(void) { return COLORS; }
// Swift 6 rejects the mutable C global stdscr; newterm has set it, and ncurses resizes it on KEY_RESIZE.
static inline WINDOW *me_standard_screen(void) { return stdscr; }
#endif
