dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_NCURSES: the terminal library of `ftrace tui` (Debian: libncurses-dev). Without it ftrace
dnl still builds, and `ftrace tui` says in one line how to get it; configure says so too.
dnl Linked statically when its archives are there (libncurses-dev has them), as FT_STATIC_ELFUTILS does
dnl for libdw: loading and relocating libncursesw and libtinfo was ~5 % of the cpu time of
dnl `ftrace record ./hello`, paid by every command for the one that uses them.
AC_DEFUN([FT_CHECK_NCURSES], [
	AC_ARG_WITH([ncurses], [AS_HELP_STRING([--without-ncurses], [build without `ftrace tui'])],
		[], [with_ncurses=check])
	have_ncurses=no
	AS_IF([test "x$with_ncurses" != xno], [
		PKG_CHECK_MODULES([NCURSES], [ncursesw], [have_ncurses=yes],
			[PKG_CHECK_MODULES([NCURSES], [ncurses], [have_ncurses=yes], [have_ncurses=no])])
	])
	AS_IF([test "x$have_ncurses" = xyes], [
		AC_MSG_CHECKING([whether ncurses links statically])
		ft_ncurses_static="-Wl,-Bstatic $NCURSES_LIBS -Wl,-Bdynamic"
		ft_save_LIBS=$LIBS
		ft_save_CFLAGS=$CFLAGS
		LIBS="$ft_ncurses_static $LIBS"
		CFLAGS="$CFLAGS $NCURSES_CFLAGS"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <curses.h>]], [[return initscr() == 0;]])],
			[AC_MSG_RESULT([yes])
			 NCURSES_LIBS=$ft_ncurses_static],
			[AC_MSG_RESULT([no: shared libraries])])
		LIBS=$ft_save_LIBS
		CFLAGS=$ft_save_CFLAGS
	])
	AS_IF([test "x$have_ncurses" = xyes],
		[AC_DEFINE([HAVE_NCURSES], [1], [ncurses is there: ftrace tui is built])],
		[AS_IF([test "x$with_ncurses" = xyes], [AC_MSG_ERROR([--with-ncurses: ncurses not found (apt-get install libncurses-dev)])])
		 AC_MSG_WARN([ncurses not found: 'ftrace tui' will not be built (apt-get install libncurses-dev)])])
	AM_CONDITIONAL([HAVE_NCURSES], [test "x$have_ncurses" = xyes])
	AC_MSG_CHECKING([whether to build ftrace tui])
	AC_MSG_RESULT([$have_ncurses])
])
