/* SPDX-License-Identifier: MIT */
/* Reading on two CPUs: the reader decodes batches of records while the caller consumes them. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "readpipe.h"
#include "util.h"

#define BATCH  4096
#define NBATCH 4

/*
 * A batch's copies of the payloads, arguments and return values of its records: the reader's own
 * are only valid until its next call, and a batch holds many calls' records. Blocks are never
 * moved, so the pointers into them stay valid until the batch is refilled.
 */
struct keep {
	struct keep_block *first;
};

struct keep_block {
	struct keep_block *next;
	size_t used, size;
	uint8_t data[];
};

static void keep_reset(struct keep *k)
{
	while (k->first) {
		struct keep_block *b = k->first;

		k->first = b->next;
		free(b);
	}
}

static const uint8_t *keep_copy(struct keep *k, const uint8_t *v, uint32_t len)
{
	struct keep_block *b = k->first;
	uint8_t *at;

	if (!v)
		return NULL;
	if (!b || b->size - b->used < len) {
		size_t size = len > 65536 ? len : 65536;

		b = xmalloc(sizeof(*b) + size);
		*b = (struct keep_block){.next = k->first, .size = size};
		k->first = b;
	}
	at = b->data + b->used;
	memcpy(at, v, len);
	b->used += len;
	return at;
}

/* rec's pointers into the reader's buffers become pointers into k */
static void keep_rec(struct keep *k, struct tr_rec *rec)
{
	if (__builtin_expect(rec->payload || rec->args || rec->retval, 0)) {
		rec->payload = keep_copy(k, rec->payload, rec->payload_len);
		rec->args = keep_copy(k, rec->args, rec->args_len);
		rec->retval = keep_copy(k, rec->retval, rec->retval_len);
	}
}

struct pipe {
	struct trace_reader *r;
	struct tr_rec *bufs[NBATCH];
	struct keep keep[NBATCH];
	uint32_t count[NBATCH];
	unsigned head, tail; /* batches consumed, produced */
	bool done, stop;
	int rc;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *pipe_produce(void *arg)
{
	struct pipe *p = arg;
	int rc = 1;

	while (rc > 0) {
		struct tr_rec *b;
		uint32_t n = 0;

		pthread_mutex_lock(&p->mu);
		while (p->tail - p->head == NBATCH && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (p->stop)
			break;
		b = p->bufs[p->tail % NBATCH];
		keep_reset(&p->keep[p->tail % NBATCH]);
		/* trace_reader_read(): the reader's batch entry point; only a batch's last record
		 * can carry a payload, valid until the next call: the batch keeps a copy */
		while (n < BATCH && (rc = trace_reader_read(p->r, b + n, BATCH - n)) > 0) {
			n += (uint32_t)rc;
			keep_rec(&p->keep[p->tail % NBATCH], &b[n - 1]);
		}
		pthread_mutex_lock(&p->mu);
		p->count[p->tail % NBATCH] = n;
		p->tail++;
		if (rc <= 0) {
			p->done = true;
			p->rc = rc;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static int pipe_consume(struct pipe *p, ca_batch_fn fn, void *arg)
{
	for (;;) {
		uint32_t n;

		pthread_mutex_lock(&p->mu);
		while (p->head == p->tail && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->head == p->tail) {
			pthread_mutex_unlock(&p->mu);
			return p->rc;
		}
		n = p->count[p->head % NBATCH];
		pthread_mutex_unlock(&p->mu);
		if (fn(arg, p->bufs[p->head % NBATCH], n)) {
			pthread_mutex_lock(&p->mu);
			p->stop = true;
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
			return 0;
		}
		pthread_mutex_lock(&p->mu);
		p->head++;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* One CPU, or no thread: the plain loop. */
static int read_serial(struct trace_reader *r, ca_batch_fn fn, void *arg)
{
	struct tr_rec *b = xmalloc(BATCH * sizeof(*b));
	struct keep keep = {0};
	int rc = 1;

	while (rc > 0) {
		uint32_t n = 0;

		keep_reset(&keep);
		while (n < BATCH && (rc = trace_reader_read(r, b + n, BATCH - n)) > 0) {
			n += (uint32_t)rc; /* the batch entry point */
			keep_rec(&keep, &b[n - 1]);
		}
		if (n && fn(arg, b, n))
			break;
	}
	keep_reset(&keep);
	free(b);
	return rc < 0 ? -1 : 0;
}

/*
 * Decoding and aggregating a trace are both CPU-bound and about as costly: on a machine with two
 * CPUs or more, the reader runs in its own thread, a few batches ahead (memory stays constant).
 */
int ca_read(struct trace_reader *r, ca_batch_fn fn, void *arg)
{
	struct pipe p = {.r = r};
	pthread_t th;
	int rc;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return read_serial(r, fn, arg);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	for (int i = 0; i < NBATCH; i++)
		p.bufs[i] = xmalloc(BATCH * sizeof(struct tr_rec));
	if (pthread_create(&th, NULL, pipe_produce, &p)) {
		rc = read_serial(r, fn, arg);
	} else {
		rc = pipe_consume(&p, fn, arg);
		pthread_join(th, NULL);
	}
	for (int i = 0; i < NBATCH; i++) {
		free(p.bufs[i]);
		keep_reset(&p.keep[i]);
	}
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return rc < 0 ? -1 : 0;
}
