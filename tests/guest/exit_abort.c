/* abort() raises SIGABRT: the shell sees 128+6 = 134 natively, and pse386 must exit with 134 too.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("about to abort\n");
	fflush(stdout); /* abort does not flush stdio (POSIX abort(3)) */
	abort();
	printf("not reached\n");
	return 0;
}
