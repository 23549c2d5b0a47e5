/* exit(3) called in a thread other than the main one ends the whole process (exit_group(2)) with
 * that status, although the main thread is still waiting in pthread_join: status 5. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *quitter(void *arg)
{
	(void)arg;
	printf("thread: calling exit(5)\n");
	fflush(stdout);
	exit(5);
}

int main(void)
{
	pthread_t t;
	printf("main: starting the thread\n");
	fflush(stdout);
	if (pthread_create(&t, NULL, quitter, NULL) != 0)
		return 1;
	pthread_join(t, NULL); /* never returns: the thread's exit ends every thread */
	printf("main: not reached\n");
	return 0;
}
