/*
 * hugetlb.h - huge pages of Linux 2.5.53 (arch/i386/mm/hugetlbpage.c): the pool reserved at boot
 * (hugepages=), alloc_hugepages/free_hugepages (system calls 250/251), the 32-slot key table of
 * shared segments, /proc/sys/vm/nr_hugepages and the /proc/meminfo lines.
 * Facts: linux-2.5-syscalls.md "Decisions" 2 and sections 2.1-2.5; docs/hugepages.md.
 *
 * A huge page is one PDE with PS set (SDM vol. 3, 4.3 and 4.4.2): 4 MiB without PAE, 2 MiB with.
 * Huge segments are always fully present (prefaulted); they are never swapped, never COW.
 *
 * For the other parts of the kernel (mlock, swap, remap_file_pages, page walkers): a VMA for
 * which hugetlb_vma() is true has no page tables of its own, its PDEs map huge pages directly.
 * pte_offset() returns 0 there.  mlock must accept it (it is always present: set VM_LOCKED and
 * skip the prefault), swap and reclaim must skip it, remap_file_pages must refuse it (EINVAL).
 */
#ifndef PSE386_KERNEL_HUGETLB_H
#define PSE386_KERNEL_HUGETLB_H

#include <stddef.h>
#include <stdint.h>

#include "mmu.h"

struct kernel;
struct mm;
struct vma;

/* include/linux/mm.h 2.5.53 (linux-2.5-syscalls.md 2.1). */
#define VM_DONTCOPY 0x00020000u
#define VM_RESERVED 0x00080000u
#define VM_HUGETLB  0x00400000u

/* IPC_CREAT of include/linux/ipc.h: 00001000 octal. */
#define HUGETLB_IPC_CREAT 0x200u
/* MAX_ID of arch/i386/mm/hugetlbpage.c 2.5.53: the size of the key table. */
#define HUGETLB_MAX_KEYS 32

/* Whether v maps huge pages (is_vm_hugetlb_page()). */
int hugetlb_vma(const struct vma *v);

/* Size of a huge page: 4 MiB, or 2 MiB with PAE (HPAGE_SHIFT 22 / 21, page.h). */
uint32_t hugetlb_page_size(const struct kernel *k);

/* Boot: reserve cfg.hugepages pages (fewer if RAM is short, as hugetlb_init() stops at the first
 * failure).  Returns 0, or -1 with a message when host memory runs out. */
int hugetlb_init(struct kernel *k, char *err, size_t errlen);
void hugetlb_free(struct kernel *k);

/* System calls 250 and 251. */
long sys_alloc_hugepages(struct kernel *k, int key, uint32_t addr, uint32_t len, uint32_t prot,
                         uint32_t flag);
long sys_free_hugepages(struct kernel *k, uint32_t addr);
long w_alloc_hugepages(struct kernel *k, const uint32_t a[6]); /* syscall.c table rows */
long w_free_hugepages(struct kernel *k, const uint32_t a[6]);

/* Hooks for the page-range code.  hugetlb_zap_range: release the huge PDEs inside
 * [start, end) (munmap, exit).  hugetlb_copy_range: fork of a shared huge VMA (the child maps
 * the same huge pages, no COW).  hugetlb_munmap_check: -EINVAL when [addr, addr+len) cuts a
 * huge VMA elsewhere than at a huge page boundary, else 0.  hugetlb_fault: a fault inside a
 * huge VMA. */
void hugetlb_zap_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end);
int hugetlb_copy_range(struct kernel *k, struct mm *dst, struct mm *src, struct vma *v);
long hugetlb_munmap_check(struct kernel *k, struct mm *mm, uint32_t addr, uint32_t len);
int hugetlb_fault_ok(struct kernel *k, struct mm *mm, uint32_t addr);

/* The pool: counters, /proc/meminfo lines, /proc/sys/vm/nr_hugepages. */
uint32_t hugetlb_total(const struct kernel *k);
uint32_t hugetlb_free_count(const struct kernel *k);
int hugetlb_report_meminfo(const struct kernel *k, char *buf, size_t len);
long hugetlb_set_pool_size(struct kernel *k, long count); /* set_hugetlb_mem_size() */
void hugetlb_stats_foreach(const struct kernel *k, mmu_stat_fn fn, void *ctx);

/* Physical address of the PDE that maps va in mm (its PDPTE must be present under PAE: Linux 2.5
 * allocates all three user page directories with the PDPT, pgtable.c). */
uint64_t pde_offset(struct kernel *k, struct mm *mm, uint32_t va);

#endif
