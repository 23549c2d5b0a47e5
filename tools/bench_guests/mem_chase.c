/* Memory-bound benchmark: pointer chasing through a random cyclic permutation of 16 MiB of
 * 64-byte nodes (Sattolo's algorithm), so every load depends on the previous one.
 * Argument: steps in millions (default 2). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

struct node {
	struct node *next;
	uint32_t pad[15];
};

#define NODES (256u * 1024u) /* 16 MiB */

int main(int argc, char **argv)
{
	uint32_t millions = argc > 1 ? (uint32_t)atoi(argv[1]) : 2;
	struct node *nodes = malloc(NODES * sizeof(*nodes));
	uint32_t *perm = malloc(NODES * sizeof(*perm));
	if (!nodes || !perm)
		return 1;
	for (uint32_t i = 0; i < NODES; i++)
		perm[i] = i;
	uint32_t x = 7;
	for (uint32_t i = NODES - 1; i > 0; i--) {
		x = x * 1664525u + 1013904223u;
		uint32_t j = (uint32_t)(((uint64_t)x * i) >> 32); /* j < i: one cycle (Sattolo) */
		uint32_t t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (uint32_t i = 0; i < NODES; i++)
		nodes[i].next = &nodes[perm[i]];
	struct node *p = &nodes[0];
	for (uint32_t n = 0; n < millions * 1000000u; n++)
		p = p->next;
	printf("end at node %u\n", (uint32_t)(p - nodes));
	free(perm);
	free(nodes);
	return 0;
}
