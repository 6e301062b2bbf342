/* SPDX-License-Identifier: MIT */
/* The task log (FT_TASK_FILE in a data directory): what happened to processes and threads. */
#ifndef FTRACE_COMMON_TASK_LOG_H
#define FTRACE_COMMON_TASK_LOG_H

/* clang-format off: the table below keeps its columns */
/*
 * One line per event, "<tick> <keyword> <fields>\n", appended by libmcount (libmcount/task_log.c,
 * the only writer) with one write() per line, so lines of concurrent processes never interleave.
 * <tick> is the recording clock (FT_ENV_CLOCK). Fields are decimal unless said otherwise; the last
 * field of start, fork, cmdline, exec and stop is free text up to the end of the line.
 *
 *	start   PID PPID EXE         a process image began (the first, or one after an exec)
 *	fork    PID PPID EXE         a fork child began
 *	cmdline PID ARGS             the image's command line, arguments separated by spaces
 *	thread  PID TID              a thread opened its stream (<TID>.dat)
 *	exec    PID PATH             about to exec PATH (it may fail; if not, a start line follows)
 *	exit    PID CODE             exit() or _exit() with CODE
 *	end     PID                  the process's last destructor (libmcount's) ran: threads still
 *	                             running stop at the latest exit or end tick
 *	stop    PID TID REASON TEXT  tracing stopped in this thread (REASON: FT_STOP_*), TEXT says why
 *	signal  PID TID SIG ADDR SESSION FRAMES
 *	                             a fatal signal: ADDR (0x hex) the faulting address, SESSION the
 *	                             image's session, FRAMES the open calls innermost first, as
 *	                             comma-separated hex addresses without 0x ("-" when none), at
 *	                             most FT_FATAL_FRAMES_MAX
 *	lost    PID COUNT            calls of threads that never got a stream
 *	name    PID TID NAME         the thread's name (pthread_setname_np, prctl, or its comm when it
 *	                             ended); the last line of a TID wins
 *
 * A reader ignores keywords it does not know.
 */
/* clang-format on */
#define FT_TASK_FILE	    "task" /* in the data directory */
#define FT_FATAL_FRAMES_MAX 64	   /* open frames a signal line names, innermost first */

#define FT_TL_START   "start"
#define FT_TL_FORK    "fork"
#define FT_TL_CMDLINE "cmdline"
#define FT_TL_THREAD  "thread"
#define FT_TL_EXEC    "exec"
#define FT_TL_EXIT    "exit"
#define FT_TL_END     "end"
#define FT_TL_STOP    "stop"
#define FT_TL_SIGNAL  "signal"
#define FT_TL_LOST    "lost"
#define FT_TL_NAME    "name"

#endif
