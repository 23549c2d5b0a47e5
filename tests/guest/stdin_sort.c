/* Reading lines of standard input with fgets and numbers with scanf, then sorting and summarising.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	int count;
	if (scanf("%d", &count) != 1)
		return 1;
	long sum = 0;
	for (int i = 0; i < count; i++) {
		long v;
		if (scanf("%ld", &v) != 1)
			return 2;
		sum += v;
	}
	printf("%d numbers sum %ld\n", count, sum);
	char line[256];
	char *lines[100];
	int n = 0;
	fgets(line, sizeof(line), stdin); /* rest of the numbers line */
	while (n < 100 && fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		lines[n++] = strdup(line);
	}
	qsort(lines, (size_t)n, sizeof(lines[0]), cmp);
	for (int i = 0; i < n; i++) {
		printf("%2d: %s\n", i, lines[i]);
		free(lines[i]);
	}
	return 0;
}
