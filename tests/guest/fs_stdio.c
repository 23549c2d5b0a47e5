#define _FILE_OFFSET_BITS 64
/* fs_stdio.c - the C library's buffered I/O over the file system calls: fopen, fprintf, fgets,
 * fscanf, fread/fwrite, fseek/ftell, rewind, ungetc, remove, tmpfile-free temporary names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a call's result, and errno's text when it failed (the call runs before errno is read). */
static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

int main(void)
{
	FILE *f = fopen("notes.txt", "w");
	if (!f) {
		printf("fopen: %s\n", strerror(errno));
		return 1;
	}
	for (int i = 1; i <= 100; i++)
		fprintf(f, "line %3d: %d squared is %d\n", i, i, i * i);
	printf("ftell after writing: %ld\n", ftell(f));
	fclose(f);

	f = fopen("notes.txt", "r");
	char line[128];
	int count = 0;
	long sum = 0;
	while (fgets(line, sizeof(line), f)) {
		int a, b, c;
		if (sscanf(line, "line %d: %d squared is %d", &a, &b, &c) == 3)
			sum += c;
		count++;
		if (count == 42)
			printf("line 42: %s", line);
	}
	printf("lines %d sum %ld feof %d\n", count, sum, feof(f));
	fseek(f, -13, SEEK_END);
	fgets(line, sizeof(line), f);
	printf("tail: %s", line);
	rewind(f);
	int c = fgetc(f);
	ungetc(c, f);
	fgets(line, sizeof(line), f);
	printf("first again: %s", line);
	fclose(f);

	f = fopen("notes.txt", "a+");
	fputs("appended\n", f);
	fseek(f, 0, SEEK_SET);
	fgets(line, sizeof(line), f);
	printf("a+ reads from start: %s", line);
	fseek(f, 0, SEEK_END);
	printf("size now %ld\n", ftell(f));
	fclose(f);

	double vals[64];
	for (int i = 0; i < 64; i++)
		vals[i] = i * 1.5;
	f = fopen("vals.bin", "wb");
	printf("fwrite: %zu\n", fwrite(vals, sizeof(double), 64, f));
	fclose(f);
	f = fopen("vals.bin", "rb");
	double back[64];
	printf("fread: %zu\n", fread(back, sizeof(double), 100, f));
	printf("same: %d eof %d\n", memcmp(vals, back, sizeof(vals)) == 0, feof(f));
	fclose(f);

	f = fopen("vals.bin", "r+");
	fseek(f, 8 * 10, SEEK_SET);
	double x = -1;
	fwrite(&x, sizeof(x), 1, f);
	fseek(f, 8 * 9, SEEK_SET);
	fread(back, sizeof(double), 3, f);
	printf("patched: %.1f %.1f %.1f\n", back[0], back[1], back[2]);
	fclose(f);

	rep("fopen missing", fopen("no/such/file", "r") ? 0 : -1);
	printf("remove: %d %d\n", remove("vals.bin"), remove("notes.txt"));
	rep("remove again", remove("notes.txt"));
	fprintf(stderr, "stderr is not compared\n");
	return 0;
}
