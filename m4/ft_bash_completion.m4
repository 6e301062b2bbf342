dnl SPDX-License-Identifier: MIT
dnl FT_BASH_COMPLETION: where `make install` puts the bash completion. bash-completion looks in
dnl $XDG_DATA_DIRS/bash-completion/completions (by default /usr/local/share and /usr/share) and beside
dnl the command (../share/bash-completion/completions), so $(datadir) fits any prefix.
AC_DEFUN([FT_BASH_COMPLETION], [
	AC_ARG_WITH([bash-completion-dir],
		[AS_HELP_STRING([--with-bash-completion-dir=DIR], [install the bash completion in DIR (default: DATADIR/bash-completion/completions)])],
		[], [with_bash_completion_dir='${datadir}/bash-completion/completions'])
	AC_SUBST([bashcompletiondir], [$with_bash_completion_dir])
])
