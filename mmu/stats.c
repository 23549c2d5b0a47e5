/*
 * stats.c - the statistics of the TLB model as (key, value) pairs in a fixed order.  Every key is
 * documented in docs/statistics.md; keys are stable (tools parse the JSON output).  Derived
 * values (lookups = hits + misses, the perf-style totals) are computed here, so the counting code
 * (and the fast path) increments one counter per hit.
 */
#include "mmu_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const class_names[NCLASS] = {"4k", "large", "l2"};
static const char *const flush_names[NFLUSH] = {"cr0", "cr3", "cr4", "invlpg"};

struct emit {
	mmu_stat_fn fn;
	void *ctx;
	const char *prefix; /* "" for user accesses, "kernel." for supervisor ones */
};

static void put(const struct emit *e, const char *key, uint64_t v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s%s", e->prefix, key);
	e->fn(e->ctx, buf, v);
}

static void put4(const struct emit *e, const char *stem, struct tlb_counts c)
{
	static const char *const what[] = {"lookups", "hits", "misses", "evictions"};
	uint64_t v[] = {c.hits + c.misses, c.hits, c.misses, c.evictions};
	char key[48];
	for (int i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "%s.%s", stem, what[i]);
		put(e, key, v[i]);
	}
}

static struct tlb_counts sum(struct tlb_counts a, struct tlb_counts b)
{
	struct tlb_counts s = {a.hits + b.hits, a.misses + b.misses, a.evictions + b.evictions};
	return s;
}

/* First-level lookups and misses of one access kind (perf's iTLB/dTLB events). */
static void put_perf(const struct emit *e, const struct priv_counts *p, enum mmu_kind kind,
                     const char *loads, const char *misses)
{
	struct tlb_counts c = sum(p->tlb[kind][CLASS_4K], p->tlb[kind][CLASS_LARGE]);
	put(e, loads, c.hits + c.misses);
	put(e, misses, c.misses);
}

static void put_priv(const struct emit *e, const struct priv_counts *p)
{
	char stem[32];
	put_perf(e, p, MMU_FETCH, "iTLB-loads", "iTLB-load-misses");
	put_perf(e, p, MMU_READ, "dTLB-loads", "dTLB-load-misses");
	put_perf(e, p, MMU_WRITE, "dTLB-stores", "dTLB-store-misses");
	for (int c = 0; c < NCLASS; c++) {
		snprintf(stem, sizeof stem, "itlb.%s", class_names[c]);
		put4(e, stem, p->tlb[MMU_FETCH][c]);
	}
	for (int c = 0; c < NCLASS; c++) {
		snprintf(stem, sizeof stem, "dtlb.%s", class_names[c]);
		put4(e, stem, sum(p->tlb[MMU_READ][c], p->tlb[MMU_WRITE][c]));
		snprintf(stem, sizeof stem, "dtlb.%s.read", class_names[c]);
		put4(e, stem, p->tlb[MMU_READ][c]);
		snprintf(stem, sizeof stem, "dtlb.%s.write", class_names[c]);
		put4(e, stem, p->tlb[MMU_WRITE][c]);
	}
	put(e, "walks", p->walks);
	put(e, "walk_reads", p->walk_reads);
	put(e, "dirty_walks", p->dirty_walks);
	put(e, "dirty_walk_reads", p->dirty_walk_reads);
	put(e, "ad_writes", p->ad_writes);
	put(e, "unpaged", p->unpaged);
}

/* The counters with the hits still pending in fast-path slots added (mmu.h): every slot's
 * `hits` points into m->n, so the pending count goes to the same place in the copy. */
static void counts_now(const struct mmu *m, struct mmu_counts *n)
{
	*n = m->n;
	const struct mmu_fast_slot *s = &m->fast.slot[0][0][0];
	for (size_t i = 0; i < sizeof m->fast.slot / sizeof *s; i++)
		if (s[i].pending)
			*(uint64_t *)((char *)n + ((const char *)s[i].hits -
			                           (const char *)&m->n)) += s[i].pending;
}

void mmu_stats_foreach(const struct mmu *m, mmu_stat_fn fn, void *ctx)
{
	struct emit e = {fn, ctx, ""};
	struct mmu_counts n;
	counts_now(m, &n);
	put_priv(&e, &n.priv[1]);
	e.prefix = "kernel.";
	put_priv(&e, &n.priv[0]);
	e.prefix = "";
	char key[32];
	for (int i = 0; i < NFLUSH; i++) {
		snprintf(key, sizeof key, "flush.%s", flush_names[i]);
		put(&e, key, n.flush[i]);
	}
	put(&e, "flush.entries", n.flushed_entries);
	uint64_t total = 0;
	for (int i = 0; i < 16; i++)
		total += n.pf_err[i];
	put(&e, "pf.total", total);
	for (int i = 0; i < 16; i++) {
		snprintf(key, sizeof key, "pf.err.0x%x", i);
		put(&e, key, n.pf_err[i]);
	}
}

/* Zero every counter in place (the fast-path slots keep pointing at them) and what the slots
 * hold pending. */
void mmu_stats_reset(struct mmu *m)
{
	memset(&m->n, 0, sizeof m->n);
	struct mmu_fast_slot *s = &m->fast.slot[0][0][0];
	for (size_t i = 0; i < sizeof m->fast.slot / sizeof *s; i++)
		s[i].pending = 0;
}
