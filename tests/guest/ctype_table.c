/* <ctype.h> in the C locale for all 256 byte values plus EOF: classes and case mapping. */
#include <stdio.h>
#include <ctype.h>

int main(void)
{
	for (int c = -1; c < 256; c++) {
		unsigned m = 0;
		m |= (unsigned)(isalpha(c) != 0) << 0;
		m |= (unsigned)(isdigit(c) != 0) << 1;
		m |= (unsigned)(isalnum(c) != 0) << 2;
		m |= (unsigned)(isspace(c) != 0) << 3;
		m |= (unsigned)(isupper(c) != 0) << 4;
		m |= (unsigned)(islower(c) != 0) << 5;
		m |= (unsigned)(ispunct(c) != 0) << 6;
		m |= (unsigned)(isprint(c) != 0) << 7;
		m |= (unsigned)(iscntrl(c) != 0) << 8;
		m |= (unsigned)(isxdigit(c) != 0) << 9;
		m |= (unsigned)(isgraph(c) != 0) << 10;
		m |= (unsigned)(isblank(c) != 0) << 11;
		printf("%3d:%03x:%d:%d%s", c, m, toupper(c), tolower(c),
		       (c + 2) % 6 == 0 ? "\n" : " ");
	}
	printf("\n");
	return 0;
}
