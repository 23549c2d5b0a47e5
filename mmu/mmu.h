/*
 * mmu.h - the paging hardware of an i386 (386 through P4/Athlon), as one library.
 *
 * Physical memory, the control registers CR0/CR2/CR3/CR4, the page walker (2-level with PSE
 * 4 MiB pages, 3-level PAE with 2 MiB pages), accessed/dirty updates, page-fault error codes,
 * and the architectural TLB model (era presets, replacement policies, flushes by cause) which is
 * the only source of statistics.  Knows nothing of instructions or of the kernel.
 *
 * Facts: Intel IA-32 SDM vol. 3, chapter "Paging" (4.3 32-bit paging, 4.4 PAE paging,
 * 4.7 page-fault exceptions, 4.10 caching translation information);
 * ../shared/reference/tlb-and-debugger.md for the presets.
 */
#ifndef PSE386_MMU_H
#define PSE386_MMU_H

#include <stddef.h>
#include <stdint.h>

/* Page-table entry bits (SDM vol. 3 table 4-5/4-6; Linux include/asm-i386/pgtable.h). */
#define PTE_P      0x001u /* present */
#define PTE_W      0x002u /* read/write */
#define PTE_U      0x004u /* user/supervisor */
#define PTE_PWT    0x008u /* page write-through */
#define PTE_PCD    0x010u /* page cache disable */
#define PTE_A      0x020u /* accessed */
#define PTE_D      0x040u /* dirty (PTE, or PDE with PS) */
#define PTE_PS     0x080u /* page size (PDE only); PAT in a 4 KiB PTE */
#define PTE_G      0x100u /* global (CR4.PGE) */
#define PAGE_SIZE  4096u
#define PAGE_SHIFT 12
#define PAGE_MASK  (~(PAGE_SIZE - 1u))
#define PDX(la)    (((uint32_t)(la) >> 22) & 0x3ffu) /* page-directory index, non-PAE */
#define PTX(la)    (((uint32_t)(la) >> 12) & 0x3ffu) /* page-table index, non-PAE */

/* Control-register bits (SDM vol. 3, 2.5 "Control registers"). */
#define CR0_PE  0x00000001u
#define CR0_WP  0x00010000u
#define CR0_PG  0x80000000u
#define CR3_PWT 0x008u
#define CR3_PCD 0x010u
#define CR4_PSE 0x00000010u
#define CR4_PAE 0x00000020u
#define CR4_PGE 0x00000080u

/* Page-fault error code (SDM vol. 3, 4.7). */
#define PF_P    0x01u /* 0: not present, 1: protection violation */
#define PF_W    0x02u /* access was a write */
#define PF_U    0x04u /* access from CPL 3 */
#define PF_RSVD 0x08u /* reserved bit set in a paging entry */

enum mmu_kind { MMU_FETCH = 0, MMU_READ = 1, MMU_WRITE = 2 };

/* Paging features a CPU preset has (what CPUID reports and what CR4 accepts). */
struct mmu_features {
	int pse, pae, pge;
};

struct mmu;

/* Construction.  `preset` is one of i386 i486 pentium p6 p4 k6 athlon; `tlb_spec` (may be NULL)
 * overrides parts of it (syntax documented in docs/statistics.md).  RAM is rounded up to whole
 * 4 KiB pages.  On error returns NULL and writes one line into err. */
struct mmu *mmu_new(uint64_t ram_bytes, const char *preset, const char *tlb_spec, char *err,
                    size_t errlen);
void mmu_free(struct mmu *m);
struct mmu_features mmu_features(const struct mmu *m);
const char *mmu_preset_name(const struct mmu *m);
/* Names of all presets, NULL-terminated, for --help and tests. */
extern const char *const mmu_preset_names[];

/* Physical memory.  Returns a host pointer to [pa, pa+len) or NULL if any byte is outside RAM.
 * These accesses are not translated and not counted (the kernel's own bookkeeping). */
uint8_t *mmu_phys(struct mmu *m, uint64_t pa, size_t len);
uint64_t mmu_ram_size(const struct mmu *m);

/* Control registers, with the flush semantics of SDM vol. 3, 4.10.4: a CR3 write flushes all
 * non-global entries (global ones too when CR4.PGE is clear) and, under PAE, loads the four
 * PDPTEs (a reserved bit set there is reported by returning -1, i.e. #GP); CR0.PG/WP and
 * CR4.PSE/PAE/PGE changes flush everything. */
void mmu_set_cr0(struct mmu *m, uint32_t v);
int mmu_set_cr3(struct mmu *m, uint32_t v);
void mmu_set_cr4(struct mmu *m, uint32_t v);
uint32_t mmu_cr0(const struct mmu *m);
uint32_t mmu_cr2(const struct mmu *m);
uint32_t mmu_cr3(const struct mmu *m);
uint32_t mmu_cr4(const struct mmu *m);
void mmu_invlpg(struct mmu *m, uint32_t lin);

/* The last page fault, filled when translation fails. */
struct mmu_fault {
	uint32_t lin;        /* faulting linear address (what CR2 receives) */
	uint32_t error_code; /* PF_* bits */
};
const struct mmu_fault *mmu_last_fault(const struct mmu *m);

/*
 * The host fast path's state, shared with the inline mmu_translate() below.  It is the first
 * member of struct mmu (so a struct mmu * may be read as a struct mmu_fast *).  A slot copies one
 * TLB entry for one 4 KiB linear page, access kind and privilege; it is valid only while that
 * entry is unchanged, permits the access, and (for writes) is already dirty.  Then the
 * architectural lookup is a hit that writes no A/D bit.  When the entry is also the most recently
 * used of its set, the hit changes no replacement state (DESIGN.md "The TLB model and the fast
 * path") and the inline path only counts it, in the slot's `pending` (folded into the statistics
 * counter `hits` when the slot is re-armed and whenever statistics are read).  When another way
 * of the set becomes the most recent, the model sets MMU_FAST_NOT_MRU in `page`, so the next hit
 * through the slot leaves the inline path and records its use in mmu_translate_slow().
 * Not for callers: use mmu_translate().
 */
#define MMU_FAST_SLOTS   64u
#define MMU_FAST_NONE    1u /* a `page` value no page-aligned address can equal */
#define MMU_FAST_NOT_MRU 2u /* flag in `page`: the entry may not be its set's most recent */
struct mmu_fast_slot {
	uint32_t page;    /* linear 4 KiB page (lin & PAGE_MASK) and flags, or MMU_FAST_NONE */
	int32_t way;      /* the entry's way in its set, -1 for an unpaged access */
	uint8_t *base;    /* host address of that page */
	uint64_t pending; /* hits counted here and not yet added to *hits */
	uint64_t *hits;   /* the statistics counter the architectural hit increments */
	void *array;      /* the entry's TLB array and set, for the recency update */
	uint32_t set;
};
struct mmu_fast {
	struct mmu_fast_slot slot[2][3][MMU_FAST_SLOTS]; /* [user][kind][page % MMU_FAST_SLOTS] */
};
uint8_t *mmu_translate_slow(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user);

/*
 * Translate one access.  Returns a host pointer to the byte at `lin`; the pointer is valid up to
 * the end of that 4 KiB page only (callers split page-crossing accesses and translate twice, which
 * DESIGN.md counts as two lookups).  Returns NULL on a page fault: CR2 and mmu_last_fault() are
 * set.  `user` is 1 for CPL-3 accesses, 0 for the kernel's supervisor accesses (counted apart).
 * Every call with paging on is exactly one TLB lookup in the statistics (with CR0.PG clear it is
 * counted as "unpaged").  A fast-path hit is counted exactly as the model would count it.
 */
static inline struct mmu_fast_slot *mmu_fast_slot(struct mmu *m, uint32_t lin, enum mmu_kind kind,
                                                  int user)
{
	return &((struct mmu_fast *)(void *)m)
	            ->slot[user != 0][kind][(lin >> PAGE_SHIFT) % MMU_FAST_SLOTS];
}
/* A hit through slot s: counted in the slot, and the host address of lin. */
static inline uint8_t *mmu_fast_hit(struct mmu_fast_slot *s, uint32_t lin)
{
	s->pending++;
	return s->base + (lin & ~PAGE_MASK);
}
static inline uint8_t *mmu_translate(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user)
{
	struct mmu_fast_slot *s = mmu_fast_slot(m, lin, kind, user);
	if (__builtin_expect(s->page == (lin & PAGE_MASK), 1))
		return mmu_fast_hit(s, lin);
	return mmu_translate_slow(m, lin, kind, user);
}

/* mmu_translate() for a caller that handles a page fault by not returning (the CPU unwinds to
 * its run loop): on a fault it calls fault(ctx), which must not return, so a fast-path hit
 * returns its pointer without a test of it. */
typedef void (*mmu_fault_fn)(void *ctx);
static inline uint8_t *mmu_translate_or_fault(struct mmu *m, uint32_t lin, enum mmu_kind kind,
                                              int user, mmu_fault_fn fault, void *ctx)
{
	struct mmu_fast_slot *s = mmu_fast_slot(m, lin, kind, user);
	if (__builtin_expect(s->page == (lin & PAGE_MASK), 1))
		return mmu_fast_hit(s, lin);
	uint8_t *p = mmu_translate_slow(m, lin, kind, user);
	if (!p) {
		fault(ctx);
		__builtin_unreachable();
	}
	return p;
}

/* Walk the tables without touching the TLB, statistics or A/D bits (debugger, tests, kernel
 * introspection).  Fills *pa and *page_size (4096, 2 MiB or 4 MiB) and returns 0, or returns the
 * PF_* error code hardware would raise for `kind`/`user` (with bit 31 set if the reason was
 * "not present" so that 0 error code is distinguishable). */
int mmu_probe(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user, uint64_t *pa,
              uint32_t *page_size);

/* The host fast path (a speed cache) can be switched off; statistics must not change. */
void mmu_set_fastpath(struct mmu *m, int on);

/* Statistics: visit every counter as (stable key, value), in a fixed order.  Keys follow
 * `perf stat` names where one exists (dTLB-loads, dTLB-load-misses, ...) and the project's
 * own dotted names otherwise (e.g. "dtlb.4k.hits", "walks", "walk_reads", "flush.cr3"). */
typedef void (*mmu_stat_fn)(void *ctx, const char *key, uint64_t value);
void mmu_stats_foreach(const struct mmu *m, mmu_stat_fn fn, void *ctx);
void mmu_stats_reset(struct mmu *m);

/*
 * Read-only inspection for the debugger and the visualizer.  Arrays are numbered 0..count-1 in a
 * fixed order (instruction side first, then data, then the second level).  An entry is addressed
 * by (array, set, way).  mmu_walk_describe() reads the tables like mmu_probe() (no TLB, statistics
 * or A/D effect) and reports every level it read.
 */
struct mmu_tlb_info {
	const char *name; /* e.g. "dtlb4k", "itlblarge", "tlb4k" (unified), "dtlbl2" */
	unsigned sets, ways;
	const char *holds;  /* "4k", "large", "4k+large", "4k (large as 4k pieces)" */
	const char *policy; /* "lru", "plru", "fifo", "random" */
};
#define MMU_TLBE_PIECE 0x10000u /* entry holds one 4 KiB piece of a large page */
struct mmu_tlb_entry {
	int valid;
	uint32_t lin; /* linear address the entry translates (4 KiB piece, or the large page) */
	uint64_t pa;  /* physical address it maps `lin` to */
	uint32_t page_size; /* size of the guest page (4 KiB, 2 MiB, 4 MiB) */
	uint32_t flags; /* PTE_U, PTE_W (combined over the levels), PTE_G, PTE_D, MMU_TLBE_PIECE */
	unsigned rank;  /* recency within its set: 0 = most recently used */
};
unsigned mmu_tlb_count(const struct mmu *m);
int mmu_tlb_info(const struct mmu *m, unsigned array, struct mmu_tlb_info *out);
int mmu_tlb_entry(const struct mmu *m, unsigned array, unsigned set, unsigned way,
                  struct mmu_tlb_entry *out);
/* Which set of `array` holds (or a fill would put) the translation of lin, in *set; returns the
 * way of the entry translating lin, -1 if there is none, -2 for a bad array.  No side effect. */
int mmu_tlb_lookup(struct mmu *m, unsigned array, uint32_t lin, unsigned *set);

struct mmu_walk_level {
	const char *name;  /* "PDPTE", "PDE", "PTE" */
	uint64_t entry_pa; /* physical address of the entry */
	uint64_t value;    /* raw entry (PDPTE: the value loaded at the last CR3 write) */
};
struct mmu_walk_info {
	unsigned nlevels;
	struct mmu_walk_level level[3];
	int paging;         /* 0 when CR0.PG is clear: identity, no levels */
	uint64_t pa;        /* valid when the walk reached a page */
	uint32_t page_size; /* 0 when it did not */
};
/* Returns 0 when a page maps `lin`, else the mmu_probe()-style error for a supervisor read. */
int mmu_walk_describe(struct mmu *m, uint32_t lin, struct mmu_walk_info *out);

/* Self-check for tests: 0 when every armed fast-path slot is a faithful copy of a live TLB entry
 * that permits its access (and is dirty for writes), -1 otherwise. */
int mmu_check(struct mmu *m);

/*
 * Events, for the debugger, the trace writer and the visualizer.  With a hook set, the MMU calls
 * it for every TLB miss (then the walk it caused, then a fault or the eviction and fill), dirty
 * update, flush and page fault.  Hits are not events.  The hook must not call back into the
 * MMU's translation functions.  Statistics are the same with or without a hook.
 */
enum mmu_event_type {
	MMU_EV_MISS,
	MMU_EV_FILL,
	MMU_EV_EVICT,
	MMU_EV_FLUSH,
	MMU_EV_WALK,
	MMU_EV_FAULT,
	MMU_EV_AD
};
struct mmu_event {
	enum mmu_event_type type;
	enum mmu_kind kind; /* access kind of the lookup (MISS/FILL/EVICT/WALK/FAULT/AD) */
	int user;           /* 1 for CPL-3 accesses */
	uint32_t lin;       /* linear address looked up / page evicted / INVLPG address */
	uint64_t pa;        /* FILL/WALK: physical address `lin` maps to */
	uint32_t page_size; /* FILL/EVICT/WALK (0 when the walk did not reach a page) */
	int array;          /* MISS/FILL/EVICT: index for mmu_tlb_info(); -1 otherwise */
	unsigned set, way;  /* FILL/EVICT */
	unsigned reads;     /* WALK/AD: memory reads of the walk */
	uint64_t entry_pa[3], entry_val[3]; /* WALK/AD: the entries read, level by level */
	uint32_t error_code;                /* FAULT */
	const char *cause;                  /* FLUSH: "cr0", "cr3", "cr4", "invlpg" */
};
typedef void (*mmu_event_fn)(void *ctx, const struct mmu_event *ev);
void mmu_set_event_hook(struct mmu *m, mmu_event_fn fn, void *ctx); /* NULL fn: off */

#endif
