/*
 * mmu_internal.h - the MMU library's private structures: struct mmu, the TLB arrays of the
 * architectural model, the page walker's result and the statistics counters.  Only the files
 * of mmu/ include it.
 */
#ifndef PSE386_MMU_INTERNAL_H
#define PSE386_MMU_INTERNAL_H

#include "mmu.h"

enum tlb_policy { POLICY_LRU, POLICY_PLRU, POLICY_FIFO, POLICY_RANDOM, NPOLICY };
extern const char *const tlb_policy_names[NPOLICY];

/* How a side keeps large (2/4 MiB) pages. */
enum large_mode {
	LARGE_ARRAY,  /* in an array of their own */
	LARGE_SHARED, /* in the 4 KiB array, one entry per large page (P4's mixed TLBs) */
	LARGE_PIECES  /* in the 4 KiB array, one entry per 4 KiB piece touched (Pentium ITLB, K6) */
};

/* Statistics class of a lookup: the guest page's size, or the second-level TLB. */
enum tlb_class { CLASS_4K, CLASS_LARGE, CLASS_L2, NCLASS };

#define TLB_RING 4 /* fast-path slots remembered per entry (see tlb_ring_add) */

struct tlb_entry {
	uint32_t key, mask; /* the entry hits `lin` when (lin & mask) == key */
	uint32_t lin;       /* linear base of the whole guest page */
	uint32_t size;      /* guest page size */
	uint64_t frame;     /* physical address that `key` maps to */
	uint64_t used;      /* recency stamp (LRU order, inspection rank) */
	uint64_t filled;    /* fill stamp (FIFO order) */
	uint8_t valid, perm, global, dirty, piece;
	uint8_t ring_next;
	struct mmu_fast_slot *ring[TLB_RING]; /* fast-path slots that copy this entry */
};

struct tlb_set {
	int last;      /* way touched last, -1 when none: a hit on it changes no state */
	uint64_t plru; /* tree bits of pseudo-LRU, node n at bit n (root = 1) */
};

struct tlb_array {
	char name[16];
	const char *holds;
	unsigned sets, ways;
	enum tlb_policy policy;
	int whole_large;     /* holds whole large pages (indexed by the large page number) */
	int small_pages;     /* holds 4 KiB pages and pieces (indexed by the 4 KiB page number) */
	struct tlb_entry *e; /* sets * ways, set-major */
	struct tlb_set *set;
	uint64_t *plru_path, *plru_away; /* per way: the tree nodes on its path, their values */
	uint64_t clock;                  /* source of the used/filled stamps */
	uint64_t rng;                    /* xorshift state of the random policy */
};

/* The arrays one access kind consults (instruction side or data side). */
struct tlb_side {
	struct tlb_array *small; /* 4 KiB pages (and large ones, per large_mode) */
	struct tlb_array *large; /* LARGE_ARRAY only */
	struct tlb_array *l2;    /* optional second level, 4 KiB pages only */
	enum large_mode large_mode;
};

/* One array's geometry in a configuration; entries == 0 means absent. */
struct tlb_geom {
	unsigned entries, ways;
	int policy; /* -1: the configuration's default policy */
};
enum tlb_slot {
	GEOM_ITLB4K,
	GEOM_ITLBLARGE,
	GEOM_DTLB4K,
	GEOM_DTLBLARGE,
	GEOM_ITLBL2,
	GEOM_DTLBL2,
	NGEOM
};
extern const char *const tlb_geom_names[NGEOM];

struct tlb_config {
	const char *preset;
	struct tlb_geom geom[NGEOM];
	enum large_mode large_mode[2]; /* [0] instruction, [1] data */
	int unified;                   /* one set of arrays serves fetches and data */
	int policy;                    /* default policy */
	uint64_t seed;
	struct mmu_features features;
};

/* Build the configuration of `preset` amended by `spec`; 0 or -1 with a message in err. */
int tlb_config_parse(struct tlb_config *c, const char *preset, const char *spec, char *err,
                     size_t errlen);

/* tlb.c: one array of the model. */
int tlb_array_init(struct tlb_array *a, const char *name, const char *holds,
                   const struct tlb_geom *g, enum tlb_policy policy, uint64_t seed);
void tlb_array_free(struct tlb_array *a);
unsigned tlb_set_of(const struct tlb_array *a, uint32_t lin, unsigned shift);
int tlb_find(struct tlb_array *a, unsigned set, uint32_t lin);
void tlb_touch(struct tlb_array *a, unsigned set, unsigned way);
int tlb_fill(struct tlb_array *a, unsigned set, const struct tlb_entry *ne, int *evicted);
unsigned tlb_flush(struct tlb_array *a, int keep_global);
unsigned tlb_invlpg(struct tlb_array *a, uint32_t lin);
void tlb_ring_add(struct tlb_entry *e, struct mmu_fast_slot *s);
void tlb_ring_clear(struct tlb_entry *e);
unsigned tlb_rank(const struct tlb_array *a, unsigned set, unsigned way);

/* The page walker's view of one translation (walk.c). */
#define WALK_NOT_PRESENT 0x80000000u /* mmu_probe()'s "not present" marker */
struct walk {
	unsigned nlevels;
	struct mmu_walk_level level[3];
	unsigned ad_from; /* first level with an A bit (PAE PDPTEs have none) */
	unsigned reads;   /* walk memory reads, the PDPTE counted (DESIGN.md, "Statistics") */
	uint32_t fault;   /* 0, WALK_NOT_PRESENT, or PF_RSVD | PF_P */
	uint32_t perm;    /* PTE_U | PTE_W, combined over the levels */
	uint32_t size;    /* page size, 0 when the walk stopped before knowing it */
	uint32_t lin;     /* linear base of the page */
	uint64_t frame;   /* physical base of the page */
	int global, dirty;
};
void walk_tables(struct mmu *m, uint32_t lin, struct walk *w);
unsigned walk_set_ad(struct mmu *m, const struct walk *w, int write);
uint32_t access_error(const struct mmu *m, uint32_t perm, enum mmu_kind kind, int user);
int mmu_load_pdptes(struct mmu *m, uint32_t cr3, uint64_t pdpte[4]);

struct tlb_counts {
	uint64_t hits, misses, evictions;
};
struct priv_counts {
	struct tlb_counts tlb[3][NCLASS]; /* [enum mmu_kind][enum tlb_class] */
	uint64_t walks, walk_reads, dirty_walks, dirty_walk_reads, ad_writes, unpaged;
};
enum flush_cause { FLUSH_CR0, FLUSH_CR3, FLUSH_CR4, FLUSH_INVLPG, NFLUSH };
struct mmu_counts {
	struct priv_counts priv[2]; /* [0] supervisor (kernel), [1] user */
	uint64_t flush[NFLUSH], flushed_entries, pf_err[16];
};

#define MMU_MAX_ARRAYS 6

struct mmu {
	struct mmu_fast fast; /* first: the inline mmu_translate() reads it through a cast */
	uint8_t *ram;
	uint64_t ram_size;
	uint8_t *dummy; /* one page standing for physical addresses beyond RAM */
	uint32_t cr0, cr2, cr3, cr4;
	uint64_t pdpte[4]; /* PAE: loaded at CR3 write (SDM vol. 3, 4.4.1) */
	struct mmu_fault fault;
	const char *preset;
	struct mmu_features features;
	struct tlb_array array[MMU_MAX_ARRAYS];
	unsigned narrays;
	struct tlb_side side[2]; /* [0] instruction fetches, [1] data */
	int fastpath;
	struct mmu_counts n;
	mmu_event_fn ev_fn; /* event hook (events.c), NULL when off */
	void *ev_ctx;
};

/* events.c: reporting to the event hook; each is a no-op without a hook. */
static inline int mmu_events_on(const struct mmu *m)
{
	return m->ev_fn != NULL;
}
void ev_walk(struct mmu *m, enum mmu_event_type type, const struct walk *w, uint32_t lin,
             enum mmu_kind kind, int user);
void ev_simple(struct mmu *m, enum mmu_event_type type, uint32_t lin, enum mmu_kind kind, int user,
               const struct tlb_array *a);
void ev_flush(struct mmu *m, const char *cause, uint32_t lin);
void ev_fault(struct mmu *m, uint32_t lin, uint32_t err);
int ev_tlb_fill(struct mmu *m, struct tlb_array *a, unsigned set, const struct tlb_entry *ne,
                int *evicted, enum mmu_kind kind, int user);

/* mmu.c */
uint8_t *mmu_host_page(struct mmu *m, uint64_t pa);
unsigned mmu_large_shift(const struct mmu *m);

#endif
