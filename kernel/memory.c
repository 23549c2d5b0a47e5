/*
 * memory.c - page-fault handling and page-range operations (Linux 2.5 mm/memory.c):
 * demand-zero anonymous pages, file-backed private pages read through the fs (or from an
 * executable image), shared anonymous pages, copy-on-write after fork, and the PTE walks of
 * munmap (zap_page_range), fork (copy_page_range) and mprotect (change_protection).
 *
 * PTEs are written in emulated RAM and every change of a present entry is followed by INVLPG
 * (or one CR3 reload for a whole range), as flush_tlb_page()/flush_tlb_range() do; a
 * not-present entry is never cached by the TLB (SDM vol. 3, 4.10.2.3) so filling one needs none.
 */
#include <string.h>

#include "filemap.h"
#include "fs.h"
#include "hugetlb.h"
#include "internal.h"
#include "mman.h"
#include "swap.h"

/* Beyond this many pages one CR3 reload is cheaper than INVLPGs, as flush_tlb_range() in 2.5
 * simply flushes the whole mm on i386. */
#define FLUSH_ALL_PAGES 32

/* Whether a PTE holds a frame: present, or a PROT_NONE page kept not-present. */
static int pte_has_frame(uint64_t pte)
{
	return (pte & PTE_P) || (pte & PTE_PROTNONE);
}

/* The user PTE bits a VMA's pages get (protection_map[]): private pages are mapped read-only
 * until written (do_wp_page), shared writable ones writable. */
static uint32_t vma_pte_bits(const struct vma *v, int writable_now)
{
	if (!(v->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PTE_PROTNONE;
	uint32_t bits = PTE_P | PTE_U;
	if ((v->flags & VM_WRITE) && writable_now)
		bits |= PTE_W;
	return bits;
}

static int fill_file_page(struct kernel *k, struct vma *v, uint32_t page, uint8_t *dst)
{
	if (page >= v->file_end)
		return 0;
	uint32_t len = v->file_end - page < PAGE_SIZE ? v->file_end - page : PAGE_SIZE;
	uint64_t off = v->pgoff + (page - v->start);
	struct vm_file *f = v->file;
	if (f->data) {
		if (off < f->size) {
			uint64_t n = f->size - off < len ? f->size - off : len;
			memcpy(dst, f->data + off, (size_t)n);
		}
		return 0;
	}
	if (filemap_read_cached(k, f->file, off, dst, len))
		return 0; /* a MAP_SHARED mapping may have changed it (filemap.c) */
	int r = fs_read_file_page(k, f->file, off, dst, len);
	return r < 0 ? r : 0;
}

/* A new page for a not-present PTE (do_no_page / do_anonymous_page). */
static enum fault_result do_no_page(struct kernel *k, struct mm *mm, struct vma *v, uint32_t page,
                                    uint64_t pte_pa, int write)
{
	uint32_t pfn;
	if (v->shm) {
		uint32_t idx = v->shm_pgoff + ((page - v->start) >> PAGE_SHIFT);
		if (idx >= v->shm->npages)
			return FAULT_SEGV;
		if (!v->shm->frames[idx]) {
			v->shm->frames[idx] = frame_alloc(k);
			if (!v->shm->frames[idx])
				return FAULT_OOM;
		}
		pfn = v->shm->frames[idx];
		frame_get(k, pfn);
		k->st.minor_faults++;
		pte_write(k, pte_pa, mk_pte(pfn, vma_pte_bits(v, 1)));
		mm->rss++;
		return FAULT_OK;
	}
	pfn = frame_alloc(k);
	if (!pfn)
		return FAULT_OOM;
	if (v->file) {
		if (fill_file_page(k, v, page, frame_ptr(k, pfn)) != 0) {
			frame_put(k, pfn);
			return FAULT_SEGV; /* SIGBUS in Linux for I/O errors; see docs/kernel.md */
		}
		k->st.major_faults++;
	} else {
		k->st.minor_faults++;
	}
	/* A private page is the task's own copy already, so a write fault maps it writable at
	 * once; a read fault too, since nobody shares the frame (see docs/kernel.md). */
	(void)write;
	pte_write(k, pte_pa, mk_pte(pfn, vma_pte_bits(v, 1)));
	mm->rss++;
	return FAULT_OK;
}

/* Write to a present read-only page of a writable VMA (do_wp_page): reuse the frame when this
 * mapping is its only user, copy it otherwise. */
static enum fault_result do_wp_page(struct kernel *k, struct mm *mm, struct vma *v, uint32_t page,
                                    uint64_t pte_pa, uint64_t pte)
{
	uint32_t old = pte_pfn(k, pte);
	uint32_t keep = (uint32_t)pte & (PTE_PWT | PTE_PCD);
	if (v->shm || (v->flags & VM_SHARED) || k->refcnt[old] == 1) {
		pte_write(k, pte_pa, mk_pte(old, PTE_P | PTE_U | PTE_W | keep));
	} else {
		uint32_t pfn = frame_alloc(k);
		if (!pfn)
			return FAULT_OOM;
		memcpy(frame_ptr(k, pfn), frame_ptr(k, old), PAGE_SIZE);
		pte_write(k, pte_pa, mk_pte(pfn, PTE_P | PTE_U | PTE_W | keep));
		frame_put(k, old);
		k->st.cow_faults++;
	}
	k->st.minor_faults++;
	flush_tlb_page(k, mm, page);
	return FAULT_OK;
}

/* handle_mm_fault() with the checks of do_page_fault() (arch/i386/mm/fault.c). */
enum fault_result handle_mm_fault(struct kernel *k, struct task *t, uint32_t addr, int write)
{
	struct mm *mm = t->mm;
	if (!mm || addr >= TASK_SIZE)
		return FAULT_SEGV;
	struct vma *v = find_vma(mm, addr);
	if (!v)
		return FAULT_SEGV;
	if (v->start > addr && expand_stack(k, t, v, addr) != 0)
		return FAULT_SEGV;
	/* i386 pages have no execute permission: readable means executable (SDM vol. 3, 4.6). */
	if (write ? !(v->flags & VM_WRITE) : !(v->flags & (VM_READ | VM_EXEC | VM_WRITE)))
		return FAULT_ACCESS;
	if (hugetlb_vma(v))
		return hugetlb_fault_ok(k, mm, addr) ? FAULT_OK : FAULT_SEGV;
	uint32_t page = addr & PAGE_MASK;
	uint64_t pte_pa = pte_offset(k, mm, page, 1);
	if (!pte_pa)
		return FAULT_OOM;
	uint64_t pte = pte_read(k, pte_pa);
	if (!pte_has_frame(pte) && (pte || filemap_vma(v)))
		return swap_fault(k, t, v, page, pte_pa, pte, write); /* swap.c, filemap.c */
	if (!pte_has_frame(pte))
		return do_no_page(k, mm, v, page, pte_pa, write);
	if (!(pte & PTE_P)) {
		/* A PROT_NONE page whose VMA became accessible again in between. */
		pte_write(k, pte_pa, (pte & ~(uint64_t)PTE_PROTNONE) | vma_pte_bits(v, 0));
		pte = pte_read(k, pte_pa);
	}
	if (write && !(pte & PTE_W))
		return do_wp_page(k, mm, v, page, pte_pa, pte);
	/* Spurious: the TLB held an older, stricter entry. */
	flush_tlb_page(k, mm, page);
	return FAULT_OK;
}

/* Call fn on every PTE slot of [start, end) that has a page table, skipping the range of each
 * absent table (4 MiB, or 2 MiB with PAE) in one step. */
void for_each_pte(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end, pte_visit_fn fn,
                  void *arg)
{
	for (uint32_t a = start; a < end && a >= start; a += PAGE_SIZE) {
		uint64_t pte_pa = pte_offset(k, mm, a, 0);
		if (!pte_pa) {
			uint32_t span = k->pae ? (2u << 20) : (4u << 20);
			uint32_t next = (a & ~(span - 1)) + span;
			if (next <= a)
				break;
			a = next - PAGE_SIZE;
			continue;
		}
		fn(k, a, pte_pa, pte_read(k, pte_pa), arg);
	}
}

/* Apply fn to each PTE holding a frame in [start, end); returns how many it changed.  The TLB
 * is flushed page by page, or all at once past FLUSH_ALL_PAGES changes, as Linux does. */
typedef int (*pte_fn)(struct kernel *k, uint64_t pte_pa, uint64_t pte, void *arg);
struct frame_walk {
	struct mm *mm;
	pte_fn fn;
	void *arg;
	uint32_t changed;
};

static void visit_frame(struct kernel *k, uint32_t a, uint64_t pte_pa, uint64_t pte, void *arg)
{
	struct frame_walk *w = arg;
	if (pte_has_frame(pte) && w->fn(k, pte_pa, pte, w->arg)) {
		w->changed++;
		if (w->changed <= FLUSH_ALL_PAGES)
			flush_tlb_page(k, w->mm, a);
	}
}

static uint32_t walk_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end, pte_fn fn,
                           void *arg)
{
	struct frame_walk w = {mm, fn, arg, 0};
	for_each_pte(k, mm, start, end, visit_frame, &w);
	if (w.changed > FLUSH_ALL_PAGES)
		flush_tlb_mm(k, mm);
	return w.changed;
}

static int zap_one(struct kernel *k, uint64_t pte_pa, uint64_t pte, void *arg)
{
	struct mm *mm = arg;
	frame_put(k, pte_pfn(k, pte));
	pte_write(k, pte_pa, 0);
	if (mm->rss)
		mm->rss--;
	return 1;
}

void zap_page_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end)
{
	hugetlb_zap_range(k, mm, start, end); /* PS PDEs have no PTEs to walk */
	walk_range(k, mm, start, end, zap_one, mm);
	swap_zap_range(k, mm, start, end); /* swap and file PTEs */
}

struct protect_arg {
	uint32_t bits;
};

static int protect_one(struct kernel *k, uint64_t pte_pa, uint64_t pte, void *arg)
{
	const struct protect_arg *pa = arg;
	uint64_t keep = pte & ~(uint64_t)(PTE_P | PTE_W | PTE_U | PTE_PROTNONE);
	uint64_t npte = keep | pa->bits;
	if (npte == pte)
		return 0;
	pte_write(k, pte_pa, npte);
	return 1;
}

/* change_protection(): new permissions for the present pages of [start, end); private pages
 * become read-only and get write access back through a write fault (do_wp_page). */
void protect_page_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end,
                        uint32_t flags)
{
	struct vma tmp = {.flags = flags};
	struct protect_arg pa = {vma_pte_bits(&tmp, (flags & VM_SHARED) != 0)};
	walk_range(k, mm, start, end, protect_one, &pa);
}

/* copy_page_range() for fork: the child maps the same frames; private writable pages become
 * read-only in both so that the first write copies (copy-on-write). */
int copy_page_range(struct kernel *k, struct mm *dst, struct mm *src, struct vma *v)
{
	if (hugetlb_vma(v))
		return hugetlb_copy_range(k, dst, src, v);
	int changed = 0;
	for (uint32_t a = v->start; a < v->end; a += PAGE_SIZE) {
		uint64_t spte_pa = pte_offset(k, src, a, 0);
		if (!spte_pa)
			continue;
		uint64_t pte = pte_read(k, spte_pa);
		if (!pte)
			continue;
		uint64_t dpte_pa = pte_offset(k, dst, a, 1);
		if (!dpte_pa)
			return -1;
		pte = pte_read(k, spte_pa); /* the allocation may have paged it out (vmscan.c) */
		if (!pte_has_frame(pte)) {
			swap_copy_pte(k, dpte_pa, pte);
			continue;
		}
		if (!(v->flags & VM_SHARED) && (pte & PTE_W)) {
			pte &= ~(uint64_t)PTE_W;
			pte_write(k, spte_pa, pte);
			changed = 1;
		}
		frame_get(k, pte_pfn(k, pte));
		pte_write(k, dpte_pa, pte & ~(uint64_t)PTE_A); /* pte_mkold() */
		dst->rss++;
	}
	return changed;
}

/* Write the dirty pages of a MAP_SHARED file mapping back to the file (filemap_sync() and the
 * writeback at unmap): only the bytes inside the file, which a mapping never extends.  With
 * `clean` the PTEs lose their dirty bit so that the next write marks them again. */
void writeback_range(struct kernel *k, struct mm *mm, struct vma *v, uint32_t start, uint32_t end,
                     int clean)
{
	if (!(v->flags & VM_SHARED) || !v->file || !v->file->file)
		return;
	if (filemap_vma(v)) {
		filemap_writeback_range(k, mm, v, start, end, clean); /* at each page's offset */
		return;
	}
	uint64_t size = fs_file_size(v->file->file);
	for (uint32_t a = start; a < end; a += PAGE_SIZE) {
		uint64_t pte_pa = pte_offset(k, mm, a, 0);
		if (!pte_pa)
			continue;
		uint64_t pte = pte_read(k, pte_pa);
		if (!(pte & PTE_P) || !(pte & PTE_D))
			continue;
		uint64_t off = v->pgoff + (a - v->start);
		if (off < size) {
			uint32_t n = size - off < PAGE_SIZE ? (uint32_t)(size - off) : PAGE_SIZE;
			fs_write_at(k, v->file->file, frame_ptr(k, pte_pfn(k, pte)), n, off);
		}
		if (clean) {
			pte_write(k, pte_pa, pte & ~(uint64_t)PTE_D);
			flush_tlb_page(k, mm, a);
		}
	}
}
