/*
 * mprotect.c - sys_mprotect (Linux 2.5 mm/mprotect.c): new permissions for whole pages,
 * splitting VMAs at the edges, then rewriting the present PTEs (change_protection) and
 * flushing them from the TLB.  Errors as in mprotect(2): EINVAL for an unaligned start or
 * unknown bits, ENOMEM for a range with unmapped pages, EACCES beyond what the mapping may do
 * (a read-only shared file mapping made writable).
 */
#include <errno.h>

#include "hugetlb.h"
#include "internal.h"
#include "mman.h"

long sys_mprotect(struct kernel *k, uint32_t start, uint32_t len, uint32_t prot)
{
	struct mm *mm = current_task(k)->mm;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	uint32_t end = start + len;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (len == 0)
		return 0;
	uint32_t newflags = prot_to_vmflags(prot);
	/* First check the whole range is mapped and allowed, so nothing changes on error. */
	uint32_t a = start;
	for (struct vma *v = find_vma(mm, start); a < end; v = v->next) {
		if (!v || v->start > a)
			return -ENOMEM;
		if (hugetlb_vma(v))
			return -EACCES; /* mm/mprotect.c 2.5 (linux-2.5-syscalls.md 2.4.4) */
		if ((newflags & VM_WRITE) && !(v->flags & VM_MAYWRITE))
			return -EACCES;
		a = v->end;
	}
	struct vma *v = find_vma(mm, start);
	if (vma_split(mm, v, start) != 0)
		return -ENOMEM;
	struct vma *last = find_vma(mm, end - 1);
	if (vma_split(mm, last, end) != 0)
		return -ENOMEM;
	for (v = find_vma(mm, start); v && v->start < end; v = v->next) {
		v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | newflags;
		protect_page_range(k, mm, v->start, v->end, v->flags);
	}
	return 0;
}
