/* SPDX-License-Identifier: MIT */
/* The ftrace data directory: every on-disk structure, record encoding and the record->runtime
 * contract. */
#ifndef FTRACE_COMMON_TRACE_FORMAT_H
#define FTRACE_COMMON_TRACE_FORMAT_H

/*
 * This header is the one place that defines what libmcount (inside the traced program) writes and
 * what the ftrace command reads. It is pure: no libc calls, only types, constants and inline
 * codecs, so both sides and the unit tests include it. doc/format.md describes the same thing for
 * people.
 *
 * A data directory (default ftrace.data/) holds:
 *   info            text, written by `ftrace record`: "ftrace-data 1" then "key: value" lines
 *   task            text, one line per task event, appended by libmcount (see FT_TASK_*)
 *   <tid>.dat       binary stream of one thread: a sequence of fixed-size chunks (below)
 *   <pid>-<session>.maps  /proc/<pid>/maps of one process image (session = its start tick, in
 *                   decimal, as in the chunk headers); appended again after dlopen, each copy
 *                   after a line FT_MAPS_MARK "<tick>": the copy taken at that tick holds from then
 *                   on (dlopen A, dlclose, dlopen B may put B where A was); FT_MAPS_PLT lines
 *                   name the addresses library calls are recorded at
 *   linux-vdso.so.1 the vDSO's ELF image (FT_VDSO_FILE), for the mapping "[vdso]"
 *   sym/<name>.sym  the symbols of each module, saved by `ftrace record` after the run
 *   counters        struct ft_counters (below): losses and stops counted without a descriptor
 *   sched           context switches of the traced threads (struct ft_sched_rec, below)
 *
 * A .dat file is a sequence of chunks. Every chunk starts with struct ft_chunk_header and is
 * self-describing (magic, version, endianness, pid/tid, base time, open depth), so a reader can
 * start at any chunk, skip a corrupt one, and read a ring (flight recorder) in `seq` order.
 * The chunk is a MAP_SHARED window of the file: `used` is stored after every record, so whatever
 * the program managed to record before SIGKILL or SIGSEGV is in the page cache and in the file.
 *
 * Records inside a chunk are byte-aligned varints (LEB128):
 *   header  = varint((time_delta << 2) | kind)      kind is never 0, so a zero byte ends the data
 *   ENTRY   header, varint(zigzag(addr - prev_addr))
 *   EXIT    header                                   closes the innermost open frame
 *   EVENT   header, varint(type), varint(len), len bytes of payload
 * time_delta is in clock ticks since the previous record of the chunk (the first: since
 * base_time). prev_addr starts at 0 in every chunk. A typical call costs 5-7 bytes.
 */

#include <stdint.h>
#include <stddef.h>

#include "task_log.h" /* FT_TASK_FILE, FT_FATAL_FRAMES_MAX */

#define FT_FORMAT_VERSION     1
#define FT_INFO_MAGIC	      "ftrace-data" /* first word of the info file */
#define FT_CHUNK_MAGIC	      0x4b484346u   /* "FCHK" in a little-endian file */
#define FT_ENDIAN_MARK	      0x01020304u   /* reads as 0x04030201 when the endianness differs */
#define FT_CHUNK_SIZE_DEFAULT (1u << 20)    /* bytes per chunk, header included */
#define FT_CHUNK_SIZE_MIN     (64u << 10)
#define FT_CHUNK_SIZE_MAX     (256u << 20)

/* flags of a chunk */
#define FT_CHUNK_CLOSED 0x1u /* the stream ended cleanly in this chunk (thread exit) */
/* flight-recorder ring: order chunks by seq, older ones were overwritten */
#define FT_CHUNK_RING 0x2u
/*
 * Another thread's chunk follows in this chunk's space (the thread of this one ended and a new
 * thread of the process took its stream over): its header starts at the first 8-byte boundary
 * after this chunk's records, its records end where this chunk's space ends, its header says
 * chunk_size like every chunk of the stream. The next whole chunk of the file comes after both.
 */
#define FT_CHUNK_FOLLOWED 0x4u
/* where the chunk that follows one of used record bytes at offset off starts */
#define FT_FOLLOWER_OFFSET(off, header_size, used) (((off) + (header_size) + (used) + 7) & ~7ull)

struct ft_chunk_header {
	uint32_t magic;	      /* FT_CHUNK_MAGIC */
	uint16_t version;     /* FT_FORMAT_VERSION */
	uint16_t header_size; /* sizeof(struct ft_chunk_header): records start here */
	uint32_t endian;      /* FT_ENDIAN_MARK */
	uint32_t chunk_size;  /* bytes reserved for this chunk, header included */
	uint32_t used;	      /* record bytes committed after the header */
	uint32_t seq;	      /* 0, 1, 2... within the stream */
	uint32_t pid;
	uint32_t tid;
	uint64_t base_time; /* ticks; the first record's delta counts from here */
	uint64_t lost;	    /* records dropped in this stream so far (cumulative) */
	uint32_t depth;	    /* frames open when the chunk started */
	uint32_t flags;	    /* FT_CHUNK_* */
	uint64_t session; /* start tick of the traced process image: selects <pid>-<session>.maps */
};
_Static_assert(sizeof(struct ft_chunk_header) == 64, "chunk header is 64 bytes on disk");

/* record kinds: the low two bits of a record header */
enum ft_kind {
	FT_KIND_ENTRY = 1,
	FT_KIND_EXIT = 2,
	FT_KIND_EVENT = 3,
};

/* event types; unknown types are skipped by readers thanks to the length prefix */
enum ft_event {
	FT_EV_ABANDON =
		1,	  /* varint count, varint reason: close count frames now (non-local exit) */
	FT_EV_SIGNAL = 2, /* varint signo, varint fault addr, varint flags (FT_SIG_FATAL) */
	FT_EV_LOST = 3,	  /* varint count: records dropped here (buffer or disk exhausted) */
	FT_EV_CONTEXT =
		4, /* varint n, then n x (varint abs_time, varint addr), outermost first: frames
		      that were already open when this stream started (fork child, flight ring) */
	FT_EV_ARGS =
		5, /* argument items (below) of the ENTRY just before it, same chunk, delta 0 */
	FT_EV_RETVAL = 6, /* the return value item of the EXIT just after it, same chunk, delta 0 */
	FT_EV_DEPTH_MAX = 7, /* varint depth: shadow stack full, calls deeper are not recorded */
	FT_EV_STOP = 8,	     /* varint reason (FT_STOP_*): tracing of this thread stops here */
	FT_EV_BACKTRACE =
		9, /* varint n, then n varint addresses, outermost first: the recorded open
		      calls when a -T PATTERN@backtrace function was entered (before its ENTRY) */
};

/* why frames were abandoned (FT_EV_ABANDON) */
enum ft_abandon_reason {
	FT_AB_LONGJMP = 1,
	FT_AB_EXCEPTION = 2,
	FT_AB_EXIT = 3,	   /* exit()/_exit() or thread exit with frames open */
	FT_AB_CRASH = 4,   /* fatal signal */
	FT_AB_UNKNOWN = 5, /* mismatch found by the stack-pointer check */
};

/* why tracing stopped (FT_EV_STOP and the task log) */
enum ft_stop_reason {
	FT_STOP_NOSPACE = 1, /* disk or /dev/shm full */
	FT_STOP_NOMEM = 2,   /* could not map a buffer */
	FT_STOP_IO = 3,	     /* any other I/O error */
	FT_STOP_FINISH = 4,  /* a finish trigger */
	FT_STOP_FSIZE = 5,   /* the file size limit (RLIMIT_FSIZE) would be passed */
};

#define FT_SIG_FATAL 0x1u

/*
 * DIR/counters: what was lost where no stream could say it (descriptors exhausted, disk full
 * before the first chunk). `ftrace record` writes it, full size, before the run; every process
 * image maps it MAP_SHARED at start-up, so counting later needs no descriptor and no disk space.
 * Counters are updated atomically by all processes; readers treat it as advisory and bound it.
 */
#define FT_COUNTERS_FILE  "counters"
#define FT_COUNTERS_MAGIC 0x544e4346u /* "FCNT" */
#define FT_COUNTERS_SIZE  4096u
#define FT_STOP_REASONS	  8 /* FT_STOP_* values are below this */

struct ft_counters {
	uint32_t magic;			 /* FT_COUNTERS_MAGIC */
	uint32_t version;		 /* FT_FORMAT_VERSION */
	uint64_t lost;			 /* records lost, added up by each thread when it ends */
	uint64_t stops[FT_STOP_REASONS]; /* threads whose tracing stopped, by FT_STOP_* reason */
	uint64_t first_stop_time;	 /* tick of the first stop, 0 when none */
	uint32_t first_stop_reason;	 /* its FT_STOP_* reason */
	uint32_t first_stop_errno;	 /* its errno, 0 when none */
};
_Static_assert(sizeof(struct ft_counters) <= FT_COUNTERS_SIZE, "counters fit their file");

/*
 * Argument and return value items (FT_EV_ARGS, FT_EV_RETVAL payloads), one after the other:
 *   byte where      1..6 integer argument, 0x81..0x88 SSE argument (xmm0..7), 0 return value
 *   byte tag        FT_ARG_* type in the low 4 bits, size code in bits 4-5 (1 << code bytes),
 *                   flags in bits 6-7
 *   value           INT, ENUM: varint(zigzag(v)), sign-extended from the size
 *                   UINT, HEX, CHAR, PTR: varint(v)
 *                   FLOAT: the size's bytes, little-endian (float or double)
 *                   STR: varint(n), n bytes (FT_ARG_CUT: there was more); with FT_ARG_NULL
 *                   nothing; with FT_ARG_BAD varint(pointer) (it could not be read)
 * Readers check every length against the payload and print what they cannot decode as such.
 */
enum ft_arg_type {
	FT_ARG_INT = 1,
	FT_ARG_UINT = 2,
	FT_ARG_HEX = 3,
	FT_ARG_CHAR = 4,
	FT_ARG_STR = 5,
	FT_ARG_PTR = 6,
	FT_ARG_FLOAT = 7,
	FT_ARG_ENUM = 8,
};
#define FT_ARG_TYPE(tag) ((tag)&0x0fu)
#define FT_ARG_SIZE(tag) (1u << (((tag) >> 4) & 3u))
#define FT_ARG_CUT	 0x40u /* STR: cut at the recorder's limit */
#define FT_ARG_NULL	 0x80u /* STR: the pointer was NULL */
#define FT_ARG_BAD	 0xc0u /* STR: the pointer could not be read */

/* the longest record the writer emits without an event payload: header + address, 10 bytes each */
#define FT_RECORD_MAX 20

/* ---- varint codecs (LEB128), shared by the writer and the readers ---- */

static inline uint64_t ft_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t ft_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* Write v at p; returns the byte after it. p must have room for 10 bytes. */
static inline uint8_t *ft_put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/*
 * Read a varint from [p, end) into *v; returns the byte after it, or NULL when the varint runs
 * past end or past 10 bytes (corrupt input). Readers never trust the data they decode.
 */
static inline const uint8_t *ft_get_varint(const uint8_t *p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;

	while (p < end && shift < 64) {
		uint8_t b = *p++;
		r |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = r;
			return p;
		}
		shift += 7;
	}
	return NULL;
}

/* ---- the files of a data directory (the task log's lines: common/task_log.h) ---- */
#define FT_MAPS_MARK "# ftrace maps " /* then the tick the copy of /proc/self/maps was taken */
/* then "<hex address> <name>": a library call recorded at that address is named so (the name the
 * program's relocation asked for: memcmp, not its alias bcmp at the same address) */
#define FT_MAPS_PLT "# ftrace plt "

#define FT_VDSO_FILE "linux-vdso.so.1" /* the vDSO's image: its maps line says "[vdso]" */
#define FT_INFO_FILE "info"
#define FT_SYM_DIR   "sym"
/* -A/-R/-a specs for libmcount (libmcount/args.c has the syntax), and how many it keeps: one per
 * function with a prototype under -a */
#define FT_ARGS_FILE	  "argspec"
#define FT_ARGS_MAX_SPECS 16384

/*
 * DIR/sched: the traced threads' context switches, recorded by `ftrace record` itself from perf
 * events (cmd/sched_record.c), never by libmcount: a header, then records. `ftrace record` appends
 * records in the order the kernel hands them out (per CPU) while the program runs, then sorts them
 * by (tid, time) and sets FT_SCHED_SORTED; a reader sorts a file left unsorted (recorder killed).
 * Times are CLOCK_MONOTONIC ns, the clock of info's clock-sync pairs.
 */
#define FT_SCHED_FILE	 "sched"
#define FT_SCHED_MAGIC	 0x48435346u /* "FSCH" */
#define FT_SCHED_SORTED	 0x1u	     /* header flag: records sorted by (tid, ns) */
#define FT_SCHED_OUT	 0x1u	     /* record flag: switched out (else: switched in) */
#define FT_SCHED_PREEMPT 0x2u	     /* record flag: switched out while runnable (preempted) */

struct ft_sched_header {
	uint32_t magic;	   /* FT_SCHED_MAGIC */
	uint16_t version;  /* FT_FORMAT_VERSION */
	uint16_t rec_size; /* sizeof(struct ft_sched_rec) */
	uint32_t flags;	   /* FT_SCHED_SORTED */
	uint32_t reserved;
	uint64_t lost; /* switches the kernel dropped (ring full) */
};
_Static_assert(sizeof(struct ft_sched_header) == 24, "sched header is 24 bytes on disk");

struct ft_sched_rec {
	uint64_t ns;	/* CLOCK_MONOTONIC */
	uint32_t tid;	/* as the traced program sees it */
	uint32_t flags; /* FT_SCHED_OUT, FT_SCHED_PREEMPT */
};
_Static_assert(sizeof(struct ft_sched_rec) == 16, "sched record is 16 bytes on disk");

/* ---- what `ftrace record` tells libmcount, through the environment ----
 * A new variable also goes into libmcount/task.c's env_names, which puts it back after an exec. */
#define FT_ENV_DIR     "FTRACE_DIR"	   /* absolute path of the data directory */
#define FT_ENV_CLOCK   "FTRACE_CLOCK"	   /* "tsc" or "mono" */
#define FT_ENV_CHUNK   "FTRACE_CHUNK_SIZE" /* bytes per chunk */
#define FT_ENV_DEPTH   "FTRACE_MAX_STACK"  /* shadow stack size (frames) */
#define FT_ENV_FLIGHT  "FTRACE_FLIGHT"	   /* ring size per thread, bytes; unset = whole trace */
#define FT_ENV_DEBUG   "FTRACE_DEBUG"	   /* debug domains for libmcount's own log */
#define FT_ENV_LIBCALL "FTRACE_LIBCALL"	   /* "0" disables PLT hooking */
#define FT_ENV_FILTER  "FTRACE_FILTER"	   /* record-time filters and triggers */
#define FT_ENV_ARGS    "FTRACE_ARGS" /* "@path" of the digested argument specs (libmcount/args.c) */

#define FT_MAX_STACK_DEFAULT 1024

/*
 * The chunk size a recording really uses, from the one asked for (0: the default; out of range:
 * the default) and the flight ring's bytes per thread (0: none): page aligned, since chunks are
 * mapped, and halved until a ring holds at least two chunks (one is always complete), never below
 * the minimum. libmcount and `ftrace record` (which writes it to info) both call this, so they
 * cannot disagree.
 */
static inline uint32_t ft_chunk_size(uint64_t requested, uint64_t ring_bytes)
{
	uint32_t size = requested >= FT_CHUNK_SIZE_MIN && requested <= FT_CHUNK_SIZE_MAX
				? (uint32_t)requested
				: FT_CHUNK_SIZE_DEFAULT;

	size &= ~4095u;
	while (ring_bytes && size > FT_CHUNK_SIZE_MIN && ring_bytes / size < 2)
		size /= 2;
	return size;
}

#endif
