/* fs_devproc.c - the device files (/dev/null, /dev/zero, /dev/full), /proc/self/exe and
 * reopening a pipe through /proc/self/fd/N: what a program sees on any Linux. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void show_dev(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("%s: %s\n", path, strerror(errno));
		return;
	}
	printf("%s: chr=%d major=%u minor=%u\n", path, S_ISCHR(st.st_mode), major(st.st_rdev),
	       minor(st.st_rdev));
}

int main(void)
{
	char buf[64];
	int fd = open("/dev/null", O_RDWR);
	rep("write /dev/null", write(fd, "gone", 4));
	rep("read /dev/null", read(fd, buf, sizeof(buf)));
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 'x', sizeof(buf));
	long n = read(fd, buf, sizeof(buf));
	int zeros = 1;
	for (long i = 0; i < n; i++)
		zeros &= buf[i] == 0;
	printf("read /dev/zero: %ld all zero %d\n", n, zeros);
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	rep("write /dev/full", write(fd, "x", 1));
	close(fd);
	show_dev("/dev/null");
	show_dev("/dev/zero");
	show_dev("/dev/full");

	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	const char *base = strrchr(buf, '/');
	printf("exe: absolute %d basename %s\n", buf[0] == '/', base ? base + 1 : buf);
	struct stat st;
	printf("/proc/self is a directory: %d\n",
	       stat("/proc/self", &st) == 0 && S_ISDIR(st.st_mode));

	int p[2];
	pipe(p);
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	int w2 = open(path, O_WRONLY);
	printf("reopen pipe end: %d\n", w2 >= 0);
	rep("write through reopened end", write(w2, "via proc", 8));
	close(w2);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf));
	printf("read: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	rep("eof after both writers closed", read(p[0], buf, sizeof(buf)));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	n = readlink(path, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	printf("pipe link looks like pipe:[: %d\n", strncmp(buf, "pipe:[", 6) == 0);
	close(p[0]);
	rep("stat closed fd link", stat(path, &st));

	return 0;
}
