/* pingpong.c ROUNDS: parent and child pass one byte back and forth through two pipes ROUNDS
 * times, so every round blocks each process once and the scheduler switches between them. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 100;
	int ping[2], pong[2];
	if (pipe(ping) || pipe(pong))
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	char c = 0;
	if (pid == 0) {
		for (int i = 0; i < rounds; i++)
			if (read(ping[0], &c, 1) != 1 || write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < rounds; i++) {
		c = (char)i;
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1 || c != (char)i)
			return 1;
	}
	int st;
	waitpid(pid, &st, 0);
	printf("%d round trips\n", rounds);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
