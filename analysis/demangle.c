/* SPDX-License-Identifier: MIT */
/* Demangling C++ and Rust names: libiberty's full form, the simple form derived from it, a cache.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

#include "demangle.h"

/* Deeper nesting than this is not a real symbol: the rest of the name is dropped, never overflowed.
 */
#define MAX_NEST 256

static bool is_mangled(const char *raw)
{
	return raw[0] == '_' && (raw[1] == 'Z' || raw[1] == 'R');
}

char *demangle_full(const char *raw)
{
	char *s;

	if (!raw || !is_mangled(raw))
		return NULL;
	/*
	 * Rust first: legacy Rust symbols are valid Itanium names too. DMGL_VERBOSE keeps the
	 * legacy hash and the v0 crate disambiguators in the full form; the simple form drops them.
	 * C++ is demangled without DMGL_VERBOSE, which would spell std::string as
	 * std::basic_string<...>.
	 */
	s = cplus_demangle(raw, DMGL_RUST | DMGL_VERBOSE | DMGL_PARAMS);
	if (!s && raw[1] == 'Z')
		s = cplus_demangle(raw, DMGL_GNU_V3 | DMGL_PARAMS | DMGL_ANSI);
	return s;
}

/* ---- the simple form ---- */

struct simp {
	const char *start; /* the full name */
	const char *p;	   /* read position */
	char *out;
	size_t n;    /* bytes written; never more than p - start, so out can be as long as full */
	size_t base; /* a return-type reset keeps out[0..base), e.g. "non-virtual thunk to " */
	int nest;    /* qualified-self recursion depth */
};

static bool ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '$';
}

static bool hex_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static char last(const struct simp *s)
{
	return s->n > s->base ? s->out[s->n - 1] : 0;
}

static bool out_ends_with_colons(const struct simp *s)
{
	return s->n >= s->base + 2 && s->out[s->n - 1] == ':' && s->out[s->n - 2] == ':';
}

static void put_n(struct simp *s, const char *src, size_t len)
{
	memmove(s->out + s->n, src, len);
	s->n += len;
}

static void copy_n(struct simp *s, size_t len)
{
	put_n(s, s->p, len);
	s->p += len;
}

static const char *const op_tokens[] = {
	"<<=", ">>=", "<=>", "->*", "()", "[]", "->", "<<", ">>", "<=", ">=", "==", "!=",
	"&&",  "||",  "++",  "--",  "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<",
	">",   "+",   "-",   "*",   "/",  "%",	"&",  "|",  "^",  "~",	"!",  "=",  ",",
};
static const char *const op_words[] = {" new[]", " delete[]", " new", " delete", " co_await"};

/*
 * p points at "operator" at the start of a word: the length of the whole operator name
 * ("operator<<=", "operator new[]", "operator\"\" _km"), or 0 when p is an identifier that only
 * starts with "operator". *conversion is set for "operator <type>", whose type follows.
 */
static size_t operator_len(const char *p, bool *conversion)
{
	const char *q = p + 8;
	size_t i;

	*conversion = false;
	if (strncmp(p, "operator", 8) || ident_char(*q))
		return 0;
	for (i = 0; i < sizeof(op_tokens) / sizeof(op_tokens[0]); i++)
		if (!strncmp(q, op_tokens[i], strlen(op_tokens[i])))
			return 8 + strlen(op_tokens[i]);
	for (i = 0; i < sizeof(op_words) / sizeof(op_words[0]); i++) {
		size_t len = strlen(op_words[i]);

		if (!strncmp(q, op_words[i], len) && !ident_char(q[len]))
			return 8 + len;
	}
	if (q[0] == '"' && q[1] == '"') { /* user-defined literal: operator"" _km */
		q += 2;
		if (*q == ' ' && ident_char(q[1]))
			for (q++; ident_char(*q); q++)
				;
		return q - p;
	}
	if (*q == ' ' && q[1]) {
		*conversion = true;
		return 9;
	}
	return 0;
}

static bool operator_at(const char *start, const char *p)
{
	return (p == start || !ident_char(p[-1])) && !strncmp(p, "operator", 8);
}

/* Pop the innermost opener matching a closer; a stray closer (part of an expression) is ignored. */
static int pop_to(const char *stack, int depth, char opener)
{
	int i;

	for (i = depth; i > 0; i--)
		if (stack[i - 1] == opener)
			return i - 1;
	return depth;
}

/*
 * p points at an opener ( < ( [ { ): the position after its closer, or the end of the string.
 * Inside, "->" and operator names are not brackets, and ">" closes only a "<" (elsewhere it is
 * a comparison in a C++ template expression, which libiberty parenthesises).
 */
static const char *skip_balanced(const char *start, const char *p)
{
	char stack[MAX_NEST];
	int depth = 0;
	bool conv;

	do {
		char c = *p;
		size_t op;

		if (!c)
			return p;
		if (c == 'o' && operator_at(start, p) && (op = operator_len(p, &conv))) {
			p += op;
			continue;
		}
		if (c == '-' && p[1] == '>') {
			p += 2;
			continue;
		}
		if (c == '<' || c == '(' || c == '[' || c == '{') {
			if (depth == MAX_NEST)
				return p + strlen(p);
			stack[depth++] = c;
		} else if (c == '>') {
			if (depth && stack[depth - 1] == '<')
				depth--;
		} else if (c == ')') {
			depth = pop_to(stack, depth, '(');
		} else if (c == ']') {
			depth = pop_to(stack, depth, '[');
		} else if (c == '}') {
			depth = pop_to(stack, depth, '{');
		}
		p++;
	} while (depth);
	return p;
}

static void angle(struct simp *s);

/* Rust "[1a2b3c4d5e6f7a8b]" crate disambiguators and C++ "[abi:cxx11]" tags, right after a name. */
static void bracket(struct simp *s)
{
	const char *q = s->p + 1;

	if (ident_char(last(s))) {
		if (!strncmp(q, "abi:", 4)) {
			s->p = skip_balanced(s->start, s->p);
			return;
		}
		while (hex_char(*q))
			q++;
		if (*q == ']' && q > s->p + 1) {
			s->p = q + 1;
			return;
		}
	}
	copy_n(s, 1);
}

/* {lambda(int)#1} -> {lambda#1}, {closure#0} and {{closure}} as they are, {unnamed type#1} too. */
static void copy_brace(struct simp *s)
{
	int depth = 0;

	do {
		char c = *s->p;

		if (c == '(' || (c == '<' && ident_char(last(s)))) {
			s->p = skip_balanced(s->start, s->p);
			continue;
		}
		if (c == '{')
			depth++;
		else if (c == '}')
			depth--;
		copy_n(s, 1);
	} while (*s->p && depth > 0);
}

/*
 * A type inside a Rust qualified path "<Type as Trait>": generic arguments and disambiguators go,
 * everything else (references, slices, tuples, fn types, "as") stays. Stops at the closing '>'.
 */
static void simplify_type(struct simp *s)
{
	char c;

	while ((c = *s->p) && c != '>') {
		if (c == '-' && s->p[1] == '>')
			copy_n(s, 2);
		else if (c == '<')
			angle(s);
		else if (c == '[')
			bracket(s);
		else if (c == '{')
			copy_brace(s);
		else
			copy_n(s, 1);
	}
}

/* "<fibrs::Tree>::count" reads better as "fibrs::Tree::count": unwrap a plain path. */
static void unwrap_plain_path(struct simp *s, size_t open)
{
	size_t i, len = s->n - open - 2;

	if (!len || strncmp(s->p, "::", 2))
		return;
	for (i = open + 1; i < s->n - 1; i++)
		if (!ident_char(s->out[i]) && s->out[i] != ':')
			return;
	memmove(s->out + open, s->out + open + 1, len);
	s->n -= 2;
}

static void qualified_self(struct simp *s)
{
	size_t open = s->n;

	if (s->nest >= MAX_NEST) {
		s->p = skip_balanced(s->start, s->p);
		return;
	}
	s->nest++;
	copy_n(s, 1);
	simplify_type(s);
	s->nest--;
	if (*s->p != '>')
		return;
	copy_n(s, 1);
	unwrap_plain_path(s, open);
}

/*
 * '<' opens generic arguments after a name ("Vec<T>", Rust's "twice::<f64>", "operator()<int>"),
 * and a Rust qualified path where a path starts ("<f64 as Sum>::sum", "<[T]>::len").
 */
static void angle(struct simp *s)
{
	char c = last(s);

	if (out_ends_with_colons(s)) {
		s->n -= 2;
		s->p = skip_balanced(s->start, s->p);
	} else if (ident_char(c) || c == '>' || c == ')' || c == ']') {
		s->p = skip_balanced(s->start, s->p);
	} else {
		qualified_self(s);
	}
}

/* After a parameter list: " const", " volatile", " &", " &&", " noexcept" qualify the method. */
static const char *skip_qualifiers(const char *p)
{
	static const char *const quals[] = {
		"const", "volatile", "restrict", "noexcept", "transaction_safe", "&&", "&"};
	size_t i, len;

	for (;;) {
		const char *q = p;

		while (*q == ' ')
			q++;
		for (i = 0; i < sizeof(quals) / sizeof(quals[0]); i++) {
			len = strlen(quals[i]);
			if (!strncmp(q, quals[i], len) && !ident_char(q[len]))
				break;
		}
		if (i == sizeof(quals) / sizeof(quals[0]))
			return p;
		p = q + len;
	}
}

/*
 * '(' in a name: "(anonymous namespace)" is kept; "(*" wraps the name of a function returning a
 * function pointer ("int (*ns::pick<int>(int))(int)"): go inside. A parameter list ends the name
 * unless "::" follows (a local entity: "f()::{lambda()#1}::operator()"). Returns false at the end.
 */
static bool paren(struct simp *s)
{
	const char *e = skip_balanced(s->start, s->p);

	if (s->n == s->base || last(s) == ':') {
		if (s->p[1] == '*' || s->p[1] == '&') {
			for (s->p++; *s->p == '*' || *s->p == '&'; s->p++)
				;
			return true;
		}
		copy_n(s, e - s->p);
		return true;
	}
	s->p = skip_qualifiers(e);
	if (strncmp(s->p, "::", 2))
		return false; /* what remains is " [clone .cold]" and the like */
	copy_n(s, 2);
	return true;
}

/* "operator int", "operator char const*", "operator std::vector<int>": the type up to '('. */
static void copy_conversion_type(struct simp *s)
{
	char c;

	while ((c = *s->p) && c != '(') {
		if (c == '<' && ident_char(last(s)))
			s->p = skip_balanced(s->start, s->p);
		else
			copy_n(s, 1);
	}
}

static void copy_operator(struct simp *s)
{
	bool conversion;
	size_t len = operator_len(s->p, &conversion);

	copy_n(s, len ? len : 1);
	if (conversion)
		copy_conversion_type(s);
	else if (len &&
		 *s->p == '<') /* "operator>>=<int>": only a '<' ending the name gets a space */
		s->p = skip_balanced(s->start, s->p);
}

/* A space outside brackets ends a return type ("int geo::twice<int>(int)"): drop what came before.
 */
static void space(struct simp *s)
{
	if (s->p[1] == '<') { /* "operator< <int>" */
		s->p = skip_balanced(s->start, s->p + 1);
		return;
	}
	s->p++;
	s->n = s->base;
}

/* Rust legacy hash: "::h" and 16 hex digits ending the name. */
static bool rust_hash_at(const char *p)
{
	int i;

	if (strncmp(p, "::h", 3))
		return false;
	for (i = 3; i < 19; i++)
		if (!hex_char(p[i]))
			return false;
	return p[19] == '\0';
}

static const char *const special_prefixes[] = {
	"non-virtual thunk to ",
	"virtual thunk to ",
	"covariant return thunk to ",
	"transaction clone for ",
	"non-transaction clone for ",
	"TLS init function for ",
	"TLS wrapper function for ",
	"guard variable for ",
	"hidden alias for ",
	"vtable for ",
	"typeinfo for ",
	"typeinfo name for ",
	"VTT for ",
};

/* "non-virtual thunk to ns::C::g()" keeps its prefix: the thunk is not the function itself. */
static void copy_prefix(struct simp *s)
{
	size_t i;

	for (i = 0; i < sizeof(special_prefixes) / sizeof(special_prefixes[0]); i++) {
		size_t len = strlen(special_prefixes[i]);

		if (!strncmp(s->p, special_prefixes[i], len)) {
			copy_n(s, len);
			s->base = s->n;
			return;
		}
	}
}

static bool simplify_step(struct simp *s)
{
	char c = *s->p;

	if (c == 'o' && operator_at(s->start, s->p)) {
		copy_operator(s);
		return true;
	}
	switch (c) {
	case '<': angle(s); return true;
	case '(': return paren(s);
	case '[': bracket(s); return true;
	case '{': copy_brace(s); return true;
	case ' ': space(s); return true;
	case ':':
		if (rust_hash_at(s->p))
			return false;
		/* fallthrough */
	default: copy_n(s, 1); return true;
	}
}

char *demangle_simplify(const char *full, char *out)
{
	struct simp s = {.start = full, .p = full, .out = out};

	copy_prefix(&s);
	while (*s.p && simplify_step(&s))
		;
	/* never show an empty name: an input this function does not understand stays as it is */
	if (s.n == s.base) {
		memmove(out, full, strlen(full) + 1);
		return out;
	}
	out[s.n] = '\0';
	return out;
}

/* ---- one-shot and cached forms ---- */

static char *styled(const char *raw, enum demangle_style style)
{
	char *full, *simple;

	if (style == DEMANGLE_NO || !raw || !is_mangled(raw))
		return NULL;
	full = demangle_full(raw);
	if (!full || style != DEMANGLE_SIMPLE)
		return full;
	simple = xmalloc(strlen(full) + 1);
	demangle_simplify(full, simple);
	free(full);
	return simple;
}

/* A name with its control characters escaped (a trace may carry any bytes): s itself, or a copy
 * that replaces *s (freed). */
static char *escaped(char *s)
{
	char *e = s ? escape_ctrl(s) : NULL;

	if (!e)
		return s;
	free(s);
	return e;
}

char *demangle_dup(const char *raw, enum demangle_style style)
{
	char *name = styled(raw, style);

	return escaped(name ? name : xstrdup(raw));
}

struct dm_entry {
	const char *raw;  /* a copy, owned by the demangler */
	const char *name; /* NULL: not demangled, the caller's raw is the name */
	uint64_t hash;
};

struct dm_chunk {
	struct dm_chunk *next;
	size_t used, size;
	char data[];
};

struct demangler {
	enum demangle_style style;
	struct dm_entry *tab; /* open addressing, power-of-two capacity, at most half full */
	size_t cap, count;
	struct dm_chunk *chunks;
};

#define DM_CHUNK_SIZE (64 * 1024)

/* Names live in big chunks freed at once: replay keeps the pointers for the whole run. */
static char *arena_strdup(struct demangler *d, const char *s)
{
	size_t len = strlen(s) + 1;
	struct dm_chunk *c = d->chunks;
	char *p;

	if (!c || c->size - c->used < len) {
		size_t size = len > DM_CHUNK_SIZE ? len : DM_CHUNK_SIZE;

		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = d->chunks;
		d->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	c->used += len;
	return p;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

static struct dm_entry *dm_slot(struct dm_entry *tab, size_t cap, const char *raw, uint64_t h)
{
	size_t i = h & (cap - 1);

	while (tab[i].raw && (tab[i].hash != h || strcmp(tab[i].raw, raw)))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void dm_grow(struct demangler *d)
{
	size_t i, cap = d->cap ? d->cap * 2 : 1024;
	struct dm_entry *tab = xcalloc(cap, sizeof(*tab));

	for (i = 0; i < d->cap; i++)
		if (d->tab[i].raw)
			*dm_slot(tab, cap, d->tab[i].raw, d->tab[i].hash) = d->tab[i];
	free(d->tab);
	d->tab = tab;
	d->cap = cap;
}

struct demangler *demangler_new(enum demangle_style style)
{
	struct demangler *d = xcalloc(1, sizeof(*d));

	d->style = style;
	dm_grow(d);
	return d;
}

const char *demangler_name(struct demangler *d, const char *raw)
{
	struct dm_entry *e;
	uint64_t h;
	char *name;

	bool demangled = raw && d->style != DEMANGLE_NO && is_mangled(raw);

	if (!raw || (!demangled && !has_ctrl(raw)))
		return raw;
	h = fnv1a(raw);
	e = dm_slot(d->tab, d->cap, raw, h);
	if (e->raw)
		return e->name ? e->name : raw;
	if (2 * (d->count + 1) > d->cap) {
		dm_grow(d);
		e = dm_slot(d->tab, d->cap, raw, h);
	}
	name = escaped(demangled ? styled(raw, d->style) : xstrdup(raw));
	e->raw = arena_strdup(d, raw);
	e->name = name ? arena_strdup(d, name) : NULL;
	e->hash = h;
	d->count++;
	free(name);
	return e->name ? e->name : raw;
}

void demangler_free(struct demangler *d)
{
	struct dm_chunk *c, *next;

	if (!d)
		return;
	for (c = d->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(d->tab);
	free(d);
}
