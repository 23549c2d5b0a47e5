/* dbbuffer.c - a database buffer pool on a nonlinear mapping (remap_file_pages, the use Ingo
 * Molnar's 2.5.46 patch was written for: a small virtual window onto a large file, its slots
 * pointed at whichever file pages are hot without one vma per page).
 *
 * The "table" is a file of TABLE_PAGES pages; page p starts with a header {p, updates} and
 * holds records.  A 16-slot window is mapped MAP_SHARED once; the buffer manager puts a table
 * page into a slot with remap_file_pages (LRU replacement) and the transactions update the
 * page's counter and a record through the window.  At the end every page is read back with
 * pread and compared with the updates the program counted.
 *
 * Usage: dbbuffer [DIR [TRANSACTIONS]] (default /tmp, 20000).  Run it under
 * `pse386 --stats` to see the page faults, or with `--mem 16M --swap 32M` to see the window's
 * pages paged out and brought back from their file offsets. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG          4096
#define TABLE_PAGES 512
#define SLOTS       16
#define RECORDS     ((PG - 8) / 4)

struct page {
	uint32_t pgno;
	uint32_t updates;
	uint32_t rec[RECORDS];
};

static char *window;
static int slot_page[SLOTS];
static unsigned slot_used[SLOTS];
static unsigned clock_now;
static unsigned hits, misses;

static struct page *get_page(int pgno)
{
	int victim = 0;
	for (int s = 0; s < SLOTS; s++) {
		if (slot_page[s] == pgno) {
			slot_used[s] = ++clock_now;
			hits++;
			return (struct page *)(window + (long)s * PG);
		}
		if (slot_used[s] < slot_used[victim])
			victim = s;
	}
	misses++;
	if (syscall(SYS_remap_file_pages, window + (long)victim * PG, PG, 0, pgno, 0) != 0) {
		perror("remap_file_pages");
		exit(1);
	}
	slot_page[victim] = pgno;
	slot_used[victim] = ++clock_now;
	return (struct page *)(window + (long)victim * PG);
}

int main(int argc, char **argv)
{
	char path[512];
	snprintf(path, sizeof path, "%s/dbbuffer.table", argc > 1 ? argv[1] : "/tmp");
	long ntx = argc > 2 ? atol(argv[2]) : 20000;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	static struct page pg;
	for (int p = 0; p < TABLE_PAGES; p++) {
		memset(&pg, 0, sizeof pg);
		pg.pgno = (uint32_t)p;
		for (int r = 0; r < RECORDS; r++)
			pg.rec[r] = (uint32_t)(p * 1000 + r);
		if (write(fd, &pg, PG) != PG) {
			perror("write");
			return 1;
		}
	}
	window = mmap(NULL, SLOTS * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (window == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (int s = 0; s < SLOTS; s++)
		slot_page[s] = s; /* the linear start: slot s shows page s */

	static uint32_t expect[TABLE_PAGES];
	static uint64_t rec_sum[TABLE_PAGES];
	uint32_t seed = 12345;
	int bad_header = 0;
	for (long t = 0; t < ntx; t++) {
		seed = seed * 1103515245u + 12345u;
		/* Skewed access: 7 of 8 transactions hit the first 12 pages. */
		int pgno =
		    (seed >> 16) % 8 ? (int)((seed >> 8) % 12) : (int)((seed >> 4) % TABLE_PAGES);
		struct page *p = get_page(pgno);
		bad_header += p->pgno != (uint32_t)pgno;
		p->updates++;
		expect[pgno]++;
		int r = (int)((seed >> 3) % RECORDS);
		p->rec[r] += 1;
		rec_sum[pgno] += 1;
	}
	munmap(window, SLOTS * PG);

	int bad = 0;
	uint64_t checksum = 0;
	for (int p = 0; p < TABLE_PAGES; p++) {
		if (pread(fd, &pg, PG, (off_t)p * PG) != PG)
			return 1;
		uint64_t sum = 0;
		for (int r = 0; r < RECORDS; r++)
			sum += pg.rec[r] - (uint32_t)(p * 1000 + r);
		bad += pg.pgno != (uint32_t)p || pg.updates != expect[p] || sum != rec_sum[p];
		checksum = checksum * 31 + pg.updates;
	}
	printf("transactions %ld, buffer hits %u, misses (remaps) %u\n", ntx, hits, misses);
	printf("wrong page headers seen through the window: %d\n", bad_header);
	printf("pages whose file contents disagree with the updates: %d\n", bad);
	printf("checksum %016llx\n", (unsigned long long)checksum);
	close(fd);
	unlink(path);
	return bad || bad_header;
}
