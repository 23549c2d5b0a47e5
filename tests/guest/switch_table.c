/* switch statements compiled to jump tables (dense), binary search (sparse) and fall-through. */
#include <stdio.h>

static int dense(int x)
{
	switch (x) {
	case 0: return 11;
	case 1: return 22;
	case 2: return 35;
	case 3: return 47;
	case 4: return 51;
	case 5: return 68;
	case 6: return 70;
	case 7: return 83;
	case 8: return 99;
	case 9: return 104;
	case 10: return 117;
	case 11: return 121;
	case 12: return 130;
	default: return -1;
	}
}

static int sparse(unsigned x)
{
	switch (x) {
	case 3: return 1;
	case 100: return 2;
	case 1000: return 3;
	case 65536: return 4;
	case 1u << 31: return 5;
	case 0xffffffffu: return 6;
	default: return 0;
	}
}

static int fall(int x)
{
	int r = 0;
	switch (x) {
	case 0: r += 1;  /* fall through */
	case 1: r += 10; /* fall through */
	case 2: r += 100; break;
	case 3: r += 1000; /* fall through */
	default: r += 10000;
	}
	return r;
}

static const char *name(char c)
{
	switch (c) {
	case 'a':
	case 'e':
	case 'i':
	case 'o':
	case 'u': return "vowel";
	case '0' ... '9': return "digit";
	case ' ': return "space";
	default: return "other";
	}
}

int main(void)
{
	long sum = 0;
	for (int i = -3; i < 20; i++)
		printf("%d ", dense(i));
	printf("\n");
	unsigned sp[] = {0, 3, 100, 101, 1000, 65536, 1u << 31, 0xffffffffu, 7};
	for (int i = 0; i < 9; i++)
		printf("%d ", sparse(sp[i]));
	printf("\n");
	for (int i = 0; i < 6; i++)
		printf("%d ", fall(i));
	printf("\n");
	const char *s = "hi 42 you";
	for (const char *p = s; *p; p++)
		printf("%c:%s ", *p, name(*p));
	printf("\n");
	for (int i = 0; i < 100000; i++)
		sum += dense(i % 15) + sparse((unsigned)i);
	printf("sum %ld\n", sum);
	return 0;
}
