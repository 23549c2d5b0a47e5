/* argc/argv from the .args file (argv[0] differs between runs so it is not printed) and
 * setenv/getenv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
	printf("argc %d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = [%s] len %zu\n", i, argv[i], strlen(argv[i]));
	printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
	printf("argv[0] non-empty: %d\n", argv[0] != NULL && argv[0][0] != 0);
	/* The inherited environment differs between the two runs; only its shape is checked. */
	int well_formed = 1;
	for (char **e = environ; *e; e++)
		well_formed &= strchr(*e, '=') != NULL;
	printf("environ well formed %d\n", well_formed);
	printf("missing var %s\n", getenv("PSE386_SURELY_UNSET_VAR") ? "set" : "unset");
	setenv("PSE386_T1", "one", 1);
	setenv("PSE386_T1", "two", 0);
	printf("T1=%s\n", getenv("PSE386_T1"));
	setenv("PSE386_T1", "three", 1);
	printf("T1=%s\n", getenv("PSE386_T1"));
	putenv("PSE386_T2=from putenv");
	printf("T2=%s\n", getenv("PSE386_T2"));
	unsetenv("PSE386_T1");
	printf("T1 after unset %s\n", getenv("PSE386_T1") ? "set" : "unset");
	long total = 0;
	for (int i = 1; i < argc; i++)
		total += strtol(argv[i], NULL, 0);
	printf("numeric total %ld\n", total);
	return 0;
}
