dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_ZLIB: zlib's deflate for dump --perfetto's compressed packet blocks (Debian: zlib1g-dev).
AC_DEFUN([FT_CHECK_ZLIB], [
	AC_CHECK_HEADER([zlib.h], [], [AC_MSG_ERROR([zlib headers not found: apt-get install zlib1g-dev])])
	AC_CHECK_LIB([z], [deflate], [ZLIB_LIBS=-lz], [AC_MSG_ERROR([zlib not found: apt-get install zlib1g-dev])])
	AC_SUBST([ZLIB_LIBS])
])
