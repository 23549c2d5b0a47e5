/*
 * mmap.c - address spaces and their VMAs (Linux 2.5 mm/mmap.c): mm_alloc/mmput, the sorted VMA
 * list, get_unmapped_area from TASK_UNMAPPED_BASE upwards, do_mmap, do_munmap, brk and stack
 * growth.  Error values follow linux-2.5-syscalls.md section 1.2 and the man pages; host errno
 * values equal the i386 Linux ones.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "hugetlb.h"
#include "internal.h"
#include "mlock.h"
#include "mman.h"

struct mm *mm_alloc(struct kernel *k)
{
	struct mm *mm = calloc(1, sizeof *mm);
	if (!mm)
		return NULL;
	mm->users = 1;
	if (pgd_alloc(k, mm) != 0) {
		free(mm);
		return NULL;
	}
	return mm;
}

void mmput(struct kernel *k, struct mm *mm)
{
	if (!mm || --mm->users > 0)
		return;
	while (mm->vmas) {
		struct vma *v = mm->vmas;
		writeback_range(k, mm, v, v->start, v->end, 0);
		zap_page_range(k, mm, v->start, v->end);
		mm->vmas = v->next;
		vma_free(k, v);
	}
	pgd_free(k, mm);
	free(mm);
}

struct vm_file *vm_file_get(struct vm_file *f)
{
	if (f)
		f->refs++;
	return f;
}

void vm_file_put(struct vm_file *f)
{
	if (!f || --f->refs > 0)
		return;
	if (f->file)
		fs_fput(f->file);
	free(f->data);
	free(f);
}

static void shm_put(struct kernel *k, struct shm_anon *s)
{
	if (!s || --s->refs > 0)
		return;
	for (uint32_t i = 0; i < s->npages; i++)
		if (s->frames[i])
			frame_put(k, s->frames[i]);
	free(s->frames);
	free(s);
}

struct vma *vma_new(uint32_t start, uint32_t end, uint32_t flags)
{
	struct vma *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->flags = flags;
	v->file_end = end;
	return v;
}

void vma_free(struct kernel *k, struct vma *v)
{
	if (!v)
		return;
	vm_file_put(v->file);
	if (v->shm)
		shm_put(k, v->shm);
	free(v);
}

/* The first VMA with end > addr (find_vma()): the one containing addr, or the next above. */
struct vma *find_vma(struct mm *mm, uint32_t addr)
{
	for (struct vma *v = mm->vmas; v; v = v->next)
		if (v->end > addr)
			return v;
	return NULL;
}

static struct vma *find_vma_prev(struct mm *mm, uint32_t addr)
{
	struct vma *prev = NULL;
	for (struct vma *v = mm->vmas; v && v->end <= addr; v = v->next)
		prev = v;
	return prev;
}

static int range_free(struct mm *mm, uint32_t start, uint32_t end)
{
	struct vma *v = find_vma(mm, start);
	return !v || v->start >= end;
}

int vma_insert(struct mm *mm, struct vma *v)
{
	if (!range_free(mm, v->start, v->end))
		return -EEXIST;
	struct vma **pp = &mm->vmas;
	while (*pp && (*pp)->start < v->start)
		pp = &(*pp)->next;
	v->next = *pp;
	*pp = v;
	return 0;
}

/* Split v at addr (split_vma()): v keeps [start, addr), a new VMA gets [addr, end). */
int vma_split(struct mm *mm, struct vma *v, uint32_t addr)
{
	(void)mm;
	if (addr <= v->start || addr >= v->end)
		return 0;
	struct vma *n = malloc(sizeof *n);
	if (!n)
		return -ENOMEM;
	*n = *v;
	n->start = addr;
	n->pgoff = v->pgoff + (addr - v->start);
	n->shm_pgoff = v->shm_pgoff + ((addr - v->start) >> PAGE_SHIFT);
	vm_file_get(n->file);
	if (n->shm)
		n->shm->refs++;
	v->end = addr;
	v->next = n;
	return 0;
}

/* arch_get_unmapped_area() of 2.5: the hint if it is free, else the first hole from
 * TASK_UNMAPPED_BASE upwards.  0 when nothing fits. */
uint32_t get_unmapped_area(struct mm *mm, uint32_t addr, uint32_t len, int fixed)
{
	if (len > TASK_SIZE)
		return 0;
	if (fixed)
		return addr <= TASK_SIZE - len ? addr : 0;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		if (addr && addr <= TASK_SIZE - len && range_free(mm, addr, addr + len))
			return addr;
	}
	addr = TASK_UNMAPPED_BASE;
	for (struct vma *v = find_vma(mm, addr);; v = v->next) {
		if (addr > TASK_SIZE - len)
			return 0;
		if (!v || addr + len <= v->start)
			return addr;
		addr = v->end;
	}
}

uint32_t prot_to_vmflags(uint32_t prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* Remove [addr, addr+len) from mm (do_munmap()), splitting the VMAs at the edges. */
long do_munmap(struct kernel *k, struct mm *mm, uint32_t addr, uint32_t len)
{
	if ((addr & ~PAGE_MASK) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (len == 0)
		return -EINVAL;
	uint32_t end = addr + len;
	if (hugetlb_munmap_check(k, mm, addr, len) != 0)
		return -EINVAL;
	struct vma *v = find_vma(mm, addr);
	if (!v || v->start >= end)
		return 0;
	if (vma_split(mm, v, addr) != 0)
		return -ENOMEM;
	struct vma *last = find_vma(mm, end - 1);
	if (last && last->start < end && vma_split(mm, last, end) != 0)
		return -ENOMEM;
	struct vma **pp = &mm->vmas;
	while (*pp) {
		struct vma *cur = *pp;
		if (cur->start >= addr && cur->end <= end) {
			writeback_range(k, mm, cur, cur->start, cur->end, 0);
			zap_page_range(k, mm, cur->start, cur->end);
			*pp = cur->next;
			vma_free(k, cur);
			continue;
		}
		pp = &cur->next;
	}
	return 0;
}

static long mmap_file(struct kernel *k, struct vma *v, uint32_t prot, uint32_t flags, int fd,
                      uint64_t off)
{
	struct file *f = fs_fget(k, fd);
	if (!f)
		return -EBADF;
	int acc = fs_file_accmode(f);
	/* mmap(2): EACCES when the file is not open for reading, or for a writable MAP_SHARED
	 * mapping when it is not open read-write. */
	if (acc == O_WRONLY ||
	    ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) && acc != O_RDWR)) {
		fs_fput(f);
		return -EACCES;
	}
	if (!fs_file_is_regular(f)) {
		fs_fput(f);
		return -ENODEV;
	}
	struct vm_file *vf = calloc(1, sizeof *vf);
	if (!vf) {
		fs_fput(f);
		return -ENOMEM;
	}
	vf->refs = 1;
	vf->file = f;
	v->file = vf;
	v->pgoff = off;
	if ((flags & MAP_TYPE) == MAP_SHARED && acc == O_RDWR)
		v->flags |= VM_MAYWRITE;
	return 0;
}

static long mmap_shared_anon(struct vma *v)
{
	struct shm_anon *s = calloc(1, sizeof *s);
	uint32_t n = (v->end - v->start) >> PAGE_SHIFT;
	if (s)
		s->frames = calloc(n, sizeof *s->frames);
	if (!s || !s->frames) {
		free(s);
		return -ENOMEM;
	}
	s->refs = 1;
	s->npages = n;
	v->shm = s;
	return 0;
}

/* do_mmap_pgoff() for the current task: off in bytes, page aligned. */
long do_mmap(struct kernel *k, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int fd,
             uint64_t off)
{
	struct mm *mm = current_task(k)->mm;
	uint32_t type = flags & MAP_TYPE;
	/* len 0 is EINVAL as in the man page (since 2.6.12); 2.5 returned addr (docs/kernel.md). */
	if (len == 0 || (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if (len > TASK_SIZE)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (len == 0 || (off & ~(uint64_t)PAGE_MASK) || off + len < off)
		return -EINVAL;
	int fixed = (flags & MAP_FIXED) != 0;
	if (fixed && (addr & ~PAGE_MASK))
		return -EINVAL;
	uint32_t start = get_unmapped_area(mm, addr, len, fixed);
	if (!start && !(fixed && addr == 0))
		return fixed ? -EINVAL : -ENOMEM;
	uint32_t vmf = prot_to_vmflags(prot) | VM_MAYREAD | VM_MAYEXEC;
	if (type == MAP_SHARED)
		vmf |= VM_SHARED | VM_MAYSHARE;
	else
		vmf |= VM_MAYWRITE;
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	long lr = mlock_mmap_check(k, mm, flags, len, &vmf); /* MAP_LOCKED, MCL_FUTURE */
	if (lr != 0)
		return lr;
	struct vma *v = vma_new(start, start + len, vmf);
	if (!v)
		return -ENOMEM;
	long r = 0;
	if (!(flags & MAP_ANONYMOUS))
		r = mmap_file(k, v, prot, flags, fd, off);
	else if (type == MAP_SHARED)
		r = mmap_shared_anon(v);
	if (r == 0 && fixed)
		r = do_munmap(k, mm, start, len);
	if (r == 0)
		r = vma_insert(mm, v);
	if (r != 0) {
		vma_free(k, v);
		return r;
	}
	mlock_mmap_populate(k, v);
	/* MAP_POPULATE (2.5.46+ do_mmap_pgoff): prefault the mapping now, unless MAP_NONBLOCK
	 * asks not to wait for I/O (mmap(2)); a locked vma was prefaulted above already. */
	if ((flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE && !(v->flags & VM_LOCKED))
		make_pages_present(k, start, start + len);
	return (long)start;
}

/* sys_brk() of 2.5 (mm/mmap.c): returns the new break, or the old one when it cannot move. */
long sys_brk(struct kernel *k, uint32_t brk)
{
	struct task *t = current_task(k);
	struct mm *mm = t->mm;
	if (brk < mm->start_brk || brk > TASK_SIZE)
		return (long)mm->brk;
	uint32_t newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return (long)brk;
	}
	if (brk <= mm->brk) {
		if (do_munmap(k, mm, newbrk, oldbrk - newbrk) == 0)
			mm->brk = brk;
		return (long)mm->brk;
	}
	uint32_t rlim = t->rlim_cur[RLIMIT_DATA];
	if (rlim != RLIM_INFINITY && brk - mm->start_brk > rlim)
		return (long)mm->brk;
	/* Keep a page between the heap and the next mapping, as find_vma_intersection(oldbrk,
	 * newbrk + PAGE_SIZE) does. */
	if (newbrk > TASK_SIZE - PAGE_SIZE || !range_free(mm, oldbrk, newbrk + PAGE_SIZE))
		return (long)mm->brk;
	struct vma *prev = find_vma_prev(mm, oldbrk);
	uint32_t heap = VM_READ | VM_WRITE | VM_EXEC | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (mlock_mmap_check(k, mm, 0, newbrk - oldbrk, &heap) != 0)
		return (long)mm->brk; /* do_brk(): MCL_FUTURE past RLIMIT_MEMLOCK (mlock.c) */
	if (prev && prev->end == oldbrk && prev->flags == heap && !prev->file && !prev->shm) {
		prev->end = newbrk; /* vma_merge() */
		prev->file_end = newbrk;
	} else {
		struct vma *v = vma_new(oldbrk, newbrk, heap);
		if (!v || vma_insert(mm, v) != 0) {
			free(v);
			return (long)mm->brk;
		}
	}
	mm->brk = brk;
	if (heap & VM_LOCKED)
		make_pages_present(k, oldbrk, newbrk); /* locked heap is prefaulted */
	return (long)brk;
}

/* expand_stack(): a fault below a VM_GROWSDOWN VMA extends it within RLIMIT_STACK, keeping a
 * page between it and the VMA below. */
int expand_stack(struct kernel *k, struct task *t, struct vma *v, uint32_t addr)
{
	uint32_t start = addr & PAGE_MASK;
	uint32_t rlim = t->rlim_cur[RLIMIT_STACK];
	if (!(v->flags & VM_GROWSDOWN) || start >= v->start)
		return -EFAULT;
	if (rlim != RLIM_INFINITY && v->end - start > rlim)
		return -ENOMEM;
	struct vma *prev = find_vma_prev(t->mm, start);
	if (prev && prev->end > start - PAGE_SIZE)
		return -ENOMEM;
	if (start < PAGE_SIZE)
		return -ENOMEM;
	v->start = start;
	k->st.stack_growths++;
	return 0;
}
