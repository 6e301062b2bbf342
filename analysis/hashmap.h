/* SPDX-License-Identifier: MIT */
/* One small hash table for every cache of the analyser: (u64, u64, u32) keys to u32 values. */
#ifndef FTRACE_ANALYSIS_HASHMAP_H
#define FTRACE_ANALYSIS_HASHMAP_H

/*
 * Open addressing with linear probing in a power-of-two table, grown at half full; no removal.
 * The key is up to three integers, most often a recorded address in its process image:
 * (addr, session, pid). Other keys use what they need and pass 0 for the rest. The value is a
 * u32, usually an index into the caller's own array of entries, so that a slot stays 24 bytes
 * and growing the table never moves the entries.
 *
 *	struct hashmap m;
 *	hashmap_init(&m, 1024);
 *	uint32_t *v = hashmap_slot(&m, addr, session, pid, &added);
 *	if (added)
 *		*v = entries_push(...);     // a new key: its value is the caller's to set
 *	... entries[*v] ...
 *	hashmap_free(&m);
 *
 * hashmap_get() and hashmap_slot() are inline: they are on the analysers' per-record paths.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

#define HASHMAP_NONE UINT32_MAX /* hashmap_get(): no such key; a slot's value when empty */

struct hashmap_slot {
	uint64_t a, b;
	uint32_t c;
	uint32_t val; /* HASHMAP_NONE: empty */
};

struct hashmap {
	struct hashmap_slot *slots;
	size_t mask, used;
	unsigned shift; /* 64 - log2(number of slots): the hash's top bits pick the slot */
};

/* An empty table with room for at least n keys before it grows (n rounded up to a power of two). */
void hashmap_init(struct hashmap *m, size_t n);
void hashmap_free(struct hashmap *m);
/* Doubles the table (hashmap_slot() calls it; the values stay, their addresses do not). */
void hashmap_grow(struct hashmap *m);

static inline size_t hashmap_index(const struct hashmap *m, uint64_t a, uint64_t b, uint32_t c)
{
	/* one multiply: the parts xor-ed, the product's top bits pick the slot */
	uint64_t h = (a ^ b ^ ((uint64_t)c << 32)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> m->shift);
}

/* The value of key (a, b, c), or HASHMAP_NONE. */
static inline uint32_t hashmap_get(const struct hashmap *m, uint64_t a, uint64_t b, uint32_t c)
{
	for (size_t i = hashmap_index(m, a, b, c);; i = (i + 1) & m->mask) {
		const struct hashmap_slot *s = &m->slots[i];

		/* the hit first: an empty slot (all bits set) that equals the key returns NONE too */
		if (likely(s->a == a && s->b == b && s->c == c))
			return s->val;
		if (s->val == HASHMAP_NONE)
			return HASHMAP_NONE;
	}
}

/*
 * The value of key (a, b, c), added when missing (*added set, the value HASHMAP_NONE until the
 * caller sets it, which it must before the next call). The pointer is valid until the next call.
 */
static inline uint32_t *hashmap_slot(struct hashmap *m, uint64_t a, uint64_t b, uint32_t c,
				     bool *added)
{
	struct hashmap_slot *s;

	for (size_t i = hashmap_index(m, a, b, c);; i = (i + 1) & m->mask) {
		s = &m->slots[i];
		if (s->val == HASHMAP_NONE)
			break;
		if (likely(s->a == a && s->b == b && s->c == c)) {
			*added = false;
			return &s->val;
		}
	}
	*added = true;
	if (unlikely((m->used + 1) * 2 > m->mask + 1)) {
		hashmap_grow(m);
		for (size_t i = hashmap_index(m, a, b, c);; i = (i + 1) & m->mask)
			if ((s = &m->slots[i])->val == HASHMAP_NONE)
				break;
	}
	m->used++;
	*s = (struct hashmap_slot){a, b, c, HASHMAP_NONE};
	return &s->val;
}

#endif
