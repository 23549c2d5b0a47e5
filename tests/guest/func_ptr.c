/* Function pointers: tables of operations, callbacks, pointers returned from functions, qsort-like
 * dispatch. */
#include <stdio.h>
#include <stdint.h>

typedef int32_t (*binop)(int32_t, int32_t);

static int32_t add(int32_t a, int32_t b)
{
	return a + b;
}
static int32_t sub(int32_t a, int32_t b)
{
	return a - b;
}
static int32_t mul(int32_t a, int32_t b)
{
	return (int32_t)((uint32_t)a * (uint32_t)b);
}
static int32_t xor_(int32_t a, int32_t b)
{
	return a ^ b;
}
static int32_t max_(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

static binop table[] = {add, sub, mul, xor_, max_};
static const char *names[] = {"add", "sub", "mul", "xor", "max"};

static binop pick(int i)
{
	return table[i % 5];
}

static int32_t fold(const int32_t *v, int n, binop f, int32_t init)
{
	for (int i = 0; i < n; i++)
		init = f(init, v[i]);
	return init;
}

struct shape {
	const char *name;
	int (*area)(const struct shape *);
	int w, h;
};

static int rect_area(const struct shape *s)
{
	return s->w * s->h;
}
static int tri_area(const struct shape *s)
{
	return s->w * s->h / 2;
}

int main(void)
{
	int32_t v[] = {3, -7, 11, 100, -2, 9, 42, 1 << 20};
	for (int i = 0; i < 5; i++)
		printf("fold %s = %d\n", names[i], fold(v, 8, table[i], i == 2 ? 1 : 0));
	int32_t acc = 1;
	for (int i = 0; i < 1000; i++)
		acc = pick(i)(acc, i * 7 + 1);
	printf("chain %d\n", acc);
	struct shape shapes[] = {
	    {"rect", rect_area, 3, 4}, {"tri", tri_area, 5, 6}, {"square", rect_area, 7, 7}};
	for (int i = 0; i < 3; i++)
		printf("%s area %d\n", shapes[i].name, shapes[i].area(&shapes[i]));
	int32_t (*volatile indirect)(int32_t, int32_t) = mul;
	printf("volatile ptr %d\n", indirect(-6, 7));
	return 0;
}
