/* swap_pressure.c - run with `pse386 --mem 16M --swap 64M`: 40 MiB of private anonymous data,
 * more than the emulated RAM, must keep every byte (the kernel pages out to swap and back,
 * docs/swap.md), across fork too.  Each page holds a pattern derived from its number; the
 * checks recompute it.  One line per check; exit 0 only if all passed. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check25.h"

#define MB    (1024u * 1024u)
#define PAGES (40u * MB / 4096u)

static uint32_t word(uint32_t page, uint32_t i)
{
	return page * 2654435761u + i * 40503u + 7u;
}

static int verify(uint32_t *mem, uint32_t from, uint32_t to, uint64_t *sum)
{
	int bad = 0;
	for (uint32_t p = from; p < to; p++)
		for (uint32_t i = 0; i < 1024; i += 61) {
			uint32_t w = mem[p * 1024 + i];
			*sum += w;
			bad += w != word(p, i);
		}
	return bad;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	uint32_t *mem =
	    mmap(NULL, PAGES * 4096u, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(mem != MAP_FAILED, "mmap of 40 MiB");
	if (mem == MAP_FAILED)
		return 1;
	uint64_t expect = 0;
	for (uint32_t p = 0; p < PAGES; p++)
		for (uint32_t i = 0; i < 1024; i++) {
			mem[p * 1024 + i] = word(p, i);
			if (i % 61 == 0)
				expect += word(p, i);
		}
	uint64_t sum = 0;
	check(verify(mem, 0, PAGES, &sum) == 0, "every sampled word of 40 MiB is right (forward)");
	check(sum == expect, "checksum of 40 MiB matches");
	sum = 0;
	int bad = 0;
	for (uint32_t p = PAGES; p-- > 0;)
		bad += verify(mem, p, p + 1, &sum);
	check(bad == 0 && sum == expect, "every sampled word is right (backward)");
	/* Modify every 3rd page, check again. */
	for (uint32_t p = 0; p < PAGES; p += 3)
		mem[p * 1024 + 5] ^= 0xffffffffu;
	bad = 0;
	for (uint32_t p = 0; p < PAGES; p++)
		bad += mem[p * 1024 + 5] != (p % 3 == 0 ? ~word(p, 5) : word(p, 5));
	check(bad == 0, "writes to swapped pages are kept");
	for (uint32_t p = 0; p < PAGES; p += 3)
		mem[p * 1024 + 5] ^= 0xffffffffu;
	/* fork: the child sees the same data (swap entries copied, pages copied on write). */
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t s = 0;
		int b = verify(mem, 0, PAGES, &s);
		mem[3 * 1024] = 1234; /* must not reach the parent */
		_exit(b != 0 || s != expect);
	}
	int st = -1;
	waitpid(pid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child after fork reads the same 40 MiB");
	sum = 0;
	check(verify(mem, 0, PAGES, &sum) == 0 && sum == expect,
	      "the parent's data is unchanged by the child");
	check(munmap(mem, PAGES * 4096u) == 0, "munmap of 40 MiB (frees the swap slots)");
	return check_done();
}
