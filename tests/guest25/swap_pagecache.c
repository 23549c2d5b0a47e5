/* swap_pagecache.c - the page cache (issue 4): a MAP_SHARED file mapping and read()/write() see
 * the same pages without msync, as on Linux where both use the page cache (mmap(2): "Updates
 * to the mapping are visible to other processes mapping the same region, and ... carried
 * through to the underlying file"; read(2) of such a file returns the mapped page's bytes).
 * Also two mappings, another process, MAP_PRIVATE reading a shared store, and the data in the
 * file after munmap.  Argument: a directory (default /tmp; a --root --rw host directory tests
 * host files).  One line per check; exit 0 only if all passed. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check25.h"

#define PG 4096

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	char path[512];
	snprintf(path, sizeof path, "%s/pagecache_test", argc > 1 ? argv[1] : "/tmp");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char buf[3 * PG];
	memset(buf, '.', sizeof buf);
	check(fd >= 0 && write(fd, buf, sizeof buf) == sizeof buf, "a 3-page file of '.'");
	char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *m2 = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	check(m != MAP_FAILED && m2 != MAP_FAILED, "two MAP_SHARED mappings of it");
	check(m[0] == '.' && m[2 * PG + 7] == '.', "the mapping shows the file's bytes");

	memcpy(m + PG + 10, "hello", 5);
	char r[8] = {0};
	check(pread(fd, r, 5, PG + 10) == 5 && !memcmp(r, "hello", 5),
	      "a store through the mapping is seen by pread (no msync)");
	lseek(fd, PG + 10, SEEK_SET);
	memset(r, 0, sizeof r);
	check(read(fd, r, 5) == 5 && !memcmp(r, "hello", 5), "... and by read()");
	check(!memcmp(m2 + PG + 10, "hello", 5), "... and by the second mapping at once");

	check(pwrite(fd, "WORLD", 5, 2 * PG + 1) == 5, "pwrite 5 bytes into page 2");
	check(!memcmp(m + 2 * PG + 1, "WORLD", 5), "the write is seen through the mapping");
	lseek(fd, 20, SEEK_SET);
	check(write(fd, "abc", 3) == 3 && !memcmp(m2 + 20, "abc", 3),
	      "write() at offset 20 is seen through the second mapping");

	/* Another process stores through its inherited mapping; the parent reads the file. */
	pid_t pid = fork();
	if (pid == 0) {
		memcpy(m + 100, "child", 5);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	memset(r, 0, sizeof r);
	check(pread(fd, r, 5, 100) == 5 && !memcmp(r, "child", 5) && !memcmp(m2 + 100, "child", 5),
	      "a child's store through a shared mapping is seen by the parent's pread and mapping");

	/* A private mapping made now sees the shared store (it reads the cached page). */
	memcpy(m + 200, "xyz", 3);
	char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);
	check(p != MAP_FAILED && !memcmp(p + 200, "xyz", 3), "a new MAP_PRIVATE mapping sees it");

	/* After munmap the bytes are in the file (reopen and read). */
	memcpy(m + 300, "final", 5);
	munmap(m, 3 * PG);
	munmap(m2, 3 * PG);
	close(fd);
	fd = open(path, O_RDONLY);
	memset(r, 0, sizeof r);
	check(pread(fd, r, 5, 300) == 5 && !memcmp(r, "final", 5),
	      "after munmap and close the store is in the file");
	check(lseek(fd, 0, SEEK_END) == 3 * PG,
	      "the file size is unchanged (mappings never extend it)");
	close(fd);
	unlink(path);
	return check_done();
}
