/* x87_round.c - the four rounding modes (fesetround sets the x87 control word RC) applied to
 * arithmetic, rint/nearbyint/lrint/llrint and conversions, plus precision control. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
static const char *const names[] = {"nearest", "down", "up", "zero"};
static volatile double xs[] = {2.5, 3.5, -2.5, -0.5, 0.49999999999999994, 1e15 + 0.5, -7.75};
static volatile long double one = 1, three = 3, seven = 7;

int main(void)
{
	for (int m = 0; m < 4; m++) {
		if (fesetround(modes[m]) != 0)
			return 1;
		printf("%s: fegetround ok %d\n", names[m], fegetround() == modes[m]);
		printf(" 1/3 %La %a %a\n", one / three, (double)(one / three),
		       (double)(float)(one / three));
		printf(" -1/7 %La sqrt7 %La\n", -one / seven, sqrtl(seven));
		for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++)
			printf(" x=%a rint %a nearbyint %a lrint %ld llrint %lld rintl %La\n",
			       xs[i], rint(xs[i]), nearbyint(xs[i]), lrint(xs[i]), llrint(xs[i]),
			       rintl(xs[i]));
		printf(" (int)-7.75 %d (float)0.1 %a\n", (int)xs[6], (double)(float)0.1L);
	}
	fesetround(FE_TONEAREST);
	/* Precision control through the control word: 24 and 53 bits. */
	unsigned short cw, pc;
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	for (unsigned p = 0; p < 4; p++) {
		if (p == 1)
			continue; /* reserved */
		pc = (unsigned short)((cw & ~0x300u) | (p << 8));
		volatile long double q;
		__asm__ volatile("fldcw %0" : : "m"(pc) : "memory");
		q = one / three;
		__asm__ volatile("fldcw %0" : : "m"(cw) : "memory");
		printf("pc %u: %La\n", p, q);
	}
	return 0;
}
