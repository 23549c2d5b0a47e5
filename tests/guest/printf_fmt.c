/* printf-family formatting: sprintf/snprintf with integer, string, char, width, precision, flags.
 */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int main(void)
{
	char buf[512];
	const char *volatile longstr = "truncated output";
	int n;
	printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s] [%%]\n", -42, 42, 42u, 0xbeef, 0xbeef, 8,
	       'Z', "str");
	printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d]\n", 42, 42, 42, 42, 42, 7, 7);
	printf("[%#x] [%#o] [%#X] [%lx] [%hx] [%hhx]\n", 255, 8, 255, 0xdeadbeefUL, 0x12345, 0x1ff);
	printf("[%10s] [%-10s] [%.2s] [%*d] [%-*d]\n", "right", "left", "truncate", 6, 9, 6, 9);
	printf("[%d] [%d] [%u] [%lld] [%llu] [%llx]\n", INT_MAX, INT_MIN, UINT_MAX, LLONG_MIN,
	       ULLONG_MAX, 0x123456789abcdefULL);
	printf("[%zu] [%td] [%jd]\n", sizeof(long long), (ptrdiff_t)-5, (intmax_t)-99);
	n = snprintf(buf, 10, "%s-%d", longstr, 12345);
	printf("snprintf ret %d buf [%s]\n", n, buf);
	n = snprintf(NULL, 0, "%08.3f|%x", 3.14159, 255);
	printf("snprintf size %d\n", n);
	n = sprintf(buf, "%s|%5.1f|%-8.2e|%g|%g|%g", "mix", 2.25, 12345.678, 0.0001, 1e20, 100.0);
	printf("sprintf %d [%s]\n", n, buf);
	buf[0] = 0;
	for (int i = 0; i < 20; i++)
		sprintf(buf + strlen(buf), "%d,", i * i);
	printf("%s\n", buf);
	printf("[%c%c%c] [%5c] [%-3c|]\n", 'a', 'b', 'c', 'x', 'y');
	puts("puts line");
	putchar('!');
	putchar('\n');
	fputs("fputs line\n", stdout);
	return 0;
}
