/* Run-length coding: encode/decode round trip on runs, noise and text; PackBits-style byte codec.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include "guest_util.h"

static size_t rle_text(const char *in, char *out)
{
	size_t o = 0;
	for (size_t i = 0; in[i];) {
		size_t j = i;
		while (in[j] == in[i])
			j++;
		o += (size_t)sprintf(out + o, "%zu%c", j - i, in[i]);
		i = j;
	}
	return o;
}

/* PackBits: header n in 0..127 copies n+1 literal bytes; 257-n in 129..255 repeats next byte. */
static size_t pack(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t run = 1;
		while (i + run < n && run < 128 && in[i + run] == in[i])
			run++;
		if (run >= 2) {
			out[o++] = (uint8_t)(257 - run);
			out[o++] = in[i];
			i += run;
		} else {
			size_t lit = 1;
			while (i + lit < n && lit < 128 &&
			       !(i + lit + 1 < n && in[i + lit] == in[i + lit + 1]))
				lit++;
			out[o++] = (uint8_t)(lit - 1);
			memcpy(out + o, in + i, lit);
			o += lit;
			i += lit;
		}
	}
	return o;
}

static size_t unpack(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		uint8_t h = in[i++];
		if (h < 128) {
			memcpy(out + o, in + i, (size_t)h + 1);
			o += (size_t)h + 1;
			i += (size_t)h + 1;
		} else if (h > 128) {
			memset(out + o, in[i++], 257u - h);
			o += 257u - h;
		}
	}
	return o;
}

static uint8_t src[20000], enc[40000], dec[20000];

int main(void)
{
	char out[256];
	rle_text("WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW", out);
	printf("%s\n", out);
	rle_text("abcccddddde", out);
	printf("%s\n", out);
	lcg_seed(3);
	size_t n = 0;
	while (n < sizeof(src)) {
		size_t run = lcg_below(4) == 0 ? lcg_below(300) + 1 : 1;
		uint8_t b = (uint8_t)lcg_below(6);
		for (size_t k = 0; k < run && n < sizeof(src); k++)
			src[n++] = b;
	}
	size_t e = pack(src, n, enc);
	size_t d = unpack(enc, e, dec);
	printf("packbits %zu -> %zu -> %zu, identical %d, hash %08x\n", n, e, d,
	       d == n && memcmp(src, dec, n) == 0, fnv1a(FNV_INIT, enc, e));
	return 0;
}
