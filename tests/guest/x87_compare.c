/* x87_compare.c - comparisons (FUCOMIP/FCOMIP and FCMOV as gcc emits them for i686, FCOM/FNSTSW
 * for the isgreater family), NaN and signed zero, fmin/fmax, and floating-point exception
 * flags through fetestexcept. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double v[] = {-INFINITY, -1.5, -0.0, 0.0, 1e-310, 1.5, INFINITY, NAN};
static volatile long double lv[] = {-1.0L, 0.0L, 1.0L, NAN};

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	int n = sizeof v / sizeof v[0];
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++) {
			double a = v[i], b = v[j];
			printf("%d%d%d%d%d%d%d%d%d ", a<b, a <= b, a == b, a != b, a> b, a >= b,
			       isless(a, b), isunordered(a, b), islessgreater(a, b));
		}
		printf("| max %g min %g\n", fmax(v[i], 1.0), fmin(v[i], 1.0));
	}
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++) {
			long double a = lv[i], b = lv[j];
			long double sel = a < b ? a : b;
			printf("l %d %d: %d %d %Lg\n", i, j, a < b, a == b, sel);
		}
	double arr[] = {3.5, -2, 7, 0.25, -1e9, 42, 1e-3, -0.5};
	qsort(arr, 8, sizeof arr[0], cmp);
	for (int i = 0; i < 8; i++)
		printf("%g ", arr[i]);
	printf("\n");

	static const struct {
		const char *name;
		int flag;
	} f[] = {{"inexact", FE_INEXACT},
	         {"divbyzero", FE_DIVBYZERO},
	         {"invalid", FE_INVALID},
	         {"overflow", FE_OVERFLOW},
	         {"underflow", FE_UNDERFLOW}};
	volatile double one = 1, zero = 0, big = 1e308, tiny = 1e-308;
	volatile double r;
	for (int k = 0; k < 6; k++) {
		feclearexcept(FE_ALL_EXCEPT);
		switch (k) {
		case 0: r = one / 3; break;
		case 1: r = one / zero; break;
		case 2: r = zero / zero; break;
		case 3: r = big * big; break;
		case 4: r = tiny * tiny; break;
		case 5: r = sqrt(-one); break;
		}
		printf("op %d -> %g:", k, r);
		for (int i = 0; i < 5; i++)
			if (fetestexcept(f[i].flag))
				printf(" %s", f[i].name);
		printf("\n");
	}
	return 0;
}
