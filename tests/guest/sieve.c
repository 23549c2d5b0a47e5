/* Sieve of Eratosthenes up to 1,000,000 over a byte array and a bit array; prime counts and sums.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 1000000

static uint8_t composite[N + 1];
static uint32_t bits[N / 32 + 1];

int main(void)
{
	memset(composite, 0, sizeof(composite));
	for (uint32_t i = 2; i * i <= N; i++)
		if (!composite[i])
			for (uint32_t j = i * i; j <= N; j += i)
				composite[j] = 1;
	uint32_t count = 0;
	uint64_t sum = 0;
	for (uint32_t i = 2; i <= N; i++)
		if (!composite[i]) {
			count++;
			sum += i;
		}
	printf("byte sieve: %u primes below %d, sum %llu\n", count, N, (unsigned long long)sum);
	for (uint32_t i = 3; i * i <= N; i += 2)
		if (!(bits[i >> 5] & (1u << (i & 31))))
			for (uint32_t j = i * i; j <= N; j += 2 * i)
				bits[j >> 5] |= 1u << (j & 31);
	uint32_t count2 = 1;
	uint32_t last = 2;
	for (uint32_t i = 3; i <= N; i += 2)
		if (!(bits[i >> 5] & (1u << (i & 31)))) {
			count2++;
			last = i;
		}
	printf("bit sieve: %u primes, largest %u\n", count2, last);
	return count != count2;
}
