/* SPDX-License-Identifier: MIT */
/* Reading a data directory (placeholder). */
#include "ftrace.h"
#include "trace_reader.h"
