/* kern_maps.c - /proc/self/maps lists the mappings as they are (Linux fs/proc/task_mmu.c
 * show_map(): "start-end perms offset dev inode path", perms rwx plus p/s), and MAP_POPULATE
 * prefaults a mapping (mmap(2); 2.5.46 do_mmap_pgoff), which mincore(2) then reports resident. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kern_check.h"

#define PG      4096u
#define ANON    0x50000000u
#define FILE_AT 0x51000000u

/* The maps line that starts at `start`: its end, permissions, offset and path. */
static int find_map(unsigned long start, unsigned long *end, char perms[5], unsigned long *off,
                    char *path, size_t pathlen)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e, o;
		char p[5], name[256] = "";
		if (sscanf(line, "%lx-%lx %4s %lx %*s %*s %255s", &s, &e, p, &o, name) < 4)
			continue;
		if (s == start) {
			*end = e;
			memcpy(perms, p, 5);
			*off = o;
			snprintf(path, pathlen, "%s", name);
			found = 1;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static int resident_pages(void *addr, size_t len)
{
	unsigned char vec[64];
	if (mincore(addr, len, vec) != 0)
		return -1;
	int n = 0;
	for (size_t i = 0; i < len / PG; i++)
		n += vec[i] & 1;
	return n;
}

int main(void)
{
	unsigned long end, off;
	char perms[5], path[256];

	/* Three anonymous pages, the middle one made read-only: three lines (the vma splits). */
	char *a = mmap((void *)ANON, 3 * PG, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(a == (char *)ANON);
	CHECK(mprotect(a + PG, PG, PROT_READ) == 0);
	CHECK(find_map(ANON, &end, perms, &off, path, sizeof path));
	CHECK(end == ANON + PG && strcmp(perms, "rw-p") == 0);
	CHECK(find_map(ANON + PG, &end, perms, &off, path, sizeof path));
	CHECK(end == ANON + 2 * PG && strcmp(perms, "r--p") == 0);
	CHECK(find_map(ANON + 2 * PG, &end, perms, &off, path, sizeof path));
	CHECK(end == ANON + 3 * PG && strcmp(perms, "rw-p") == 0);
	CHECK(munmap(a, 3 * PG) == 0);
	CHECK(!find_map(ANON, &end, perms, &off, path, sizeof path));

	/* A shared file mapping at file offset one page: 's', the offset and the file's path. */
	int fd = open("/tmp/kern_maps.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	static char buf[2 * PG];
	CHECK(write(fd, buf, sizeof buf) == (ssize_t)sizeof buf);
	char *m = mmap((void *)FILE_AT, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, PG);
	CHECK(m == (char *)FILE_AT);
	CHECK(find_map(FILE_AT, &end, perms, &off, path, sizeof path));
	CHECK(end == FILE_AT + PG && strcmp(perms, "r--s") == 0 && off == PG);
	CHECK(strcmp(path, "/tmp/kern_maps.dat") == 0);

	/* Demand paging: a fresh anonymous mapping has no page resident (mincore(2))... */
	size_t len = 8 * PG;
	char *lazy = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(resident_pages(lazy, len) == 0);
	lazy[3 * PG] = 1;
	CHECK(resident_pages(lazy, len) == 1);
	/* ...MAP_POPULATE faults every page in at mmap time, anonymous or file-backed. */
	char *pop = mmap(NULL, len, PROT_READ | PROT_WRITE,
	                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	CHECK(resident_pages(pop, len) == 8);
	char *fpop = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
	CHECK(resident_pages(fpop, 2 * PG) == 2);
	close(fd);
	unlink("/tmp/kern_maps.dat");
	return kern_failures;
}
