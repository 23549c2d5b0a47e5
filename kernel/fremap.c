/*
 * fremap.c - remap_file_pages (257): nonlinear file mappings (Linux mm/fremap.c), with the
 * 2.6.0 / man-page semantics of linux-2.5-syscalls.md 3.5 (decision 3):
 *   - prot must be 0; start and size are rounded down; an empty or wrapping range, a pgoff that
 *     does not fit a file PTE (29 bits without PAE), a range not inside one MAP_SHARED file
 *     vma, or pages past the end of the file are EINVAL;
 *   - a vma mapping some page away from its linear offset becomes VM_NONLINEAR (sticky);
 *   - each page is installed from the page cache (read from the file if needed); with
 *     MAP_NONBLOCK a page not yet cached gets a file PTE instead (or an empty PTE at its linear
 *     offset), unless the vma is VM_LOCKED, which is always populated (3.4);
 *   - a nonlinear page that is paged out leaves a file PTE (vmscan.c, filemap.c), and a fault
 *     on a file PTE maps the page at the offset it holds, SIGBUS past the end of the file.
 */
#include <errno.h>

#include "filemap.h"
#include "fs.h"
#include "mlock.h"
#include "mman.h"
#include "swap.h"

/* populate() for one page: the cached page `pgoff` at addr, or a file PTE with nonblock. */
static long install_page(struct kernel *k, struct mm *mm, struct vma *v, uint32_t addr,
                         uint32_t pgoff, int nonblock)
{
	int major, missing;
	uint32_t linear = (uint32_t)(v->pgoff >> PAGE_SHIFT) + ((addr - v->start) >> PAGE_SHIFT);
	uint32_t pfn = filemap_get_page(k, v, pgoff, nonblock, &major, &missing);
	if (!pfn && !missing)
		return -ENOMEM;
	if (pfn)
		frame_get(k, pfn); /* held across the page-table allocation below */
	uint64_t pte_pa = pte_offset(k, mm, addr, 1);
	if (!pte_pa) {
		if (pfn)
			frame_put(k, pfn);
		return -ENOMEM;
	}
	uint64_t old = pte_read(k, pte_pa);
	if (old & PTE_P)
		filemap_unmap_pte(k, mm, v, addr, pte_pa, old); /* zap_pte(): D goes to the page */
	else if (old & PTE_PROTNONE) {
		frame_put(k, pte_pfn(k, old));
		if (mm->rss)
			mm->rss--;
	}
	if (pfn) {
		mm->rss++;
		pte_write(k, pte_pa, mk_pte(pfn, vma_page_prot(v)));
		flush_tlb_page(k, mm, addr);
	} else {
		/* install_file_pte() (2.6.0): the offset waits in the PTE for the first touch. */
		pte_write(k, pte_pa, pgoff != linear ? pgoff_to_pte(k, pgoff) : 0);
	}
	return 0;
}

long sys_remap_file_pages(struct kernel *k, uint32_t start, uint32_t size, uint32_t prot,
                          uint32_t pgoff, uint32_t flags)
{
	struct mm *mm = current_task(k)->mm;
	if (prot)
		return -EINVAL; /* 2.5.66+: "prot must be specified as 0" */
	start &= PAGE_MASK;
	size &= PAGE_MASK;
	uint32_t end = start + size;
	if (end <= start)
		return -EINVAL; /* empty or wrapping */
	uint32_t pages = size >> PAGE_SHIFT;
	if (pgoff + pages < pgoff)
		return -EINVAL; /* "Does pgoff wrap?" */
	if (!k->pae && (uint64_t)pgoff + pages >= (1ull << PTE_FILE_MAX_BITS))
		return -EINVAL; /* the offset must fit a 2-level file PTE */
	struct vma *v = find_vma(mm, start);
	if (!v || v->start > start || end > v->end || !(v->flags & VM_SHARED) || !filemap_vma(v))
		return -EINVAL;
	/* filemap_populate() / shmem_populate() of 2.5/2.6.0: nothing past the end of the file. */
	uint64_t fsize = fs_file_size(v->file->file);
	uint64_t fpages = (fsize + PAGE_SIZE - 1) >> PAGE_SHIFT;
	if ((uint64_t)pgoff + pages > fpages)
		return -EINVAL;
	uint32_t linear = (uint32_t)(v->pgoff >> PAGE_SHIFT) + ((start - v->start) >> PAGE_SHIFT);
	if (pgoff != linear)
		v->flags |= VM_NONLINEAR; /* set before any page is populated, never cleared */
	int nonblock = (flags & MAP_NONBLOCK) && !(v->flags & VM_LOCKED);
	for (uint32_t i = 0; i < pages; i++) {
		long r = install_page(k, mm, v, start + (i << PAGE_SHIFT), pgoff + i, nonblock);
		if (r)
			return r;
	}
	return 0;
}

long w_remap_file_pages(struct kernel *k, const uint32_t a[6])
{
	return sys_remap_file_pages(k, a[0], a[1], a[2], a[3], a[4]);
}
