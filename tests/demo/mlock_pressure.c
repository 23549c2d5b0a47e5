/* mlock_pressure.c - mlock under memory pressure: a locked "hot" buffer stays resident while a
 * larger unlocked buffer is paged out and back (docs/mlock.md, docs/swap.md).
 *
 * Run with `pse386 --mem 16M --swap 64M --stats mlock_pressure`: the major faults in the
 * statistics come from the cold buffer only; the program prints VmLck/VmRSS from
 * /proc/self/status and checksums of both buffers (identical on every run and on a host).
 * Usage: mlock_pressure [COLD_MIB [HOT_KIB]] (default 24, 2048). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, field, strlen(field)))
			v = strtol(line + strlen(field), NULL, 10);
	fclose(f);
	return v;
}

static uint64_t sum32(const uint32_t *p, size_t n)
{
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 1000003u + p[i];
	return s;
}

int main(int argc, char **argv)
{
	size_t cold = (size_t)(argc > 1 ? atol(argv[1]) : 24) << 20;
	size_t hot = (size_t)(argc > 2 ? atol(argv[2]) : 2048) << 10;
	uint32_t *h = mmap(NULL, hot, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t *c = mmap(NULL, cold, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED || c == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (size_t i = 0; i < hot / 4; i++)
		h[i] = (uint32_t)(i * 2654435761u);
	if (mlock(h, hot) != 0) {
		perror("mlock (run as root)");
		return 1;
	}
	printf("locked %zu KiB: VmLck %ld kB\n", hot >> 10, status_kb("VmLck:"));
	uint64_t hot_sum = sum32(h, hot / 4);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < cold / 4; i++)
			c[i] = (uint32_t)(i * 40503u + (uint32_t)round);
		uint64_t cs = sum32(c, cold / 4);
		long rss = status_kb("VmRSS:");
		printf("round %d: cold %zu MiB checksum %016llx, hot checksum %s, VmRSS %s VmLck\n",
		       round, cold >> 20, (unsigned long long)cs,
		       sum32(h, hot / 4) == hot_sum ? "unchanged" : "CHANGED",
		       rss >= status_kb("VmLck:") ? ">=" : "<");
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("getrusage major faults: %ld (0 when the kernel keeps no count; see --stats)\n",
	       ru.ru_majflt);
	munlock(h, hot);
	printf("after munlock: VmLck %ld kB\n", status_kb("VmLck:"));
	return 0;
}
