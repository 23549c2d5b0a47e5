/* Structs, unions, bitfields, packed layouts, struct copy/return, type punning through unions. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <stddef.h>

struct bits {
	unsigned a : 3;
	unsigned b : 5;
	signed c : 4;
	unsigned d : 12;
	unsigned e : 8;
};

struct __attribute__((packed)) packed {
	uint8_t x;
	uint32_t y;
	uint16_t z;
};

struct mixed {
	char c;
	double d;
	short s;
	long long ll;
	int i;
};

union pun {
	float f;
	uint32_t u;
	uint8_t b[4];
};

union pun64 {
	double d;
	uint64_t u;
	uint16_t w[4];
};

struct big {
	int v[40];
};

static struct big make_big(int seed)
{
	struct big b;
	for (int i = 0; i < 40; i++)
		b.v[i] = seed * i;
	return b;
}

int main(void)
{
	struct bits bf = {0};
	for (int i = 0; i < 40; i++) {
		bf.a = (unsigned)i;
		bf.b += 3;
		bf.c = i - 8;
		bf.d = (unsigned)(i * 333);
		bf.e ^= (unsigned)i * 7;
		uint32_t raw;
		memcpy(&raw, &bf, 4);
		if (i % 5 == 0)
			printf("bf a=%u b=%u c=%d d=%u e=%u raw=%08x\n", bf.a, bf.b, bf.c, bf.d,
			       bf.e, raw);
	}
	printf("sizeof bits %zu packed %zu mixed %zu\n", sizeof(struct bits), sizeof(struct packed),
	       sizeof(struct mixed));
	printf(
	    "offsets packed.y %zu packed.z %zu mixed.d %zu mixed.s %zu mixed.ll %zu mixed.i %zu\n",
	    offsetof(struct packed, y), offsetof(struct packed, z), offsetof(struct mixed, d),
	    offsetof(struct mixed, s), offsetof(struct mixed, ll), offsetof(struct mixed, i));
	struct packed pk[4];
	for (int i = 0; i < 4; i++) {
		pk[i].x = (uint8_t)i;
		pk[i].y = 0x11223344u * (uint32_t)(i + 1);
		pk[i].z = (uint16_t)(0xabcd + i);
	}
	const uint8_t *pb = (const uint8_t *)pk;
	for (size_t i = 0; i < sizeof(pk); i++)
		printf("%02x", pb[i]);
	printf("\n");
	union pun p;
	p.f = -1.5f;
	printf("float -1.5 = %08x bytes %02x %02x %02x %02x\n", p.u, p.b[0], p.b[1], p.b[2],
	       p.b[3]);
	p.u = 0x40490fdbu;
	printf("0x40490fdb = %.6f\n", p.f);
	union pun64 q;
	q.d = 1.0 / 3.0;
	printf("1/3 = %016llx w3=%04x\n", (unsigned long long)q.u, q.w[3]);
	struct big b1 = make_big(3), b2;
	b2 = b1;
	b2.v[39] += 1;
	int s = 0;
	for (int i = 0; i < 40; i++)
		s += b1.v[i] + b2.v[i];
	printf("struct copy sum %d equal %d\n", s, memcmp(&b1, &b2, sizeof(b1)) == 0);
	struct mixed m = {'q', 2.5, -3, -1234567890123LL, 77};
	struct mixed m2 = m;
	printf("mixed %c %.1f %d %lld %d\n", m2.c, m2.d, m2.s, m2.ll, m2.i);
	return 0;
}
