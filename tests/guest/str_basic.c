/* String functions: strlen, strcpy, strcat, strcmp, strncmp, strchr, strrchr, strstr, strtok,
 * strspn. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

int main(void)
{
	char buf[256];
	strcpy(buf, "hello");
	strcat(buf, ", ");
	strcat(buf, "world");
	printf("[%s] len %zu\n", buf, strlen(buf));
	const char *words[] = {"apple", "apples", "Apple", "", "banana", "app", "apple"};
	for (int i = 0; i < 7; i++)
		for (int j = 0; j < 7; j++)
			printf("%d%s", sgn(strcmp(words[i], words[j])), j == 6 ? "\n" : " ");
	printf("strncmp %d %d\n", sgn(strncmp("abcdef", "abcxyz", 3)),
	       sgn(strncmp("abcdef", "abcxyz", 4)));
	printf("strchr %s strrchr %s\n", strchr(buf, 'o'), strrchr(buf, 'o'));
	printf("strstr %s | %s | %p\n", strstr(buf, "wor"), strstr(buf, ""),
	       (void *)strstr(buf, "xyz"));
	printf("strspn %zu strcspn %zu strpbrk %s\n", strspn("aabbcx", "ab"),
	       strcspn("hello", "lo"), strpbrk("hello world", "wr"));
	char text[] = "the quick,brown  fox;jumps,,over the;lazy dog";
	int n = 0;
	for (char *t = strtok(text, " ,;"); t; t = strtok(NULL, " ,;"))
		printf("tok%d=%s\n", n++, t);
	char *d = strdup("duplicate me");
	char *nd = strndup("truncate here", 8);
	printf("%s / %s\n", d, nd);
	free(d);
	free(nd);
	/* Lengths at every alignment exercise the word-at-a-time paths of glibc's strlen. */
	char big[300];
	unsigned sum = 0;
	for (int off = 0; off < 16; off++) {
		for (int len = 0; len < 200; len += 7) {
			memset(big, 'x', sizeof(big));
			big[off + len] = 0;
			sum += (unsigned)strlen(big + off) * (unsigned)(off + 1);
			char copy[300];
			strcpy(copy, big + off);
			sum += (unsigned)strcmp(copy, big + off) == 0;
		}
	}
	printf("strlen sum %u\n", sum);
	return 0;
}
