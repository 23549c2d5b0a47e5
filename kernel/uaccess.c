/*
 * uaccess.c - copy_from_user/copy_to_user/strncpy_from_user (Linux 2.5
 * arch/i386/lib/usercopy.c): the kernel reaches user memory through the MMU in supervisor mode,
 * so each access is a counted kernel TLB lookup, and a fault on a valid VMA is resolved by the
 * page-fault handler as the real kernel's exception-table fixup path does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

struct task *current_task(struct kernel *k)
{
	return k->current;
}

/* access_ok(): the range must lie below TASK_SIZE; the direct map above is the kernel's. */
static int access_ok(uint32_t uaddr, uint32_t n)
{
	return uaddr < TASK_SIZE && n <= TASK_SIZE - uaddr;
}

/* Whether the current page tables let the user access this page: the kernel must honour user
 * permissions (a read-only COW page) even when CR0.WP would not stop a supervisor write. */
static int user_may(struct kernel *k, uint32_t uaddr, enum mmu_kind kind)
{
	uint64_t pa;
	uint32_t ps;
	return mmu_probe(k->mmu, uaddr, kind, 1, &pa, &ps) == 0;
}

/* Host pointer to the byte at uaddr, valid to the end of its page; NULL means -EFAULT. */
static uint8_t *user_page(struct kernel *k, uint32_t uaddr, enum mmu_kind kind)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		uint8_t *p = mmu_translate(k->mmu, uaddr, kind, 0);
		if (p && user_may(k, uaddr, kind))
			return p;
		struct task *t = current_task(k);
		k->st.page_faults++;
		enum fault_result r = handle_mm_fault(k, t, uaddr, kind == MMU_WRITE);
		if (r == FAULT_OOM) {
			fprintf(stderr, "pse386: out of memory: killed process %d\n", t->pid);
			force_sig(k, t, SIGKILL);
		}
		if (r != FAULT_OK)
			return NULL;
	}
	return NULL;
}

static int copy_user(struct kernel *k, uint32_t uaddr, uint8_t *host, uint32_t n, int to_user)
{
	if (!access_ok(uaddr, n))
		return -EFAULT;
	while (n > 0) {
		uint32_t chunk = PAGE_SIZE - (uaddr & ~PAGE_MASK);
		if (chunk > n)
			chunk = n;
		uint8_t *p = user_page(k, uaddr, to_user ? MMU_WRITE : MMU_READ);
		if (!p)
			return -EFAULT;
		if (to_user)
			memcpy(p, host, chunk);
		else
			memcpy(host, p, chunk);
		uaddr += chunk;
		host += chunk;
		n -= chunk;
	}
	return 0;
}

int copy_from_user(struct kernel *k, void *dst, uint32_t uaddr, uint32_t n)
{
	return copy_user(k, uaddr, dst, n, 0);
}

int copy_to_user(struct kernel *k, uint32_t uaddr, const void *src, uint32_t n)
{
	return copy_user(k, uaddr, (uint8_t *)(uintptr_t)src, n, 1);
}

int strncpy_from_user(struct kernel *k, char *dst, uint32_t uaddr, uint32_t max)
{
	uint32_t done = 0;
	while (done < max) {
		if (uaddr >= TASK_SIZE)
			return -EFAULT;
		uint32_t chunk = PAGE_SIZE - (uaddr & ~PAGE_MASK);
		if (chunk > max - done)
			chunk = max - done;
		const uint8_t *p = user_page(k, uaddr, MMU_READ);
		if (!p)
			return -EFAULT;
		const uint8_t *nul = memchr(p, 0, chunk);
		uint32_t len = nul ? (uint32_t)(nul - p) + 1 : chunk;
		memcpy(dst + done, p, len);
		if (nul)
			return (int)(done + len - 1);
		done += chunk;
		uaddr += chunk;
	}
	return -ENAMETOOLONG;
}
