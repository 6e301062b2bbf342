/* SPDX-License-Identifier: MIT */
/* Buffered output and hand-rolled number formatting, shared by every command that prints per
 * record. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "output.h"

void out_init(struct out *o, int fd)
{
	*o = (struct out){.buf = xmalloc(OUT_SIZE), .size = OUT_SIZE, .fd = fd};
}

void out_flush(struct out *o)
{
	size_t done = 0;

	while (done < o->len && !o->failed) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (errno != EPIPE)
				error("cannot write the output: %s", strerror(errno));
			else
				errno = EPIPE;
			o->failed = true;
			break;
		}
		done += (size_t)n;
	}
	o->len = 0;
}

int out_close(struct out *o)
{
	int saved;

	out_flush(o);
	saved = errno;
	free(o->buf);
	o->buf = NULL;
	return o->failed && saved != EPIPE ? 1 : 0;
}

/* An item larger than the buffer: formatted in a block of its own, which out_end_long() copies
 * through the buffer (out_str) and frees. */
char *out_begin_long(struct out *o, size_t n)
{
	o->big = xmalloc(n);
	return o->big;
}

void out_end_long(struct out *o, const char *end)
{
	char *big = o->big;

	o->big = NULL;
	out_str(o, big, (size_t)(end - big));
	free(big);
}

void out_str(struct out *o, const char *s, size_t n)
{
	while (n) {
		size_t k = n < o->size ? n : o->size;

		memcpy(out_room(o, k), s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	char *p = out_room(o, 4096), *big;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p, 4096, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n < 4096) {
		o->len += (size_t)n;
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("out of memory");
	out_str(o, big, (size_t)n);
	free(big);
}

/* "00" to "99", for put_uint() */
const char put_digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
				  "25262728293031323334353637383940414243444546474849"
				  "50515253545556575859606162636465666768697071727374"
				  "75767778798081828384858687888990919293949596979899";

/* "000\0" to "999\0", built by the preprocessor: put_digits3 + 4 * v is v's three digits */
/* clang-format off */
#define D1(h, t) h t "0\0" h t "1\0" h t "2\0" h t "3\0" h t "4\0" \
		 h t "5\0" h t "6\0" h t "7\0" h t "8\0" h t "9\0"
#define D2(h) D1(h, "0") D1(h, "1") D1(h, "2") D1(h, "3") D1(h, "4") \
	      D1(h, "5") D1(h, "6") D1(h, "7") D1(h, "8") D1(h, "9")
const char put_digits3[4001] = D2("0") D2("1") D2("2") D2("3") D2("4")
			       D2("5") D2("6") D2("7") D2("8") D2("9");
#undef D1
#undef D2
/* clang-format on */

char *put_hex(char *p, uint64_t v, int width)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = digits[v & 15];
		v >>= 4;
	} while (v);
	for (int i = n; i < width; i++)
		*p++ = ' ';
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* The unit and the value in thousandths of it, truncated, as uftrace shows times. */
static const char *duration_unit(uint64_t ns, uint64_t *v)
{
	static const char units[][3] = {"us", "ms", " s", " m", " h"};
	static const uint64_t scale[] = {1, 1000, 1000000, 60000000, 3600000000ull};
	unsigned u = ns < 1000000	      ? 0
		     : ns < 1000000000	      ? 1
		     : ns < 1000000000000ull  ? 2
		     : ns < 60000000000000ull ? 3
					      : 4;

	*v = ns / scale[u];
	return units[u];
}

char *put_duration_long(char *p, uint64_t ns)
{
	uint64_t v;
	const char *unit = duration_unit(ns, &v);

	if (v < 1000000) {
		p = put_thousandths(p, (uint32_t)v);
	} else { /* over 999 hours */
		p = put_uint(p, v / 1000, 3);
		*p++ = '.';
		memcpy(p, put_digits3 + 4 * (v % 1000), 4);
		p += 3;
	}
	*p++ = ' ';
	*p++ = unit[0];
	*p++ = unit[1];
	return p;
}

char *put_duration_color(char *p, uint64_t ns, bool color)
{
	const char *sgr = !color || ns < 1000000 ? NULL
			  : ns < 1000000000	 ? TERM_YELLOW
						 : TERM_ALARM;

	if (!sgr)
		return put_duration(p, ns);
	p = put_str(p, sgr, strlen(sgr));
	p = put_duration(p, ns);
	return PUT_LIT(p, TERM_RESET);
}

char *put_sduration(char *p, int64_t ns, int width)
{
	uint64_t v, mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	const char *unit = duration_unit(mag, &v);
	char tmp[40];
	int n = snprintf(tmp, sizeof(tmp), "%c%llu.%03llu %.2s", ns < 0 ? '-' : '+',
			 (unsigned long long)(v / 1000), (unsigned long long)(v % 1000), unit);

	for (int i = n; i < width; i++)
		*p++ = ' ';
	memcpy(p, tmp, (size_t)n);
	return p + n;
}
