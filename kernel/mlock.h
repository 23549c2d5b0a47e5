/*
 * mlock.h - memory locking (mlock, munlock, mlockall, munlockall; MAP_LOCKED and MCL_FUTURE in
 * mmap) and nonlinear file mappings (remap_file_pages): the entry points the system-call table
 * and mmap call.  Behaviour: docs/mlock.md, docs/remap_file_pages.md; facts:
 * ../shared/reference/linux-2.5-syscalls.md sections 3 and 4.
 */
#ifndef PSE386_KERNEL_MLOCK_H
#define PSE386_KERNEL_MLOCK_H

#include <stdint.h>

struct kernel;
struct mm;
struct vma;

/* mlockall flags (include/asm-i386/mman.h). */
#define MCL_CURRENT 1u
#define MCL_FUTURE  2u

/* Table entries (a[] = EBX ECX EDX ESI EDI EBP). */
long w_mlock(struct kernel *k, const uint32_t a[6]);
long w_munlock(struct kernel *k, const uint32_t a[6]);
long w_mlockall(struct kernel *k, const uint32_t a[6]);
long w_munlockall(struct kernel *k, const uint32_t a[6]);
long w_remap_file_pages(struct kernel *k, const uint32_t a[6]);

long sys_mlock(struct kernel *k, uint32_t start, uint32_t len);
long sys_munlock(struct kernel *k, uint32_t start, uint32_t len);
long sys_mlockall(struct kernel *k, uint32_t flags);
long sys_munlockall(struct kernel *k);
long sys_remap_file_pages(struct kernel *k, uint32_t start, uint32_t size, uint32_t prot,
                          uint32_t pgoff, uint32_t flags);

/* do_mmap_pgoff()'s locking part, before the mapping is made: MAP_LOCKED needs CAP_IPC_LOCK
 * (-EPERM); a VM_LOCKED mapping (MAP_LOCKED, or mm->def_flags after MCL_FUTURE) past
 * RLIMIT_MEMLOCK is -EAGAIN.  Adds VM_LOCKED to *vmflags when the mapping is to be locked. */
long mlock_mmap_check(struct kernel *k, struct mm *mm, uint32_t mflags, uint32_t len,
                      uint32_t *vmflags);
/* After the mapping is made: a VM_LOCKED vma is prefaulted (make_pages_present()). */
void mlock_mmap_populate(struct kernel *k, struct vma *v);
/* Fault every page of [start, end) in, as get_user_pages() does for make_pages_present(). */
void make_pages_present(struct kernel *k, uint32_t start, uint32_t end);
/* Pages of mm in VM_LOCKED vmas (mm->locked_vm of Linux, computed from the vmas). */
uint32_t mm_locked_pages(const struct mm *mm);

#endif
