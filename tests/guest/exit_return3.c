/* Exit status from main's return value: the process exits with status 3. */
#include <stdio.h>

int main(void)
{
	printf("returning 3 from main\n");
	return 3;
}
