/*
 * target.c - the debugger tests' guest: a global the tests read and watch, a function to break
 * at, and a large static array whose pages the scripts walk.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

volatile int counter = 7;
char big[3 << 20]; /* spans several page tables: bss pages appear as they are touched */

int __attribute__((noinline)) compute(int x)
{
	int y = x * 3;
	counter += y;
	return y + 1;
}

int main(void)
{
	memset(big, 1, 8192);
	int total = 0;
	for (int i = 0; i < 3; i++)
		total += compute(i);
	printf("total %d counter %d\n", total, counter);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0)
		_exit(3);
	int status = 0;
	waitpid(child, &status, 0);
	return WEXITSTATUS(status) == 3 ? 0 : 1;
}
