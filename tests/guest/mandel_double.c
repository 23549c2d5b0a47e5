/* Mandelbrot set as ASCII art computed with doubles (x87 add/mul/compare). */
#include <stdio.h>

int main(void)
{
	const char *shade = " .,:;ox%#@";
	long total = 0;
	for (int row = 0; row < 30; row++) {
		double ci = -1.2 + row * (2.4 / 29);
		for (int col = 0; col < 78; col++) {
			double cr = -2.1 + col * (3.0 / 77);
			double zr = 0, zi = 0;
			int it = 0;
			while (it < 200 && zr * zr + zi * zi <= 4.0) {
				double t = zr * zr - zi * zi + cr;
				zi = 2 * zr * zi + ci;
				zr = t;
				it++;
			}
			total += it;
			putchar(shade[it >= 200 ? 9 : it % 9]);
		}
		putchar('\n');
	}
	printf("total iterations %ld\n", total);
	return 0;
}
