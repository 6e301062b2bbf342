/* SPDX-License-Identifier: MIT */
/* One small hash table for every cache of the analyser: set-up, growth and release. */
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "util.h"

static void hashmap_alloc(struct hashmap *m, size_t n)
{
	unsigned bits = 1;

	while (((size_t)1 << bits) < n)
		bits++;
	m->mask = ((size_t)1 << bits) - 1;
	m->shift = 64 - bits;
	m->slots = big_alloc((m->mask + 1) * sizeof(*m->slots));
	/* every byte 0xff: each value HASHMAP_NONE */
	memset(m->slots, 0xff, (m->mask + 1) * sizeof(*m->slots));
}

void hashmap_init(struct hashmap *m, size_t n)
{
	/* half full at most: n keys need 2n slots */
	hashmap_alloc(m, n < 4 ? 8 : 2 * n);
	m->used = 0;
}

void hashmap_free(struct hashmap *m)
{
	big_free(m->slots, (m->mask + 1) * sizeof(*m->slots));
	m->slots = NULL;
	m->mask = m->used = 0;
}

void hashmap_grow(struct hashmap *m)
{
	struct hashmap_slot *old = m->slots;
	size_t n = m->mask + 1;

	hashmap_alloc(m, 2 * n);
	for (size_t i = 0; i < n; i++) {
		size_t j;

		if (old[i].val == HASHMAP_NONE)
			continue;
		for (j = hashmap_index(m, old[i].a, old[i].b, old[i].c);
		     m->slots[j].val != HASHMAP_NONE; j = (j + 1) & m->mask)
			;
		m->slots[j] = old[i];
	}
	big_free(old, n * sizeof(*old));
}
