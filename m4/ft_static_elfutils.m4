dnl SPDX-License-Identifier: MIT
dnl FT_STATIC_ELFUTILS: link libdw and libelf (and the compression libraries they use) statically
dnl when their archives are installed (libdw-dev, libelf-dev, zlib1g-dev, liblzma-dev, libbz2-dev).
dnl Loading and relocating those five shared libraries was a third of the CPU time of
dnl `ftrace record ./hello`, paid by every command; without the archives, the shared libraries do.
AC_DEFUN([FT_STATIC_ELFUTILS], [
	AC_ARG_ENABLE([static-elfutils],
		[AS_HELP_STRING([--disable-static-elfutils], [link libdw and libelf as shared libraries])],
		[], [enable_static_elfutils=auto])
	AS_IF([test "x$enable_static_elfutils" != xno], [
		AC_MSG_CHECKING([whether libdw and libelf link statically])
		ft_static_libs="-Wl,-Bstatic -ldw -lelf -lz -llzma -lbz2 -Wl,-Bdynamic"
		ft_save_LIBS=$LIBS
		LIBS="$ft_static_libs $LIBS"
		AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <elfutils/libdwfl.h>
#include <gelf.h>]], [[return dwfl_begin(0) != 0 || elf_version(EV_CURRENT) == EV_NONE;]])],
			[AC_MSG_RESULT([yes])
			 LIBDW_LIBS=$ft_static_libs
			 LIBELF_LIBS=],
			[AC_MSG_RESULT([no: shared libraries])
			 AS_IF([test "x$enable_static_elfutils" = xyes],
				[AC_MSG_ERROR([static libdw/libelf requested: apt-get install libdw-dev libelf-dev zlib1g-dev liblzma-dev libbz2-dev])])])
		LIBS=$ft_save_LIBS
	])
])
