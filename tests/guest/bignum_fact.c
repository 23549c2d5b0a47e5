/* Big-number arithmetic in base 10^9: 300!, 2^1000, Fibonacci(1000), digit sums. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define LIMBS 100
#define BASE  1000000000u

struct big {
	int n;
	uint32_t d[LIMBS]; /* little-endian base 1e9 */
};

static void set(struct big *b, uint32_t v)
{
	b->n = 1;
	b->d[0] = v;
}

static void mul_small(struct big *b, uint32_t m)
{
	uint64_t carry = 0;
	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->d[i] * m + carry;
		b->d[i] = (uint32_t)(t % BASE);
		carry = t / BASE;
	}
	while (carry) {
		b->d[b->n++] = (uint32_t)(carry % BASE);
		carry /= BASE;
	}
}

static void add(struct big *r, const struct big *a, const struct big *b)
{
	uint32_t carry = 0;
	int n = a->n > b->n ? a->n : b->n;
	for (int i = 0; i < n; i++) {
		uint32_t s = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
		carry = s >= BASE;
		r->d[i] = s - (carry ? BASE : 0);
	}
	r->n = n;
	if (carry)
		r->d[r->n++] = 1;
}

static void print(const char *label, const struct big *b)
{
	char s[LIMBS * 9 + 1];
	int len = sprintf(s, "%u", b->d[b->n - 1]);
	for (int i = b->n - 2; i >= 0; i--)
		len += sprintf(s + len, "%09u", b->d[i]);
	int sum = 0;
	for (int i = 0; i < len; i++)
		sum += s[i] - '0';
	printf("%s: %d digits, digit sum %d\n%s\n", label, len, sum, s);
}

int main(void)
{
	struct big b;
	set(&b, 1);
	for (uint32_t i = 2; i <= 300; i++)
		mul_small(&b, i);
	print("300!", &b);
	set(&b, 1);
	for (int i = 0; i < 1000; i++)
		mul_small(&b, 2);
	print("2^1000", &b);
	struct big f0, f1, f2;
	set(&f0, 0);
	set(&f1, 1);
	for (int i = 2; i <= 1000; i++) {
		add(&f2, &f0, &f1);
		f0 = f1;
		f1 = f2;
	}
	print("fib(1000)", &f1);
	return 0;
}
