/* Recursion: Ackermann, deep recursion with large frames (stack growth), mutual recursion, fib. */
#include <stdio.h>
#include <string.h>

static unsigned ack(unsigned m, unsigned n)
{
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

/* Each frame holds ~100 bytes, so 20000 frames grow the stack by ~2 MiB (page faults below it). */
static unsigned deep(int n)
{
	volatile char pad[64];
	memset((char *)pad, n & 0xff, sizeof(pad));
	if (n == 0)
		return 0;
	return deep(n - 1) + pad[n % 64];
}

static int is_odd(unsigned n);
static int is_even(unsigned n)
{
	return n == 0 ? 1 : is_odd(n - 1);
}
static int is_odd(unsigned n)
{
	return n == 0 ? 0 : is_even(n - 1);
}

static unsigned fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(void)
{
	printf("ack(2,3)=%u ack(2,50)=%u ack(3,5)=%u\n", ack(2, 3), ack(2, 50), ack(3, 5));
	printf("deep(20000)=%u\n", deep(20000));
	printf("even(10001)=%d odd(7777)=%d\n", is_even(10001), is_odd(7777));
	printf("fib(24)=%u\n", fib(24));
	return 0;
}
