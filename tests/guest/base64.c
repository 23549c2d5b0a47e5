/* Base64 (RFC 4648) encoding and decoding: RFC test vectors and a round trip of binary data. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include "guest_util.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const uint8_t *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = 0;
	return o;
}

static int value(char c)
{
	const char *p = strchr(alphabet, c);
	return c && p ? (int)(p - alphabet) : -1;
}

static long decode(const char *in, uint8_t *out)
{
	size_t n = strlen(in), o = 0;
	if (n % 4)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		uint32_t v = 0;
		int pad = 0;
		for (int k = 0; k < 4; k++) {
			int x = in[i + k] == '=' ? (pad++, 0) : value(in[i + k]);
			if (x < 0)
				return -1;
			v = v << 6 | (uint32_t)x;
		}
		out[o++] = (uint8_t)(v >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(v >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)v;
	}
	return (long)o;
}

static uint8_t bin[3000], back[3000];
static char text[4100];

int main(void)
{
	const char *vec[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	char out[64];
	for (int i = 0; i < 7; i++) {
		encode((const uint8_t *)vec[i], strlen(vec[i]), out);
		printf("BASE64(\"%s\") = \"%s\"\n", vec[i], out);
	}
	lcg_seed(64);
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(lcg_next() >> 24);
	int ok = 0;
	for (size_t n = 2990; n <= 3000; n++) {
		encode(bin, n, text);
		long m = decode(text, back);
		ok += m == (long)n && memcmp(bin, back, n) == 0;
	}
	printf("round trips ok %d/11, last text hash %08x\n", ok,
	       fnv1a(FNV_INIT, text, strlen(text)));
	printf("decode invalid: %ld\n", decode("ab$=", back));
	return 0;
}
