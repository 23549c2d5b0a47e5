/*
 * tlb.c - one array of the architectural TLB model: sets x ways of entries, a replacement
 * policy (LRU, tree pseudo-LRU, FIFO, random with a seed), lookup within a set, fill with
 * eviction, invalidation.  Knows nothing of page walks or statistics; mmu/translate.c decides
 * which array an access consults and what it counts.
 */
#include "mmu_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tlb_policy_names[NPOLICY] = {"lru", "plru", "fifo", "random"};

/*
 * Tree pseudo-LRU: a use makes every node on the way's path point away from it.  The nodes and
 * the values they take depend only on the way, so they are computed once per array.
 */
static void plru_paths(struct tlb_array *a)
{
	for (unsigned way = 0; way < a->ways; way++) {
		unsigned node = 1;
		for (unsigned half = a->ways / 2; half >= 1; half /= 2) {
			unsigned right = (way & half) != 0;
			a->plru_path[way] |= 1ull << node;
			if (!right)
				a->plru_away[way] |= 1ull
				                     << node; /* 1: the victim is on the right */
			node = 2 * node + right;
		}
	}
}

int tlb_array_init(struct tlb_array *a, const char *name, const char *holds,
                   const struct tlb_geom *g, enum tlb_policy policy, uint64_t seed)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	a->holds = holds;
	a->ways = g->ways;
	a->sets = g->entries / g->ways;
	a->policy = policy;
	a->rng = seed ? seed : 0x9e3779b97f4a7c15ull; /* xorshift state must not be 0 */
	a->e = calloc((size_t)a->sets * a->ways, sizeof *a->e);
	a->set = calloc(a->sets, sizeof *a->set);
	a->plru_path = calloc(a->ways, sizeof *a->plru_path);
	a->plru_away = calloc(a->ways, sizeof *a->plru_away);
	if (!a->e || !a->set || !a->plru_path || !a->plru_away)
		return -1;
	plru_paths(a);
	for (unsigned s = 0; s < a->sets; s++)
		a->set[s].last = -1;
	return 0;
}

void tlb_array_free(struct tlb_array *a)
{
	free(a->e);
	free(a->set);
	free(a->plru_path);
	free(a->plru_away);
	memset(a, 0, sizeof *a);
}

/* Set index: the low bits of the page number of the size the set is looked up for. */
unsigned tlb_set_of(const struct tlb_array *a, uint32_t lin, unsigned shift)
{
	return (lin >> shift) & (a->sets - 1u);
}

/* The way of `set` whose entry translates `lin`, or -1. */
int tlb_find(struct tlb_array *a, unsigned set, uint32_t lin)
{
	struct tlb_entry *e = a->e + (size_t)set * a->ways;
	for (unsigned w = 0; w < a->ways; w++)
		if (e[w].valid && (lin & e[w].mask) == e[w].key)
			return (int)w;
	return -1;
}

/* The fast-path slots that copied an entry are stale once it is replaced, dropped or changed. */
void tlb_ring_clear(struct tlb_entry *e)
{
	for (unsigned i = 0; i < TLB_RING; i++) {
		if (e->ring[i])
			e->ring[i]->page = MMU_FAST_NONE;
		e->ring[i] = NULL;
	}
}

/*
 * Remember that fast-path slot `fs` copies entry e.  A slot pushed out of the ring is invalidated,
 * so every valid slot is always in the ring of the entry it copies (invalidating a slot that
 * meanwhile copies another entry only costs one slow-path call).
 */
void tlb_ring_add(struct tlb_entry *e, struct mmu_fast_slot *fs)
{
	for (unsigned i = 0; i < TLB_RING; i++)
		if (e->ring[i] == fs)
			return;
	struct mmu_fast_slot **r = &e->ring[e->ring_next];
	if (*r)
		(*r)->page = MMU_FAST_NONE;
	*r = fs;
	e->ring_next = (uint8_t)((e->ring_next + 1u) % TLB_RING);
}

static unsigned plru_victim(const struct tlb_set *s, unsigned ways)
{
	unsigned node = 1, way = 0;
	for (unsigned half = ways / 2; half >= 1; half /= 2) {
		unsigned right = (s->plru >> node) & 1u;
		way |= right ? half : 0;
		node = 2 * node + right;
	}
	return way;
}

/* The set's most recent way changes: the slots copying the entry that was it must record their
 * next use (mmu.h, MMU_FAST_NOT_MRU).  A slot that meanwhile copies another entry is only sent to
 * the slow path once. */
static void set_new_last(struct tlb_array *a, unsigned set)
{
	int last = a->set[set].last;
	if (last < 0)
		return;
	struct tlb_entry *e = &a->e[(size_t)set * a->ways + (unsigned)last];
	for (unsigned i = 0; i < TLB_RING; i++)
		if (e->ring[i])
			e->ring[i]->page |= MMU_FAST_NOT_MRU;
}

/*
 * Record a use of (set, way).  A use of the way used last changes nothing under any of the
 * policies (LRU: already most recent; tree PLRU: its path already points away from it; FIFO and
 * random: hits never change state), which is what lets the fast path skip this call.  Fast-path
 * slots stay valid: they copy an entry, whatever its recency.
 */
void tlb_touch(struct tlb_array *a, unsigned set, unsigned way)
{
	struct tlb_set *s = &a->set[set];
	if (s->last == (int)way)
		return;
	set_new_last(a, set);
	a->e[(size_t)set * a->ways + way].used = ++a->clock;
	if (a->policy == POLICY_PLRU)
		s->plru = (s->plru & ~a->plru_path[way]) | a->plru_away[way];
	s->last = (int)way;
}

static uint64_t xorshift64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* The way a fill replaces: the first invalid way, else the policy's victim. */
static unsigned victim(struct tlb_array *a, unsigned set)
{
	struct tlb_entry *e = a->e + (size_t)set * a->ways;
	for (unsigned w = 0; w < a->ways; w++)
		if (!e[w].valid)
			return w;
	unsigned best = 0;
	switch (a->policy) {
	case POLICY_PLRU: return plru_victim(&a->set[set], a->ways);
	case POLICY_RANDOM: return (unsigned)(xorshift64(&a->rng) % a->ways);
	case POLICY_LRU:
		for (unsigned w = 1; w < a->ways; w++)
			if (e[w].used < e[best].used)
				best = w;
		return best;
	case POLICY_FIFO:
	default:
		for (unsigned w = 1; w < a->ways; w++)
			if (e[w].filled < e[best].filled)
				best = w;
		return best;
	}
}

/* Put `ne` into `set`; returns the way and sets *evicted when a valid entry was replaced. */
int tlb_fill(struct tlb_array *a, unsigned set, const struct tlb_entry *ne, int *evicted)
{
	unsigned w = victim(a, set);
	struct tlb_entry *e = &a->e[(size_t)set * a->ways + w];
	*evicted = e->valid;
	tlb_ring_clear(e);
	set_new_last(a, set);
	*e = *ne;
	memset(e->ring, 0, sizeof e->ring);
	e->valid = 1;
	e->filled = ++a->clock;
	a->set[set].last = -1; /* the new entry is used now, whatever the old last way was */
	tlb_touch(a, set, w);
	return (int)w;
}

/* Drop every entry (but global ones when keep_global); returns how many were valid. */
unsigned tlb_flush(struct tlb_array *a, int keep_global)
{
	unsigned n = 0;
	for (size_t i = 0; i < (size_t)a->sets * a->ways; i++) {
		if (a->e[i].valid && !(keep_global && a->e[i].global)) {
			a->e[i].valid = 0;
			tlb_ring_clear(&a->e[i]);
			n++;
		}
	}
	return n;
}

/*
 * INVLPG: drop every entry made from the guest page that contains `lin`, whatever its size, and
 * every 4 KiB piece of a large page (SDM vol. 3, 4.10.2.3 and 4.10.4.1).
 */
unsigned tlb_invlpg(struct tlb_array *a, uint32_t lin)
{
	unsigned n = 0;
	for (size_t i = 0; i < (size_t)a->sets * a->ways; i++) {
		struct tlb_entry *e = &a->e[i];
		if (e->valid && (lin & ~(e->size - 1u)) == e->lin) {
			e->valid = 0;
			tlb_ring_clear(e);
			n++;
		}
	}
	return n;
}

/* Recency rank of a way in its set: 0 for the most recently used entry. */
unsigned tlb_rank(const struct tlb_array *a, unsigned set, unsigned way)
{
	const struct tlb_entry *e = a->e + (size_t)set * a->ways;
	unsigned rank = 0;
	for (unsigned w = 0; w < a->ways; w++)
		if (w != way && e[w].valid && e[w].used > e[way].used)
			rank++;
	return rank;
}
