/* SPDX-License-Identifier: MIT */
/* Unit tests for analysis/hashmap.c: the one hash table behind every cache of the analyser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "hashmap.h"
#include "util.h"

static void empty_map_finds_nothing(void **state)
{
	struct hashmap m;

	(void)state;
	hashmap_init(&m, 16);
	assert_int_equal(hashmap_get(&m, 0, 0, 0), HASHMAP_NONE);
	assert_int_equal(hashmap_get(&m, 0x401000, 7, 42), HASHMAP_NONE);
	hashmap_free(&m);
}

static void added_key_is_found_and_not_added_again(void **state)
{
	struct hashmap m;
	uint32_t *v;
	bool added;

	(void)state;
	hashmap_init(&m, 16);
	v = hashmap_slot(&m, 0x401000, 7, 42, &added);
	assert_true(added);
	assert_int_equal(*v, HASHMAP_NONE);
	*v = 5;
	v = hashmap_slot(&m, 0x401000, 7, 42, &added);
	assert_false(added);
	assert_int_equal(*v, 5);
	assert_int_equal(hashmap_get(&m, 0x401000, 7, 42), 5);
	assert_int_equal(m.used, 1);
	hashmap_free(&m);
}

/* addr, session and pid each tell keys apart: the same address in another process is another key */
static void every_part_of_the_key_counts(void **state)
{
	struct hashmap m;
	bool added;

	(void)state;
	hashmap_init(&m, 4);
	*hashmap_slot(&m, 0x1000, 1, 100, &added) = 0;
	*hashmap_slot(&m, 0x1000, 2, 100, &added) = 1;
	*hashmap_slot(&m, 0x1000, 1, 101, &added) = 2;
	*hashmap_slot(&m, 0x1001, 1, 100, &added) = 3;
	assert_int_equal(hashmap_get(&m, 0x1000, 1, 100), 0);
	assert_int_equal(hashmap_get(&m, 0x1000, 2, 100), 1);
	assert_int_equal(hashmap_get(&m, 0x1000, 1, 101), 2);
	assert_int_equal(hashmap_get(&m, 0x1001, 1, 100), 3);
	assert_int_equal(hashmap_get(&m, 0x1001, 2, 101), HASHMAP_NONE);
	hashmap_free(&m);
}

/* Growing keeps every value, and the table never passes half full. */
static void growth_keeps_all_values(void **state)
{
	struct hashmap m;
	bool added;
	const uint32_t n = 100000;

	(void)state;
	hashmap_init(&m, 8);
	for (uint32_t i = 0; i < n; i++) {
		/* addresses 16 bytes apart, as functions are: the low bits carry little */
		uint32_t *v =
			hashmap_slot(&m, 0x400000 + 16 * (uint64_t)i, i % 3, 1000 + i % 5, &added);

		assert_true(added);
		*v = i;
		assert_true(m.used * 2 <= m.mask + 1);
	}
	assert_int_equal(m.used, n);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(hashmap_get(&m, 0x400000 + 16 * (uint64_t)i, i % 3, 1000 + i % 5),
				 i);
	assert_int_equal(hashmap_get(&m, 0x400000 + 16 * (uint64_t)n, 0, 1000), HASHMAP_NONE);
	hashmap_free(&m);
}

/* Keys that differ only in their high bits (the calling-context tree's parent << 32 | key). */
static void high_bits_tell_keys_apart(void **state)
{
	struct hashmap m;
	bool added;

	(void)state;
	hashmap_init(&m, 8);
	for (uint32_t parent = 0; parent < 2000; parent++)
		*hashmap_slot(&m, (uint64_t)parent << 32 | 7, 0, 0, &added) = parent;
	for (uint32_t parent = 0; parent < 2000; parent++)
		assert_int_equal(hashmap_get(&m, (uint64_t)parent << 32 | 7, 0, 0), parent);
	hashmap_free(&m);
}

/* big_alloc() (the slots of a big table): growing from malloc's memory into 2 MiB pages, within
 * them and past them keeps every byte; each size frees what it was allocated with. */
static void big_tables_keep_their_contents(void **state)
{
	const size_t sizes[] = {4096, 100000, 600000, 1u << 20, 3u << 20, 5u << 20};
	uint32_t *p = big_alloc(sizes[0]);
	size_t old = sizes[0];

	(void)state;
	for (size_t k = 0; k < old / 4; k++)
		p[k] = (uint32_t)k * 2654435761u;
	for (size_t i = 1; i < sizeof(sizes) / sizeof(*sizes); i++) {
		p = big_realloc(p, old, sizes[i]);
		for (size_t k = 0; k < old / 4; k++)
			assert_int_equal(p[k], (uint32_t)k * 2654435761u);
		for (size_t k = old / 4; k < sizes[i] / 4; k++) /* the new part is writable */
			p[k] = (uint32_t)k * 2654435761u;
		old = sizes[i];
	}
	big_free(p, old);
	big_free(big_alloc(3u << 20), 3u << 20);
	big_free(NULL, 3u << 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_map_finds_nothing),
		cmocka_unit_test(added_key_is_found_and_not_added_again),
		cmocka_unit_test(every_part_of_the_key_counts),
		cmocka_unit_test(growth_keeps_all_values),
		cmocka_unit_test(high_bits_tell_keys_apart),
		cmocka_unit_test(big_tables_keep_their_contents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
