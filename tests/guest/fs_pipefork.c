/* fs_pipefork.c - pipes between processes: a parent streams 300 KiB through a child that it
 * forked (its stdin and stdout moved onto pipes with dup2), and reads the child's answer from a
 * second pipe.  Exercises blocking reads and writes on full and empty pipes, EOF when the last
 * writer closes, and waitpid.  (No execve: the qemu-i386 reference can not follow one.) */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOTAL (300 * 1024)

/* The child: count and checksum standard input, report on standard output. */
static int filter(void)
{
	static unsigned char buf[5000];
	long count = 0;
	unsigned long sum = 0;
	ssize_t n;
	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			sum = sum * 31 + buf[i];
		count += n;
	}
	printf("child: %ld bytes, sum %lu\n", count, sum);
	return 7;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(void)
{
	int to[2], from[2];
	if (pipe(to) || pipe(from))
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		int r = filter();
		fflush(stdout);
		_exit(r);
	}
	close(to[0]);
	close(from[1]);
	static unsigned char data[TOTAL];
	unsigned long sum = 0;
	for (long i = 0; i < TOTAL; i++) {
		data[i] = (unsigned char)(i * 7 + i / 1000);
		sum = sum * 31 + data[i];
	}
	/* Uneven chunk sizes, some above the pipe's capacity. */
	static const size_t chunks[] = {1, 4095, 4096, 4097, 100000, 65536, 70000};
	size_t off = 0;
	for (int i = 0; off < TOTAL; i = (i + 1) % 7) {
		size_t len = chunks[i] < TOTAL - off ? chunks[i] : TOTAL - off;
		if (write_all(to[1], data + off, len)) {
			printf("write failed: %s\n", strerror(errno));
			break;
		}
		off += len;
	}
	close(to[1]);
	char answer[200];
	ssize_t n, got = 0;
	while ((n = read(from[0], answer + got, sizeof(answer) - 1 - (size_t)got)) > 0)
		got += n;
	answer[got] = 0;
	printf("parent: sent %zu bytes, sum %lu\n", off, sum);
	printf("%s", answer);
	int status = 0;
	printf("waitpid: %d\n", waitpid(pid, &status, 0) == pid);
	printf("child exit: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}
