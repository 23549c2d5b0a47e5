/* fork/waitpid/pipe: child exit statuses, death by signal, pipe data, copy-on-write isolation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

static int shared_value = 100;
static char big[64 * 1024];

int main(void)
{
	int fds[2];
	if (pipe(fds) != 0)
		return 1;
	fflush(stdout); /* a child must not inherit unflushed output */
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		shared_value = 555;
		memset(big, 'c', sizeof(big)); /* copy-on-write: the parent keeps its zeros */
		const char msg[] = "hello from the child";
		write(fds[1], msg, sizeof(msg));
		_exit(7);
	}
	close(fds[1]);
	char buf[64] = {0};
	ssize_t n = read(fds[0], buf, sizeof(buf));
	int status = 0;
	waitpid(pid, &status, 0);
	printf("read %zd bytes: %s\n", n, buf);
	printf("child exited %d with status %d\n", WIFEXITED(status), WEXITSTATUS(status));
	printf("parent still sees shared_value %d and big[100] %d\n", shared_value, big[100]);
	n = read(fds[0], buf, sizeof(buf));
	printf("read after the writer closed: %zd (end of file)\n", n);
	close(fds[0]);

	pid = fork();
	if (pid == 0) {
		raise(SIGKILL);
		_exit(1);
	}
	waitpid(pid, &status, 0);
	printf("killed child: signaled %d signal %d\n", WIFSIGNALED(status), WTERMSIG(status));

	int sum = 0;
	pid_t kids[5];
	for (int i = 0; i < 5; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			_exit(10 + i);
	}
	for (int i = 0; i < 5; i++) {
		waitpid(kids[i], &status, 0);
		sum += WEXITSTATUS(status);
	}
	printf("five children exit statuses sum %d\n", sum);
	printf("no more children: waitpid %d\n", (int)waitpid(-1, &status, WNOHANG) < 0);
	return 0;
}
