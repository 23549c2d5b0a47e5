/* A chained hash table of strings: inserts, lookups, deletes; pointer-chasing through malloc'd
 * nodes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guest_util.h"

struct node {
	char key[16];
	int value;
	struct node *next;
};

#define BUCKETS 1021
static struct node *table[BUCKETS];

static unsigned bucket(const char *k)
{
	return fnv1a(FNV_INIT, k, strlen(k)) % BUCKETS;
}

static struct node *find(const char *k)
{
	for (struct node *n = table[bucket(k)]; n; n = n->next)
		if (strcmp(n->key, k) == 0)
			return n;
	return NULL;
}

static void put(const char *k, int v)
{
	struct node *n = find(k);
	if (n) {
		n->value += v;
		return;
	}
	n = malloc(sizeof(*n));
	snprintf(n->key, sizeof(n->key), "%s", k);
	n->value = v;
	unsigned b = bucket(k);
	n->next = table[b];
	table[b] = n;
}

static int del(const char *k)
{
	for (struct node **pp = &table[bucket(k)]; *pp; pp = &(*pp)->next)
		if (strcmp((*pp)->key, k) == 0) {
			struct node *n = *pp;
			*pp = n->next;
			free(n);
			return 1;
		}
	return 0;
}

int main(void)
{
	char k[16];
	lcg_seed(1021);
	for (int i = 0; i < 30000; i++) {
		snprintf(k, sizeof(k), "k%u", lcg_below(5000));
		put(k, i % 7);
	}
	int deleted = 0;
	for (int i = 0; i < 5000; i += 3) {
		snprintf(k, sizeof(k), "k%d", i);
		deleted += del(k);
	}
	int entries = 0, longest = 0;
	long total = 0;
	for (int b = 0; b < BUCKETS; b++) {
		int len = 0;
		for (struct node *n = table[b]; n; n = n->next) {
			entries++;
			len++;
			total += n->value;
		}
		if (len > longest)
			longest = len;
	}
	printf("entries %d deleted %d longest chain %d total %ld\n", entries, deleted, longest,
	       total);
	const char *probe[] = {"k1", "k2", "k3", "k4999", "k12", "nope"};
	for (int i = 0; i < 6; i++) {
		struct node *n = find(probe[i]);
		printf("%s -> %d\n", probe[i], n ? n->value : -1);
	}
	return 0;
}
