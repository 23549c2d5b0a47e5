/* Small helpers shared by the guest test programs: a deterministic LCG and an FNV-1a checksum. */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Numerical Recipes LCG constants; deterministic across runs and hosts. */
static uint32_t lcg_state = 12345u;

static inline void lcg_seed(uint32_t s)
{
	lcg_state = s;
}

static inline uint32_t lcg_next(void)
{
	lcg_state = lcg_state * 1664525u + 1013904223u;
	return lcg_state;
}

/* A value in [0, n): uses the high bits, which are the better ones in a power-of-two LCG. */
static inline uint32_t lcg_below(uint32_t n)
{
	return (uint32_t)(((uint64_t)lcg_next() * n) >> 32);
}

/* FNV-1a, 32-bit: a cheap checksum so programs can print one line per large result. */
static inline uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 16777619u;
	}
	return h;
}

#define FNV_INIT 2166136261u

#endif
