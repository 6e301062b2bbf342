/* SPDX-License-Identifier: MIT */
/* Writing records into a thread's stream: the inline ENTRY/EXIT writers of the hot path and the
 * event writer (buffer.c). Every record's header is encoded here and nowhere else. */
#ifndef FTRACE_LIBMCOUNT_STREAM_H
#define FTRACE_LIBMCOUNT_STREAM_H

#include "mcount.h"

/* Ticks from then to now, never negative: another CPU's TSC may be a few ticks behind, and the
 * stream's times must not go back. */
static inline uint64_t mc_ticks(uint64_t then, uint64_t now)
{
	uint64_t d = now - then;

	if ((int64_t)d < 0)
		d = 0;
	return d;
}

/* An event's header: time delta, kind, type, payload length; the payload follows. */
static inline uint8_t *mc_put_event_header(uint8_t *p, uint64_t delta, unsigned type, uint64_t len)
{
	p = ft_put_varint(p, (delta << 2) | FT_KIND_EVENT);
	p = ft_put_varint(p, type);
	return ft_put_varint(p, len);
}

/* Moves to a fresh chunk from anywhere, hooks included (libc may clobber SSE registers that hold
 * the traced program's arguments or return value): false when tracing stopped instead. */
HIDDEN bool mc_chunk_next_saving_fp(struct mc_thread *t);

/* Makes room for one ENTRY or EXIT; false when the record must be dropped (tracing stopped). */
static inline bool mc_reserve(struct mc_thread *t)
{
	if (likely(t->wp <= t->end && *mc_proc_mark))
		return true;
	if (unlikely(!*mc_proc_mark)) {
		mc_process_changed(); /* a raw clone child: a stream of its own, then the record */
		return t->state == MC_TRACING;
	}
	return mc_chunk_next_saving_fp(t);
}

/* Ends a record at p, which happened at tick now. */
static inline void mc_commit(struct mc_thread *t, uint8_t *p, uint64_t now)
{
	t->wp = p;
	t->last_time = now;
	/* stored after every record so a crash or SIGKILL leaves a readable chunk behind */
	t->chunk->used = (uint32_t)(p - (uint8_t *)(t->chunk + 1));
}

static inline void mc_count_lost(struct mc_thread *t)
{
	t->lost++;
	t->chunk->lost = t->lost;
}

static inline void mc_write_entry(struct mc_thread *t, uint64_t now, uint64_t addr)
{
	uint8_t *p;

	if (!mc_reserve(t)) {
		mc_count_lost(t);
		return;
	}
	p = ft_put_varint(t->wp, (mc_ticks(t->last_time, now) << 2) | FT_KIND_ENTRY);
	p = ft_put_varint(p, ft_zigzag((int64_t)(addr - t->last_addr)));
	t->last_addr = addr;
	mc_commit(t, p, now);
}

static inline void mc_write_exit(struct mc_thread *t, uint64_t now)
{
	if (!mc_reserve(t)) {
		mc_count_lost(t);
		return;
	}
	mc_commit(t, ft_put_varint(t->wp, (mc_ticks(t->last_time, now) << 2) | FT_KIND_EXIT), now);
}

/* buffer.c: events, which are rare and so not inlined */

/* An event at tick now with a payload of bytes; opens a fresh chunk if this one is full. */
HIDDEN void mc_emit_payload(struct mc_thread *t, uint64_t now, unsigned type,
			    const uint8_t *payload, size_t len);
/* The same with a payload of n varints (at most 8). */
HIDDEN void mc_emit_event(struct mc_thread *t, uint64_t now, unsigned type, const uint64_t *vals,
			  unsigned n);
/* An event with no time of its own, right after the previous record: it must fit before t->end,
 * so that the ENTRY it follows, or the EXIT that follows it, is in the same chunk (readers attach
 * it to that record). Otherwise it is dropped. */
HIDDEN void mc_emit_attached(struct mc_thread *t, unsigned type, const uint8_t *payload,
			     size_t len);

#endif
