/* Sorting: a Batcher odd-even merge network on 16 elements, insertion sort, merge sort, heap sort.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include "guest_util.h"

static void cswap(int32_t *a, int i, int j)
{
	if (a[i] > a[j]) {
		int32_t t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* Batcher's odd-even merge sort for n = 16 (Knuth TAOCP vol. 3, 5.3.4, Algorithm M). */
static void batcher16(int32_t *a)
{
	int n = 16;
	for (int p = 1; p < n; p <<= 1)
		for (int k = p; k >= 1; k >>= 1)
			for (int j = k % p; j + k < n; j += 2 * k)
				for (int i = 0; i < k && i + j + k < n; i++)
					if ((i + j) / (2 * p) == (i + j + k) / (2 * p))
						cswap(a, i + j, i + j + k);
}

static void insertion(int32_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		int32_t v = a[i];
		int j = i - 1;
		while (j >= 0 && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static int32_t tmp[4096];

static void merge_sort(int32_t *a, int n)
{
	if (n < 2)
		return;
	int m = n / 2;
	merge_sort(a, m);
	merge_sort(a + m, n - m);
	int i = 0, j = m, k = 0;
	while (i < m && j < n)
		tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
	while (i < m)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, (size_t)n * sizeof(*a));
}

static void sift(int32_t *a, int i, int n)
{
	for (;;) {
		int c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && a[c + 1] > a[c])
			c++;
		if (a[i] >= a[c])
			return;
		int32_t t = a[i];
		a[i] = a[c];
		a[c] = t;
		i = c;
	}
}

static void heap_sort(int32_t *a, int n)
{
	for (int i = n / 2 - 1; i >= 0; i--)
		sift(a, i, n);
	for (int i = n - 1; i > 0; i--) {
		int32_t t = a[0];
		a[0] = a[i];
		a[i] = t;
		sift(a, 0, i);
	}
}

static int32_t a1[4096], a2[4096], a3[4096];

int main(void)
{
	lcg_seed(4242);
	int bad = 0;
	for (int t = 0; t < 2000; t++) {
		int32_t v[16], w[16];
		for (int i = 0; i < 16; i++)
			v[i] = w[i] = (int32_t)lcg_below(50) - 25;
		batcher16(v);
		insertion(w, 16);
		bad += memcmp(v, w, sizeof(v)) != 0;
	}
	printf("batcher16 vs insertion: %d mismatches\n", bad);
	for (int i = 0; i < 4096; i++)
		a1[i] = a2[i] = a3[i] = (int32_t)lcg_next();
	merge_sort(a1, 4096);
	heap_sort(a2, 4096);
	insertion(a3, 4096);
	printf("merge==heap %d heap==insertion %d min %d max %d hash %08x\n",
	       memcmp(a1, a2, sizeof(a1)) == 0, memcmp(a2, a3, sizeof(a2)) == 0, a1[0], a1[4095],
	       fnv1a(FNV_INIT, a1, sizeof(a1)));
	return bad;
}
