/*
 * hugetlb_nopse.c: without PSE (run with --cpu i486 --hugepages 4), alloc_hugepages fails with
 * EINVAL as `if (!cpu_has_pse) return -EINVAL` does (linux-2.5-syscalls.md 2.1, Decisions 2).
 */
#include "check25.h"

int main(void)
{
	CHECK_ERR(alloc_hugepages(0, NULL, 4UL << 20, PROT_READ | PROT_WRITE, 0), EINVAL,
	          "a private segment on a CPU without PSE");
	CHECK_ERR(alloc_hugepages(1, NULL, 4UL << 20, PROT_READ, IPC_CREAT), EINVAL,
	          "a shared segment on a CPU without PSE");
	CHECK_ERR(free_hugepages((void *)0x40000000), EINVAL, "free_hugepages of nothing");
	return check_done();
}
