/* forker.c: the parent forks two children; each child writes three lines with write(2) and
 * exits; the parent waits for both and writes one line.  The export test counts these system
 * calls and the processes in the trace. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		_exit(3);
}

int main(void)
{
	for (int i = 0; i < 2; i++) {
		pid_t p = fork();
		if (p < 0)
			return 1;
		if (p == 0) {
			for (int j = 0; j < 3; j++)
				say("child line\n");
			_exit(0);
		}
	}
	int status;
	while (wait(&status) > 0)
		;
	say("parent done\n");
	return 0;
}
