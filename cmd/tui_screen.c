/* SPDX-License-Identifier: MIT */
/* ftrace tui's terminal over ncurses: the screen, keys, coloured text, the prompt line. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_screen.h"
#include "util.h"

#if HAVE_NCURSES
#include <curses.h>
#include <locale.h>

/*
 * ncurses rather than escape codes written by hand: terminfo knows each terminal's alternate
 * screen, keys and colours (tmux, screen, the Linux console, xterm and its kin differ), ncurses
 * handles SIGWINCH (KEY_RESIZE) and gives the terminal back on SIGINT and SIGTERM, and it sends
 * only what changed between two frames, which matters over ssh.
 */

static SCREEN *scr;
static bool colored;

enum { P_TITLE = 1, P_WARM, P_HOT, P_MATCH, P_STATUS };

static void colors_start(void)
{
	start_color();
	use_default_colors();
	init_pair(P_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_WARM, COLOR_YELLOW, -1);
	init_pair(P_HOT, COLOR_RED, -1);
	init_pair(P_MATCH, COLOR_GREEN, -1);
	init_pair(P_STATUS, COLOR_BLACK, COLOR_CYAN);
}

bool screen_built(void)
{
	return true;
}

bool screen_start(bool color)
{
	static bool once;
	const char *term = getenv("TERM");

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		error("tui needs a terminal (its input and output are not one); ftrace graph and "
		      "ftrace report print the same as text");
		return false;
	}
	setlocale(LC_CTYPE, ""); /* UTF-8 names; numbers keep the C locale */
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		error("cannot drive the terminal '%s' (TERM): no terminfo entry", term ? term : "");
		return false;
	}
	if (!once)
		atexit(screen_stop); /* die() on the way out restores the terminal too */
	once = true;
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	colored = color && has_colors();
	if (colored)
		colors_start();
	return true;
}

void screen_stop(void)
{
	if (!scr)
		return;
	endwin();
	delscreen(scr);
	scr = NULL;
}

int screen_rows(void)
{
	return LINES;
}

int screen_cols(void)
{
	return COLS;
}

void screen_erase(void)
{
	erase();
}

static attr_t attr_of(enum screen_attr a)
{
	switch (a) {
	case SA_NORMAL: return A_NORMAL;
	case SA_TITLE: return colored ? COLOR_PAIR(P_TITLE) | A_BOLD : A_REVERSE | A_BOLD;
	case SA_HEAD: return A_BOLD | A_UNDERLINE;
	case SA_CURSOR: return A_REVERSE;
	case SA_WARM: return colored ? COLOR_PAIR(P_WARM) : A_NORMAL;
	case SA_HOT: return colored ? COLOR_PAIR(P_HOT) | A_BOLD : A_BOLD;
	case SA_DIM: return colored ? A_DIM : A_NORMAL;
	case SA_MATCH: return colored ? COLOR_PAIR(P_MATCH) | A_BOLD : A_BOLD;
	case SA_STATUS: return colored ? COLOR_PAIR(P_STATUS) : A_REVERSE;
	}
	return A_NORMAL;
}

int screen_put(int y, int x, enum screen_attr attr, const char *s, int width)
{
	char buf[1024];
	int n = 0;

	if (width > COLS - x)
		width = COLS - x; /* never into the next line */
	if (width <= 0 || y < 0 || y >= LINES)
		return x;
	for (; s[n] && n < width && n < (int)sizeof(buf) - 1; n++)
		buf[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n];
	while (n > 0 && s[n] && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* not in the middle of a UTF-8 character */
	buf[n] = '\0';
	attrset(attr_of(attr));
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
	return x + n;
}

void screen_fill(int y, int x, enum screen_attr attr)
{
	attr_t a = attr_of(attr);

	mvchgat(y, x, -1, a, (short)PAIR_NUMBER(a), NULL);
}

void screen_show(void)
{
	refresh();
}

int screen_key(void)
{
	static int errors;
	int c = getch();

	if (c == ERR)
		return ++errors > 100 ? TK_NONE : TK_RESIZE; /* a signal, or the terminal is gone */
	errors = 0;
	switch (c) {
	case KEY_UP: return TK_UP;
	case KEY_DOWN: return TK_DOWN;
	case KEY_LEFT: return TK_LEFT;
	case KEY_RIGHT: return TK_RIGHT;
	case KEY_PPAGE: return TK_PGUP;
	case KEY_NPAGE: return TK_PGDN;
	case KEY_HOME: return TK_HOME;
	case KEY_END: return TK_END;
	case KEY_RESIZE: return TK_RESIZE;
	case KEY_ENTER:
	case '\r': return '\n';
	case 27: return TK_ESC;
	case KEY_BACKSPACE: return 127;
	}
	return c < 0x100 ? c : TK_RESIZE; /* other function keys: nothing but a redraw */
}

bool screen_prompt(const char *label, char *buf, size_t size)
{
	size_t n = 0;
	bool ok = false;

	buf[0] = '\0';
	curs_set(1);
	for (;;) {
		int c;

		move(LINES - 1, 0);
		clrtoeol();
		screen_put(LINES - 1, 0, SA_NORMAL, label, COLS);
		screen_put(LINES - 1, (int)strlen(label), SA_NORMAL, buf, COLS);
		refresh();
		c = getch();
		if (c == '\n' || c == '\r' || c == KEY_ENTER) {
			ok = true;
			break;
		}
		if (c == 27 || c == ERR)
			break;
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && n > 0)
			buf[--n] = '\0';
		else if (c >= 0x20 && c < 0x100 && c != 127 && n + 1 < size) {
			buf[n++] = (char)c;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	return ok;
}

#else /* !HAVE_NCURSES */

bool screen_built(void)
{
	error("this ftrace was built without ncurses, so it has no tui: install it (Debian: "
	      "apt-get install libncurses-dev) and run configure and make again");
	return false;
}

bool screen_start(bool color)
{
	(void)color;
	return screen_built();
}

void screen_stop(void)
{
}

int screen_rows(void)
{
	return 24;
}

int screen_cols(void)
{
	return 80;
}

void screen_erase(void)
{
}

int screen_put(int y, int x, enum screen_attr attr, const char *s, int width)
{
	(void)y, (void)attr, (void)s, (void)width;
	return x;
}

void screen_fill(int y, int x, enum screen_attr attr)
{
	(void)y, (void)x, (void)attr;
}

void screen_show(void)
{
}

int screen_key(void)
{
	return TK_NONE;
}

bool screen_prompt(const char *label, char *buf, size_t size)
{
	(void)label, (void)buf, (void)size;
	return false;
}

#endif
