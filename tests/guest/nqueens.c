/* N-queens by backtracking with bitmasks for N = 1..10, and the first solution for N = 8. */
#include <stdio.h>

static int count(int n, unsigned cols, unsigned d1, unsigned d2)
{
	unsigned full = (1u << n) - 1;
	if (cols == full)
		return 1;
	int total = 0;
	unsigned avail = full & ~(cols | d1 | d2);
	while (avail) {
		unsigned bit = avail & -avail;
		avail ^= bit;
		total += count(n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
	}
	return total;
}

static int pos[8];

static int place(int row)
{
	if (row == 8)
		return 1;
	for (int c = 0; c < 8; c++) {
		int ok = 1;
		for (int r = 0; r < row; r++)
			if (pos[r] == c || pos[r] - c == row - r || c - pos[r] == row - r)
				ok = 0;
		if (ok) {
			pos[row] = c;
			if (place(row + 1))
				return 1;
		}
	}
	return 0;
}

int main(void)
{
	for (int n = 1; n <= 10; n++)
		printf("queens(%d) = %d\n", n, count(n, 0, 0, 0));
	place(0);
	for (int r = 0; r < 8; r++) {
		for (int c = 0; c < 8; c++)
			putchar(pos[r] == c ? 'Q' : '.');
		putchar('\n');
	}
	return 0;
}
