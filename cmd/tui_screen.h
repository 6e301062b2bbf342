/* SPDX-License-Identifier: MIT */
/* ftrace tui's terminal: the full screen, keys and coloured text, over ncurses (cmd/tui_screen.c). */
#ifndef FTRACE_CMD_TUI_SCREEN_H
#define FTRACE_CMD_TUI_SCREEN_H

/*
 * The only place that knows ncurses: cmd/tui.c draws text at (row, column) with one of the
 * attributes below and reads keys as characters or TK_* codes. Built without ncurses (configure
 * found no libncurses-dev), screen_start() says how to get it and fails.
 */

#include <stdbool.h>
#include <stddef.h>

enum screen_attr {
	SA_NORMAL,
	SA_TITLE,  /* the top bar */
	SA_HEAD,   /* column titles */
	SA_CURSOR, /* the selected row */
	SA_WARM,   /* a time of milliseconds */
	SA_HOT,	   /* a time of seconds or more */
	SA_DIM,	   /* what matters less: tree guides, folded markers */
	SA_MATCH,  /* a search hit */
	SA_STATUS, /* the bottom line */
};

enum screen_key {
	TK_UP = 0x100,
	TK_DOWN,
	TK_LEFT,
	TK_RIGHT,
	TK_PGUP,
	TK_PGDN,
	TK_HOME,
	TK_END,
	TK_RESIZE,
	TK_ESC,
	TK_NONE, /* nothing read (end of input) */
};

/* False after one line on stderr when this ftrace was built without ncurses (checked before the
 * trace is read). */
bool screen_built(void);
/* Takes the terminal (alternate screen, keys unbuffered); color: use colours when it has them.
 * False after one line on stderr (no ncurses, not a terminal). */
bool screen_start(bool color);
/* Gives the terminal back as it was; harmless when not started (it also runs at exit). */
void screen_stop(void);
int screen_rows(void);
int screen_cols(void);
void screen_erase(void);
/* Text at (y, x) in attr, at most width columns, control characters shown as '?'; returns the
 * column after it. */
int screen_put(int y, int x, enum screen_attr attr, const char *s, int width);
/* Attr from column x to the end of line y (a bar, the selected row). */
void screen_fill(int y, int x, enum screen_attr attr);
void screen_show(void);
/* The next key: a character, '\n' for Enter, or a TK_* code. */
int screen_key(void);
/* Reads a line on the bottom row after label: Enter keeps it (true), Esc gives up (false). */
bool screen_prompt(const char *label, char *buf, size_t size);

#endif
