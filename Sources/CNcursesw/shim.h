#ifndef MARGIN_EXPLORER_NCURSES_SHIM_H
#define MARGIN_EXPLORER_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <curses.h>
#endif
