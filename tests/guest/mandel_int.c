/* Mandelbrot set as ASCII art with 16.16 fixed-point integer arithmetic (no floating point). */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
	const char *shade = " .:-=+*#%@";
	int32_t total = 0;
	for (int row = 0; row < 24; row++) {
		int32_t ci = (int32_t)((row - 12) * 65536 / 10);
		for (int col = 0; col < 72; col++) {
			int32_t cr = (int32_t)((col - 50) * 65536 / 22);
			int32_t zr = 0, zi = 0;
			int it = 0;
			while (it < 100) {
				int64_t zr2 = (int64_t)zr * zr >> 16, zi2 = (int64_t)zi * zi >> 16;
				if (zr2 + zi2 > 4 * 65536)
					break;
				int32_t nzr = (int32_t)(zr2 - zi2) + cr;
				zi = (int32_t)((int64_t)zr * zi >> 15) + ci;
				zr = nzr;
				it++;
			}
			total += it;
			putchar(shade[it >= 100 ? 9 : it % 9]);
		}
		putchar('\n');
	}
	printf("total iterations %d\n", total);
	return 0;
}
