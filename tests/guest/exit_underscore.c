/* _exit(7) skips atexit handlers and stdio flushing: only flushed text appears, status 7. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void handler(void)
{
	printf("must not appear\n");
}

int main(void)
{
	atexit(handler);
	printf("flushed line\n");
	fflush(stdout);
	printf("unflushed text that _exit discards\n");
	_exit(7);
}
