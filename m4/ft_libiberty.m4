dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_LIBIBERTY: libiberty's cplus_demangle for C++ and Rust names (Debian: libiberty-dev, static).
AC_DEFUN([FT_CHECK_LIBIBERTY], [
	AC_CHECK_HEADER([libiberty/demangle.h], [], [AC_MSG_ERROR([libiberty headers not found: apt-get install libiberty-dev])])
	AC_CHECK_LIB([iberty], [cplus_demangle], [LIBIBERTY_LIBS=-liberty], [AC_MSG_ERROR([libiberty not found: apt-get install libiberty-dev])])
	AC_SUBST([LIBIBERTY_LIBS])
])
