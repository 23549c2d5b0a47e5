/*
 * swap.h - the swap device (--swap SIZE), swap PTEs, page-out (vmscan.c) and the page-in of
 * swapped and nonlinear-file pages.  Behaviour: docs/swap.md.
 *
 * PTE formats (linux-2.5-syscalls.md 3.2, include/asm-i386/pgtable-2level.h and
 * pgtable-3level.h of 2.5.66/2.6.0):
 *   swap PTE, 2-level: P (bit 0) clear, _PAGE_FILE (bit 6) clear, type in bits 1-5,
 *                      offset in bits 8-31 (__swp_type/__swp_offset);
 *   swap PTE, PAE:     low word 0, high word = type (bits 0-4) | offset << 5;
 *   file PTE, 2-level: P clear, bit 6 set, pgoff bits 0-4 in bits 1-5, the rest in bits 8-31;
 *   file PTE, PAE:     low word _PAGE_FILE, high word pgoff.
 */
#ifndef PSE386_KERNEL_SWAP_H
#define PSE386_KERNEL_SWAP_H

#include <stdint.h>

#include "internal.h"

#define PTE_FILE          0x040u /* _PAGE_FILE: bit 6, the D position (only when P is clear) */
#define PTE_FILE_MAX_BITS 29     /* 2-level; PAE holds 32 bits */

/* Swap entry <-> PTE (one device: type 0). */
uint64_t swp_entry_to_pte(const struct kernel *k, uint32_t offset);
uint32_t pte_to_swp_offset(const struct kernel *k, uint64_t pte);
uint64_t pgoff_to_pte(const struct kernel *k, uint32_t pgoff);
uint32_t pte_to_pgoff(const struct kernel *k, uint64_t pte);
/* A not-present PTE that is neither empty nor PROT_NONE: a swap or a file entry. */
int pte_is_swap(uint64_t pte);
int pte_is_file(uint64_t pte);

/* The device.  swap_enabled: --swap was given.  swap_out_page: copy a frame to a new slot,
 * returns the slot (> 0) or 0 when the device is full.  swap_in_page: copy a slot to a frame.
 * swap_dup: one more PTE refers to the slot (fork).  swap_put: one PTE less; the last frees it. */
int swap_enabled(struct kernel *k);
uint32_t swap_out_page(struct kernel *k, uint32_t pfn);
void swap_in_page(struct kernel *k, uint32_t slot, uint32_t pfn);
void swap_dup(struct kernel *k, uint32_t slot);
void swap_put(struct kernel *k, uint32_t slot);
uint32_t swap_used_pages(struct kernel *k);
uint32_t swap_total_pages(struct kernel *k);
void swap_free_all(struct kernel *k);

/* Hooks of memory.c.  swap_fault: a fault on a swap or file PTE (do_swap_page, do_file_page).
 * swap_zap_range: munmap of the not-present entries (free_swap_and_cache), after the frames.
 * swap_copy_pte: fork copies a swap or file PTE (swap_duplicate). */
enum fault_result swap_fault(struct kernel *k, struct task *t, struct vma *v, uint32_t page,
                             uint64_t pte_pa, uint64_t pte, int write);
void swap_zap_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end);
void swap_copy_pte(struct kernel *k, uint64_t dpte_pa, uint64_t pte);

/* vmscan.c: free at least `want` frames by paging out; returns how many were freed. */
uint32_t try_to_free_pages(struct kernel *k, uint32_t want);
/* The PTE bits a page of v gets when it is brought back (protection_map[]). */
uint32_t vma_page_prot(const struct vma *v);

#endif
