dnl SPDX-License-Identifier: MIT
dnl FT_STATIC_PIE: link the ftrace command as a static PIE when every library it uses has an archive
dnl (libc6-dev ships glibc's; FT_STATIC_ELFUTILS and FT_CHECK_NCURSES found the others). The dynamic
dnl loader's work (mapping and relocating libc, resolving its symbols) was ~0.8 ms of the ~4.4 ms of
dnl cpu that `ftrace --version` takes on these machines, paid by every command and by every
dnl `ftrace record` of a short program. Sets FTRACE_LDFLAGS; `make FTRACE_LDFLAGS=` links it
dnl dynamically (the sanitizers cannot link statically: tests/sanitize.sh does that).
dnl ftrace uses nothing that a static glibc cannot do (no NSS, no dlopen, no iconv).
AC_DEFUN([FT_STATIC_PIE], [
	AC_ARG_ENABLE([static-pie],
		[AS_HELP_STRING([--disable-static-pie], [link the ftrace command dynamically])],
		[], [enable_static_pie=auto])
	FTRACE_LDFLAGS=
	AS_IF([test "x$enable_static_pie" != xno], [
		AC_MSG_CHECKING([whether ftrace links as a static PIE])
		dnl in a static link, -Bdynamic would make the libraries after it (and libc) shared
		ft_static_pie_libs=`echo "$LIBDW_LIBS $LIBELF_LIBS $LIBIBERTY_LIBS $ZLIB_LIBS $NCURSES_LIBS -lpthread" | sed 's/-Wl,-B[[a-z]]*//g'`
		ft_save_LIBS=$LIBS
		ft_save_LDFLAGS=$LDFLAGS
		LIBS="$ft_static_pie_libs $LIBS"
		LDFLAGS="$LDFLAGS -static-pie"
		AC_RUN_IFELSE([AC_LANG_PROGRAM([[#include <gelf.h>
#include <stdio.h>
#include <time.h>]], [[time_t t = 0; char b[64];
			strftime(b, sizeof(b), "%Y", localtime(&t));
			return elf_version(EV_CURRENT) == EV_NONE || !b[0];]])],
			[AC_MSG_RESULT([yes])
			 FTRACE_LDFLAGS=-static-pie
			 LIBDW_LIBS=`echo "$LIBDW_LIBS" | sed 's/-Wl,-B[[a-z]]*//g'`
			 NCURSES_LIBS=`echo "$NCURSES_LIBS" | sed 's/-Wl,-B[[a-z]]*//g'`],
			[AC_MSG_RESULT([no: dynamic])
			 AS_IF([test "x$enable_static_pie" = xyes],
				[AC_MSG_ERROR([a static PIE was requested: it needs libc6-dev and the archives of libdw, libelf, zlib, lzma, bz2 and ncurses])])],
			[AC_MSG_RESULT([no: cross-compiling])])
		LIBS=$ft_save_LIBS
		LDFLAGS=$ft_save_LDFLAGS
	])
	AC_SUBST([FTRACE_LDFLAGS])
])
