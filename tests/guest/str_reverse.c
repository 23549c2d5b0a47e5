/* String reversal in place, word-order reversal, palindrome tests, and a Caesar/ROT13 round trip.
 */
#include <stdio.h>
#include <string.h>
#include <ctype.h>

static void reverse(char *s, size_t n)
{
	for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
		char t = s[i];
		s[i] = s[j - 1];
		s[j - 1] = t;
	}
}

static void reverse_words(char *s)
{
	size_t n = strlen(s);
	reverse(s, n);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++)
		if (s[i] == ' ' || s[i] == 0) {
			reverse(s + start, i - start);
			start = i + 1;
		}
}

static int palindrome(const char *s)
{
	size_t i = 0, j = strlen(s);
	while (i < j) {
		if (!isalnum((unsigned char)s[i])) {
			i++;
		} else if (!isalnum((unsigned char)s[j - 1])) {
			j--;
		} else {
			if (tolower((unsigned char)s[i]) != tolower((unsigned char)s[j - 1]))
				return 0;
			i++;
			j--;
		}
	}
	return 1;
}

static void rot13(char *s)
{
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)('a' + (*s - 'a' + 13) % 26);
		else if (*s >= 'A' && *s <= 'Z')
			*s = (char)('A' + (*s - 'A' + 13) % 26);
	}
}

int main(void)
{
	char s[] = "Hello, pse386 emulator!";
	reverse(s, strlen(s));
	printf("%s\n", s);
	char w[] = "one two three four five";
	reverse_words(w);
	printf("%s\n", w);
	const char *p[] = {"A man, a plan, a canal: Panama", "racecar", "not one", "",
	                   "Was it a car or a cat I saw?"};
	for (int i = 0; i < 5; i++)
		printf("palindrome(\"%s\") = %d\n", p[i], palindrome(p[i]));
	char r[] = "Why did the chicken cross the road?";
	rot13(r);
	printf("%s\n", r);
	rot13(r);
	printf("%s\n", r);
	char big[5001];
	for (int i = 0; i < 5000; i++)
		big[i] = (char)('a' + i % 26);
	big[5000] = 0;
	for (int k = 0; k < 101; k++)
		reverse(big, 5000);
	printf("%.20s...%s\n", big, big + 4990);
	return 0;
}
