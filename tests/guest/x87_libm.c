/* x87_libm.c - libm functions in double and long double over fixed arguments.  The long double
 * versions are the i387 assembly of glibc (fsin, fpatan, f2xm1, fyl2x, fprem, fscale...). */
#include <math.h>
#include <stdio.h>

static volatile long double args[] = {0.0L,  0.5L,   1.0L,  -1.25L,       3.0L,
                                      10.0L, 100.5L, 1e-5L, 2.718281828L, 0.75L};

int main(void)
{
	for (unsigned i = 0; i < sizeof args / sizeof args[0]; i++) {
		long double x = args[i];
		double d = (double)x;
		printf("x=%La\n", x);
		printf(" sinl %La cosl %La tanl %La\n", sinl(x), cosl(x), tanl(x));
		printf(" atanl %La atan2l %La expl %La\n", atanl(x), atan2l(x, 3.0L), expl(x));
		printf(" exp2l %La expm1l %La log1pl %La\n", exp2l(x), expm1l(x), log1pl(fabsl(x)));
		printf(" logl %La log2l %La log10l %La\n", logl(fabsl(x) + 1), log2l(fabsl(x) + 1),
		       log10l(fabsl(x) + 1));
		printf(" pow %a powl %La sqrtl %La cbrtl %La\n", pow(fabs(d) + 0.5, 1.7),
		       powl(fabsl(x) + 0.5L, 1.7L), sqrtl(fabsl(x)), cbrtl(x));
		printf(" fmodl %La remainderl %La\n", fmodl(x, 0.3L), remainderl(x, 0.3L));
		printf(" floor %a ceil %a rint %a trunc %a round %a lrint %ld\n", floor(d * 3),
		       ceil(d * 3), rint(d * 3), trunc(d * 3), round(d * 3), lrint(d * 3));
		printf(" sqrt %a fmod %a\n", sqrt(fabs(d)), fmod(d, 0.7));
		int e;
		long double m = frexpl(x, &e);
		long double ip;
		long double fp = modfl(x, &ip);
		printf(" frexpl %La %d ldexpl %La modfl %La %La\n", m, e, ldexpl(x, 100), ip, fp);
	}
	/* double and float versions over a sweep.  Where the reference is qemu-i386 (hosts that
	 * cannot run i386 binaries), its software x87 is not bit-exact for every FYL2X/F2XM1
	 * result that glibc's i387 pow() rounds to double, so pow() keeps to fixed arguments;
	 * the host x87, which pse386 uses, agrees with itself (tests/unit/test_x87_diff.c). */
	for (int i = 0; i < 40; i++) {
		volatile double x = i * 0.377 - 7.0;
		volatile float f = (float)x;
		printf("d %a: %a %a %a %a %a %a\n", x, sin(x), cos(x), tan(x), atan2(x, 1.5),
		       exp(x), log(fabs(x) + 0.1));
		printf("f %a: %a %a %a %a\n", (double)f, (double)sinf(f), (double)cosf(f),
		       (double)expf(f), (double)logf(fabsf(f) + 0.1f));
	}
	/* Large arguments exercise the FPREM reduction in sinl/cosl. */
	printf("sinl(1e10) %La cosl(1e10) %La\n", sinl(1e10L), cosl(1e10L));
	printf("atan2l quadrants %La %La %La %La\n", atan2l(1, 1), atan2l(1, -1), atan2l(-1, -1),
	       atan2l(-1, 1));
	printf("pi %.21Lg\n", 4 * atanl(1));
	return 0;
}
