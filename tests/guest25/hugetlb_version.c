/*
 * hugetlb_version.c RELEASE HUGE REMAP: under --kernel RELEASE, uname -r is RELEASE, and 250/251
 * work when HUGE is 1 (else -ENOSYS), 257 is not -ENOSYS when REMAP is 1 ("-": not checked)
 * (linux-2.5-syscalls.md Decisions 1, section 1.3: 2.4.x none; 2.5.36-2.5.45 250/251; 2.5.46-2.5.53
 * all; 2.5.54+ 257).
 */
#include <sys/utsname.h>

#include "check25.h"

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	int huge = atoi(argv[2]), remap = argv[3][0] == '-' ? -1 : atoi(argv[3]);
	struct utsname u;
	check(uname(&u) == 0 && strcmp(u.release, argv[1]) == 0, "uname release is %s (%s)",
	      argv[1], u.release);
	errno = 0;
	long r = syscall(__NR_alloc_hugepages, 0, 0, 0, PROT_READ, 0);
	if (huge)
		check(r == -1 && errno == EINVAL, "alloc_hugepages exists (len 0 -> EINVAL, %s)",
		      strerror(errno));
	else
		check(r == -1 && errno == ENOSYS, "alloc_hugepages -> ENOSYS (%s)",
		      strerror(errno));
	errno = 0;
	r = syscall(__NR_free_hugepages, 0x1000);
	check(r == -1 && errno == (huge ? EINVAL : ENOSYS), "free_hugepages -> %s (%s)",
	      huge ? "EINVAL" : "ENOSYS", strerror(errno));
	errno = 0;
	r = syscall(257, 0, 0, 0, 0, 0); /* remap_file_pages with a bad range */
	if (remap < 0)
		printf("(remap_file_pages not checked: %s)\n", strerror(errno));
	else if (remap)
		check(!(r == -1 && errno == ENOSYS), "remap_file_pages exists (%s)",
		      strerror(errno));
	else
		check(r == -1 && errno == ENOSYS, "remap_file_pages -> ENOSYS (%s)",
		      strerror(errno));
	return check_done();
}
