/* x87_arith.c - float, double and long double arithmetic on the x87 (gcc -m32 uses the x87 for
 * all three), printed exactly: division, square roots, precision and denormals. */
#include <float.h>
#include <math.h>
#include <stdio.h>

static volatile float vf[] = {1.0f, 3.0f, 0.1f, 1e-40f, 16777217.0f, -2.5f};
static volatile double vd[] = {1.0, 3.0, 0.1, 1e-310, 9007199254740993.0, -2.5, 1e308};
static volatile long double vl[] = {1.0L, 3.0L, 0.1L, 1e-4940L, 18446744073709551617.0L, -2.5L};

int main(void)
{
	for (int i = 0; i < 6; i++)
		for (int j = 0; j < 6; j++) {
			float f = vf[i] / vf[j] + vf[j] * vf[i] - vf[i];
			double d = vd[i] / vd[j] + vd[j] * vd[i] - vd[i];
			long double l = vl[i] / vl[j] + vl[j] * vl[i] - vl[i];
			printf("%d %d %a %.9g | %a %.17g | %La %.21Lg\n", i, j, f, f, d, d, l, l);
		}
	double big = vd[6];
	printf("overflow %g %g\n", big * 10, -big * 10);
	printf("underflow %a %a\n", vd[3] / 1e10, vd[3] * vd[3]);
	printf("sqrt %a %a %La\n", sqrtf(vf[2]), sqrt(vd[2]), sqrtl(vl[2]));
	printf("inf-inf %f, 0/0 %f\n", (double)(1 / (vd[0] - 1)) - 1 / (vd[0] - 1),
	       (vd[0] - 1) / (vd[0] - 1));
	long double acc = 0;
	double dacc = 0;
	for (int k = 1; k <= 1000; k++) {
		acc += 1.0L / k;
		dacc += 1.0 / (k * (double)k);
	}
	printf("harmonic %.25Lg %La\nbasel %.17g %a\n", acc, acc, dacc, dacc);
	printf("eps %a %a %La\n", FLT_EPSILON, DBL_EPSILON, LDBL_EPSILON);
	printf("fabs/neg %a %a %La\n", fabsf(vf[5]), -vd[5], fabsl(vl[5]));
	return 0;
}
