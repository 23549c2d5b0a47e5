/* setjmp/longjmp: return values, jumps out of nested calls, preserved volatile locals, loops. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf env;
static int depth_reached;
/* Through a volatile pointer so gcc does not treat dive() as endless recursion. */
static void (*volatile jump)(struct __jmp_buf_tag *, int) = longjmp;

static void dive(int n)
{
	depth_reached = n;
	if (n == 50) {
		jump(env, n);
		return;
	}
	dive(n + 1);
}

static jmp_buf retry;

int main(void)
{
	volatile int count = 0;
	int r = setjmp(env);
	if (r == 0) {
		printf("first return 0\n");
		dive(1);
		printf("not reached\n");
	} else {
		printf("longjmp returned %d depth %d\n", r, depth_reached);
	}
	r = setjmp(retry);
	count++;
	if (count < 5)
		longjmp(retry, count);
	printf("loop via longjmp: r=%d count=%d\n", r, count);
	if (setjmp(env) == 0)
		longjmp(env, 0); /* longjmp with 0 makes setjmp return 1 (C11 7.13.2.1) */
	else
		printf("longjmp(0) became 1\n");
	sigjmp_buf sj;
	if (sigsetjmp(sj, 1) == 0)
		siglongjmp(sj, 7);
	else
		printf("siglongjmp ok\n");
	return 0;
}
