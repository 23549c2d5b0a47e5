/*
 * filemap.h - the page cache (Linux 2.5 mm/filemap.c, much reduced): the pages of regular files
 * that MAP_SHARED mappings map, one emulated frame per (inode, page offset), shared by every
 * mapping of that page and kept coherent with read()/write().  Design: docs/swap.md
 * "Page cache".
 */
#ifndef PSE386_KERNEL_FILEMAP_H
#define PSE386_KERNEL_FILEMAP_H

#include <stdint.h>

#include "internal.h"

/* Whether v's pages live in the page cache: a MAP_SHARED mapping of an fs file. */
int filemap_vma(const struct vma *v);

/* The cached frame of page pgoff of v's file, read from the file when missing (*major set);
 * 0 on out of memory.  The returned frame has no extra reference.  With nonblock a missing
 * page is not read: 0 with *missing = 1. */
uint32_t filemap_get_page(struct kernel *k, struct vma *v, uint32_t pgoff, int nonblock, int *major,
                          int *missing);

/* Map page pgoff of v's file at page through pte_pa (the PTE must hold no frame): a fault on
 * a shared file page (filemap_nopage) or on a file PTE (do_file_page).  Past the end of the
 * file the task gets SIGBUS (BUS_ADRERR) and FAULT_OK is returned so nothing else is raised. */
enum fault_result filemap_fault(struct kernel *k, struct task *t, struct vma *v, uint32_t page,
                                uint64_t pte_pa, uint32_t pgoff);
enum fault_result filemap_file_pte_fault(struct kernel *k, struct task *t, struct vma *v,
                                         uint32_t page, uint64_t pte_pa, uint64_t pte, int write);

/* The cache page a present PTE of a page-cache vma maps (its file offset in pages); -1 when the
 * frame is not a cache page. */
int64_t filemap_pgoff_of(struct kernel *k, uint32_t pfn);

/* msync/munmap/exit: the dirty pages of [start, end) of a page-cache vma are written to the
 * file at their own offsets (nonlinear pages included); with clean the PTEs lose D. */
void filemap_writeback_range(struct kernel *k, struct mm *mm, struct vma *v, uint32_t start,
                             uint32_t end, int clean);

/* Page-out of one present PTE of a page-cache vma (vmscan.c): D moves to the cache page, the
 * PTE becomes empty (linear) or a file PTE (nonlinear). */
void filemap_unmap_pte(struct kernel *k, struct mm *mm, struct vma *v, uint32_t addr,
                       uint64_t pte_pa, uint64_t pte);
/* Frees cache pages no PTE maps any more, writing dirty ones back; returns how many. */
uint32_t filemap_shrink(struct kernel *k, uint32_t want);

/* Coherence with the read/write system calls (called around fs_syscall): before a call that
 * reads or writes a file the cached pages of its inode are brought up to date in the file;
 * after a call that changed the file the cached pages are read again. */
void filemap_before_fs_call(struct kernel *k, unsigned nr, const uint32_t a[6]);
void filemap_after_fs_call(struct kernel *k, unsigned nr, const uint32_t a[6], long r);
/* A private file page read from the file: served from the cache when the page is cached
 * (returns 1), so MAP_PRIVATE mappings see the writes of MAP_SHARED ones. */
int filemap_read_cached(struct kernel *k, struct file *f, uint64_t off, uint8_t *dst, uint32_t len);

/* The clock hand of vmscan.c (kept here with the rest of the page-out state). */
struct scan_hand {
	int pid;
	uint32_t addr;
};
struct scan_hand *filemap_scan_hand(struct kernel *k);

void filemap_free_all(struct kernel *k);

#endif
