/* Large standard output: ~300 KiB through printf, fwrite, putchar and an unbuffered tail (write
 * path). */
#include <stdio.h>
#include <string.h>
#include "guest_util.h"

int main(void)
{
	static char line[100];
	lcg_seed(17);
	for (int i = 0; i < 3000; i++)
		printf("%05d %08x %s\n", i, lcg_next(), i % 2 ? "odd" : "even");
	memset(line, '#', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (int i = 0; i < 2000; i++)
		fwrite(line, 1, sizeof(line), stdout);
	for (int i = 0; i < 5000; i++)
		putchar("0123456789abcdef\n"[i % 17]);
	fflush(stdout);
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < 50; i++)
		printf("unbuffered %d\n", i);
	return 0;
}
