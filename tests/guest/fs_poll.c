/* fs_poll.c - readiness: poll, ppoll and select on pipes and regular files, with zero timeouts
 * (and a blocking poll that data already satisfies), POLLHUP / POLLERR when the other end is
 * gone, POLLNVAL for a closed descriptor. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

static void show(const char *what, struct pollfd *p, int n, int r)
{
	printf("%s: %d", what, r);
	for (int i = 0; i < n; i++)
		printf(" [%s%s%s%s%s]", p[i].revents & POLLIN ? "IN" : "",
		       p[i].revents & POLLOUT ? "OUT" : "", p[i].revents & POLLHUP ? "HUP" : "",
		       p[i].revents & POLLERR ? "ERR" : "", p[i].revents & POLLNVAL ? "NVAL" : "");
	printf("\n");
}

int main(void)
{
	int p[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	int f = open("file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct pollfd fds[3] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}, {f, POLLIN | POLLOUT, 0}};
	show("empty pipe", fds, 3, poll(fds, 3, 0));
	write(p[1], "abc", 3);
	show("after write", fds, 3, poll(fds, 3, 0));
	show("blocking poll, data ready", fds, 1, poll(fds, 1, -1));
	struct timespec ts = {0, 0};
	show("ppoll", fds, 2, ppoll(fds, 2, &ts, NULL));

	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	FD_SET(f, &rd);
	struct timeval tv = {0, 0};
	int r = select((p[1] > f ? p[1] : f) + 1, &rd, &wr, NULL, &tv);
	printf("select: %d rd(pipe)=%d rd(file)=%d wr(pipe)=%d\n", r, FD_ISSET(p[0], &rd) != 0,
	       FD_ISSET(f, &rd) != 0, FD_ISSET(p[1], &wr) != 0);

	char buf[8];
	read(p[0], buf, sizeof(buf));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = tv.tv_usec = 0;
	printf("select drained: %d\n", select(p[0] + 1, &rd, NULL, NULL, &tv));

	write(p[1], "z", 1);
	close(p[1]);
	fds[1].fd = p[1]; /* now closed */
	show("writer closed, data left", fds, 2, poll(fds, 2, 0));
	read(p[0], buf, sizeof(buf));
	show("writer closed, drained", fds, 1, poll(fds, 1, 0));
	close(p[0]);

	pipe(p);
	close(p[0]);
	struct pollfd w = {p[1], POLLOUT, 0};
	show("reader closed", &w, 1, poll(&w, 1, 0));
	struct pollfd neg = {-1, POLLIN, 7};
	show("negative fd ignored", &neg, 1, poll(&neg, 1, 0));
	FD_ZERO(&rd);
	FD_SET(40, &rd);
	tv.tv_sec = tv.tv_usec = 0;
	r = select(41, &rd, NULL, NULL, &tv);
	printf("select closed fd: %d %s\n", r, strerror(errno));
	return 0;
}
