/* SPDX-License-Identifier: MIT */
/* Filters and triggers: the pattern parser, name matching, and the struct filter they fill. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter_impl.h"
#include "trace_format.h"

#define REGEX_META ".^$*+?()[]{}|\\"

/* ---- parsing ---- */

struct filter *filter_new(bool glob)
{
	struct filter *f = xcalloc(1, sizeof(*f));

	f->glob = glob;
	f->to = UINT64_MAX;
	return f;
}

int filter_parse_time(const char *s, uint64_t *ns)
{
	static const struct {
		const char *unit;
		double mult;
	} units[] = {
		{"ns", 1},   {"us", 1e3},   {"ms", 1e6}, {"s", 1e9},
		{"m", 60e9}, {"h", 3600e9}, {"", 1},
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || v < 0 || s[0] == '-' || s[0] == '+' ||
	    s[strspn(s, "0123456789.")] != *end)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v * units[i].mult >= 1.8e19)
			return -1;
		*ns = (uint64_t)(v * units[i].mult + 0.5);
		return 0;
	}
	return -1;
}

int filter_parse_range(const char *s, uint64_t *from, uint64_t *to)
{
	const char *tilde = strchr(s, '~');
	char left[64];

	if (!tilde || (size_t)(tilde - s) >= sizeof(left) || strchr(tilde + 1, '~'))
		return -1;
	memcpy(left, s, (size_t)(tilde - s));
	left[tilde - s] = '\0';
	*from = 0;
	*to = UINT64_MAX;
	if (left[0] && filter_parse_time(left, from) < 0)
		return -1;
	if (tilde[1] && filter_parse_time(tilde + 1, to) < 0)
		return -1;
	return *from <= *to ? 0 : -1;
}

/*
 * One action of PATTERN@ACTION,... ("depth=2", "trace_off"...), with uftrace's spellings (trace_on,
 * traceon, trace-on). 1 when it was one, 0 when it is not (a module name), -1 when it is malformed
 * or one ftrace does not do (err says why).
 */
static int parse_action(struct filter_match *a, const char *tok, const char *spec, char *err,
			size_t errlen)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} plain[] = {
		{"trace_on", FR_TRACE_ON},   {"traceon", FR_TRACE_ON},
		{"trace-on", FR_TRACE_ON},   {"trace_off", FR_TRACE_OFF},
		{"traceoff", FR_TRACE_OFF},  {"trace-off", FR_TRACE_OFF},
		{"backtrace", FR_BACKTRACE}, {"finish", FR_FINISH},
		{"trace", FR_TRACE},	     {"notrace", FR_NOTRACE},
		{"filter", FR_FILTER},	     {"hide", FR_HIDE},
		{"caller", FR_CALLER},	     {"recover", 0},
	};
	char *end;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (!strcmp(tok, plain[i].name)) {
			a->flags |= plain[i].flag;
			return 1; /* recover: ftrace restores return addresses by itself */
		}
	if (!strncmp(tok, "depth=", 6)) {
		unsigned long v = strtoul(tok + 6, &end, 10);

		if (end == tok + 6 || *end || v < 1 || v > 1u << 20)
			goto bad;
		a->flags |= FR_DEPTH;
		a->depth = (uint32_t)v;
		return 1;
	}
	if (!strncmp(tok, "time=", 5)) {
		if (filter_parse_time(tok + 5, &a->time) < 0)
			goto bad;
		a->flags |= FR_TIME;
		return 1;
	}
	if (!strncmp(tok, "read=", 5) || !strncmp(tok, "size=", 5)) {
		snprintf(err, errlen,
			 "invalid trigger '%s': '%.5s' is not supported (ftrace reads no counters "
			 "and filters by name, not by size)",
			 spec, tok);
		return -1;
	}
	if (!strncmp(tok, "if:", 3) || !strncmp(tok, "if=", 3)) {
		snprintf(err, errlen,
			 "invalid trigger '%s': conditions ('%s') are not supported: filter on the "
			 "function's name",
			 spec, tok);
		return -1;
	}
	if (!strchr(tok, '=') && !strchr(tok, ':'))
		return 0;
bad:
	snprintf(err, errlen, "invalid trigger '%s': bad action '%s'", spec, tok);
	return -1;
}

/* "PATTERN@depth=2,trace_off[,MODULE]": the actions, and at most one module name among them. */
static int parse_actions(struct rule *r, const char *actions, char *err, size_t errlen)
{
	char *copy = xstrdup(actions), *save = NULL;
	int rc = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		int ok = parse_action(&r->act, tok, r->spec, err, errlen);

		if (ok < 0) {
			rc = -1;
		} else if (!ok && r->module) {
			snprintf(err, errlen,
				 "invalid trigger '%s': unknown action '%s' (depth=N, trace_on, "
				 "trace_off, trace, backtrace, finish, filter, notrace, hide, "
				 "time=TIME)",
				 r->spec, tok);
			rc = -1;
		} else if (!ok) {
			r->module = xstrdup(tok);
		}
	}
	free(copy);
	if (!rc && r->kind == 'T' && !r->act.flags && !strstr(actions, "recover")) {
		snprintf(err, errlen,
			 "invalid trigger '%s': no action (expected PATTERN@ACTION[,ACTION...])",
			 r->spec);
		rc = -1;
	}
	return rc;
}

static int compile_pattern(struct filter *f, struct rule *r, char *err, size_t errlen)
{
	char msg[128];
	int rc;

	if (!r->pattern[0]) {
		snprintf(err, errlen, "invalid pattern '%s': empty", r->spec);
		return -1;
	}
	r->exact = !f->glob && !r->pattern[strcspn(r->pattern, REGEX_META)];
	if (f->glob || r->exact)
		return 0;
	rc = regcomp(&r->re, r->pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &r->re, msg, sizeof(msg));
		snprintf(err, errlen, "invalid pattern '%s': %s", r->spec, msg);
		regfree(&r->re);
		r->exact = true; /* nothing to free */
		return -1;
	}
	return 0;
}

static void rule_free(struct filter *f, struct rule *r)
{
	if (!f->glob && !r->exact)
		regfree(&r->re);
	free(r->spec);
	free(r->pattern);
	free(r->module);
}

/*
 * -F -N -H -C take PATTERN[@MODULE] and, as in uftrace, trigger actions after the '@' too
 * (-F 'a@depth=1' is -F a -T a@depth=1); -T needs at least one action.
 */
int filter_add(struct filter *f, int kind, const char *spec, char *err, size_t errlen)
{
	static const uint32_t kind_flag[] = {
		['F'] = FR_FILTER, ['N'] = FR_NOTRACE, ['H'] = FR_HIDE, ['C'] = FR_CALLER};
	struct rule r = {.spec = xstrdup(spec), .kind = kind};
	const char *at = strchr(spec, '@');
	int rc = -1;

	r.pattern = at ? strndup(spec, (size_t)(at - spec)) : xstrdup(spec);
	if (kind != 'T' && kind != 'F' && kind != 'N' && kind != 'H' && kind != 'C') {
		snprintf(err, errlen, "invalid filter kind '%c'", kind);
		goto out;
	}
	if (kind != 'T')
		r.act.flags = kind_flag[kind];
	if (at && !at[1]) {
		snprintf(err, errlen, "invalid %s '%s': nothing after '@'",
			 kind == 'T' ? "trigger" : "pattern", spec);
		goto out;
	}
	if (kind == 'T' && !at) {
		snprintf(err, errlen,
			 "invalid trigger '%s': no action (expected PATTERN@ACTION[,ACTION...])",
			 spec);
		goto out;
	}
	if (at && parse_actions(&r, at + 1, err, errlen) < 0)
		goto out;
	if (compile_pattern(f, &r, err, errlen) < 0)
		goto out;
	f->rules = xrealloc(f->rules, (f->nrules + 1) * sizeof(*f->rules));
	f->rules[f->nrules++] = r;
	f->has_filter |= (r.act.flags & FR_FILTER) != 0;
	f->has_caller |= (r.act.flags & FR_CALLER) != 0;
	f->has_backtrace |= (r.act.flags & FR_BACKTRACE) != 0;
	return 0;
out:
	r.exact = true;
	rule_free(f, &r);
	return rc;
}

void filter_set_depth(struct filter *f, uint32_t depth)
{
	f->depth = depth;
}
void filter_set_time(struct filter *f, uint64_t ns)
{
	f->time = ns;
}
void filter_set_range(struct filter *f, uint64_t from, uint64_t to)
{
	f->from = from;
	f->to = to;
}
void filter_set_disabled(struct filter *f, bool disabled)
{
	f->disabled = disabled;
}

bool filter_active(const struct filter *f)
{
	return f->nrules || f->depth || f->time || f->from || f->to != UINT64_MAX || f->disabled ||
	       f->hide_libcalls;
}

uint32_t filter_rule_flags(const struct filter *f)
{
	uint32_t flags = 0;

	for (unsigned i = 0; i < f->nrules; i++)
		flags |= f->rules[i].act.flags;
	return flags;
}

/* ---- matching ---- */

bool filter_rule_is_plt(const struct rule *r)
{
	return r->module && !strcasecmp(r->module, "plt");
}

static bool rule_matches(const struct filter *f, const struct rule *r, const char *name,
			 const char *module)
{
	/* uftrace's @plt: the library calls, whatever library defines them */
	if (filter_rule_is_plt(r)) {
		if (!f->libcall)
			return false;
	} else if (r->module && !mcf_module_matches(r->module, module)) {
		return false;
	}
	return filter_pattern_matches(f, r, name);
}

bool filter_pattern_matches(const struct filter *f, const struct rule *r, const char *name)
{
	if (f->glob)
		return fnmatch(r->pattern, name, 0) == 0;
	if (r->exact)
		return !strcmp(r->pattern, name);
	return regexec(&r->re, name, 0, NULL, 0) == 0;
}

void filter_match_name(const struct filter *f, const char *name, const char *module,
		       struct filter_match *m)
{
	*m = (struct filter_match){0};
	for (unsigned i = 0; i < f->nrules; i++) {
		const struct rule *r = &f->rules[i];

		if (!rule_matches(f, r, name, module))
			continue;
		f->rules[i].hits++;
		mcf_merge(&m->flags, &m->depth, &m->time, r->act.flags, r->act.depth, r->act.time);
	}
}

/* ---- options ---- */

struct filter *filter_from_config(const struct filter_config *c)
{
	struct filter *f;
	char err[512];

	if (c->match && strcmp(c->match, "regex") && strcmp(c->match, "glob"))
		die("invalid --match '%s' (regex or glob)", c->match);
	f = filter_new(c->match && !strcmp(c->match, "glob"));
	for (unsigned i = 0; i < c->nrules; i++)
		if (filter_add(f, c->rules[i].kind, c->rules[i].spec, err, sizeof(err)) < 0)
			die("%s", err);
	if (c->depth > 0)
		filter_set_depth(f, (uint32_t)c->depth);
	if (c->time_filter && filter_parse_time(c->time_filter, &f->time) < 0)
		die("invalid time '%s' (expected e.g. 500ns, 5us, 1.5ms, 2s)", c->time_filter);
	if (c->time_range && filter_parse_range(c->time_range, &f->from, &f->to) < 0)
		die("invalid time range '%s' (expected START~END, e.g. 1ms~5ms, 2ms~ or ~1s)",
		    c->time_range);
	filter_set_disabled(f, c->disable);
	if (!filter_active(f)) {
		filter_free(f);
		return NULL;
	}
	return f;
}

/*
 * live filters twice with the same rules, in the same order: what record matched (and so may have
 * removed from the trace, -N) counts as matched for its replay.
 */
static unsigned long *record_hits;
static unsigned nrecord_hits;

void filter_keep_record_hits(const struct filter *f)
{
	free(record_hits);
	record_hits = xcalloc(f->nrules + 1, sizeof(*record_hits));
	nrecord_hits = f->nrules;
	for (unsigned i = 0; i < f->nrules; i++)
		record_hits[i] = f->rules[i].hits;
}

/* One line per pattern that matched nothing: an empty tree must not look like an idle program. */
void filter_warn_unmatched(const struct filter *f, const char *where)
{
	for (unsigned i = 0; i < f->nrules; i++) {
		const struct rule *r = &f->rules[i];

		if (r->hits || (i < nrecord_hits && record_hits[i]))
			continue;
		if (r->exact)
			warn("%s '%s' matched no function %s ('%s' is a whole name, as in uftrace: "
			     "'^%s' matches the names that start with it)",
			     r->kind == 'T' ? "trigger" : "pattern", r->spec, where, r->pattern,
			     r->pattern);
		else
			warn("%s '%s' matched no function %s",
			     r->kind == 'T' ? "trigger" : "pattern", r->spec, where);
	}
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (unsigned i = 0; i < f->nrules; i++)
		rule_free(f, &f->rules[i]);
	free(f->rules);
	filter_engine_free(f);
	free(f);
}
