/* Static constructors/destructors (with priorities) and atexit handlers run in the specified order.
 */
#include <stdio.h>
#include <stdlib.h>

static int init_order[8];
static int n_init;
static int global_value = 5;

__attribute__((constructor(101))) static void ctor_first(void)
{
	init_order[n_init++] = 101;
	global_value *= 3;
}

__attribute__((constructor(200))) static void ctor_second(void)
{
	init_order[n_init++] = 200;
	global_value += 1;
}

__attribute__((constructor)) static void ctor_default(void)
{
	init_order[n_init++] = 999;
}

__attribute__((destructor)) static void dtor(void)
{
	printf("destructor ran\n");
}

static void at1(void)
{
	printf("atexit 1 (runs last)\n");
}

static void at2(void)
{
	printf("atexit 2 (runs first)\n");
}

int main(void)
{
	printf("constructors ran %d:", n_init);
	for (int i = 0; i < n_init; i++)
		printf(" %d", init_order[i]);
	printf("\nglobal_value %d\n", global_value);
	atexit(at1);
	atexit(at2);
	printf("main returns\n");
	return 0;
}
