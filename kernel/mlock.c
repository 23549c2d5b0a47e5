/*
 * mlock.c - memory locking (Linux 2.5 mm/mlock.c): mlock (150), munlock (151), mlockall (152),
 * munlockall (153), and the VM_LOCKED part of mmap (MAP_LOCKED, MCL_FUTURE).
 *
 * The check order is the one linux-2.5-syscalls.md 4.3 recommends (decision 4): the 2.5.53 code
 * with the 2.6.9 "RLIMIT_MEMLOCK is 0 -> EPERM" test in front, and without the half-of-RAM test
 * that 2.5.66 removed.  A locked vma is prefaulted (make_pages_present) and its pages are never
 * chosen by the page-out scan (vmscan.c).  Locked memory is counted from the vmas, which is what
 * mm->locked_vm tracks in Linux; fork.c clears VM_LOCKED in the child (mlock(2): "Memory locks
 * are not inherited by a child").
 */
#include <errno.h>

#include "hugetlb.h"
#include "internal.h"
#include "mlock.h"
#include "mman.h"

/* capable(CAP_IPC_LOCK) in 2.5: the effective uid is 0 (linux-2.5-syscalls.md 4.2). */
static int can_ipc_lock(const struct task *t)
{
	return t->euid == 0;
}

/* RLIMIT_MEMLOCK in pages (rlim_cur >> PAGE_SHIFT), UINT32_MAX for RLIM_INFINITY. */
static uint32_t lock_limit_pages(const struct task *t)
{
	uint32_t lim = t->rlim_cur[RLIMIT_MEMLOCK];
	return lim == RLIM_INFINITY ? UINT32_MAX : lim >> PAGE_SHIFT;
}

uint32_t mm_locked_pages(const struct mm *mm)
{
	uint32_t n = 0;
	for (const struct vma *v = mm->vmas; v; v = v->next)
		if (v->flags & VM_LOCKED)
			n += (v->end - v->start) >> PAGE_SHIFT;
	return n;
}

static uint32_t mm_total_pages(const struct mm *mm)
{
	uint32_t n = 0;
	for (const struct vma *v = mm->vmas; v; v = v->next)
		n += (v->end - v->start) >> PAGE_SHIFT;
	return n;
}

void make_pages_present(struct kernel *k, uint32_t start, uint32_t end)
{
	struct task *t = current_task(k);
	for (uint32_t a = start; a < end && a >= start; a += PAGE_SIZE) {
		struct vma *v = find_vma(t->mm, a);
		if (!v || v->start > a)
			continue;
		/* get_user_pages(write = VM_WRITE): a private writable page gets its own copy now.
		 */
		enum fault_result r = handle_mm_fault(k, t, a, (v->flags & VM_WRITE) != 0);
		if (r == FAULT_OOM)
			break; /* 2.5.53 ignores make_pages_present()'s result (section 4.1) */
	}
}

/* mlock_fixup(): give [start, end) of v the flags newflags, splitting v at the edges.  Returns
 * the vma that now covers start (v itself or the piece split off), or NULL on failure. */
static struct vma *mlock_fixup(struct kernel *k, struct mm *mm, struct vma *v, uint32_t start,
                               uint32_t end, uint32_t newflags)
{
	if (v->flags == newflags)
		return v;
	if (!hugetlb_vma(v)) { /* a huge page segment is locked whole, never split */
		if (start > v->start) {
			if (vma_split(mm, v, start) != 0)
				return NULL;
			v = v->next;
		}
		if (end < v->end && vma_split(mm, v, end) != 0)
			return NULL;
	}
	v->flags = newflags;
	if (newflags & VM_LOCKED)
		make_pages_present(k, v->start, v->end);
	return v;
}

/* do_mlock(): the vmas of [start, start+len) get VM_LOCKED set (on) or cleared. */
static long do_mlock(struct kernel *k, struct mm *mm, uint32_t start, uint32_t len, int on)
{
	uint32_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	struct vma *v = find_vma(mm, start);
	if (!v || v->start > start)
		return -ENOMEM;
	for (uint32_t nstart = start;;) {
		uint32_t newflags = on ? (v->flags | VM_LOCKED) : (v->flags & ~VM_LOCKED);
		uint32_t tmp = v->end < end ? v->end : end;
		v = mlock_fixup(k, mm, v, nstart, tmp, newflags);
		if (!v)
			return -EAGAIN; /* split_vma() failed */
		if (v->end >= end)
			return 0;
		nstart = v->end;
		v = v->next;
		/* A hole in the range: ENOMEM, keeping the vmas already changed (no rollback). */
		if (!v || v->start != nstart)
			return -ENOMEM;
	}
}

/* The common rounding of sys_mlock/sys_munlock: len covers the partial first page. */
static void mlock_round(uint32_t *start, uint32_t *len)
{
	*len = PAGE_ALIGN(*len + (*start & ~PAGE_MASK));
	*start &= PAGE_MASK;
}

long sys_mlock(struct kernel *k, uint32_t start, uint32_t len)
{
	struct task *t = current_task(k);
	mlock_round(&start, &len);
	uint32_t limit = lock_limit_pages(t);
	if (!can_ipc_lock(t) && t->rlim_cur[RLIMIT_MEMLOCK] == 0)
		return -EPERM; /* 2.6.9 can_do_mlock() (section 4.3) */
	uint64_t locked = (uint64_t)(len >> PAGE_SHIFT) + mm_locked_pages(t->mm);
	if (locked > limit)
		return -ENOMEM;
	if (!can_ipc_lock(t))
		return -EPERM;
	return do_mlock(k, t->mm, start, len, 1);
}

long sys_munlock(struct kernel *k, uint32_t start, uint32_t len)
{
	mlock_round(&start, &len);
	return do_mlock(k, current_task(k)->mm, start, len, 0);
}

/* do_mlockall(): MCL_FUTURE sets def_flags; every vma is locked with MCL_CURRENT and unlocked
 * without it (so mlockall(MCL_FUTURE) alone unlocks the current mappings, section 4.1). */
static long do_mlockall(struct kernel *k, struct mm *mm, uint32_t flags)
{
	mm->def_flags = (flags & MCL_FUTURE) ? VM_LOCKED : 0;
	for (struct vma *v = mm->vmas; v; v = v->next) {
		uint32_t newflags = v->flags | VM_LOCKED;
		if (!(flags & MCL_CURRENT))
			newflags &= ~VM_LOCKED;
		mlock_fixup(k, mm, v, v->start, v->end, newflags);
	}
	return 0;
}

long sys_mlockall(struct kernel *k, uint32_t flags)
{
	struct task *t = current_task(k);
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE)))
		return -EINVAL;
	if (!can_ipc_lock(t) && t->rlim_cur[RLIMIT_MEMLOCK] == 0)
		return -EPERM;
	/* 2.5.53 compares the whole address space with the limit, even for MCL_FUTURE alone. */
	if (mm_total_pages(t->mm) > lock_limit_pages(t))
		return -ENOMEM;
	if (!can_ipc_lock(t))
		return -EPERM;
	return do_mlockall(k, t->mm, flags);
}

long sys_munlockall(struct kernel *k)
{
	struct task *t = current_task(k);
	if (!can_ipc_lock(t))
		return -EPERM; /* 2.5 do_mlockall() checks the capability for munlockall too */
	return do_mlockall(k, t->mm, 0);
}

long mlock_mmap_check(struct kernel *k, struct mm *mm, uint32_t mflags, uint32_t len,
                      uint32_t *vmflags)
{
	struct task *t = current_task(k);
	if (mflags & MAP_LOCKED) {
		if (!can_ipc_lock(t))
			return -EPERM; /* decision 4 */
		*vmflags |= VM_LOCKED;
	}
	*vmflags |= mm->def_flags;
	if (*vmflags & VM_LOCKED) {
		uint64_t locked = (uint64_t)mm_locked_pages(mm) + (len >> PAGE_SHIFT);
		if (locked > lock_limit_pages(t))
			return -EAGAIN;
	}
	return 0;
}

void mlock_mmap_populate(struct kernel *k, struct vma *v)
{
	if (v->flags & VM_LOCKED)
		make_pages_present(k, v->start, v->end);
}

long w_mlock(struct kernel *k, const uint32_t a[6])
{
	return sys_mlock(k, a[0], a[1]);
}

long w_munlock(struct kernel *k, const uint32_t a[6])
{
	return sys_munlock(k, a[0], a[1]);
}

long w_mlockall(struct kernel *k, const uint32_t a[6])
{
	return sys_mlockall(k, a[0]);
}

long w_munlockall(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return sys_munlockall(k);
}
