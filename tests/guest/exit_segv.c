/* An uncaught SIGSEGV kills the process: the shell status is 128+11 = 139, under pse386 too. */
#include <stdio.h>

static volatile int *volatile bad = (int *)16;

int main(void)
{
	printf("about to fault\n");
	fflush(stdout);
	*bad = 1;
	printf("not reached\n");
	return 0;
}
