dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_PANDOC: pandoc turns doc/ pages into manual pages (Debian: pandoc). Without it no manual
dnl page is built or installed, and configure says so.
AC_DEFUN([FT_CHECK_PANDOC], [
	AC_ARG_VAR([PANDOC], [pandoc, which builds the manual pages from doc/])
	AC_PATH_PROG([PANDOC], [pandoc])
	AM_CONDITIONAL([HAVE_PANDOC], [test -n "$PANDOC"])
	AS_IF([test -z "$PANDOC"], [AC_MSG_WARN([pandoc not found: manual pages will not be built (apt-get install pandoc)])])
])
