/*
 * translate.c - one access through the architectural TLB model (the slow path of
 * mmu_translate()): look up the side's arrays, count the hit or the miss, walk on a miss, set A/D,
 * check access rights, raise #PF, fill the arrays, and arm the host fast path.
 *
 * Statistics definitions: ../shared/DESIGN.md, "Statistics"; keys: docs/statistics.md.
 */
#include "mmu_internal.h"

#include <string.h>

struct ref {
	struct tlb_array *a;
	unsigned set;
	int way;
};

static struct tlb_entry *ref_entry(const struct ref *r)
{
	return &r->a->e[(size_t)r->set * r->a->ways + (unsigned)r->way];
}

static int probe(struct tlb_array *a, uint32_t lin, unsigned shift, struct ref *r)
{
	r->a = a;
	r->set = tlb_set_of(a, lin, shift);
	r->way = tlb_find(a, r->set, lin);
	return r->way >= 0;
}

/* Look up the first-level arrays of a side; 4 KiB entries are looked at first. */
static int side_lookup(struct mmu *m, const struct tlb_side *s, uint32_t lin, struct ref *r)
{
	if (probe(s->small, lin, PAGE_SHIFT, r))
		return 1;
	switch (s->large_mode) {
	case LARGE_ARRAY: return probe(s->large, lin, mmu_large_shift(m), r);
	case LARGE_SHARED: return probe(s->small, lin, mmu_large_shift(m), r);
	default: return 0;
	}
}

static uint32_t user_bits(enum mmu_kind kind, int user)
{
	return (user ? PF_U : 0) | (kind == MMU_WRITE ? PF_W : 0);
}

/*
 * Raise #PF: CR2 and the error code (SDM vol. 3, 4.7).  A page fault also invalidates the TLB
 * entries for the faulting address (SDM vol. 3, 4.10.4.1), so the handler's fix is seen.
 */
static uint8_t *page_fault(struct mmu *m, uint32_t lin, uint32_t err)
{
	m->fault.lin = lin;
	m->fault.error_code = err;
	m->cr2 = lin;
	m->n.pf_err[err & 0xfu]++;
	ev_fault(m, lin, err);
	for (unsigned i = 0; i < m->narrays; i++)
		tlb_invlpg(&m->array[i], lin);
	return NULL;
}

/* A TLB entry for `lin` made from a successful walk; `piece` keeps only lin's 4 KiB piece. */
static void make_entry(const struct walk *w, uint32_t lin, int piece, struct tlb_entry *e)
{
	memset(e, 0, sizeof *e);
	e->lin = w->lin;
	e->size = w->size;
	e->perm = (uint8_t)w->perm;
	e->global = (uint8_t)w->global;
	e->dirty = (uint8_t)w->dirty;
	e->piece = (uint8_t)(piece && w->size != PAGE_SIZE);
	if (piece || w->size == PAGE_SIZE) {
		e->key = lin & PAGE_MASK;
		e->mask = PAGE_MASK;
	} else {
		e->key = w->lin;
		e->mask = ~(w->size - 1u);
	}
	e->frame = w->frame + (e->key - w->lin);
}

/* Arm the slot of (priv, kind, page) with entry r (NULL: an unpaged access). */
static void fast_install(struct mmu *m, const struct ref *r, uint32_t lin, enum mmu_kind kind,
                         int priv, uint8_t *base, uint64_t *hits)
{
	struct mmu_fast_slot *fs = mmu_fast_slot(m, lin, kind, priv);
	if (fs->pending) {
		*fs->hits += fs->pending;
		fs->pending = 0;
	}
	fs->page = lin & PAGE_MASK;
	fs->base = base;
	fs->hits = hits;
	if (r) {
		fs->way = r->way;
		fs->array = r->a;
		fs->set = r->set;
		tlb_ring_add(ref_entry(r), fs);
	} else {
		fs->way = -1;
		fs->array = NULL;
	}
}

/*
 * The first write through an entry whose D is clear: like hardware, re-walk the tables, set D
 * (and A) in the entry that maps the page, and mark the TLB entry dirty (SDM vol. 3, 4.8).
 * Counted as a dirty walk, apart from miss walks.  Returns 0, or -1 after raising #PF when the
 * tables no longer allow the write.  If the tables now map a page of another size, the stale
 * entry is dropped and *uncached receives the physical address to use this once.
 */
static int dirty_update(struct mmu *m, const struct ref *r, uint32_t lin, int user,
                        uint64_t *uncached)
{
	struct priv_counts *pc = &m->n.priv[user != 0];
	struct tlb_entry *e = ref_entry(r);
	struct walk w;
	pc->dirty_walks++;
	walk_tables(m, lin, &w);
	pc->dirty_walk_reads += w.reads;
	ev_walk(m, MMU_EV_AD, &w, lin, MMU_WRITE, user != 0);
	uint32_t err =
	    w.fault ? (w.fault & ~WALK_NOT_PRESENT) : access_error(m, w.perm, MMU_WRITE, user);
	if (w.fault || err) {
		page_fault(m, lin, err | user_bits(MMU_WRITE, user));
		return -1;
	}
	pc->ad_writes += walk_set_ad(m, &w, 1);
	tlb_ring_clear(e);
	if (w.size != e->size || w.lin != e->lin) {
		e->valid = 0;
		*uncached = w.frame + (lin - w.lin);
		return 0;
	}
	e->perm = (uint8_t)w.perm;
	e->global = (uint8_t)w.global;
	e->dirty = 1;
	e->frame = w.frame + (e->key - w.lin);
	const struct tlb_side *s = &m->side[1];
	struct ref r2;
	/* The second level's copy becomes dirty too (no use of it is recorded). */
	if (s->l2 && e->size == PAGE_SIZE && probe(s->l2, lin, PAGE_SHIFT, &r2)) {
		struct tlb_entry *twin = ref_entry(&r2);
		twin->perm = e->perm;
		twin->global = e->global;
		twin->dirty = 1;
		twin->frame = e->frame;
	}
	return 0;
}

/*
 * Finish an access with entry r: rights, recency, D, host pointer, fast-path slot.  The rights
 * are those cached in the entry: a PTE made more permissive without INVLPG gives a "spurious"
 * fault, which invalidates the entry (SDM vol. 3, 4.10.4.3).
 */
static uint8_t *use_entry(struct mmu *m, const struct ref *r, uint32_t lin, enum mmu_kind kind,
                          int user, uint64_t *hits)
{
	struct tlb_entry *e = ref_entry(r);
	uint32_t err = access_error(m, e->perm, kind, user);
	if (err)
		return page_fault(m, lin, err | user_bits(kind, user));
	tlb_touch(r->a, r->set, (unsigned)r->way);
	uint64_t uncached = UINT64_MAX;
	if (kind == MMU_WRITE && !e->dirty && dirty_update(m, r, lin, user, &uncached))
		return NULL;
	if (uncached != UINT64_MAX)
		return mmu_host_page(m, uncached) + (lin & ~PAGE_MASK);
	uint8_t *base = mmu_host_page(m, e->frame + ((lin & PAGE_MASK) - e->key));
	if (m->fastpath)
		fast_install(m, r, lin, kind, user != 0, base, hits);
	return base + (lin & ~PAGE_MASK);
}

/* Fill the first level after a walk; evictions are counted on the access's class. */
static struct ref fill_l1(struct mmu *m, const struct tlb_side *s, const struct walk *w,
                          uint32_t lin, struct tlb_counts *tc, enum mmu_kind kind, int user)
{
	struct ref r = {s->small, 0, 0};
	struct tlb_entry e;
	unsigned shift = PAGE_SHIFT;
	int large = w->size != PAGE_SIZE, evicted;
	if (large && s->large_mode == LARGE_ARRAY)
		r.a = s->large;
	if (large && s->large_mode != LARGE_PIECES)
		shift = mmu_large_shift(m);
	make_entry(w, lin, large && s->large_mode == LARGE_PIECES, &e);
	r.set = tlb_set_of(r.a, lin, shift);
	r.way = ev_tlb_fill(m, r.a, r.set, &e, &evicted, kind, user);
	tc->evictions += (unsigned)evicted;
	return r;
}

/* Fill the first level from a second-level hit (4 KiB entries only). */
static struct ref refill_from_l2(struct mmu *m, const struct tlb_side *s, const struct ref *r2,
                                 uint32_t lin, struct tlb_counts *tc, enum mmu_kind kind, int user)
{
	struct ref r = {s->small, tlb_set_of(s->small, lin, PAGE_SHIFT), 0};
	int evicted;
	r.way = ev_tlb_fill(m, r.a, r.set, ref_entry(r2), &evicted, kind, user);
	tc->evictions += (unsigned)evicted;
	return r;
}

/* A first-level miss: second level, else a page walk; one miss counted per level. */
static uint8_t *miss(struct mmu *m, const struct tlb_side *s, uint32_t lin, enum mmu_kind kind,
                     int user)
{
	struct priv_counts *pc = &m->n.priv[user != 0];
	struct ref r;
	if (s->l2 && probe(s->l2, lin, PAGE_SHIFT, &r)) {
		pc->tlb[kind][CLASS_4K].misses++;
		pc->tlb[kind][CLASS_L2].hits++;
		ev_simple(m, MMU_EV_MISS, lin, kind, user != 0, s->small);
		tlb_touch(r.a, r.set, (unsigned)r.way);
		struct ref r1 =
		    refill_from_l2(m, s, &r, lin, &pc->tlb[kind][CLASS_4K], kind, user != 0);
		return use_entry(m, &r1, lin, kind, user, &pc->tlb[kind][CLASS_4K].hits);
	}
	struct walk w;
	walk_tables(m, lin, &w);
	pc->walks++;
	pc->walk_reads += w.reads;
	/* Before the size is known (not-present PDE), the miss is a 4 KiB one. */
	enum tlb_class cls = w.size > PAGE_SIZE ? CLASS_LARGE : CLASS_4K;
	pc->tlb[kind][cls].misses++;
	if (s->l2)
		pc->tlb[kind][CLASS_L2].misses++;
	if (mmu_events_on(m)) {
		/* The miss is reported against the array the page would be filled into. */
		const struct tlb_array *a = s->small;
		if (w.size > PAGE_SIZE && s->large_mode == LARGE_ARRAY)
			a = s->large;
		ev_simple(m, MMU_EV_MISS, lin, kind, user != 0, a);
		ev_walk(m, MMU_EV_WALK, &w, lin, kind, user != 0);
	}
	uint32_t err =
	    w.fault ? (w.fault & ~WALK_NOT_PRESENT) : access_error(m, w.perm, kind, user);
	if (w.fault || err)
		return page_fault(m, lin, err | user_bits(kind, user));
	pc->ad_writes += walk_set_ad(m, &w, kind == MMU_WRITE);
	w.dirty |= kind == MMU_WRITE;
	r = fill_l1(m, s, &w, lin, &pc->tlb[kind][cls], kind, user != 0);
	if (s->l2 && w.size == PAGE_SIZE) {
		int evicted;
		unsigned set = tlb_set_of(s->l2, lin, PAGE_SHIFT);
		ev_tlb_fill(m, s->l2, set, ref_entry(&r), &evicted, kind, user != 0);
		pc->tlb[kind][CLASS_L2].evictions += (unsigned)evicted;
	}
	return use_entry(m, &r, lin, kind, user, &pc->tlb[kind][cls].hits);
}

/* Paging off: linear is physical; counted as an unpaged access, not a TLB lookup. */
static uint8_t *unpaged(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user)
{
	uint64_t *n = &m->n.priv[user != 0].unpaged;
	uint8_t *base = mmu_host_page(m, lin);
	++*n;
	if (m->fastpath)
		fast_install(m, NULL, lin, kind, user != 0, base, n);
	return base + (lin & ~PAGE_MASK);
}

uint8_t *mmu_translate_slow(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user)
{
	/* A hit through a slot whose entry is no longer its set's most recent (MMU_FAST_NOT_MRU):
	 * counted like any fast-path hit, and its use recorded as the model's hit would. */
	struct mmu_fast_slot *fs = mmu_fast_slot(m, lin, kind, user);
	if (fs->page == ((lin & PAGE_MASK) | MMU_FAST_NOT_MRU)) {
		fs->page = lin & PAGE_MASK;
		tlb_touch(fs->array, fs->set, (unsigned)fs->way);
		return mmu_fast_hit(fs, lin);
	}
	if (!(m->cr0 & CR0_PG))
		return unpaged(m, lin, kind, user);
	struct priv_counts *pc = &m->n.priv[user != 0];
	const struct tlb_side *s = &m->side[kind != MMU_FETCH];
	struct ref r;
	if (!side_lookup(m, s, lin, &r))
		return miss(m, s, lin, kind, user);
	enum tlb_class cls = ref_entry(&r)->size == PAGE_SIZE ? CLASS_4K : CLASS_LARGE;
	pc->tlb[kind][cls].hits++;
	return use_entry(m, &r, lin, kind, user, &pc->tlb[kind][cls].hits);
}

/* Is slot fs, armed for (user, kind), a faithful copy of a live entry that permits the access? */
static int slot_consistent(struct mmu *m, const struct mmu_fast_slot *fs, int user,
                           enum mmu_kind kind)
{
	if (fs->way < 0)
		return !(m->cr0 & CR0_PG) && fs->base == mmu_host_page(m, fs->page);
	const struct tlb_array *a = fs->array;
	if (fs->set >= a->sets || (unsigned)fs->way >= a->ways)
		return 0;
	/* Without the flag, a hit may skip the recency update only if the entry is the most recent.
	 */
	if (!(fs->page & MMU_FAST_NOT_MRU) && a->set[fs->set].last != fs->way)
		return 0;
	uint32_t page = fs->page & PAGE_MASK;
	const struct tlb_entry *e = &a->e[(size_t)fs->set * a->ways + (unsigned)fs->way];
	int in_ring = 0;
	for (unsigned i = 0; i < TLB_RING; i++)
		in_ring |= e->ring[i] == fs;
	return e->valid && in_ring && (page & e->mask) == e->key &&
	       !access_error(m, e->perm, kind, user) && (kind != MMU_WRITE || e->dirty) &&
	       fs->base == mmu_host_page(m, e->frame + (page - e->key));
}

int mmu_check(struct mmu *m)
{
	for (int user = 0; user < 2; user++)
		for (int kind = 0; kind < 3; kind++)
			for (unsigned i = 0; i < MMU_FAST_SLOTS; i++) {
				const struct mmu_fast_slot *fs = &m->fast.slot[user][kind][i];
				if (!(fs->page & MMU_FAST_NONE) &&
				    ((fs->page >> PAGE_SHIFT) % MMU_FAST_SLOTS != i ||
				     !slot_consistent(m, fs, user, (enum mmu_kind)kind)))
					return -1;
			}
	return 0;
}
