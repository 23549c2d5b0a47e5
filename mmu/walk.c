/*
 * walk.c - the page walker: 32-bit paging with 4 KiB pages and (CR4.PSE) 4 MiB pages, PAE paging
 * with the PDPTE registers, 4 KiB and 2 MiB pages and reserved-bit checks; the accessed/dirty
 * updates; the permission check.  Reads entries from emulated RAM only (an entry outside RAM
 * reads as 0, i.e. not present); touches no TLB and no counter: the caller counts.
 *
 * Facts: SDM vol. 3, 4.3 (32-bit paging), 4.4 (PAE paging), 4.6 (access rights), 4.7 (page-fault
 * error code), 4.8 (accessed and dirty flags).
 */
#include "mmu_internal.h"

#include <string.h>

/* PAE: physical-address width of the era's PAE processors (P6: 36 bits; SDM vol. 3, 4.4). */
#define PAE_MAXPHYADDR  36
#define PAE_ADDR_MASK   (((1ull << PAE_MAXPHYADDR) - 1u) & ~0xfffull)
#define PAE_HIGH_RSVD   (~((1ull << PAE_MAXPHYADDR) - 1u)) /* bits 63:36, incl. XD (no NX) */
#define PAE_PDPTE_RSVD  (PAE_HIGH_RSVD | 0x1e6ull)         /* bits 2:1 and 8:5 (table 4-8) */
#define PAE_PDE2M_RSVD  (PAE_HIGH_RSVD | 0x1fe000ull)      /* bits 20:13 (table 4-9) */
#define PAE_PDE2M_FRAME (PAE_ADDR_MASK & ~0x1fffffull)
#define PSE_4M_FRAME    0xffc00000u
#define SIZE_4M         (4u << 20)
#define SIZE_2M         (2u << 20)

static uint64_t read_entry(struct mmu *m, uint64_t pa, unsigned width)
{
	uint64_t v = 0;
	const uint8_t *p = mmu_phys(m, pa, width);
	if (p)
		memcpy(&v, p, width); /* little-endian host, as the guest */
	return v;
}

/* Read one paging entry of `width` bytes at pa and record it as the walk's next level. */
static uint64_t read_level(struct mmu *m, struct walk *w, const char *name, uint64_t pa,
                           unsigned width)
{
	uint64_t v = read_entry(m, pa, width);
	struct mmu_walk_level *l = &w->level[w->nlevels++];
	l->name = name;
	l->entry_pa = pa;
	l->value = v;
	w->reads++;
	return v;
}

/* Does entry e end the walk: not present, or present with a reserved bit (SDM vol. 3, 4.7)? */
static int walk_stops(struct walk *w, uint64_t e, uint64_t reserved)
{
	if (!(e & PTE_P))
		w->fault = WALK_NOT_PRESENT;
	else if (e & reserved)
		w->fault = PF_RSVD | PF_P;
	return w->fault != 0;
}

static void leaf(struct walk *w, uint32_t lin, uint32_t size, uint64_t frame, uint64_t entry)
{
	w->size = size;
	w->lin = lin & ~(size - 1u);
	w->frame = frame;
	w->global = (entry & PTE_G) != 0;
	w->dirty = (entry & PTE_D) != 0;
}

/*
 * 32-bit paging (SDM vol. 3, 4.3): PS is honoured only with CR4.PSE (table 4-5).  No reserved
 * bits are checked (no PSE-36: bits 21:13 of a 4 MiB PDE are ignored).
 */
static void walk_32(struct mmu *m, uint32_t lin, struct walk *w)
{
	uint32_t pde = (uint32_t)read_level(m, w, "PDE", (m->cr3 & PAGE_MASK) + PDX(lin) * 4u, 4);
	if (walk_stops(w, pde, 0))
		return;
	w->perm = pde & (PTE_U | PTE_W);
	if ((pde & PTE_PS) && (m->cr4 & CR4_PSE)) {
		leaf(w, lin, SIZE_4M, pde & PSE_4M_FRAME, pde);
		return;
	}
	uint32_t pte = (uint32_t)read_level(m, w, "PTE", (pde & PAGE_MASK) + PTX(lin) * 4u, 4);
	if (walk_stops(w, pte, 0))
		return;
	w->perm &= pte;
	leaf(w, lin, PAGE_SIZE, pte & PAGE_MASK, pte);
}

/*
 * PAE paging (SDM vol. 3, 4.4): the PDPTE comes from the registers loaded at the CR3 write (its
 * reserved bits can only be set here after a CR0/CR4 write, which cannot report #GP), then 64-bit
 * PDE and PTE; PS is always honoured.
 */
static void walk_pae(struct mmu *m, uint32_t lin, struct walk *w)
{
	unsigned i = lin >> 30;
	uint64_t pdpte = m->pdpte[i];
	struct mmu_walk_level *l = &w->level[w->nlevels++];
	l->name = "PDPTE";
	l->entry_pa = (uint64_t)(m->cr3 & ~0x1fu) + i * 8u;
	l->value = pdpte;
	w->reads = 1;
	w->ad_from = 1;
	if (walk_stops(w, pdpte, PAE_PDPTE_RSVD))
		return;
	uint64_t pde =
	    read_level(m, w, "PDE", (pdpte & PAE_ADDR_MASK) + ((lin >> 21) & 0x1ffu) * 8u, 8);
	int large = (pde & PTE_PS) != 0;
	if (walk_stops(w, pde, large ? PAE_PDE2M_RSVD : PAE_HIGH_RSVD))
		return;
	w->perm = (uint32_t)pde & (PTE_U | PTE_W);
	if (large) {
		leaf(w, lin, SIZE_2M, pde & PAE_PDE2M_FRAME, pde);
		return;
	}
	uint64_t pte =
	    read_level(m, w, "PTE", (pde & PAE_ADDR_MASK) + ((lin >> 12) & 0x1ffu) * 8u, 8);
	if (walk_stops(w, pte, PAE_HIGH_RSVD))
		return;
	w->perm &= (uint32_t)pte;
	leaf(w, lin, PAGE_SIZE, pte & PAE_ADDR_MASK, pte);
}

void walk_tables(struct mmu *m, uint32_t lin, struct walk *w)
{
	memset(w, 0, sizeof *w);
	if (m->cr4 & CR4_PAE)
		walk_pae(m, lin, w);
	else
		walk_32(m, lin, w);
}

/*
 * Set A in every entry the walk used and, for a write, D in the entry that maps the page
 * (SDM vol. 3, 4.8).  PDPTEs have no A bit under PAE (table 4-8).  Called only for a translation
 * that succeeds: the SDM leaves open whether a faulting walk sets A, and this model does not.
 * Each entry is written (its low 32 bits, where A and D live) only when a bit changes; returns
 * the number of entries written.
 */
unsigned walk_set_ad(struct mmu *m, const struct walk *w, int write)
{
	unsigned writes = 0;
	for (unsigned i = w->ad_from; i < w->nlevels; i++) {
		const struct mmu_walk_level *l = &w->level[i];
		uint32_t set = PTE_A;
		if (write && i == w->nlevels - 1u)
			set |= PTE_D;
		uint32_t lo = (uint32_t)l->value;
		uint8_t *p = mmu_phys(m, l->entry_pa, 4);
		if ((lo & set) == set || !p)
			continue;
		lo |= set;
		memcpy(p, &lo, 4);
		writes++;
	}
	return writes;
}

/*
 * Access rights (SDM vol. 3, 4.6): user accesses need U at every level; writes need W at every
 * level, except supervisor writes while CR0.WP is clear.  Fetches are reads (no NX on these
 * processors).  Returns PF_P for a protection violation, else 0.
 */
uint32_t access_error(const struct mmu *m, uint32_t perm, enum mmu_kind kind, int user)
{
	if (user && !(perm & PTE_U))
		return PF_P;
	if (kind == MMU_WRITE && !(perm & PTE_W) && (user || (m->cr0 & CR0_WP)))
		return PF_P;
	return 0;
}

/*
 * Load the four PDPTE registers from the 32-byte aligned table CR3 points to (SDM vol. 3, 4.4.1).
 * A present PDPTE with a reserved bit set makes the load fail (#GP for MOV to CR3): returns -1.
 * The values are stored in pdpte[] either way.
 */
int mmu_load_pdptes(struct mmu *m, uint32_t cr3, uint64_t pdpte[4])
{
	int bad = 0;
	for (unsigned i = 0; i < 4; i++) {
		pdpte[i] = read_entry(m, (uint64_t)(cr3 & ~0x1fu) + i * 8u, 8);
		bad |= (pdpte[i] & PTE_P) && (pdpte[i] & PAE_PDPTE_RSVD);
	}
	return bad ? -1 : 0;
}

int mmu_probe(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user, uint64_t *pa,
              uint32_t *page_size)
{
	uint32_t uerr = (user ? PF_U : 0) | (kind == MMU_WRITE ? PF_W : 0);
	if (!(m->cr0 & CR0_PG)) {
		*pa = lin;
		*page_size = PAGE_SIZE;
		return 0;
	}
	struct walk w;
	walk_tables(m, lin, &w);
	if (w.fault == WALK_NOT_PRESENT)
		return (int)(uerr | WALK_NOT_PRESENT);
	uint32_t err = w.fault ? w.fault : access_error(m, w.perm, kind, user);
	if (err)
		return (int)(err | uerr);
	*pa = w.frame + (lin - w.lin);
	*page_size = w.size;
	return 0;
}

int mmu_walk_describe(struct mmu *m, uint32_t lin, struct mmu_walk_info *out)
{
	memset(out, 0, sizeof *out);
	out->paging = (m->cr0 & CR0_PG) != 0;
	if (out->paging) {
		struct walk w;
		walk_tables(m, lin, &w);
		out->nlevels = w.nlevels;
		memcpy(out->level, w.level, sizeof w.level);
	}
	return mmu_probe(m, lin, MMU_READ, 0, &out->pa, &out->page_size);
}
