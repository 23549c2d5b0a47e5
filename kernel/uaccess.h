/*
 * uaccess.h - the kernel's access to the current task's user memory (Linux 2.5
 * include/asm-i386/uaccess.h), shared with the file-system part of the kernel.
 *
 * Accesses go through the MMU in supervisor mode (counted as kernel accesses in the TLB
 * statistics); a not-present page inside a valid VMA is faulted in first, as the real kernel's
 * fault handler does for a fault raised by copy_*_user.
 */
#ifndef PSE386_KERNEL_UACCESS_H
#define PSE386_KERNEL_UACCESS_H

#include <stdint.h>

struct kernel;
struct task;
struct task *current_task(struct kernel *k);
/* Copy between host buffers and the current task's user memory, through the MMU in supervisor
   mode (counted as kernel accesses), resolving demand faults in valid VMAs.  0 or -EFAULT. */
int copy_from_user(struct kernel *k, void *dst, uint32_t uaddr, uint32_t n);
int copy_to_user(struct kernel *k, uint32_t uaddr, const void *src, uint32_t n);
/* Copy a NUL-terminated string of at most max bytes (incl NUL): length or -EFAULT/-ENAMETOOLONG. */
int strncpy_from_user(struct kernel *k, char *dst, uint32_t uaddr, uint32_t max);

#endif
