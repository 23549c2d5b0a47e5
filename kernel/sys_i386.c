/*
 * sys_i386.c - the memory system calls' entry points (Linux 2.5 arch/i386/kernel/sys_i386.c
 * and mm/): old_mmap's argument block, mmap2's offset in pages, and the small ones (mincore,
 * madvise, msync) that only look at VMAs and PTEs.  linux-2.5-syscalls.md 1.2 and 4.4.
 */
#include <errno.h>

#include "fs.h"
#include "internal.h"
#include "mman.h"

/* mmap (90) is old_mmap: %ebx points to {addr, len, prot, flags, fd, offset}; an offset that
 * is not page aligned is EINVAL. */
long sys_old_mmap(struct kernel *k, uint32_t uargs)
{
	uint32_t a[6];
	if (copy_from_user(k, a, uargs, sizeof a) != 0)
		return -EFAULT;
	if (a[5] & ~PAGE_MASK)
		return -EINVAL;
	return do_mmap(k, a[0], a[1], a[2], a[3], (int)a[4], a[5]);
}

/* mmap2 (192): the sixth argument (%ebp) is the offset in pages. */
long sys_mmap2(struct kernel *k, const uint32_t a[6])
{
	return do_mmap(k, a[0], a[1], a[2], a[3], (int)a[4], (uint64_t)a[5] << PAGE_SHIFT);
}

long sys_munmap(struct kernel *k, uint32_t addr, uint32_t len)
{
	return do_munmap(k, current_task(k)->mm, addr, len);
}

/* Whether [start, start+len) is covered by VMAs without holes (ENOMEM otherwise). */
static int range_mapped(struct mm *mm, uint32_t start, uint32_t end)
{
	uint32_t a = start;
	for (struct vma *v = find_vma(mm, start); a < end; v = v->next) {
		if (!v || v->start > a)
			return 0;
		a = v->end;
	}
	return 1;
}

/* The common checks of mincore, madvise and msync: start page aligned (EINVAL), the range
 * below TASK_SIZE and covered by VMAs without holes (ENOMEM).  Rounds *len up to pages. */
static long check_mapped_range(struct mm *mm, uint32_t start, uint32_t *len)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (*len > TASK_SIZE)
		return -ENOMEM;
	*len = PAGE_ALIGN(*len);
	if (start + *len < start || start + *len > TASK_SIZE)
		return -ENOMEM;
	return range_mapped(mm, start, start + *len) ? 0 : -ENOMEM;
}

/* mincore (218): one byte per page, bit 0 set when the page is resident. */
long sys_mincore(struct kernel *k, uint32_t start, uint32_t len, uint32_t uvec)
{
	struct mm *mm = current_task(k)->mm;
	long r = check_mapped_range(mm, start, &len);
	if (r)
		return r;
	for (uint32_t a = start; a < start + len; a += PAGE_SIZE) {
		uint64_t pte_pa = pte_offset(k, mm, a, 0);
		uint8_t in = pte_pa && (pte_read(k, pte_pa) & (PTE_P | PTE_PROTNONE)) ? 1 : 0;
		if (copy_to_user(k, uvec + ((a - start) >> PAGE_SHIFT), &in, 1) != 0)
			return -EFAULT;
	}
	return 0;
}

/* madvise (219): advice 0..4; MADV_DONTNEED drops the pages (private ones read back as zero or
 * from the file), the others are hints. */
long sys_madvise(struct kernel *k, uint32_t start, uint32_t len, uint32_t advice)
{
	struct mm *mm = current_task(k)->mm;
	if (advice > MADV_DONTNEED)
		return -EINVAL;
	long r = check_mapped_range(mm, start, &len);
	if (r)
		return r;
	if (advice == MADV_DONTNEED) {
		for (struct vma *v = find_vma(mm, start); v && v->start < start + len;
		     v = v->next) {
			if (v->flags & VM_LOCKED)
				return -EINVAL;
			if (v->shm)
				continue; /* shared pages stay in the object */
			uint32_t s = v->start > start ? v->start : start;
			uint32_t e = v->end < start + len ? v->end : start + len;
			zap_page_range(k, mm, s, e);
		}
	}
	return 0;
}

/* msync (144): MS_ASYNC and MS_SYNC together are EINVAL; dirty pages of shared file mappings
 * are written to the file. */
long sys_msync(struct kernel *k, uint32_t start, uint32_t len, uint32_t flags)
{
	struct mm *mm = current_task(k)->mm;
	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	long r = check_mapped_range(mm, start, &len);
	if (r)
		return r;
	for (struct vma *v = find_vma(mm, start); v && v->start < start + len; v = v->next) {
		uint32_t s = v->start > start ? v->start : start;
		uint32_t e = v->end < start + len ? v->end : start + len;
		writeback_range(k, mm, v, s, e, 1);
	}
	return 0;
}
