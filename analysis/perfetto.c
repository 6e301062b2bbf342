/* SPDX-License-Identifier: MIT */
/* dump --perfetto: a small streaming protobuf encoder for Perfetto's TracePacket/TrackEvent. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "argspec.h"
#include "compiler.h"
#include "perfetto.h"
#include "tasks.h"
#include "trace_format.h"
#include "util.h"

/* Field numbers, from the public schema (protos/perfetto/trace/...). */
enum {
	TRACE_PACKET = 1,
	PKT_CLOCK_SNAPSHOT = 6,
	PKT_TIMESTAMP = 8,
	PKT_SEQUENCE_ID = 10, /* trusted_packet_sequence_id */
	PKT_TRACK_EVENT = 11,
	PKT_INTERNED_DATA = 12,
	PKT_SEQUENCE_FLAGS = 13,
	PKT_COMPRESSED = 50, /* compressed_packets: a zlib-compressed Trace of packets */
	PKT_DEFAULTS = 59,   /* trace_packet_defaults */
	PKT_TRACK_DESCRIPTOR = 60,
	CLOCKS = 1,	      /* ClockSnapshot.clocks */
	CLOCK_ID = 1,	      /* Clock */
	CLOCK_TS = 2,	      /* Clock.timestamp */
	CLOCK_INCR = 3,	      /* Clock.is_incremental */
	DEF_CLOCK = 58,	      /* TracePacketDefaults.timestamp_clock_id */
	DEF_TRACK_EVENT = 11, /* TracePacketDefaults.track_event_defaults */
	TED_TRACK_UUID = 11,  /* TrackEventDefaults.track_uuid */
	TE_ANNOTATION = 4,    /* TrackEvent.debug_annotations */
	TE_TYPE = 9,
	TE_NAME_IID = 10,
	TE_TRACK_UUID = 11,
	TE_NAME = 23,
	ANN_STRING = 6, /* DebugAnnotation.string_value */
	ANN_NAME = 10,	/* DebugAnnotation.name */
	INTERNED_EVENT_NAMES = 2,
	EVNAME_IID = 1,
	EVNAME_NAME = 2,
	TD_UUID = 1,
	TD_NAME = 2,
	TD_PROCESS = 3,
	TD_THREAD = 4,
	TD_PARENT = 5,
	PD_PID = 1,
	PD_NAME = 6,
	THD_PID = 1,
	THD_TID = 2,
	THD_NAME = 5,
};

enum { SLICE_BEGIN = 1, SLICE_END = 2, INSTANT = 3 };
enum { SEQ_CLEARED = 1 };
#define CLOCK_BOOTTIME	 6
#define CLOCK_SEQ	 64 /* the first sequence-scoped clock id */
#define THREAD_UUID(tid) ((1ull << 32) | (tid))

/* one thread: one packet sequence */
struct pf_thread {
	uint32_t tid, seq;
	uint64_t last; /* the time of the sequence's last packet: timestamps are deltas from it */
	uint8_t *interned; /* per fid: its name was interned on this sequence */
	uint32_t ninterned;
	bool off; /* an "off-CPU" slice is open: the thread was switched out */
};

struct pf {
	struct out *out;
	struct ca_funcs *fn;
	const struct dwarf_enums *en;
	struct pf_thread *th;
	uint32_t nth, cur;
	uint32_t *pids, npids; /* processes described so far */
	struct task_log tasks; /* the processes' programs */
	uint8_t *buf[3];       /* scratch for the nesting levels of a packet */
	size_t cap;
	uint8_t *block; /* packets waiting to be compressed together, as a Trace */
	size_t block_len, block_cap;
	uint8_t *zbuf; /* the compressed block */
	size_t zcap;
};

/*
 * Packets are written in blocks of about a megabyte, each deflated into one TracePacket's
 * compressed_packets, as Perfetto's own service does when compression is on: a slice costs about
 * a dozen bytes as protobuf, and well under half of that compressed. Memory stays one block.
 */
#define BLOCK_SIZE (1u << 20)

/* ---- the encoder: each put returns the byte after what it wrote ---- */

static uint8_t *pb_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static uint8_t *pb_uint(uint8_t *p, unsigned field, uint64_t v)
{
	return pb_varint(pb_varint(p, (uint64_t)field << 3), v);
}

static uint8_t *pb_bytes(uint8_t *p, unsigned field, const void *data, size_t n)
{
	p = pb_varint(pb_varint(p, (uint64_t)field << 3 | 2), n);
	memcpy(p, data, n);
	return p + n;
}

static uint8_t *pb_str(uint8_t *p, unsigned field, const char *s)
{
	return pb_bytes(p, field, s, strlen(s));
}

/* scratch big enough for a packet that carries n bytes of strings */
static void pf_room(struct pf *pf, size_t n)
{
	n += 256;
	if (n <= pf->cap)
		return;
	for (int i = 0; i < 3; i++)
		pf->buf[i] = xrealloc(pf->buf[i], n);
	pf->cap = n;
}

/* The waiting block, deflated into one TracePacket { compressed_packets } of the Trace. */
static void pf_flush(struct pf *pf)
{
	uLongf zlen = compressBound(pf->block_len);
	uint8_t field[16], head[16], *f, *h;

	if (!pf->block_len)
		return;
	if (zlen > pf->zcap) {
		pf->zcap = zlen;
		pf->zbuf = xrealloc(pf->zbuf, zlen);
	}
	if (compress2(pf->zbuf, &zlen, pf->block, pf->block_len, Z_DEFAULT_COMPRESSION) != Z_OK)
		die("zlib cannot compress a block of %zu bytes", pf->block_len);
	f = pb_varint(pb_varint(field, PKT_COMPRESSED << 3 | 2), zlen);
	h = pb_varint(pb_varint(head, TRACE_PACKET << 3 | 2), (size_t)(f - field) + zlen);
	out_str(pf->out, (const char *)head, (size_t)(h - head));
	out_str(pf->out, (const char *)field, (size_t)(f - field));
	out_str(pf->out, (const char *)pf->zbuf, zlen);
	pf->block_len = 0;
}

/* one TracePacket of the Trace, into the block */
static void pf_emit(struct pf *pf, const uint8_t *pkt, const uint8_t *end)
{
	size_t n = (size_t)(end - pkt), need = pf->block_len + n + 16;

	if (need > pf->block_cap) {
		pf->block_cap = need > BLOCK_SIZE ? need : BLOCK_SIZE + 4096;
		pf->block = xrealloc(pf->block, pf->block_cap);
	}
	pf->block_len =
		(size_t)(pb_varint(pb_varint(pf->block + pf->block_len, TRACE_PACKET << 3 | 2), n) -
			 pf->block);
	memcpy(pf->block + pf->block_len, pkt, n);
	pf->block_len += n;
	if (pf->block_len >= BLOCK_SIZE)
		pf_flush(pf);
}

/* ---- processes, threads, sequences ---- */

/* the program's name (the last image of pid), "process" without a task log */
static const char *pf_exe(const struct pf *pf, uint32_t pid)
{
	const char *exe = task_log_program(&pf->tasks, pid);

	return exe ? exe : "process";
}

/*
 * One TrackDescriptor packet: a process's track (uuid pid) or a thread's (uuid THREAD_UUID(tid),
 * under its process). The two descriptors differ only in field numbers.
 */
static void pf_descriptor(struct pf *pf, bool thread, uint32_t pid, uint32_t tid, const char *name,
			  uint32_t seq)
{
	uint8_t *d = pf->buf[0], *e, *td = pf->buf[1], *t, *pkt = pf->buf[2], *p;

	pf_room(pf, strlen(name) * 2);
	if (thread) {
		e = pb_uint(d, THD_PID, pid);
		e = pb_uint(e, THD_TID, tid);
		e = pb_str(e, THD_NAME, name);
		t = pb_uint(td, TD_UUID, THREAD_UUID(tid));
		t = pb_uint(t, TD_PARENT, pid);
	} else {
		e = pb_uint(d, PD_PID, pid);
		e = pb_str(e, PD_NAME, name);
		t = pb_uint(td, TD_UUID, pid);
	}
	t = pb_bytes(t, thread ? TD_THREAD : TD_PROCESS, d, (size_t)(e - d));
	p = pb_uint(pkt, PKT_SEQUENCE_ID, seq);
	p = pb_bytes(p, PKT_TRACK_DESCRIPTOR, td, (size_t)(t - td));
	pf_emit(pf, pkt, p);
}

static void pf_process(struct pf *pf, uint32_t pid, uint32_t seq)
{
	for (uint32_t i = 0; i < pf->npids; i++)
		if (pf->pids[i] == pid)
			return;
	pf->pids = xrealloc(pf->pids, (pf->npids + 1) * sizeof(*pf->pids));
	pf->pids[pf->npids++] = pid;
	pf_descriptor(pf, false, pid, 0, pf_exe(pf, pid), seq);
}

static void pf_thread_descriptor(struct pf *pf, uint32_t pid, uint32_t tid, uint32_t seq)
{
	pf_descriptor(pf, true, pid, tid, tid == pid ? pf_exe(pf, pid) : "thread", seq);
}

/* The sequence's first packet: state cleared, defaults (the thread's track, the delta clock) and
 * the clock snapshot that anchors the delta clock at time t. */
static void pf_sequence_start(struct pf *pf, uint32_t tid, uint32_t seq, uint64_t t)
{
	uint8_t *a = pf->buf[0], *b = pf->buf[1], *pkt = pf->buf[2], *p, *q, *r;

	q = pb_uint(a, TED_TRACK_UUID, THREAD_UUID(tid));
	r = pb_uint(b, DEF_CLOCK, CLOCK_SEQ);
	r = pb_bytes(r, DEF_TRACK_EVENT, a, (size_t)(q - a));
	p = pb_uint(pkt, PKT_SEQUENCE_ID, seq);
	p = pb_uint(p, PKT_SEQUENCE_FLAGS, SEQ_CLEARED);
	p = pb_bytes(p, PKT_DEFAULTS, b, (size_t)(r - b));
	/* ClockSnapshot { clocks { id 64, ts t, incremental }, clocks { id BOOTTIME, ts t } } */
	q = pb_uint(a, CLOCK_ID, CLOCK_SEQ);
	q = pb_uint(q, CLOCK_TS, t);
	q = pb_uint(q, CLOCK_INCR, 1);
	r = pb_bytes(b, CLOCKS, a, (size_t)(q - a));
	q = pb_uint(a, CLOCK_ID, CLOCK_BOOTTIME);
	q = pb_uint(q, CLOCK_TS, t);
	r = pb_bytes(r, CLOCKS, a, (size_t)(q - a));
	p = pb_bytes(p, PKT_CLOCK_SNAPSHOT, b, (size_t)(r - b));
	pf_emit(pf, pkt, p);
}

static struct pf_thread *pf_thread_of(struct pf *pf, const struct tr_rec *rec)
{
	struct pf_thread *th;

	if (pf->cur < pf->nth && pf->th[pf->cur].tid == rec->tid)
		return &pf->th[pf->cur];
	for (pf->cur = 0; pf->cur < pf->nth; pf->cur++)
		if (pf->th[pf->cur].tid == rec->tid)
			return &pf->th[pf->cur];
	pf->th = xrealloc(pf->th, (pf->nth + 1) * sizeof(*pf->th));
	th = &pf->th[pf->nth++];
	*th = (struct pf_thread){.tid = rec->tid, .seq = pf->nth, .last = rec->time};
	pf_process(pf, rec->pid, th->seq);
	pf_thread_descriptor(pf, rec->pid, rec->tid, th->seq);
	pf_sequence_start(pf, rec->tid, th->seq, rec->time);
	return th;
}

/* ---- events ---- */

/* DebugAnnotation { name, string_value } */
static uint8_t *pf_annotation(uint8_t *p, uint8_t *scratch, const char *name, const char *val,
			      size_t len)
{
	uint8_t *q = pb_str(scratch, ANN_NAME, name);

	q = pb_bytes(q, ANN_STRING, val, len);
	return pb_bytes(p, TE_ANNOTATION, scratch, (size_t)(q - scratch));
}

/* The TrackEvent of a slice begin or end, with what the record carries as annotations. */
static uint8_t *pf_track_event(struct pf *pf, uint8_t *p, const struct tr_rec *rec, int type,
			       uint32_t fid)
{
	char text[1024];
	const char *raw = ca_func(pf->fn, fid)->name;
	size_t n;

	p = pb_uint(p, TE_TYPE, (uint64_t)type);
	if (type == SLICE_BEGIN) {
		p = pb_uint(p, TE_NAME_IID, fid + 1);
		if (rec->args) {
			n = argspec_format_named(pf->en, raw, rec->args, rec->args_len, text,
						 sizeof(text));
			p = pf_annotation(p, pf->buf[0], "args", text, n);
		}
		return p;
	}
	if (rec->retval) {
		n = argspec_format_named(pf->en, raw, rec->retval, rec->retval_len, text,
					 sizeof(text));
		p = pf_annotation(p, pf->buf[0], "retval", text, n);
	}
	if (rec->abandon) {
		const char *why = tr_abandon_name(rec->abandon);

		p = pf_annotation(p, pf->buf[0], "abandoned", why, strlen(why));
	}
	return p;
}

/* InternedData { event_names { iid, name } } the first time the sequence sees fid */
static uint8_t *pf_intern(struct pf *pf, struct pf_thread *th, uint8_t *p, uint32_t fid)
{
	const struct ca_func *fu = ca_func(pf->fn, fid);
	uint8_t *a = pf->buf[0], *b = pf->buf[1], *q, *r;

	if (fid < th->ninterned && th->interned[fid])
		return p;
	if (fid >= th->ninterned) {
		uint32_t n = fid + 256;

		th->interned = xrealloc(th->interned, n);
		memset(th->interned + th->ninterned, 0, n - th->ninterned);
		th->ninterned = n;
	}
	th->interned[fid] = 1;
	q = pb_uint(a, EVNAME_IID, fid + 1);
	q = pb_bytes(q, EVNAME_NAME, fu->name, fu->name_len);
	r = pb_bytes(b, INTERNED_EVENT_NAMES, a, (size_t)(q - a));
	return pb_bytes(p, PKT_INTERNED_DATA, b, (size_t)(r - b));
}

/* The packet header: the time as a delta on the sequence's clock. No SEQ_NEEDS_STATE flag: it
 * only tells a reader which packets to drop after lost data, and a file has none; two bytes of a
 * dozen per slice. */
static uint8_t *pf_head(uint8_t *p, struct pf_thread *th, uint64_t t)
{
	p = pb_uint(p, PKT_TIMESTAMP, t > th->last ? t - th->last : 0);
	th->last = t > th->last ? t : th->last;
	return pb_uint(p, PKT_SEQUENCE_ID, th->seq);
}

static void pf_slice(struct pf *pf, struct pf_thread *th, const struct tr_rec *rec, int type,
		     uint64_t t, uint32_t fid)
{
	uint8_t *pkt = pf->buf[2], *te, *p;

	pf_room(pf, 2 * ca_func(pf->fn, fid)->name_len + 3 * 1024);
	p = pf_head(pkt, th, t);
	if (type == SLICE_BEGIN)
		p = pf_intern(pf, th, p, fid);
	te = pf->buf[1];
	p = pb_bytes(p, PKT_TRACK_EVENT, te, (size_t)(pf_track_event(pf, te, rec, type, fid) - te));
	pf_emit(pf, pkt, p);
}

/* signals, lost records, corrupt data: instants on the thread's track */
static void pf_instant(struct pf *pf, struct pf_thread *th, const struct tr_rec *rec)
{
	const char *what = rec->event == FT_EV_SIGNAL	 ? "signal"
			   : rec->event == FT_EV_LOST	 ? "records lost"
			   : rec->event == TR_EV_CORRUPT ? "corrupt data skipped"
							 : NULL;
	uint8_t *pkt = pf->buf[2], *te = pf->buf[1], *q, *p;

	if (!what)
		return;
	pf_room(pf, 64);
	p = pf_head(pkt, th, rec->time);
	q = pb_uint(te, TE_TYPE, INSTANT);
	q = pb_str(q, TE_NAME, what);
	p = pb_bytes(p, PKT_TRACK_EVENT, te, (size_t)(q - te));
	pf_emit(pf, pkt, p);
}

/*
 * Context switches: an "off-CPU" slice from the switch-out to the switch-in, inside the call they
 * happened in. Anything else of the thread closes a slice left open (a switch-in a filter dropped),
 * so slices always nest.
 */
static void pf_offcpu(struct pf *pf, struct pf_thread *th, const struct tr_rec *rec)
{
	uint8_t *pkt = pf->buf[2], *te = pf->buf[1], *q, *p;
	bool out = rec->type == TR_EVENT && rec->event == TR_EV_SCHED_OUT;

	if (out == th->off)
		return; /* nothing open to close, or one open already */
	pf_room(pf, 64);
	p = pf_head(pkt, th, rec->time);
	q = pb_uint(te, TE_TYPE, out ? SLICE_BEGIN : SLICE_END);
	if (out)
		q = pb_str(q, TE_NAME, "off-CPU");
	p = pb_bytes(p, PKT_TRACK_EVENT, te, (size_t)(q - te));
	pf_emit(pf, pkt, p);
	th->off = out;
}

static int pf_batch(void *arg, const struct tr_rec *recs, uint32_t n)
{
	struct pf *pf = arg;

	for (uint32_t i = 0; i < n; i++) {
		const struct tr_rec *rec = &recs[i];
		struct pf_thread *th = pf_thread_of(pf, rec);
		uint32_t fid;

		if (unlikely(th->off) || (rec->type == TR_EVENT && rec->event == TR_EV_SCHED_OUT))
			pf_offcpu(pf, th, rec);
		if (rec->type == TR_EVENT) {
			pf_instant(pf, th, rec);
			continue;
		}
		fid = ca_func_id(pf->fn, rec);
		if (rec->type != TR_EXIT)
			pf_slice(pf, th, rec, SLICE_BEGIN, rec->time, fid);
		if (rec->type == TR_LEAF)
			pf_slice(pf, th, rec, SLICE_END, rec->time + rec->duration, fid);
		else if (rec->type == TR_EXIT)
			pf_slice(pf, th, rec, SLICE_END, rec->time, fid);
	}
	return pf->out->failed;
}

int perfetto_write(struct out *out, struct trace_reader *r, struct ca_funcs *fn, const char *dir,
		   const struct dwarf_enums *en)
{
	struct pf pf = {.out = out, .fn = fn, .en = en};
	int rc;

	task_log_load(dir, &pf.tasks);
	pf_room(&pf, 4096);
	rc = ca_read(r, pf_batch, &pf);
	pf_flush(&pf);
	free(pf.block);
	free(pf.zbuf);
	for (uint32_t i = 0; i < pf.nth; i++)
		free(pf.th[i].interned);
	free(pf.th);
	free(pf.pids);
	for (int i = 0; i < 3; i++)
		free(pf.buf[i]);
	task_log_free(&pf.tasks);
	return rc < 0 ? 1 : 0;
}
