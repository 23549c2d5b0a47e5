/*
 * mremap.c - sys_mremap (Linux 2.5 mm/mremap.c): shrink in place, grow in place when the
 * pages above are free, or (MREMAP_MAYMOVE) move the VMA and its PTEs elsewhere, flushing the
 * old translations.  Errors as in mremap(2): EINVAL for bad flags, an unaligned address or a
 * zero new size, EFAULT when the old range is not inside one mapping, ENOMEM when it can
 * neither grow nor move.
 */
#include <errno.h>
#include <stdlib.h>

#include "hugetlb.h"
#include "internal.h"
#include "mman.h"

/* move_page_tables(): the frames stay, only their PTEs change address. */
static int move_ptes(struct kernel *k, struct mm *mm, uint32_t from, uint32_t to, uint32_t len)
{
	for (uint32_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t src = pte_offset(k, mm, from + off, 0);
		if (!src)
			continue;
		uint64_t pte = pte_read(k, src);
		if (!pte)
			continue;
		uint64_t dst = pte_offset(k, mm, to + off, 1);
		if (!dst)
			return -ENOMEM;
		pte_write(k, dst, pte);
		pte_write(k, src, 0);
	}
	flush_tlb_mm(k, mm);
	return 0;
}

static int shm_grow(struct shm_anon *s, uint32_t npages)
{
	if (npages <= s->npages)
		return 0;
	uint32_t *f = realloc(s->frames, npages * sizeof *f);
	if (!f)
		return -ENOMEM;
	for (uint32_t i = s->npages; i < npages; i++)
		f[i] = 0;
	s->frames = f;
	s->npages = npages;
	return 0;
}

static void vma_unlink(struct mm *mm, struct vma *v)
{
	for (struct vma **pp = &mm->vmas; *pp; pp = &(*pp)->next)
		if (*pp == v) {
			*pp = v->next;
			return;
		}
}

static uint32_t relocate(uint32_t x, uint32_t old_start, uint32_t new_start)
{
	return new_start + (x - old_start);
}

long sys_mremap(struct kernel *k, uint32_t addr, uint32_t old_len, uint32_t new_len, uint32_t flags,
                uint32_t new_addr)
{
	struct mm *mm = current_task(k)->mm;
	if ((addr & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (old_len > TASK_SIZE || new_len > TASK_SIZE)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (new_len == 0)
		return -EINVAL;
	struct vma *v = find_vma(mm, addr);
	if (!v || v->start > addr || old_len > v->end - addr)
		return -EFAULT;
	if (hugetlb_vma(v))
		return -EINVAL; /* mm/mremap.c 2.5 (linux-2.5-syscalls.md 2.4.4) */
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr > TASK_SIZE - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
	}
	if (!(flags & MREMAP_FIXED) && new_len <= old_len) {
		if (new_len < old_len)
			do_munmap(k, mm, addr + new_len, old_len - new_len);
		return (long)addr;
	}
	uint32_t old_end = addr + old_len;
	/* Grow in place: the VMA ends here and the pages above are free. */
	if (!(flags & MREMAP_FIXED) && old_end == v->end && addr + new_len <= TASK_SIZE &&
	    addr + new_len > addr) {
		struct vma *n = v->next;
		if (!n || n->start >= addr + new_len) {
			if (v->shm &&
			    shm_grow(v->shm,
			             v->shm_pgoff +
			                 ((v->end - v->start + new_len - old_len) >> PAGE_SHIFT)))
				return -ENOMEM;
			if (v->file_end == v->end)
				v->file_end = addr + new_len;
			v->end = addr + new_len;
			return (long)addr;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint32_t to;
	if (flags & MREMAP_FIXED) {
		do_munmap(k, mm, new_addr, new_len);
		to = new_addr;
	} else {
		to = get_unmapped_area(mm, 0, new_len, 0);
		if (!to)
			return -ENOMEM;
	}
	if (vma_split(mm, v, addr) != 0)
		return -ENOMEM;
	v = find_vma(mm, addr);
	if (vma_split(mm, v, old_end) != 0)
		return -ENOMEM;
	if (v->shm && shm_grow(v->shm, v->shm_pgoff + (new_len >> PAGE_SHIFT)))
		return -ENOMEM;
	if (move_ptes(k, mm, addr, to, old_len) != 0)
		return -ENOMEM;
	vma_unlink(mm, v);
	v->file_end = v->file_end >= old_end ? to + new_len : relocate(v->file_end, addr, to);
	v->start = to;
	v->end = to + new_len;
	vma_insert(mm, v);
	return (long)to;
}
