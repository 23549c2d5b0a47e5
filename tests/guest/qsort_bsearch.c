/* qsort and bsearch on ints, strings and structs with various comparison functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guest_util.h"

struct rec {
	int key;
	char name[8];
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b)
{
	return cmp_int(b, a);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return strcmp(x->name, y->name);
}

static int v[20000];

int main(void)
{
	lcg_seed(5);
	for (int i = 0; i < 20000; i++)
		v[i] = (int)(lcg_next() % 100000) - 50000;
	qsort(v, 20000, sizeof(int), cmp_int);
	int sorted = 1;
	for (int i = 1; i < 20000; i++)
		sorted &= v[i - 1] <= v[i];
	printf("sorted %d first %d last %d median %d\n", sorted, v[0], v[19999], v[10000]);
	int found = 0;
	for (int k = -50000; k < 50000; k += 37)
		found += bsearch(&k, v, 20000, sizeof(int), cmp_int) != NULL;
	printf("bsearch found %d\n", found);
	qsort(v, 20000, sizeof(int), cmp_int_desc);
	printf("desc first %d last %d hash %08x\n", v[0], v[19999], fnv1a(FNV_INIT, v, sizeof(v)));
	const char *names[] = {"pear",   "apple", "fig",   "kiwi",  "banana",
	                       "cherry", "date",  "grape", "lemon", "mango"};
	qsort(names, 10, sizeof(names[0]), cmp_str);
	for (int i = 0; i < 10; i++)
		printf("%s ", names[i]);
	printf("\n");
	struct rec recs[200];
	for (int i = 0; i < 200; i++) {
		recs[i].key = (int)lcg_below(20);
		snprintf(recs[i].name, sizeof(recs[i].name), "r%03u", lcg_below(1000));
	}
	qsort(recs, 200, sizeof(recs[0]), cmp_rec);
	for (int i = 0; i < 200; i += 25)
		printf("%d:%s ", recs[i].key, recs[i].name);
	printf("\n");
	struct rec key = recs[123];
	struct rec *p = bsearch(&key, recs, 200, sizeof(recs[0]), cmp_rec);
	printf("bsearch rec %s\n", p && cmp_rec(p, &key) == 0 ? "ok" : "missing");
	return 0;
}
