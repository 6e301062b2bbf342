/* SPDX-License-Identifier: MIT */
/* Buffered output and hand-rolled number formatting, shared by every command that prints per
 * record. */
#ifndef FTRACE_ANALYSIS_OUTPUT_H
#define FTRACE_ANALYSIS_OUTPUT_H

/*
 * printf per line costs more than the rest of replay put together, so commands that print per
 * record format into one buffer with the put_*() helpers, which return the byte after what they
 * wrote, and flush it whole. The buffer is small (OUT_SIZE, 64 KiB: one pipe's worth), since
 * every command allocates one per run; an item longer than that (a line with a huge name) is
 * formatted apart and written through the buffer in pieces (out_begin()/out_end()).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct out {
	char *buf;
	size_t len, size;
	char *big; /* the item out_begin() placed outside buf, until out_end() */
	int fd;
	bool failed;
};

#define OUT_SIZE (64u << 10)

void out_init(struct out *o, int fd);
void out_flush(struct out *o);
/* Flushes and frees; returns 0, or 1 when writing failed (other than EPIPE, which is quiet). */
int out_close(struct out *o);

/* Room for n bytes (n <= OUT_SIZE); advance o->len by what was written. */
static inline char *out_room(struct out *o, size_t n)
{
	if (o->len + n > o->size)
		out_flush(o);
	return o->buf + o->len;
}

char *out_begin_long(struct out *o, size_t n);
void out_end_long(struct out *o, const char *end);

/* Room for one item of up to n bytes, however large n is; out_end() with the byte after it. */
static inline char *out_begin(struct out *o, size_t n)
{
	if (__builtin_expect(n <= o->size, 1))
		return out_room(o, n);
	return out_begin_long(o, n);
}

static inline void out_end(struct out *o, const char *end)
{
	if (__builtin_expect(!o->big, 1))
		o->len = (size_t)(end - o->buf);
	else
		out_end_long(o, end);
}

void out_str(struct out *o, const char *s, size_t n);
__attribute__((format(printf, 2, 3))) void out_printf(struct out *o, const char *fmt, ...);

static inline char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}
#define PUT_LIT(p, s) put_str(p, s, sizeof(s) - 1)

/* n bytes of s (which has 15 readable bytes past them) in 16-byte copies, not a call to memcpy;
 * writes up to 15 bytes past the end it returns */
static inline char *put_str16(char *p, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i += 16)
		memcpy(p + i, s + i, 16);
	return p + n;
}

extern const char put_digit_pairs[201];
/* "000\0" to "999\0": put_digits3 + 4 * v is v (< 1000) in three digits, copied 4 bytes at once */
extern const char put_digits3[4001];

static inline int decimal_digits(uint64_t v)
{
	int n = 1;

	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

/*
 * v in decimal, right-aligned in width characters (more when it does not fit). Inline, two digits
 * per division, written from the last digit back: the numbers of replay's and --chrome's lines
 * are most of their formatting time.
 */
static inline char *put_uint(char *p, uint64_t v, int width)
{
	int n = decimal_digits(v);
	char *end, *q;

	for (int i = n; i < width; i++)
		*p++ = ' ';
	end = q = p + n;
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		q -= 2;
		memcpy(q, put_digit_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, put_digit_pairs + 2 * v, 2);
	} else {
		*--q = (char)('0' + v);
	}
	return end;
}

/*
 * v in decimal, as few digits as it takes, three digits per division: the hot numbers of
 * --chrome. Writes up to 3 bytes past the end it returns (the caller's room covers them).
 */
static inline char *put_dec(char *p, uint64_t v)
{
	uint32_t g[7];
	int n = 0, lead;

	for (; v >= 1000; v /= 1000)
		g[n++] = (uint32_t)(v % 1000);
	lead = 1 + (v >= 10) + (v >= 100);
	memcpy(p, put_digits3 + 4 * v + 3 - lead, 4);
	p += lead;
	while (n) {
		memcpy(p, put_digits3 + 4 * g[--n], 4);
		p += 3;
	}
	return p;
}

/* v in lowercase hex without "0x", right-aligned in width characters */
char *put_hex(char *p, uint64_t v, int width);
/* "%3u.%03u": three columns right-aligned, a point, three digits; v / 1000 < 1000 */
static inline char *put_thousandths(char *p, uint32_t v)
{
	uint32_t hi = v / 1000;

	memcpy(p, put_digits3 + 4 * hi, 4);
	p[0] = hi < 100 ? ' ' : p[0];
	p[1] = hi < 10 ? ' ' : p[1];
	p[3] = '.';
	memcpy(p + 4, put_digits3 + 4 * (v % 1000), 4);
	return p + 7;
}

/* put_duration() of 1 ms or more */
char *put_duration_long(char *p, uint64_t ns);

/* uftrace's time column: "%7.3f %s", truncated to us, ms, s, then m and h: 10 characters.
 * Microseconds, nearly every call, inline and without a division by a variable. */
static inline char *put_duration(char *p, uint64_t ns)
{
	if (__builtin_expect(ns >= 1000000, 0))
		return put_duration_long(p, ns);
	p = put_thousandths(p, (uint32_t)ns);
	memcpy(p, " us", 3);
	return p + 3;
}
/* SGR sequences, for output that is coloured (--color, cmd/term.h) */
#define TERM_RESET  "\033[0m"
#define TERM_DIM    "\033[2m"
#define TERM_RED    "\033[31m"
#define TERM_YELLOW "\033[33m"
#define TERM_ALARM  "\033[1;31m" /* bold red */

/* put_duration() coloured by magnitude when color: us plain, ms yellow, s and more bold red
 * (--color: cmd/term.h); 10 visible characters either way */
char *put_duration_color(char *p, uint64_t ns, bool color);
/* the same with a sign: "+2.467 ms", right-aligned in width */
char *put_sduration(char *p, int64_t ns, int width);

#endif
