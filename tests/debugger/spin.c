/*
 * spin.c - a guest that computes for a long time (about a billion instructions), for the tests
 * that interrupt a running guest.
 */
#include <stdio.h>

int main(void)
{
	volatile unsigned sum = 0;
	for (unsigned i = 0; i < 250000000u; i++)
		sum += i;
	printf("%u\n", sum);
	return 0;
}
