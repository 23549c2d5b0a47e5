/* Parsing: sscanf conversions, strtol/strtoul/strtoll with bases and end pointers, strtod, atoi. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

int main(void)
{
	int a, b, n;
	unsigned x;
	char word[32], rest[64];
	double d;
	n = sscanf("12 -34 ff hello 2.5e3 tail end", "%d %d %x %31s %lf %63[^\n]", &a, &b, &x, word,
	           &d, rest);
	printf("n=%d a=%d b=%d x=%u word=%s d=%.3f rest=[%s]\n", n, a, b, x, word, d, rest);
	n = sscanf("key=value;42", "%31[^=]=%31[^;];%d", word, rest, &a);
	printf("n=%d %s %s %d\n", n, word, rest, a);
	n = sscanf("abc", "%d", &a);
	printf("no match n=%d\n", n);
	char c;
	n = sscanf("  x7", " %c%n", &c, &a);
	printf("char %c consumed %d n=%d\n", c, a, n);
	const char *nums[] = {"0",          "123",         "-456",     "0x1F",
	                      "077",        "0b1",         "  +89xyz", "2147483647",
	                      "2147483648", "-2147483649", "zzz",      "0xffffffff"};
	for (int i = 0; i < 12; i++) {
		char *end;
		errno = 0;
		long v = strtol(nums[i], &end, 0);
		int e1 = errno;
		errno = 0;
		unsigned long uv = strtoul(nums[i], NULL, 16);
		int e2 = errno;
		long long ll = strtoll(nums[i], NULL, 10);
		printf(
		    "%-12s strtol0=%ld end=%td erange=%d strtoul16=%lu erange=%d strtoll10=%lld\n",
		    nums[i], v, end - nums[i], e1 == ERANGE, uv, e2 == ERANGE, ll);
	}
	printf("base36 %ld base2 %ld base7 %ld\n", strtol("zz", NULL, 36),
	       strtol("101101", NULL, 2), strtol("666", NULL, 7));
	const char *ds[] = {"3.14159", "-0.5", "1e10",    "6.02214076e23", "1.5e-7", ".25",
	                    "inf",     "-nan", "0x1.8p1", "123abc",        "1e400"};
	for (int i = 0; i < 11; i++) {
		char *end;
		errno = 0;
		double v = strtod(ds[i], &end);
		printf("%-14s -> %.10g end=%td erange=%d\n", ds[i], v, end - ds[i],
		       errno == ERANGE);
	}
	printf("atoi %d atol %ld atof %.4f\n", atoi("  -77abc"), atol("123456"), atof("9.8765"));
	return 0;
}
