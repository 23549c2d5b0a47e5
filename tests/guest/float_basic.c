/* Basic floating point (x87): printf %f/%e/%g, arithmetic, conversions, a little libm. */
#include <stdio.h>
#include <math.h>

int main(void)
{
	volatile double a = 1.0 / 3.0, b = 2.5, c = -1234.5678;
	printf("%f %f %f\n", a, b, c);
	printf("%.10f %e %g %g\n", a, c, c, 1e-5);
	printf("%.2f %.0f %.0f %.0f\n", 2.675, 0.5, 1.5, 2.5);
	float f = 0.1f;
	double sum = 0;
	for (int i = 0; i < 1000; i++)
		sum += f;
	printf("sum of 0.1f x1000 = %.9f\n", sum);
	printf("sqrt(2)=%.15f\n", sqrt(2.0));
	printf("sin(1)=%.15f cos(1)=%.15f\n", sin(1.0), cos(1.0));
	printf("exp(1)=%.15f log(10)=%.15f\n", exp(1.0), log(10.0));
	printf("pow(2,0.5)=%.15f floor=%.1f ceil=%.1f fabs=%.3f\n", pow(2.0, 0.5), floor(-2.5),
	       ceil(-2.5), fabs(c));
	volatile double big = 3e9;
	printf("(int)%.1f=%d (long long)=%lld (unsigned)=%u\n", 2.9, (int)2.9, (long long)big,
	       (unsigned)big);
	printf("(int)-2.9=%d\n", (int)-2.9);
	volatile int i = -7;
	volatile unsigned u = 4000000000u;
	printf("(double)%d=%f (double)%u=%f\n", i, (double)i, u, (double)u);
	volatile double z = 0.0;
	printf("1/0=%f -1/0=%f 0/0 is nan=%d\n", 1.0 / z, -1.0 / z, isnan(z / z));
	printf("fmod=%.6f atan2=%.12f\n", fmod(10.0, 3.0), atan2(1.0, 1.0));
	double acc = 1.0;
	for (int k = 1; k <= 20; k++)
		acc *= k;
	printf("20! as double = %.1f\n", acc);
	return 0;
}
