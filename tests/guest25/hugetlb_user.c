/*
 * hugetlb_user.c: an unprivileged caller (run with --user 1000:1000 --hugepages 4).
 * 2.5.53: a private segment needs CAP_IPC_LOCK or group 0, creating a key needs CAP_SYS_ADMIN,
 * CAP_IPC_LOCK and group 0 (linux-2.5-syscalls.md 2.4.1, 2.4.2); nr_hugepages is mode 0644 so
 * only root writes it (section 2.5).
 */
#include "check25.h"

#define RW (PROT_READ | PROT_WRITE)

int main(void)
{
	unsigned long H = hpage_size();
	check(getuid() == 1000 && getgid() == 1000, "running as 1000:1000");
	CHECK_ERR(alloc_hugepages(0, NULL, H, RW, 0), EPERM, "a private segment as a user");
	CHECK_ERR(alloc_hugepages(4, NULL, H, RW, IPC_CREAT), EPERM, "creating key 4 as a user");
	CHECK_ERR(alloc_hugepages(4, NULL, H, RW, 0), EPERM,
	          "attaching a missing key as a user (EPERM is checked before IPC_CREAT)");
	/* the EINVAL checks come first (section 2.4) */
	CHECK_ERR(alloc_hugepages(0, NULL, H + 4096, RW, 0), EINVAL, "a bad length as a user");
	check(write_nr_hugepages("8") == -1 && read_nr_hugepages() == 4,
	      "a user cannot write nr_hugepages");
	check(meminfo("HugePages_Free:") == 4, "the pool is untouched");
	return check_done();
}
