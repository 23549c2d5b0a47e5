/* valid.c - the well-formed static i386 program that gen_bad_elf damages in one way per case. */
int main(void)
{
	return 7;
}
