#define _FILE_OFFSET_BITS 64
/* fs_pipe.c - pipes inside one process, dup/dup2/dup3 redirection, fcntl descriptor flags,
 * O_NONBLOCK, EOF and EPIPE. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Prints a call's result, and errno's text when it failed (the call runs before errno is read). */
static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

int main(void)
{
	int p[2];
	char buf[128];
	signal(SIGPIPE, SIG_IGN);
	printf("pipe: %d\n", pipe(p));
	printf("write: %zd\n", write(p[1], "through the pipe", 16));
	int avail = -1;
	ioctl(p[0], FIONREAD, &avail);
	printf("FIONREAD: %d\n", avail);
	ssize_t n = read(p[0], buf, 7);
	printf("read 7: %zd '%.*s'\n", n, (int)n, buf);
	n = read(p[0], buf, sizeof(buf));
	printf("read rest: %zd '%.*s'\n", n, (int)n, buf);
	rep("lseek on pipe", lseek(p[0], 0, SEEK_SET));

	int fl = fcntl(p[0], F_GETFL);
	printf("F_GETFL rdonly: %d\n", (fl & O_ACCMODE) == O_RDONLY);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	n = read(p[0], buf, sizeof(buf));
	rep("nonblocking empty read", n);
	fcntl(p[0], F_SETFL, fl);

	/* Redirect stdout into the pipe with dup2, then restore it. */
	fflush(stdout);
	int saved = dup(1);
	printf("dup: %d\n", saved > 2);
	fflush(stdout);
	dup2(p[1], 1);
	printf("this line went through the pipe\n");
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = read(p[0], buf, sizeof(buf));
	printf("captured %zd bytes: %.*s", n, (int)n, buf);

	printf("F_GETFD: %d\n", fcntl(p[0], F_GETFD));
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	printf("F_GETFD after set: %d\n", fcntl(p[0], F_GETFD));
	int d = fcntl(p[0], F_DUPFD, 10);
	printf("F_DUPFD >= 10: %d cloexec %d\n", d >= 10, fcntl(d, F_GETFD));
	int d2 = fcntl(p[0], F_DUPFD_CLOEXEC, 0);
	printf("F_DUPFD_CLOEXEC: cloexec %d\n", fcntl(d2, F_GETFD));
	rep("dup3 same fd", dup3(d, d, 0));
	int d3 = dup3(d, 20, O_CLOEXEC);
	printf("dup3 cloexec: %d %d\n", d3, fcntl(20, F_GETFD));
	printf("dup2 same fd: %d\n", dup2(d, d) == d);
	rep("dup2 bad fd", dup2(99, 5));
	rep("close bad fd", close(77));
	close(d);
	close(d2);
	close(20);

	/* Writer closed: EOF after the data. */
	write(p[1], "last", 4);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf));
	printf("read before eof: %zd\n", n);
	printf("read at eof: %zd\n", read(p[0], buf, sizeof(buf)));
	close(p[0]);

	/* Reader closed: EPIPE (SIGPIPE ignored). */
	pipe2(p, O_CLOEXEC);
	printf("pipe2 cloexec: %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
	close(p[0]);
	n = write(p[1], "x", 1);
	rep("write without reader", n);
	close(p[1]);

	/* Fill a pipe in non-blocking mode: the capacity is a power of two of at least 4096. */
	pipe2(p, O_NONBLOCK);
	static char big[4096];
	long total = 0;
	while ((n = write(p[1], big, sizeof(big))) > 0)
		total += n;
	printf("filled: %d (%s)\n", total >= 4096 && (total & (total - 1)) == 0, strerror(errno));
	long drained = 0;
	while ((n = read(p[0], big, sizeof(big))) > 0)
		drained += n;
	printf("drained all: %d\n", drained == total);
	return 0;
}
