/* probe_true.c: exits 0; tells the tests whether the host kernel runs i386 binaries. */
int main(void)
{
	return 0;
}
