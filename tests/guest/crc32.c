/* CRC-32 (IEEE 802.3, reflected 0xEDB88320) bitwise and table-driven, plus Adler-32, on fixed data.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include "guest_util.h"

static uint32_t table[256];

static void make_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		table[i] = c;
	}
}

static uint32_t crc_table(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < n; i++) {
		a = (a + p[i]) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

static uint8_t buf[200000];

int main(void)
{
	make_table();
	const char *check = "123456789"; /* the standard check value is cbf43926 */
	printf("crc32(\"123456789\") = %08x bitwise %08x adler %08x\n",
	       crc_table((const uint8_t *)check, 9), crc_bitwise((const uint8_t *)check, 9),
	       adler32((const uint8_t *)check, 9));
	lcg_seed(1);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(lcg_next() >> 16);
	printf("crc32 200000 bytes = %08x\n", crc_table(buf, sizeof(buf)));
	printf("bitwise 20000 bytes = %08x table %08x\n", crc_bitwise(buf, 20000),
	       crc_table(buf, 20000));
	printf("adler32 = %08x\n", adler32(buf, sizeof(buf)));
	return 0;
}
