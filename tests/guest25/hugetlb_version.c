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
	/* /proc/meminfo: no huge page lines before 2.5.36, "HugePages:/Available:/Size:" in
	 * 2.5.36-2.5.42, "HugePages_Total:/HugePages_Free:/Hugepagesize:" from 2.5.43 (2.3, 2.5).
	 */
	int a = 0, b = 0, c = 0;
	sscanf(argv[1], "%d.%d.%d", &a, &b, &c);
	long ver = a * 1000000L + b * 1000L + c;
	int old_lines = meminfo("HugePages:") >= 0, new_lines = meminfo("HugePages_Total:") >= 0;
	if (ver < 2005036)
		check(!old_lines && !new_lines, "no huge page lines in /proc/meminfo");
	else if (ver < 2005043)
		check(old_lines && !new_lines && meminfo("Size:") == 4096,
		      "the 2.5.36 meminfo lines (HugePages:, Available:, Size:)");
	else
		check(!old_lines && new_lines, "the 2.5.43+ meminfo lines (HugePages_Total:...)");
	return check_done();
}
