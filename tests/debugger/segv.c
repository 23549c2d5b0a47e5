/*
 * segv.c - a guest that writes through a null pointer, for --debug-on-fault.
 */
#include <stdio.h>

int main(void)
{
	volatile int *volatile p = 0;
	printf("before\n");
	fflush(stdout);
	*p = 5;
	return 0;
}
