/* malloc/free/realloc/calloc stress with LCG-chosen sizes; contents verified after every move. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guest_util.h"

#define SLOTS 512

static unsigned char *ptr[SLOTS];
static size_t len[SLOTS];
static unsigned char tag[SLOTS];

static int check(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		if (ptr[i][k] != (unsigned char)(tag[i] + k))
			return 0;
	return 1;
}

static void fill(int i)
{
	for (size_t k = 0; k < len[i]; k++)
		ptr[i][k] = (unsigned char)(tag[i] + k);
}

int main(void)
{
	int bad = 0, mallocs = 0, reallocs = 0, callocs = 0, frees = 0;
	lcg_seed(31337);
	for (int step = 0; step < 6000; step++) {
		int i = (int)lcg_below(SLOTS);
		uint32_t op = lcg_below(4);
		size_t sz = lcg_below(8) == 0 ? lcg_below(4000) : lcg_below(300);
		if (ptr[i] && !check(i))
			bad++;
		if (op == 0 || !ptr[i]) {
			free(ptr[i]);
			if (op == 1) {
				ptr[i] = calloc(sz, 1);
				for (size_t k = 0; k < sz; k++)
					bad += ptr[i][k] != 0;
				callocs++;
			} else {
				ptr[i] = malloc(sz);
				mallocs++;
			}
			len[i] = sz;
			tag[i] = (unsigned char)step;
			fill(i);
		} else if (op == 1 || op == 2) {
			size_t keep = len[i] < sz ? len[i] : sz;
			unsigned char *q = realloc(ptr[i], sz);
			if (!q && sz) {
				bad++;
				continue;
			}
			ptr[i] = q;
			len[i] = keep;
			bad += !check(i);
			len[i] = sz;
			fill(i);
			reallocs++;
		} else {
			free(ptr[i]);
			ptr[i] = NULL;
			len[i] = 0;
			frees++;
		}
	}
	for (int i = 0; i < SLOTS; i++) {
		if (ptr[i] && !check(i))
			bad++;
		free(ptr[i]);
	}
	printf("mallocs %d reallocs %d callocs %d frees %d bad %d\n", mallocs, reallocs, callocs,
	       frees, bad);
	return bad != 0;
}
