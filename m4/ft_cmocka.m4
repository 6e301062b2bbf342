dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_CMOCKA: the unit test framework (Debian: libcmocka-dev). Without it `make check` fails loudly.
AC_DEFUN([FT_CHECK_CMOCKA], [
	PKG_CHECK_MODULES([CMOCKA], [cmocka >= 1.1], [have_cmocka=yes], [have_cmocka=no])
	AM_CONDITIONAL([HAVE_CMOCKA], [test "x$have_cmocka" = xyes])
	AS_IF([test "x$have_cmocka" != xyes], [AC_MSG_WARN([cmocka not found: unit tests disabled (apt-get install libcmocka-dev)])])
])
