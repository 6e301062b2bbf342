/* SPDX-License-Identifier: MIT */
/* Unit tests for common/trace_format.h: varint and zigzag codecs, corrupt input, on-disk layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "trace_format.h"

static const uint64_t edge_values[] = {
	0,
	1,
	0x7f,
	0x80,
	0x3fff,
	0x4000,
	0x1fffff,
	0x200000,
	0xffffffffull,
	0x100000000ull,
	0x7fffffffffffffffull,
	0x8000000000000000ull,
	0xffffffffffffffffull,
};

static void varint_round_trips_edge_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(edge_values) / sizeof(edge_values[0]); i++) {
		uint8_t buf[16];
		uint64_t v = 12345;
		uint8_t *end = ft_put_varint(buf, edge_values[i]);
		const uint8_t *p = ft_get_varint(buf, end, &v);

		assert_ptr_equal(p, end);
		assert_true(v == edge_values[i]);
		assert_true(end - buf <= 10);
	}
}

static void varint_lengths(void **state)
{
	uint8_t buf[16];

	(void)state;
	assert_int_equal(ft_put_varint(buf, 0x7f) - buf, 1);
	assert_int_equal(ft_put_varint(buf, 0x80) - buf, 2);
	assert_int_equal(ft_put_varint(buf, 0x3fff) - buf, 2);
	assert_int_equal(ft_put_varint(buf, 0x4000) - buf, 3);
	assert_int_equal(ft_put_varint(buf, UINT64_MAX) - buf, 10);
}

static void zigzag_round_trips_and_keeps_small_deltas_small(void **state)
{
	static const int64_t vals[] = {0,   1,	       -1,	  63,	     -64,      64,
				       -65, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};

	(void)state;
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		assert_true(ft_unzigzag(ft_zigzag(vals[i])) == vals[i]);
	assert_int_equal(ft_zigzag(0), 0);
	assert_int_equal(ft_zigzag(-1), 1);
	assert_int_equal(ft_zigzag(1), 2);
	assert_true(ft_zigzag(-64) < 0x80); /* one byte either way */
	assert_true(ft_zigzag(63) < 0x80);
}

static void truncated_varint_is_refused(void **state)
{
	uint8_t buf[16];
	uint64_t v = 0;
	uint8_t *end = ft_put_varint(buf, 0x123456789ull);

	(void)state;
	for (uint8_t *cut = buf; cut < end; cut++)
		assert_null(ft_get_varint(buf, cut, &v));
}

static void overlong_varint_is_refused(void **state)
{
	uint8_t buf[12];
	uint64_t v = 0;

	(void)state;
	memset(buf, 0x80, sizeof(buf)); /* continuation bits forever */
	assert_null(ft_get_varint(buf, buf + sizeof(buf), &v));
	buf[10] = 0x01; /* an 11th byte would be needed: corrupt */
	assert_null(ft_get_varint(buf, buf + sizeof(buf), &v));
}

static void empty_input_is_refused(void **state)
{
	uint8_t b = 0;
	uint64_t v;

	(void)state;
	assert_null(ft_get_varint(&b, &b, &v));
}

static void record_header_packs_delta_and_kind(void **state)
{
	uint8_t buf[16];
	uint64_t h = 0;

	(void)state;
	ft_get_varint(buf, ft_put_varint(buf, (1000ull << 2) | FT_KIND_EXIT), &h);
	assert_int_equal(h & 3, FT_KIND_EXIT);
	assert_int_equal(h >> 2, 1000);
	/* a kind is never 0, so a zero byte can end the data */
	assert_int_not_equal(FT_KIND_ENTRY, 0);
	assert_int_not_equal(FT_KIND_EXIT, 0);
	assert_int_not_equal(FT_KIND_EVENT, 0);
}

static void chunk_header_layout_is_fixed(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ft_chunk_header), 64);
	assert_int_equal(offsetof(struct ft_chunk_header, magic), 0);
	assert_int_equal(offsetof(struct ft_chunk_header, version), 4);
	assert_int_equal(offsetof(struct ft_chunk_header, header_size), 6);
	assert_int_equal(offsetof(struct ft_chunk_header, endian), 8);
	assert_int_equal(offsetof(struct ft_chunk_header, chunk_size), 12);
	assert_int_equal(offsetof(struct ft_chunk_header, used), 16);
	assert_int_equal(offsetof(struct ft_chunk_header, seq), 20);
	assert_int_equal(offsetof(struct ft_chunk_header, pid), 24);
	assert_int_equal(offsetof(struct ft_chunk_header, tid), 28);
	assert_int_equal(offsetof(struct ft_chunk_header, base_time), 32);
	assert_int_equal(offsetof(struct ft_chunk_header, lost), 40);
	assert_int_equal(offsetof(struct ft_chunk_header, depth), 48);
	assert_int_equal(offsetof(struct ft_chunk_header, flags), 52);
	assert_int_equal(offsetof(struct ft_chunk_header, session), 56);
}

static void chunk_magic_reads_fchk(void **state)
{
	uint32_t m = FT_CHUNK_MAGIC;

	(void)state;
	assert_memory_equal(&m, "FCHK", 4); /* on the little-endian machines this runs on */
	assert_true(FT_CHUNK_SIZE_MIN <= FT_CHUNK_SIZE_DEFAULT &&
		    FT_CHUNK_SIZE_DEFAULT <= FT_CHUNK_SIZE_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(varint_round_trips_edge_values),
		cmocka_unit_test(varint_lengths),
		cmocka_unit_test(zigzag_round_trips_and_keeps_small_deltas_small),
		cmocka_unit_test(truncated_varint_is_refused),
		cmocka_unit_test(overlong_varint_is_refused),
		cmocka_unit_test(empty_input_is_refused),
		cmocka_unit_test(record_header_packs_delta_and_kind),
		cmocka_unit_test(chunk_header_layout_is_fixed),
		cmocka_unit_test(chunk_magic_reads_fchk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
