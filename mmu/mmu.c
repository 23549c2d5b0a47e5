/*
 * mmu.c - the MMU as a machine part: construction from a preset and a --tlb spec, physical
 * memory, the control registers with their flush semantics (SDM vol. 3, 4.10.4.1), INVLPG, the
 * fast-path switch and the read-only TLB inspection.  Translation itself is in translate.c, the
 * walker in walk.c, the arrays in tlb.c.
 */
#include "mmu_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * Emulated RAM: zero-filled anonymous host memory, backed by host huge pages where the host
 * allows it (MADV_HUGEPAGE; Linux's transparent huge pages).  A guest that touches memory at
 * random otherwise pays a host TLB miss on top of almost every access it makes.
 */
static uint8_t *ram_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, bytes, MADV_HUGEPAGE); /* a hint: without it the memory is simply 4 KiB pages */
#endif
	return p;
}

static int add_array(struct mmu *m, const struct tlb_config *c, int g, const char *prefix,
                     const char *suffix, const char *holds, struct tlb_array **out)
{
	char name[16];
	int policy = c->geom[g].policy < 0 ? c->policy : c->geom[g].policy;
	snprintf(name, sizeof name, "%s%s", prefix, suffix);
	*out = &m->array[m->narrays++];
	return tlb_array_init(*out, name, holds, &c->geom[g], (enum tlb_policy)policy,
	                      c->seed + (uint64_t)g);
}

/* The arrays of one side (0: instruction, 1: data), named after their role. */
static int build_side(struct mmu *m, const struct tlb_config *c, int side)
{
	struct tlb_side *s = &m->side[side];
	const char *prefix = c->unified ? "tlb" : side ? "dtlb" : "itlb";
	int small = side ? GEOM_DTLB4K : GEOM_ITLB4K;
	int has_large = c->features.pse || c->features.pae;
	s->large_mode = c->large_mode[side];
	const char *holds = "4k";
	if (s->large_mode == LARGE_SHARED)
		holds = "4k+large";
	else if (s->large_mode == LARGE_PIECES && has_large)
		holds = "4k (large as 4k pieces)";
	if (add_array(m, c, small, prefix, s->large_mode == LARGE_SHARED ? "" : "4k", holds,
	              &s->small))
		return -1;
	s->small->small_pages = 1;
	s->small->whole_large = s->large_mode == LARGE_SHARED;
	if (s->large_mode == LARGE_ARRAY) {
		if (add_array(m, c, small + 1, prefix, "large", "large", &s->large))
			return -1;
		s->large->whole_large = 1;
	}
	return 0;
}

static int build_tlbs(struct mmu *m, const struct tlb_config *c)
{
	if (c->unified) {
		if (build_side(m, c, 1))
			return -1;
		m->side[0] = m->side[1];
	} else if (build_side(m, c, 0) || build_side(m, c, 1)) {
		return -1;
	}
	for (int side = 0; side < 2; side++) {
		int g = side ? GEOM_DTLBL2 : GEOM_ITLBL2;
		if (c->geom[g].entries && !(c->unified && side == 0) &&
		    add_array(m, c, g,
		              c->unified ? "tlb"
		              : side     ? "dtlb"
		                         : "itlb",
		              "l2", "4k", &m->side[side].l2))
			return -1;
	}
	if (c->unified)
		m->side[0].l2 = m->side[1].l2;
	for (int side = 0; side < 2; side++)
		if (m->side[side].l2)
			m->side[side].l2->small_pages = 1;
	return 0;
}

/* Invalidate every fast-path slot (slots that copy a TLB entry also go with their entry). */
static void fast_clear(struct mmu *m)
{
	struct mmu_fast_slot *s = &m->fast.slot[0][0][0];
	for (size_t i = 0; i < sizeof m->fast.slot / sizeof *s; i++)
		s[i].page = MMU_FAST_NONE;
}

struct mmu *mmu_new(uint64_t ram_bytes, const char *preset, const char *tlb_spec, char *err,
                    size_t errlen)
{
	struct tlb_config c;
	if (tlb_config_parse(&c, preset, tlb_spec, err, errlen))
		return NULL;
	/* Whole pages only, so that every guest page is either RAM or the dummy page. */
	ram_bytes = (ram_bytes + PAGE_SIZE - 1u) & ~(uint64_t)(PAGE_SIZE - 1u);
	if (ram_bytes == 0 || ram_bytes != (size_t)ram_bytes) {
		snprintf(err, errlen, "bad emulated RAM size %llu", (unsigned long long)ram_bytes);
		return NULL;
	}
	struct mmu *m = calloc(1, sizeof *m);
	if (m && (m->ram = ram_alloc((size_t)ram_bytes)))
		m->ram_size = ram_bytes;
	if (!m || !m->ram || !(m->dummy = malloc(PAGE_SIZE))) {
		snprintf(err, errlen, "cannot allocate %llu bytes of emulated RAM",
		         (unsigned long long)ram_bytes);
		mmu_free(m);
		return NULL;
	}
	memset(m->dummy, 0xff, PAGE_SIZE); /* beyond RAM reads like an undriven bus */
	m->preset = c.preset;
	m->features = c.features;
	m->fastpath = 1;
	fast_clear(m);
	if (build_tlbs(m, &c)) {
		snprintf(err, errlen, "cannot allocate the TLB model");
		mmu_free(m);
		return NULL;
	}
	return m;
}

void mmu_free(struct mmu *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->narrays; i++)
		tlb_array_free(&m->array[i]);
	if (m->ram)
		munmap(m->ram, (size_t)m->ram_size);
	free(m->dummy);
	free(m);
}

struct mmu_features mmu_features(const struct mmu *m)
{
	return m->features;
}

const char *mmu_preset_name(const struct mmu *m)
{
	return m->preset;
}

uint8_t *mmu_phys(struct mmu *m, uint64_t pa, size_t len)
{
	if (pa > m->ram_size || len > m->ram_size - pa)
		return NULL;
	return m->ram + pa;
}

uint64_t mmu_ram_size(const struct mmu *m)
{
	return m->ram_size;
}

/*
 * Host address of the 4 KiB physical page holding `pa`.  A page that is not wholly inside RAM
 * maps to the dummy page: guest accesses never reach host memory outside the emulated RAM.
 */
uint8_t *mmu_host_page(struct mmu *m, uint64_t pa)
{
	pa &= ~(uint64_t)(PAGE_SIZE - 1u);
	return pa + PAGE_SIZE <= m->ram_size ? m->ram + pa : m->dummy;
}

unsigned mmu_large_shift(const struct mmu *m)
{
	return (m->cr4 & CR4_PAE) ? 21u : 22u; /* 2 MiB pages under PAE, else 4 MiB */
}

void mmu_set_fastpath(struct mmu *m, int on)
{
	m->fastpath = on != 0;
	fast_clear(m);
}

static void flush_tlbs(struct mmu *m, int keep_global, enum flush_cause cause)
{
	for (unsigned i = 0; i < m->narrays; i++)
		m->n.flushed_entries += tlb_flush(&m->array[i], keep_global);
	m->n.flush[cause]++;
	static const char *const cause_names[NFLUSH] = {"cr0", "cr3", "cr4", "invlpg"};
	ev_flush(m, cause_names[cause], 0);
}

static int pae_paging(const struct mmu *m)
{
	return (m->cr0 & CR0_PG) && (m->cr4 & CR4_PAE);
}

/*
 * SDM vol. 3, 4.10.4.1: a MOV to CR0 that changes PG or WP invalidates all TLB entries, global
 * ones included.  Turning on PAE paging loads the PDPTEs (4.4.1); a reserved bit there cannot be
 * reported through this void call (a CPU would #GP), and shows later as RSVD page faults.
 */
void mmu_set_cr0(struct mmu *m, uint32_t v)
{
	uint32_t old = m->cr0;
	m->cr0 = v;
	if ((old ^ v) & (CR0_PG | CR0_WP))
		flush_tlbs(m, 0, FLUSH_CR0);
	if ((old ^ v) & CR0_PG)
		fast_clear(m); /* the unpaged accesses' slots copy no TLB entry */
	if (((old ^ v) & CR0_PG) && pae_paging(m))
		mmu_load_pdptes(m, m->cr3, m->pdpte);
}

/*
 * SDM vol. 3, 4.10.4.1: a MOV to CR3 invalidates every TLB entry but the global ones, which
 * survive only while CR4.PGE is set.  With CR4.PAE it loads the PDPTEs (4.4.1); a present PDPTE
 * with a reserved bit is #GP: -1, and CR3 keeps its old value.  The PDPTEs are checked even while
 * CR0.PG is clear (the real load happens when PG is set; the contents are the same).
 */
int mmu_set_cr3(struct mmu *m, uint32_t v)
{
	uint64_t pdpte[4];
	if (m->cr4 & CR4_PAE) {
		if (mmu_load_pdptes(m, v, pdpte))
			return -1;
		memcpy(m->pdpte, pdpte, sizeof pdpte);
	}
	m->cr3 = v;
	flush_tlbs(m, (m->cr4 & CR4_PGE) != 0, FLUSH_CR3);
	return 0;
}

/*
 * CR4 keeps only the paging features the preset has (a real CPU would #GP).  Changing PGE or PAE
 * invalidates all TLB entries, global ones included (SDM vol. 3, 4.10.4.1); so does changing PSE
 * here, as older manuals listed it and "the processor is always free to invalidate additional
 * entries" (same section).
 */
void mmu_set_cr4(struct mmu *m, uint32_t v)
{
	if (!m->features.pse)
		v &= ~CR4_PSE;
	if (!m->features.pae)
		v &= ~CR4_PAE;
	if (!m->features.pge)
		v &= ~CR4_PGE;
	uint32_t changed = m->cr4 ^ v;
	m->cr4 = v;
	if (changed & (CR4_PSE | CR4_PAE | CR4_PGE)) {
		flush_tlbs(m, 0, FLUSH_CR4);
		if (pae_paging(m))
			mmu_load_pdptes(m, m->cr3, m->pdpte);
	}
}

uint32_t mmu_cr0(const struct mmu *m)
{
	return m->cr0;
}

uint32_t mmu_cr2(const struct mmu *m)
{
	return m->cr2;
}

uint32_t mmu_cr3(const struct mmu *m)
{
	return m->cr3;
}

uint32_t mmu_cr4(const struct mmu *m)
{
	return m->cr4;
}

/* INVLPG drops the page's entries of every size, global ones too (SDM vol. 3, 4.10.4.1). */
void mmu_invlpg(struct mmu *m, uint32_t lin)
{
	for (unsigned i = 0; i < m->narrays; i++)
		m->n.flushed_entries += tlb_invlpg(&m->array[i], lin);
	m->n.flush[FLUSH_INVLPG]++;
	ev_flush(m, "invlpg", lin);
}

const struct mmu_fault *mmu_last_fault(const struct mmu *m)
{
	return &m->fault;
}

unsigned mmu_tlb_count(const struct mmu *m)
{
	return m->narrays;
}

int mmu_tlb_info(const struct mmu *m, unsigned array, struct mmu_tlb_info *out)
{
	if (array >= m->narrays)
		return -1;
	const struct tlb_array *a = &m->array[array];
	out->name = a->name;
	out->sets = a->sets;
	out->ways = a->ways;
	out->holds = a->holds;
	out->policy = tlb_policy_names[a->policy];
	return 0;
}

int mmu_tlb_entry(const struct mmu *m, unsigned array, unsigned set, unsigned way,
                  struct mmu_tlb_entry *out)
{
	if (array >= m->narrays)
		return -1;
	const struct tlb_array *a = &m->array[array];
	if (set >= a->sets || way >= a->ways)
		return -1;
	const struct tlb_entry *e = &a->e[(size_t)set * a->ways + way];
	memset(out, 0, sizeof *out);
	out->valid = e->valid;
	if (!e->valid)
		return 0;
	out->lin = e->key;
	out->pa = e->frame;
	out->page_size = e->size;
	out->flags = e->perm | (e->global ? PTE_G : 0) | (e->dirty ? PTE_D : 0) |
	             (e->piece ? MMU_TLBE_PIECE : 0);
	out->rank = tlb_rank(a, set, way);
	return 0;
}

int mmu_tlb_lookup(struct mmu *m, unsigned array, uint32_t lin, unsigned *set)
{
	if (array >= m->narrays)
		return -2;
	struct tlb_array *a = &m->array[array];
	unsigned large_set = tlb_set_of(a, lin, mmu_large_shift(m));
	int way;
	*set = tlb_set_of(a, lin, PAGE_SHIFT);
	if (a->small_pages && (way = tlb_find(a, *set, lin)) >= 0)
		return way;
	if (a->whole_large && (way = tlb_find(a, large_set, lin)) >= 0) {
		*set = large_set;
		return way;
	}
	uint64_t pa;
	uint32_t size = PAGE_SIZE;
	if (mmu_probe(m, lin, MMU_READ, 0, &pa, &size) != 0 || size == PAGE_SIZE || !a->whole_large)
		return -1;
	*set = large_set; /* where a fill of the large page would go */
	return -1;
}
