dnl SPDX-License-Identifier: MIT
dnl FT_CHECK_LIBELF: libelf reads symbol tables in the analyser (Debian: libelf-dev).
AC_DEFUN([FT_CHECK_LIBELF], [
	AC_CHECK_HEADER([gelf.h], [], [AC_MSG_ERROR([libelf headers not found: apt-get install libelf-dev])])
	AC_CHECK_LIB([elf], [elf_begin], [LIBELF_LIBS=-lelf], [AC_MSG_ERROR([libelf not found: apt-get install libelf-dev])])
	AC_SUBST([LIBELF_LIBS])
])
