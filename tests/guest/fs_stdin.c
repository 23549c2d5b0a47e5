/* fs_stdin.c - standard input redirected from a regular file (fs_stdin.stdin) is the host's file
 * itself: fstat shows its size, lseek and pread work, and it can be mapped. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	struct stat st;
	fstat(0, &st);
	printf("stdin: regular %d size %lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
	ssize_t n = read(0, buf, 12);
	printf("read: %zd '%.*s'\n", n, (int)n, buf);
	n = pread(0, buf, 9, 4);
	printf("pread at 4: %zd '%.*s' pos %lld\n", n, (int)n, buf,
	       (long long)lseek(0, 0, SEEK_CUR));
	printf("lseek end: %lld\n", (long long)lseek(0, 0, SEEK_END));
	lseek(0, 0, SEEK_SET);
	int lines = 0;
	while (fgets(buf, sizeof(buf), stdin))
		lines++;
	printf("lines: %d\n", lines);
	char *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, 0, 0);
	if (m == MAP_FAILED) {
		printf("mmap: %s\n", strerror(errno));
		return 1;
	}
	const char *last = memrchr(m, '\n', (size_t)st.st_size - 1);
	printf("mapped last line: %s", last ? last + 1 : m);
	munmap(m, (size_t)st.st_size);
	printf("isatty(0): %d\n", isatty(0));
	return 0;
}
