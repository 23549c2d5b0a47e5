/* fs_statlayout.c - the raw structures of the i386 ABI, read without the C library's help:
 * struct stat (stat 106, lstat 107, fstat 108), struct stat64 (stat64 195, 96 bytes) and
 * struct linux_dirent (getdents 141) / linux_dirent64 (getdents64 220), decoded at the offsets
 * of include/asm-i386/stat.h and include/linux/dirent.h. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t u32(const unsigned char *b, int off)
{
	uint32_t v;
	memcpy(&v, b + off, 4);
	return v;
}

static uint16_t u16(const unsigned char *b, int off)
{
	uint16_t v;
	memcpy(&v, b + off, 2);
	return v;
}

static uint64_t u64(const unsigned char *b, int off)
{
	uint64_t v;
	memcpy(&v, b + off, 8);
	return v;
}

/* struct stat: st_mode u16 @8, st_nlink u16 @10, st_size u32 @20 */
static void old_stat(const char *what, long r, const unsigned char *b)
{
	printf("%s: %ld mode=%o nlink=%u size=%u\n", what, r, u16(b, 8), u16(b, 10), u32(b, 20));
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(int is64)
{
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	unsigned char buf[512];
	char *names[32];
	int n = 0;
	long got;
	/* A small buffer, so the listing takes several calls. */
	while ((got = syscall(is64 ? SYS_getdents64 : SYS_getdents, fd, buf, 64)) > 0) {
		for (long off = 0; off < got;) {
			unsigned char *r = buf + off;
			int reclen = is64 ? u16(r, 16) : u16(r, 8);
			const char *name = (const char *)(is64 ? r + 19 : r + 10);
			int type = is64 ? r[18] : r[reclen - 1];
			names[n] = malloc(strlen(name) + 8);
			sprintf(names[n], "%s/%d", name, type);
			n++;
			off += reclen;
		}
	}
	close(fd);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("getdents%s (name/d_type):", is64 ? "64" : "");
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

int main(void)
{
	unsigned char b[128];
	long r;
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0640);
	write(fd, "0123456789abc", 13);
	symlink("f", "l");
	mkdir("d", 0751);
	close(open("d/file-one", O_CREAT | O_WRONLY, 0600));
	symlink("x", "d/a-link");
	mkdir("d/sub", 0700);

	memset(b, 0xee, sizeof(b));
	old_stat("stat f", syscall(SYS_stat, "f", b), b);
	old_stat("lstat l", syscall(SYS_lstat, "l", b), b);
	old_stat("stat l", syscall(SYS_stat, "l", b), b);
	old_stat("fstat fd", syscall(SYS_fstat, fd, b), b);
	r = syscall(SYS_stat, "d", b);
	printf("stat d: %ld mode=%o nlink=%u\n", r, u16(b, 8), u16(b, 10));

	/* struct stat64: st_mode @16, st_nlink @20, st_size @44, st_ino @88 == __st_ino @12 (low).
	 */
	memset(b, 0xee, sizeof(b));
	r = syscall(SYS_stat64, "f", b);
	printf("stat64 f: %ld mode=%o nlink=%u size=%llu ino-consistent=%d past-end-untouched=%d\n",
	       r, u32(b, 16), u32(b, 20), (unsigned long long)u64(b, 44),
	       (uint32_t)u64(b, 88) == u32(b, 12), b[96] == 0xee);
	memset(b, 0xee, sizeof(b));
	r = syscall(SYS_lstat64, "l", b);
	printf("lstat64 l: %ld mode=%o size=%llu\n", r, u32(b, 16), (unsigned long long)u64(b, 44));
	list(0);
	list(1);
	return 0;
}
