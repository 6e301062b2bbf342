dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_LIBDW: libdw gives source lines and DWARF types to the analyser (Debian: libdw-dev).
AC_DEFUN([FT_CHECK_LIBDW], [
	AC_CHECK_HEADER([elfutils/libdwfl.h], [], [AC_MSG_ERROR([libdw headers not found: apt-get install libdw-dev])])
	AC_CHECK_LIB([dw], [dwfl_begin], [LIBDW_LIBS=-ldw], [AC_MSG_ERROR([libdw not found: apt-get install libdw-dev])])
	AC_SUBST([LIBDW_LIBS])
])
