/* Matrix multiply: 64x64 integer (wrapping uint32) and 48x48 double, with transposed-access
 * variant. */
#include <stdio.h>
#include <stdint.h>
#include "guest_util.h"

#define N 64
#define M 48

static uint32_t A[N][N], B[N][N], C[N][N], Ct[N][N];
static double X[M][M], Y[M][M], Z[M][M];

int main(void)
{
	lcg_seed(8);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = lcg_next();
			B[i][j] = lcg_next() >> 20;
		}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			uint32_t s = 0;
			for (int k = 0; k < N; k++)
				s += A[i][k] * B[k][j];
			C[i][j] = s;
		}
	/* i-k-j loop order gives the same sums in another memory access pattern. */
	for (int i = 0; i < N; i++)
		for (int k = 0; k < N; k++)
			for (int j = 0; j < N; j++)
				Ct[i][j] += A[i][k] * B[k][j];
	int same = 1;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			same &= C[i][j] == Ct[i][j];
	printf("int matmul hash %08x orders agree %d C[5][7]=%08x\n", fnv1a(FNV_INIT, C, sizeof(C)),
	       same, C[5][7]);
	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++) {
			X[i][j] = (double)((int)lcg_below(2001) - 1000) / 64.0;
			Y[i][j] = (i == j) ? 2.0 : (double)(i - j) / 8.0;
		}
	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++) {
			double s = 0;
			for (int k = 0; k < M; k++)
				s += X[i][k] * Y[k][j];
			Z[i][j] = s;
		}
	double trace = 0;
	for (int i = 0; i < M; i++)
		trace += Z[i][i];
	printf("double matmul trace %.6f Z[3][4]=%.6f Z[47][0]=%.6f\n", trace, Z[3][4], Z[47][0]);
	return 0;
}
