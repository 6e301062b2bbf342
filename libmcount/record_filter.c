/* SPDX-License-Identifier: MIT */
/* Record-time filters and triggers: the address table from `ftrace record`, judged at each entry.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plt_stub.h"
#include "record_filter.h"
#include "stream.h"
#include "filter_table.h"

/*
 * `ftrace record` matched the patterns against the program's symbols (common/filter_table.h): here
 * there is only a sorted table of address ranges, a binary search per call, and no regex.
 *
 * A call that is not recorded is not pushed and not hijacked: it costs the lookup and nothing else
 * (no clock read, no record). Functions whose whole subtree is excluded (-N, -C leaves, a depth
 * limit set by a trigger) open a "region" instead of a frame: later entries inside it are dropped
 * after one comparison. A region ends when its owner returns, noticed lazily at the next entry:
 *   - owner recorded (and so on the shadow stack): while that frame is still open;
 *   - owner not recorded, -pg/-mfentry: while the new call's return slot is below the owner's and
 *     the owner's slot still holds its return address (once it returned, a sibling's call or
 *     frame overwrites it);
 *   - owner not recorded, -finstrument-functions: dropped calls are counted in t->overflow, whose
 *     exit hook takes them back; the region lasts while the count is above its start value.
 * Calls inside -F functions: with -F, only calls inside one are recorded, so a frame on the shadow
 * stack means "inside"; an -F function that is itself hidden opens a SCOPE region.
 *
 * finish: every thread writes a STOP event at its next entry and records no new call; the calls
 * already open still return through their hooks, so their exits are recorded.
 *
 * -t, time=, -C: decided at the exit, by taking back. Each recorded call notes where its ENTRY
 * starts and ends in the chunk, the stream's delta state before it, and its threshold (in ticks;
 * UINT64_MAX for a call that is not -C when some -C exists: it stays only if a -C call stays below
 * it). At the exit, a call shorter than that whose ENTRY is still the last record (a leaf, or all
 * its children taken back; an FT_EV_ARGS event may follow it) is erased: the write pointer and
 * the delta state go back, no EXIT is written. Exact and O(1). What cannot be taken back stays
 * (the ENTRY is in an earlier chunk, or an event such as a signal came after it): replay applies
 * the same option again to hide those rare ones.
 *
 * -r: the clock is read at entry; a call outside the range is handled like -H.
 * backtrace: an FT_EV_BACKTRACE event naming the recorded open calls goes before the ENTRY.
 *
 * -e: no hijacking at all. At each entry the frames whose slot is at or above the new one, or no
 * longer holds their return address, have returned: their EXIT is written then, with this time.
 */

#define REGIONS_MAX 32

#define BACKTRACE_MAX 128 /* innermost calls named by a backtrace event */

enum region_kind { REG_SKIP = 1, REG_SCOPE, REG_LIMIT, REG_TIME, REG_BASE };

struct region {
	uint64_t *slot;
	uint64_t ret;	/* -pg: the owner's return address; 0 under -finstrument-functions */
	uint64_t time;	/* REG_TIME: the threshold (ticks) inside the owner */
	uint32_t owner; /* index + 1 of the owner's frame, 0 when the owner is not recorded */
	uint32_t ovf;	/* t->overflow when it opened (-finstrument-functions) */
	uint32_t limit; /* REG_LIMIT, REG_BASE: calls at this depth or deeper are dropped */
	uint8_t kind;
	bool counted; /* the owner was counted in t->overflow */
};

/* a recorded call's ENTRY, for taking it back at its exit */
struct taken {
	uint8_t *start,
		*end; /* where the ENTRY lies in the chunk; start NULL: cannot be taken back */
	uint64_t prev_time, prev_addr; /* the stream's delta state before it */
	uint64_t thresh;	       /* shorter than this (ticks): taken back */
	uint32_t seq;		       /* t->seq when it was written: the same chunk */
};

struct flt_thread {
	bool started, off, finished;
	unsigned nreg;
	uint64_t thresh;     /* the threshold of the call being entered */
	struct taken *taken; /* one per shadow-stack frame, mapped at the first recorded call */
	uint32_t ntaken;
	struct region reg[REGIONS_MAX];
};

/* what the rules say about one function: an address range of the program, or a PLT slot */
struct mc_rule {
	uint64_t lo, hi, time;
	uint32_t flags, depth;
};

/* one plt line: a rule naming a library function the program imports */
struct plt_line {
	const char *name, *module; /* module NULL: any */
	uint64_t time;		   /* ns */
	uint32_t flags, depth;
};

HIDDEN bool mc_filter_on, mc_filter_exits;
static struct mc_rule *ranges;
static size_t nranges;
static uint32_t table_flags, table_depth;
static uint64_t table_time;		      /* -t, ticks */
static uint64_t range_from, range_to, origin; /* -r, ticks; origin: the recording's start */
static uint64_t hz;			      /* ticks per second */
static volatile int finished; /* a finish trigger fired: every thread stops at its next entry */
static struct plt_line *plt_lines; /* sorted by name; the names point into the table's text */
static size_t nplt_lines;
static struct mc_rule *slot_rules; /* the merged rules of hooked PLT slots: mapped a page at a */
static size_t nslot_rules;	   /* time, never moved (the slots point at them) */

static __thread struct flt_thread flt_th __attribute__((tls_model("initial-exec")));

/* ---- the table ---- */

static const struct mc_rule *lookup(uint64_t addr)
{
	size_t lo = 0, hi = nranges;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ranges[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < ranges[lo - 1].hi ? &ranges[lo - 1] : NULL;
}

static int main_bias_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	*(uint64_t *)data = info->dlpi_addr;
	return 1; /* the first object is the program */
}

/* ns to clock ticks (the table's times are ns, the hooks compare ticks); saturates */
static uint64_t ticks(uint64_t ns)
{
	unsigned __int128 v = (unsigned __int128)ns * hz / 1000000000u;

	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

/* The table's header lines; false when it is not for this program image. */
static bool parse_header(char **p, uint64_t *bias)
{
	char exe[4096], self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *o = getenv(MCF_ENV_ORIGIN);
	int version = 0, len = 0;
	unsigned flags = 0, depth = 0;
	unsigned long long time = 0, from = 0, to = 0, freq = 0;

	if (sscanf(*p,
		   MCF_MAGIC " %d exe %4095s flags %x depth %u time %llu range %llu %llu hz %llu%n",
		   &version, exe, &flags, &depth, &time, &from, &to, &freq, &len) != 8 ||
	    version != MCF_VERSION || !len || !freq)
		return false;
	if (n <= 0 || (self[n] = '\0', strcmp(self, exe)))
		return false; /* exec'd another program: the addresses mean nothing here */
	*p += len;
	table_flags = flags;
	table_depth = depth;
	hz = freq;
	table_time = ticks(time);
	range_from = ticks(from);
	range_to = to == UINT64_MAX ? UINT64_MAX : ticks(to);
	origin = o ? strtoull(o, NULL, 10) : 0;
	if (!o)
		table_flags &=
			~MCF_HAS_RANGE; /* not started by `ftrace record`: no start to count from */
	*bias = 0;
	dl_iterate_phdr(main_bias_cb, bias);
	return true;
}

/* Room for one more element in an array that grows by mapping (nothing malloc'd in the target). */
static bool grow(void **v, size_t n, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 256;
	void *m;

	if (n < *cap)
		return true;
	m = mmap(NULL, ncap * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return false;
	if (*v) {
		memcpy(m, *v, n * size);
		munmap(*v, *cap * size);
	}
	*v = m;
	*cap = ncap;
	return true;
}

/* "plt NAME MODULE FLAGS DEPTH TIME", split in place: the names stay in the table's text */
static void parse_plt_line(char *line, size_t *cap)
{
	char *f[6], *save = NULL;
	unsigned n = 0;

	for (char *tok = strtok_r(line, " ", &save); tok && n < 6; tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	if (n != 6 || !grow((void **)&plt_lines, nplt_lines, cap, sizeof(*plt_lines)))
		return;
	plt_lines[nplt_lines++] = (struct plt_line){
		.name = f[1],
		.module = strcmp(f[2], "*") ? f[2] : NULL,
		.flags = (uint32_t)strtoul(f[3], NULL, 16),
		.depth = (uint32_t)strtoul(f[4], NULL, 10),
		.time = strtoull(f[5], NULL, 10),
	};
}

struct bias_query {
	const char *path;
	uint64_t bias;
	bool found;
};

static int library_bias_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct bias_query *q = data;

	(void)size;
	if (!info->dlpi_name || strcmp(info->dlpi_name, q->path))
		return 0;
	q->bias = info->dlpi_addr;
	q->found = true;
	return 1;
}

/* The load address of the library `record` found at path (its dynamic linker's answer), if the
 * program loaded it there. */
static bool library_bias(const char *path, uint64_t *bias)
{
	struct bias_query q = {path, 0, false};

	dl_iterate_phdr(library_bias_cb, &q);
	*bias = q.bias;
	return q.found;
}

/* Shell sort by lo: the program's ranges and each library's come sorted, in separate runs (qsort
 * may allocate). */
static void sort_ranges(void)
{
	for (size_t gap = nranges / 2; gap; gap /= 2)
		for (size_t i = gap; i < nranges; i++) {
			struct mc_rule x = ranges[i];
			size_t j = i;

			for (; j >= gap && ranges[j - gap].lo > x.lo; j -= gap)
				ranges[j] = ranges[j - gap];
			ranges[j] = x;
		}
}

static void parse_ranges(char *p, uint64_t bias)
{
	size_t cap = 0, plt_cap = 0;
	char *save = NULL;
	bool mapped = true; /* the lines below describe a loaded image */

	for (char *line = strtok_r(p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long lo, hi, time;
		unsigned flags, depth;

		if (!strncmp(line, "plt ", 4)) {
			parse_plt_line(line, &plt_cap);
			continue;
		}
		if (!strncmp(line, "module ", 7)) {
			mapped = library_bias(line + 7, &bias);
			continue;
		}
		if (!mapped ||
		    sscanf(line, "%llx %llx %x %u %llu", &lo, &hi, &flags, &depth, &time) != 5)
			continue;
		if (!grow((void **)&ranges, nranges, &cap, sizeof(*ranges)))
			return;
		ranges[nranges++] =
			(struct mc_rule){lo + bias, hi + bias, ticks(time), flags, depth};
	}
}

/*
 * Reads the table `record` wrote, if any: from the constructor, and again (at once) from start-up
 * before the PLT slots are hooked, whichever runs first.
 */
__attribute__((constructor)) void mc_filter_init(void)
{
	static bool done;
	const char *path = getenv(FT_ENV_FILTER);
	struct stat st;
	uint64_t bias;
	char *text, *p;
	int fd;

	if (done)
		return;
	done = true;
	if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) != 0 || st.st_size <= 0 ||
	    (text = mmap(NULL, (size_t)st.st_size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
			 0)) == MAP_FAILED) {
		close(fd);
		return;
	}
	close(fd);
	text[st.st_size] =
		'\0'; /* the mapping's page tail is zero-filled; st_size + 1 keeps it in bounds */
	p = text;
	if (parse_header(&p, &bias)) {
		parse_ranges(p, bias);
		sort_ranges();
		mc_filter_exits = table_flags & (MCF_HAS_TIME | MCF_HAS_CALLER);
		mc_filter_on = true;
	}
	if (!nplt_lines) /* else the plt lines' names point into it: it stays */
		munmap(text, (size_t)st.st_size + 1);
}

/*
 * The rule of a PLT slot that calls name, defined in module (a basename): the plt lines of that
 * name whose module matches, merged in command-line order as replay merges them. Once per slot,
 * when it is hooked: the hook then reads the rule through the slot, with no name in sight.
 */
const struct mc_rule *mc_filter_plt_rule(const char *name, const char *module)
{
	size_t lo = 0, hi = nplt_lines;
	struct mc_rule r = {0};

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(plt_lines[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nplt_lines && !strcmp(plt_lines[lo].name, name); lo++) {
		const struct plt_line *l = &plt_lines[lo];

		if (!l->module || mcf_module_matches(l->module, module))
			mcf_merge(&r.flags, &r.depth, &r.time, l->flags, l->depth, l->time);
	}
	if (!r.flags)
		return NULL;
	if (!slot_rules || nslot_rules == 4096 / sizeof(*slot_rules)) {
		void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);

		if (m == MAP_FAILED)
			return NULL; /* the call is recorded as if no rule named it */
		slot_rules = m;
		nslot_rules = 0;
	}
	r.time = ticks(r.time);
	slot_rules[nslot_rules] = r;
	return &slot_rules[nslot_rules++];
}

/* ---- regions ---- */

static bool region_live(const struct mc_thread *t, const struct region *r, uint64_t *slot)
{
	if (r->owner)
		return t->depth >= r->owner && t->frames[r->owner - 1].slot == r->slot;
	if (slot >= r->slot)
		return false;
	if (r->ret)
		return *r->slot == r->ret;
	return !r->counted || t->overflow > r->ovf;
}

static void region_open(struct mc_thread *t, uint64_t *slot, uint64_t ret, uint32_t owner,
			uint8_t kind, uint32_t limit)
{
	struct flt_thread *ft = &flt_th;

	if (ft->nreg == REGIONS_MAX)
		return; /* deeper nesting than this is not filtered further: recorded, never lost */
	ft->reg[ft->nreg++] = (struct region){.slot = slot,
					      .ret = ret,
					      .owner = owner,
					      .ovf = t->overflow,
					      .limit = limit,
					      .kind = kind,
					      .counted = !ret && !owner && t->depth};
}

/* A call that is not recorded. Under -finstrument-functions its exit hook must know to ignore it.
 */
static inline int drop(struct mc_thread *t, uint64_t ret)
{
	if (!ret && t->depth)
		t->overflow++;
	return 0;
}

/* finish: the thread says where it stopped; calls still open return and are recorded as usual */
static void stop_cb(void *arg)
{
	struct mc_thread *t = arg;
	uint64_t why = FT_STOP_FINISH;

	mc_emit_event(t, mc_clock(), FT_EV_STOP, &why, 1);
	mc_task_log_stop(t->tid, FT_STOP_FINISH, "finish trigger");
}

static int finish(struct mc_thread *t, uint64_t ret)
{
	struct flt_thread *ft = &flt_th;

	finished = 1;
	if (!ft->finished) {
		ft->finished = true;
		mc_call_saving_fp(stop_cb, t);
	}
	return drop(t, ret);
}

/*
 * Closes the frame on top: for calls whose return cannot be hijacked (plthook.c), and frames -e
 * found returned. Here, not in mcount.c, since the filter may take the call back at its exit.
 */
void mc_leave(struct mc_thread *t)
{
	if (t->state == MC_TRACING) {
		uint64_t now = mc_clock();

		if (!(unlikely(mc_filter_exits) && mc_filter_exit(t, t->depth - 1, now)))
			mc_write_exit(t, now);
	}
	t->depth--;
}

/* -e: frames that returned since the last entry get their EXIT now. */
static void close_returned(struct mc_thread *t, uint64_t *slot)
{
	while (t->depth) {
		const struct mc_frame *f = &t->frames[t->depth - 1];

		if (f->slot > slot && *f->slot == f->ret)
			break;
		mc_leave(t);
	}
}

/* Records the call without hijacking its return (-e). */
static int record_estimated(void)
{
	return MC_FILTER_NOHIJACK;
}

static uint32_t depth_limit(const struct flt_thread *ft, bool *scope)
{
	uint32_t limit = table_depth ? table_depth : UINT32_MAX;

	*scope = false;
	/* a nested -F function starts -D again (REG_BASE); depth= triggers only narrow it */
	for (unsigned i = 0; i < ft->nreg; i++) {
		if (ft->reg[i].kind == REG_BASE)
			limit = ft->reg[i].limit;
		if (ft->reg[i].kind == REG_LIMIT && ft->reg[i].limit < limit)
			limit = ft->reg[i].limit;
		*scope |= ft->reg[i].kind == REG_SCOPE;
	}
	return limit;
}

/* time=: the threshold of the function's subtree, until it returns */
static void time_region(struct mc_thread *t, uint64_t *slot, uint64_t ret, uint32_t owner,
			const struct mc_rule *r)
{
	struct flt_thread *ft = &flt_th;

	region_open(t, slot, ret, owner, REG_TIME, 0);
	if (ft->nreg && ft->reg[ft->nreg - 1].kind == REG_TIME)
		ft->reg[ft->nreg - 1].time = r->time;
}

/* A call that is not shown itself (-H, outside -r) but may change what its children inherit. */
static int hidden(struct mc_thread *t, uint64_t *slot, uint64_t ret, const struct mc_rule *r,
		  bool scope)
{
	uint32_t flags = r ? r->flags : 0;

	if ((flags & FR_FILTER) && !scope && !t->depth)
		region_open(t, slot, ret, 0, REG_SCOPE, 0);
	if ((flags & FR_TIME) && mc_filter_exits)
		time_region(t, slot, ret, 0, r);
	return drop(t, ret);
}

/* -t, time=, -C: below this (ticks) the call is taken back at its exit (0: never) */
static uint64_t call_threshold(const struct flt_thread *ft, const struct mc_rule *r)
{
	uint64_t thresh = table_time;

	if (r && (r->flags & FR_TRACE)) {
		thresh = 0;
	} else if (r && (r->flags & FR_TIME)) {
		thresh = r->time;
	} else {
		for (unsigned i = ft->nreg; i-- > 0;)
			if (ft->reg[i].kind == REG_TIME) {
				thresh = ft->reg[i].time;
				break;
			}
	}
	if ((table_flags & MCF_HAS_CALLER) && !(r && (r->flags & FR_CALLER)))
		return UINT64_MAX; /* stays only if a -C call stays below it */
	return thresh;
}

/* -r: entered within [from, to] of the recording */
static bool in_range(void)
{
	uint64_t now = mc_clock(), rel = now > origin ? now - origin : 0;

	return rel >= range_from && rel <= range_to;
}

/* backtrace: an event naming the open recorded calls and this one, outermost first */
static void backtrace(struct mc_thread *t, uint64_t addr)
{
	uint32_t n = t->depth < BACKTRACE_MAX ? t->depth : BACKTRACE_MAX - 1;
	uint8_t payload[10 * (BACKTRACE_MAX + 1)], *q = payload;

	if (t->state != MC_TRACING)
		return;
	q = ft_put_varint(q, n + 1);
	for (uint32_t i = t->depth - n; i < t->depth; i++)
		q = ft_put_varint(q, t->frames[i].addr);
	q = ft_put_varint(q, addr);
	mc_emit_payload(t, mc_clock(), FT_EV_BACKTRACE, payload, (size_t)(q - payload));
}

int mc_filter_entry(struct mc_thread *t, uint64_t *slot, uint64_t addr, uint64_t ret,
		    const struct plt_slot *plt)
{
	struct flt_thread *ft = &flt_th;
	const struct mc_rule *r;
	uint32_t flags, limit;
	bool scope;

	if (unlikely(finished))
		return finish(t, ret);
	if (unlikely(!ft->started)) {
		ft->started = true;
		ft->off = table_flags & MCF_DISABLED;
	}
	if ((table_flags & MCF_ESTIMATE) && ret)
		close_returned(t, slot);
	while (ft->nreg && !region_live(t, &ft->reg[ft->nreg - 1], slot))
		ft->nreg--;
	if (ft->nreg && ft->reg[ft->nreg - 1].kind == REG_SKIP)
		return drop(t, ret);
	if (plt)
		r = plt->rule; /* a library call: its slot's rule, resolved when it was hooked */
	else
		r = nranges ? lookup(addr) : NULL;
	flags = r ? r->flags : 0;
	if (flags & FR_TRACE_ON)
		ft->off = false;
	if (flags & FR_TRACE_OFF)
		ft->off = true;
	if (ft->off)
		return drop(t, ret);
	if (flags & FR_FINISH)
		return finish(t, ret);
	if (flags & FR_BACKTRACE)
		backtrace(t, addr);
	limit = depth_limit(ft, &scope);
	if ((table_flags & MCF_HAS_FILTER) && !t->depth && !scope && !(flags & FR_FILTER))
		return drop(t, ret);
	if (flags & FR_NOTRACE) {
		region_open(t, slot, ret, 0, REG_SKIP, 0);
		return drop(t, ret);
	}
	if ((table_flags & MCF_HAS_RANGE) && !in_range())
		return hidden(t, slot, ret, r, scope);
	if (t->depth >= limit && !(flags & FR_FILTER))
		return drop(t, ret);
	if (flags & FR_HIDE)
		return hidden(t, slot, ret, r, scope);
	if (mc_filter_exits)
		ft->thresh = call_threshold(ft, r);
	if ((flags & FR_FILTER) && table_depth && t->depth)
		region_open(t, slot, ret, t->depth + 1, REG_BASE, t->depth + table_depth);
	if (flags & FR_DEPTH)
		region_open(t, slot, ret, t->depth + 1, REG_LIMIT, t->depth + r->depth);
	if (flags & FR_CALLER)
		region_open(t, slot, ret, t->depth + 1, REG_SKIP, 0);
	if ((flags & FR_TIME) && mc_filter_exits)
		time_region(t, slot, ret, t->depth + 1, r);
	if ((table_flags & MCF_ESTIMATE) && ret)
		return record_estimated();
	return -1;
}

/* ---- taking a call back at its exit (-t, time=, -C) ---- */

static struct taken *taken_of(struct mc_thread *t, uint32_t i)
{
	struct flt_thread *ft = &flt_th;

	(void)t; /* sized for the deepest a thread may go, not for how deep it went so far */
	if (unlikely(!ft->taken)) {
		void *p = mmap(NULL, (size_t)mc_cfg.max_depth * sizeof(*ft->taken),
			       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return NULL; /* nothing is taken back in this thread: the calls stay, never
					lost */
		ft->taken = p;
		ft->ntaken = mc_cfg.max_depth;
	}
	return i < ft->ntaken ? &ft->taken[i] : NULL;
}

void mc_filter_entered(struct mc_thread *t, const struct mc_mark *m)
{
	struct taken *c;

	if (!mc_filter_exits || !(c = taken_of(t, t->depth - 1)))
		return;
	/* a new chunk, or abandoned frames' event, came before the ENTRY: it cannot be taken back
	 */
	if (t->seq != m->seq || t->depth != m->depth + 1 || t->wp <= m->wp) {
		c->start = NULL;
		return;
	}
	*c = (struct taken){.start = m->wp,
			    .end = t->wp,
			    .prev_time = m->time,
			    .prev_addr = m->addr,
			    .thresh = flt_th.thresh,
			    .seq = t->seq};
}

/* [p, end) is exactly one FT_EV_ARGS event at delta 0: the arguments of the ENTRY before it */
static bool only_args(const uint8_t *p, const uint8_t *end)
{
	uint64_t len;

	if (end - p < 3 || p[0] != FT_KIND_EVENT || p[1] != FT_EV_ARGS)
		return false;
	p = ft_get_varint(p + 2, end, &len);
	return p && len == (uint64_t)(end - p);
}

bool mc_filter_exit(struct mc_thread *t, uint32_t i, uint64_t now)
{
	struct flt_thread *ft = &flt_th;
	struct taken *c = i < ft->ntaken ? &ft->taken[i] : NULL;
	uint64_t d = mc_ticks(t->frames[i].time, now);

	if (!c || !c->start || c->seq != t->seq)
		return false;
	if (d >= c->thresh || (t->wp != c->end && !only_args(c->end, t->wp)))
		return false;
	t->wp = c->start;
	t->last_time = c->prev_time;
	t->last_addr = c->prev_addr;
	t->chunk->used = (uint32_t)(t->wp - (uint8_t *)(t->chunk + 1));
	c->start = NULL;
	return true;
}
