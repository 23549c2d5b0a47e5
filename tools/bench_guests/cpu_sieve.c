/* CPU-bound benchmark: repeated sieve of Eratosthenes over a small (cache-resident) array plus an
 * integer hash loop.  Argument: number of rounds (default 20). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define N 65536

static uint8_t composite[N];

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	uint32_t primes = 0, h = 2166136261u;
	for (int r = 0; r < rounds; r++) {
		memset(composite, 0, sizeof(composite));
		for (uint32_t i = 2; i * i < N; i++)
			if (!composite[i])
				for (uint32_t j = i * i; j < N; j += i)
					composite[j] = 1;
		for (uint32_t i = 2; i < N; i++)
			if (!composite[i]) {
				primes++;
				h = (h ^ i) * 16777619u;
			}
		for (uint32_t i = 0; i < 200000; i++)
			h = (h << 5 | h >> 27) ^ (h + i * 2654435761u);
	}
	printf("primes %u hash %08x\n", primes, h);
	return 0;
}
