/*
 * hugetlb_random.c: thousands of random alloc_hugepages/free_hugepages/munmap/mprotect/mremap
 * calls with good and bad arguments (keys -2..40, any address hint, lengths of 0..5 huge pages
 * and odd ones, random prot and flag).  Whatever happens, the kernel must keep its books:
 * every call returns an address or -1 with an errno the spec lists (linux-2.5-syscalls.md 2.4,
 * 2.4.4), and once everything mapped is unmapped the pool is whole again and no key remains
 * (section 2.4.4: pages return when the last user releases them).  Run with --hugepages 12.
 */
#include <stdint.h>

#include "check25.h"

static uint32_t rnd_state = 12345;
static uint32_t rnd(void) /* xorshift32 */
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

#define MAXSEG 64
static struct {
	char *p;
	size_t len;
} seg[MAXSEG];

static int allowed(int e)
{
	return e == EINVAL || e == ENOMEM || e == ENOENT || e == EACCES;
}

int main(void)
{
	unsigned long H = hpage_size();
	long total = meminfo("HugePages_Total:");
	int bad_errno = 0, bad_addr = 0, nseg = 0, ok_allocs = 0;
	for (int i = 0; i < 3000; i++) {
		uint32_t op = rnd() % 8;
		errno = 0;
		if (op <= 3) {
			int key = (int)(rnd() % 43) - 2;
			size_t len = (rnd() % 6) * H + ((rnd() % 8) == 0 ? 4096 : 0);
			uintptr_t hint = (rnd() % 3) ? 0 : rnd();
			int flag = (rnd() % 2) ? IPC_CREAT : (int)(rnd() & 0xffff);
			char *p = alloc_hugepages(key, (void *)hint, len, (int)(rnd() % 8), flag);
			if (p == (void *)-1) {
				bad_errno += !allowed(errno) && errno != EPERM ? 1 : 0;
				continue;
			}
			ok_allocs++;
			bad_addr += ((uintptr_t)p & (H - 1)) || (uintptr_t)p + len > 0xc0000000u;
			if (nseg < MAXSEG) {
				seg[nseg].p = p, seg[nseg].len = len;
				nseg++;
			} else {
				munmap(p, len);
			}
		} else if (op == 4 && nseg) {
			int j = (int)(rnd() % (uint32_t)nseg);
			if (free_hugepages(seg[j].p + ((rnd() % 4) ? 0 : 4096)) != 0)
				bad_errno += errno != EINVAL;
		} else if (op == 5 && nseg) {
			int j = (int)(rnd() % (uint32_t)nseg);
			size_t off = (rnd() % 3) * H + ((rnd() % 2) ? 4096 : 0);
			if (munmap(seg[j].p + off, H) != 0)
				bad_errno += errno != EINVAL;
		} else if (op == 6 && nseg) {
			int j = (int)(rnd() % (uint32_t)nseg);
			if (mprotect(seg[j].p, 4096, PROT_READ) != 0)
				bad_errno += errno != EACCES && errno != ENOMEM;
		} else if (op == 7 && nseg) {
			int j = (int)(rnd() % (uint32_t)nseg);
			if (mremap(seg[j].p, H, 2 * H, MREMAP_MAYMOVE) != MAP_FAILED)
				bad_addr++;
			else
				bad_errno += errno != EINVAL && errno != EFAULT;
		}
	}
	check(ok_allocs > 50, "%d successful allocations among 3000 random calls", ok_allocs);
	check(bad_errno == 0, "every failure had an errno of the spec (%d did not)", bad_errno);
	check(bad_addr == 0, "every segment was aligned and below TASK_SIZE (%d were not)",
	      bad_addr);
	for (int j = 0; j < nseg; j++)
		munmap(seg[j].p, seg[j].len);
	check(meminfo("HugePages_Free:") == total && meminfo("HugePages_Total:") == total,
	      "after unmapping everything the pool is whole (%ld of %ld free)",
	      meminfo("HugePages_Free:"), total);
	int keys_left = 0;
	for (int key = 1; key <= 40; key++) {
		errno = 0;
		if (alloc_hugepages(key, NULL, H, PROT_READ, 0) != (void *)-1 || errno != ENOENT)
			keys_left++;
	}
	check(keys_left == 0, "no key survives its last user (%d did)", keys_left);
	return check_done();
}
