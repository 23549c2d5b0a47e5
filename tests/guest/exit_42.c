/* exit(42) from a nested call: atexit handlers and stdio flushing run, status is 42. */
#include <stdio.h>
#include <stdlib.h>

/* Called through a volatile pointer so gcc does not treat nested() as endless recursion. */
static void (*volatile do_exit)(int) = exit;

static void bye(void)
{
	printf("atexit handler ran\n");
}

static void nested(int depth)
{
	if (depth == 0) {
		printf("calling exit(42), buffered text must still appear");
		do_exit(42);
		return;
	}
	nested(depth - 1);
}

int main(void)
{
	atexit(bye);
	nested(10);
	printf("not reached\n");
	return 0;
}
