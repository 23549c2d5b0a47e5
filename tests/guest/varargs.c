/* Variadic functions: va_arg of int, long long, double, pointers; va_copy; vsnprintf wrappers. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static long long sum_mixed(const char *fmt, ...)
{
	va_list ap;
	long long s = 0;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		switch (*p) {
		case 'i': s += va_arg(ap, int); break;
		case 'l': s += va_arg(ap, long long); break;
		case 'd': s += (long long)(va_arg(ap, double) * 100.0); break;
		case 's': s += (long long)strlen(va_arg(ap, const char *)); break;
		case 'c': s += va_arg(ap, int); break;
		}
	}
	va_end(ap);
	return s;
}

static int count_twice(int n, ...)
{
	va_list ap, ap2;
	int a = 0, b = 0;
	va_start(ap, n);
	va_copy(ap2, ap);
	for (int i = 0; i < n; i++)
		a += va_arg(ap, int);
	for (int i = 0; i < n; i++)
		b += va_arg(ap2, int) * 2;
	va_end(ap2);
	va_end(ap);
	return a * 1000 + b;
}

static char out[256];

static int fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(out, sizeof(out), f, ap);
	va_end(ap);
	return n;
}

int main(void)
{
	printf("%lld\n", sum_mixed("ildsc", 5, 10000000000LL, 1.25, "four", 'A'));
	printf("%lld\n", sum_mixed("iiiiiiiiii", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	printf("%lld\n", sum_mixed("dldl", -0.5, -3LL, 2.75, 1LL << 40));
	printf("%d\n", count_twice(6, 1, 2, 3, 4, 5, 6));
	int n = fmt("%s=%d %.3f %lld %c", "x", 42, 3.25, -9LL, 'z');
	printf("vsnprintf %d [%s]\n", n, out);
	return 0;
}
