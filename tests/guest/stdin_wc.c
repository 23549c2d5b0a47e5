/* Reading standard input with getchar/fgets: counts lines, words, bytes and letter frequencies. */
#include <stdio.h>
#include <ctype.h>

int main(void)
{
	long lines = 0, words = 0, bytes = 0;
	int c, inword = 0;
	long freq[26] = {0};
	while ((c = getchar()) != EOF) {
		bytes++;
		if (c == '\n')
			lines++;
		if (isspace(c)) {
			inword = 0;
		} else if (!inword) {
			inword = 1;
			words++;
		}
		if (isalpha(c))
			freq[tolower(c) - 'a']++;
	}
	printf("%ld lines %ld words %ld bytes\n", lines, words, bytes);
	for (int i = 0; i < 26; i++)
		if (freq[i])
			printf("%c:%ld ", 'a' + i, freq[i]);
	printf("\n");
	return 0;
}
