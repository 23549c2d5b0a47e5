#define _FILE_OFFSET_BITS 64
/* fs_fileio.c - file I/O through the system calls: create, write, read, lseek, pread/pwrite,
 * O_APPEND, O_EXCL, ftruncate, fstat/stat sizes and modes, readv/writev.  Runs in the current
 * directory; the same output natively and under pse386 (tests/compare_native.sh). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* Prints a call's result, and errno's text when it failed (the call runs before errno is read). */
static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void show_stat(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("stat %s: %s\n", path, strerror(errno));
		return;
	}
	/* A directory's size is the host file system's business: only files show theirs. */
	printf("stat %s: size=%lld mode=%o reg=%d dir=%d\n", path,
	       S_ISREG(st.st_mode) ? (long long)st.st_size : -1LL, (unsigned)(st.st_mode & 07777),
	       S_ISREG(st.st_mode), S_ISDIR(st.st_mode));
}

int main(void)
{
	char buf[256];
	umask(022);
	int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0666);
	printf("open: %s\n", fd >= 0 ? "ok" : strerror(errno));
	printf("write: %zd\n", write(fd, "Hello, world!\n", 14));
	printf("lseek cur: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	printf("lseek set: %lld\n", (long long)lseek(fd, 7, SEEK_SET));
	ssize_t n = read(fd, buf, sizeof(buf));
	printf("read: %zd '%.*s'\n", n, (int)(n > 0 ? n - 1 : 0), buf);
	printf("read at eof: %zd\n", read(fd, buf, sizeof(buf)));
	printf("pwrite: %zd\n", pwrite(fd, "WORLD", 5, 7));
	n = pread(fd, buf, 5, 7);
	printf("pread: %zd '%.*s' pos=%lld\n", n, (int)n, buf, (long long)lseek(fd, 0, SEEK_CUR));
	printf("lseek end+10: %lld\n", (long long)lseek(fd, 10, SEEK_END));
	printf("write past end: %zd\n", write(fd, "X", 1));
	show_stat("data.txt");
	n = pread(fd, buf, sizeof(buf), 0);
	printf("hole bytes zero: %d\n", n == 25 && buf[14] == 0 && buf[23] == 0 && buf[24] == 'X');
	printf("ftruncate 5: %d\n", ftruncate(fd, 5));
	struct stat st;
	fstat(fd, &st);
	printf("fstat size: %lld\n", (long long)st.st_size);
	rep("lseek negative", lseek(fd, -100, SEEK_SET));
	close(fd);

	fd = open("data.txt", O_WRONLY | O_APPEND);
	write(fd, "+app", 4);
	lseek(fd, 0, SEEK_SET);
	write(fd, "+end", 4);
	close(fd);
	fd = open("data.txt", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	printf("after append: %zd '%.*s'\n", n, (int)n, buf);
	rep("write on O_RDONLY", write(fd, "x", 1));
	close(fd);

	fd = open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0600);
	rep("O_EXCL existing", fd);
	fd = open("missing.txt", O_RDONLY);
	rep("open missing", fd);

	fd = open("vec.bin", O_CREAT | O_RDWR | O_TRUNC, 0640);
	struct iovec iov[3] = {{"abc", 3}, {"", 0}, {"defgh", 5}};
	printf("writev: %zd\n", writev(fd, iov, 3));
	lseek(fd, 0, SEEK_SET);
	char a[4] = "", b[10] = "";
	struct iovec rv[2] = {{a, 2}, {b, 9}};
	n = readv(fd, rv, 2);
	printf("readv: %zd '%.2s' '%s'\n", n, a, b);
	close(fd);
	show_stat("vec.bin");
	chmod("vec.bin", 0604);
	show_stat("vec.bin");
	printf("truncate to 3: %d\n", truncate("vec.bin", 3));
	show_stat("vec.bin");
	show_stat(".");

	/* A bigger file: 200 KiB written in odd chunks, read back and checked. */
	fd = open("big.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
	static unsigned char blk[7777];
	long total = 0;
	for (int i = 0; total < 200 * 1024; i++) {
		for (size_t j = 0; j < sizeof(blk); j++)
			blk[j] = (unsigned char)(total + (long)j);
		total += write(fd, blk, sizeof(blk));
	}
	lseek(fd, 0, SEEK_SET);
	long bad = 0, got = 0;
	while ((n = read(fd, blk, 4096)) > 0) {
		for (ssize_t j = 0; j < n; j++)
			bad += blk[j] != (unsigned char)(got + j);
		got += n;
	}
	printf("big: wrote %ld read %ld bad %ld\n", total, got, bad);
	close(fd);
	printf("unlink: %d %d\n", unlink("big.bin"), unlink("vec.bin"));
	rep("unlink again", unlink("vec.bin"));
	return 0;
}
