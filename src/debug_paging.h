/*
 * debug_paging.h - the debugger's views of address translation: `page` (one walk, level by
 * level, Bochs style), `ptdump` (the whole address space as merged ranges), `tlb` (every TLB
 * array set by set) and `creg` (CR0..CR4 decoded).  They read the tables through mmu_phys() and
 * the inspection API of mmu.h only: no TLB, statistics or accessed/dirty effect.
 */
#ifndef PSE386_DEBUG_PAGING_H
#define PSE386_DEBUG_PAGING_H

#include <stdint.h>
#include <stdio.h>

#include "mmu.h"

/* Entry flags as letters, upper case for a set bit, lower case for a clear one, for one level:
 * "PDPTE", "PDE" (table or, when `leaf`, a large page) or "PTE". */
void dbg_entry_flags(const char *level, int leaf, uint64_t value, char *buf, size_t len);

/* One level of a walk as `page` prints it: "PDE: 0x... : 0x...  flags", with a not-present
 * entry decoded (a PTE as Linux's file/swap/PROT_NONE entry).  leaf: a PDE mapping a large page. */
void dbg_print_level(FILE *out, const char *name, uint64_t entry_pa, uint64_t value, int pae,
                     int leaf);

/* `page ADDR`: every level the walk reads, then the translation (or why there is none). */
void dbg_page(struct mmu *m, uint32_t lin, FILE *out);

/* `ptdump`: the present mappings of [lo, hi] as merged ranges.  only_user: only pages user code
 * may access; only_write: only writable ones. */
struct dbg_ptdump_filter {
	uint32_t lo, hi;
	int only_user, only_super, only_write;
};
void dbg_ptdump(struct mmu *m, const struct dbg_ptdump_filter *f, FILE *out);

/* `tlb [ADDR]`: every valid entry of every array, set by set in replacement order (most recently
 * used first); with an address, the set and entry each array would use for it. */
void dbg_tlb(struct mmu *m, int have_addr, uint32_t lin, FILE *out);

/* `creg`: CR0, CR2, CR3, CR4 with their bits decoded. */
void dbg_creg(struct mmu *m, FILE *out);

#endif
