/*
 * hugetlb_basic.c POOL: alloc_hugepages/free_hugepages as root, with a pool of POOL huge pages
 * (run with --hugepages POOL).  Every expectation cites linux-2.5-syscalls.md ("Decisions" 2 and
 * the sections named); the huge page size is read from /proc/meminfo so the same program checks
 * 4 MiB pages and, under --pae, 2 MiB ones.
 */
#include <stdint.h>
#include <sys/mman.h>

#include "check25.h"

#define RW (PROT_READ | PROT_WRITE)

static unsigned long H;

static int aligned(void *p)
{
	return ((uintptr_t)p & (H - 1)) == 0;
}

/* The last three lines of /proc/meminfo in the 2.5.43+ format (section 2.5). */
static void check_meminfo_format(long total, long nfree)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char lines[64][128];
	int n = 0;
	while (f && n < 64 && fgets(lines[n], sizeof lines[n], f))
		n++;
	if (f)
		fclose(f);
	char want[3][64];
	snprintf(want[0], sizeof want[0], "HugePages_Total: %5ld\n", total);
	snprintf(want[1], sizeof want[1], "HugePages_Free:  %5ld\n", nfree);
	snprintf(want[2], sizeof want[2], "Hugepagesize:    %5lu kB\n", H / 1024);
	for (int i = 0; i < 3; i++)
		check(n >= 3 && strcmp(lines[n - 3 + i], want[i]) == 0,
		      "meminfo line %d of the last three is exactly \"%.*s\"", i + 1,
		      (int)strlen(want[i]) - 1, want[i]);
}

static void private_segment(void)
{
	long free0 = meminfo("HugePages_Free:");
	char *p = alloc_hugepages(0, NULL, H, RW, 0);
	/* section 5.8: a huge-page-aligned address >= TASK_UNMAPPED_BASE (get_addr, section 2.4) */
	check(p != (void *)-1 && aligned(p) && (uintptr_t)p >= 0x40000000u,
	      "private segment maps at an aligned address >= 0x40000000 (%p)", (void *)p);
	if (p == (void *)-1)
		return;
	check(meminfo("HugePages_Free:") == free0 - 1, "HugePages_Free drops by 1");
	int zero = 1;
	for (unsigned long off = 0; off < H; off += 4096 * 7 + 4)
		zero &= p[off] == 0;
	check(zero && p[H - 1] == 0, "the new huge page reads as zero (alloc_hugetlb_page, 2.4.1)");
	memset(p, 0x5a, H);
	check(p[0] == 0x5a && p[H - 1] == 0x5a, "it is writable from its first to its last byte");
	check(free_hugepages(p) == 0, "free_hugepages returns 0 (section 2.4.4, 2.5.46+)");
	check(meminfo("HugePages_Free:") == free0, "HugePages_Free is back to %ld", free0);
	check(faults(p, 0), "touching a freed segment raises SIGSEGV");
	CHECK_ERR(free_hugepages(p), EINVAL, "a second free_hugepages");

	char *q = alloc_hugepages(0, NULL, H, PROT_READ, 0);
	check(q != (void *)-1 && q[5] == 0 && faults(q, 1),
	      "a PROT_READ segment reads zero and a write raises SIGSEGV");
	if (q != (void *)-1)
		free_hugepages(q);
}

static void errors(void)
{
	/* Decisions 2 and section 2.4 */
	CHECK_ERR(alloc_hugepages(0, NULL, H + 4096, RW, 0), EINVAL, "len not a multiple of HPAGE");
	CHECK_ERR(alloc_hugepages(0, NULL, H / 2, RW, 0), EINVAL, "len of half a huge page");
	CHECK_ERR(alloc_hugepages(0, NULL, 0, RW, 0), EINVAL, "len 0");
	CHECK_ERR(alloc_hugepages(-1, NULL, H, RW, 0), EINVAL, "key -1");
	CHECK_ERR(alloc_hugepages(5, NULL, H, RW, 0), ENOENT, "key 5 without IPC_CREAT");
	CHECK_ERR(alloc_hugepages(0x7fffffff, NULL, H, RW, 0), ENOENT,
	          "key INT_MAX without IPC_CREAT");
	/* get_addr finds no hole below TASK_SIZE (section 2.4) */
	CHECK_ERR(alloc_hugepages(0, NULL, 0xffc00000ul & ~(H - 1), RW, 0), ENOMEM,
	          "a segment of almost 4 GiB");
	CHECK_ERR(alloc_hugepages(0, NULL, 0xc0000000ul, RW, 0), ENOMEM, "a segment of 3 GiB");
	long free0 = meminfo("HugePages_Free:");
	CHECK_ERR(alloc_hugepages(0, NULL, H * (free0 + 1), RW, 0), ENOMEM,
	          "a private segment larger than the free pool");
	check(meminfo("HugePages_Free:") == free0, "HugePages_Free unchanged after ENOMEM");
	/* Decisions 2: a failed prefault unmaps and returns ENOMEM, the new key is released */
	CHECK_ERR(alloc_hugepages(9, NULL, H * (free0 + 1), RW, IPC_CREAT), ENOMEM,
	          "a shared segment larger than the free pool");
	check(meminfo("HugePages_Free:") == free0, "HugePages_Free unchanged after its ENOMEM");
	CHECK_ERR(alloc_hugepages(9, NULL, H, RW, 0), ENOENT,
	          "the key of the failed segment is gone");

	char *p = alloc_hugepages(0, NULL, H, RW, 0);
	/* section 5.8: free errors */
	CHECK_ERR(free_hugepages(p + 4096), EINVAL, "free_hugepages inside a segment");
	char *m = mmap(NULL, 8192, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_ERR(free_hugepages(m), EINVAL, "free_hugepages of an ordinary mapping");
	CHECK_ERR(free_hugepages((void *)0xB0000000), EINVAL,
	          "free_hugepages of an unmapped address");
	munmap(m, 8192);
	/* section 2.4.4: other calls on a huge VMA */
	CHECK_ERR(mprotect(p, H, PROT_READ), EACCES, "mprotect of a huge segment");
	CHECK_ERR(mremap(p, H, 2 * H, MREMAP_MAYMOVE), EINVAL, "mremap of a huge segment");
	CHECK_ERR(munmap(p + 4096, 4096), EINVAL, "munmap of a non-aligned part");
	check(mlock(p, H) == 0, "mlock of a huge segment succeeds");
	check(munlock(p, H) == 0, "munlock of it succeeds");
	/* mlock of a part locks the whole segment (it cannot be split inside a huge page) */
	check(mlock(p + 4096, 4096) == 0 && munlock(p + 4096, 4096) == 0,
	      "mlock/munlock of one 4 KiB part succeed");
	p[1] = 3;
	check(p[1] == 3, "the segment is intact after the refused calls");
	check(free_hugepages(p) == 0 && meminfo("HugePages_Free:") == free0,
	      "free_hugepages frees it whole after all that");
}

static void partial_munmap(void)
{
	long free0 = meminfo("HugePages_Free:");
	char *p = alloc_hugepages(0, NULL, 3 * H, RW, 0);
	check(p != (void *)-1 && meminfo("HugePages_Free:") == free0 - 3,
	      "a 3-page private segment takes 3 pages");
	if (p == (void *)-1)
		return;
	p[0] = 1, p[H] = 2, p[2 * H] = 3;
	check(munmap(p + H, H) == 0, "munmap of its aligned middle page succeeds");
	check(meminfo("HugePages_Free:") == free0 - 2, "that page is back in the pool");
	check(faults(p + H, 0) && p[0] == 1 && p[2 * H] == 3,
	      "the middle faults, the outer pages keep their data");
	CHECK_ERR(free_hugepages(p + H), EINVAL, "free_hugepages of the hole");
	check(free_hugepages(p) == 0 && free_hugepages(p + 2 * H) == 0,
	      "free_hugepages of both remaining pieces");
	check(meminfo("HugePages_Free:") == free0, "every page is back");
}

static void shared_segment(void)
{
	long free0 = meminfo("HugePages_Free:");
	char *a = alloc_hugepages(7, NULL, 2 * H, RW, IPC_CREAT);
	check(a != (void *)-1 && aligned(a), "key 7 created with IPC_CREAT (section 2.4.2)");
	if (a == (void *)-1)
		return;
	strcpy(a + H + 100, "shared data");
	char *b = alloc_hugepages(7, NULL, 2 * H, PROT_READ, 0);
	check(b != (void *)-1 && b != a && strcmp(b + H + 100, "shared data") == 0,
	      "a second attach of key 7 (prot not compared) sees the same data");
	check(meminfo("HugePages_Free:") == free0 - 2, "two attaches use 2 pages, not 4");
	char *c = alloc_hugepages(7, NULL, 2 * H, RW, IPC_CREAT);
	check(c != (void *)-1, "IPC_CREAT on an existing key attaches (never EEXIST)");
	CHECK_ERR(alloc_hugepages(7, NULL, H, RW, 0), EINVAL, "attach of key 7 with another len");
	check(free_hugepages(a) == 0 && free_hugepages(c) == 0, "two of the three attaches freed");
	check(meminfo("HugePages_Free:") == free0 - 2 && strcmp(b + H + 100, "shared data") == 0,
	      "pages stay while an attach remains (section 2.4.4)");
	check(free_hugepages(b) == 0 && meminfo("HugePages_Free:") == free0,
	      "the last release returns them to the pool");
	CHECK_ERR(alloc_hugepages(7, NULL, 2 * H, RW, 0), ENOENT,
	          "key 7 is gone after the last release");
	char *d = alloc_hugepages(7, NULL, 2 * H, RW, IPC_CREAT);
	check(d != (void *)-1 && d[H + 100] == 0, "a re-created key 7 starts zero-filled");
	if (d != (void *)-1)
		free_hugepages(d);
}

static void key_table(void)
{
	/* MAX_ID = 32 keys (section 2.4.2); the 33rd -> ENOMEM (section 5.8) */
	char *seg[32];
	int ok = 1;
	for (int i = 0; i < 32; i++) {
		seg[i] = alloc_hugepages(100 + i, NULL, H, RW, IPC_CREAT);
		ok &= seg[i] != (void *)-1;
	}
	check(ok, "32 distinct keys can exist");
	CHECK_ERR(alloc_hugepages(200, NULL, H, RW, IPC_CREAT), ENOMEM, "the 33rd key");
	for (int i = 0; i < 32; i++)
		if (seg[i] != (void *)-1)
			free_hugepages(seg[i]);
	char *p = alloc_hugepages(200, NULL, H, RW, IPC_CREAT);
	check(p != (void *)-1, "a key slot is free again after a release");
	if (p != (void *)-1)
		free_hugepages(p);
}

static void address_hint(void)
{
	/* get_addr(): the hint is rounded up to a huge page (section 2.4) */
	uintptr_t hint = 0x50000001u;
	uintptr_t want = (hint + H - 1) & ~(uintptr_t)(H - 1);
	char *p = alloc_hugepages(0, (void *)hint, H, RW, 0);
	check((uintptr_t)p == want, "hint 0x50000001 rounds up to %#lx (got %p)",
	      (unsigned long)want, (void *)p);
	if (p != (void *)-1)
		free_hugepages(p);
	/* The ">=": a range that ends exactly where the next VMA starts is refused. */
	uintptr_t base = 0x60000000u;
	void *m =
	    mmap((void *)(base + H), 4096, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	p = alloc_hugepages(0, (void *)base, H, RW, 0);
	check(m != MAP_FAILED && p != (void *)-1 && (uintptr_t)p != base && aligned(p),
	      "a hint ending exactly at the next VMA is not used (got %p)", (void *)p);
	if (p != (void *)-1)
		free_hugepages(p);
	/* TASK_SIZE > addr + len: a hint ending at 0xC0000000 is not used either */
	p = alloc_hugepages(0, (void *)(0xc0000000ul - H), H, RW, 0);
	check(p != (void *)-1 && (uintptr_t)p < 0xc0000000ul - H,
	      "a hint ending at TASK_SIZE falls back to the search (got %p)", (void *)p);
	if (p != (void *)-1)
		free_hugepages(p);
	p = alloc_hugepages(0, (void *)0xfffff000ul, H, RW, 0);
	check(p != (void *)-1 && aligned(p) && (uintptr_t)p < 0xc0000000ul,
	      "a hint in the kernel's range falls back to the search (got %p)", (void *)p);
	if (p != (void *)-1)
		free_hugepages(p);
	p = alloc_hugepages(0, (void *)(base - H), H, RW, 0);
	check((uintptr_t)p == base - H, "a hint ending before the next VMA is used");
	if (p != (void *)-1)
		free_hugepages(p);
	munmap(m, 4096);
}

static void pool_sysctl(long pool)
{
	/* set_hugetlb_mem_size() (section 2.5) */
	check(read_nr_hugepages() == pool, "nr_hugepages reads %ld", pool);
	check(write_nr_hugepages("45\n") == 0 && read_nr_hugepages() == 45,
	      "writing 45 grows the pool to 45");
	check(meminfo("HugePages_Total:") == 45 && meminfo("HugePages_Free:") == 45,
	      "meminfo shows 45 total, 45 free");
	check(write_nr_hugepages("-3") == 0 && read_nr_hugepages() == 42,
	      "writing -3 shrinks it by 3");
	char *p = alloc_hugepages(0, NULL, 2 * H, RW, 0);
	check(write_nr_hugepages("0") == 0 && read_nr_hugepages() == 2,
	      "writing 0 with 2 pages in use leaves 2 (never below the in-use count)");
	check(meminfo("HugePages_Free:") == 0, "and none of them free");
	p[H] = 1;
	free_hugepages(p);
	check(meminfo("HugePages_Free:") == 2, "both freed pages stay in the pool");
	int w = write_nr_hugepages("1000000");
	long got = read_nr_hugepages();
	check(w == 0 && got > 2 && got < 1000000 && meminfo("HugePages_Total:") == got,
	      "an impossible size reserves what fits and reads back the real size (%ld)", got);
	check(write_nr_hugepages("abc") == -1 && errno == EINVAL, "a non-number is refused");
	check(write_nr_hugepages("40") == 0 && read_nr_hugepages() == 40, "back to 40");
}

int main(int argc, char **argv)
{
	long pool = argc > 1 ? atol(argv[1]) : 40;
	H = hpage_size();
	check(H == 4UL << 20 || H == 2UL << 20, "Hugepagesize is 4096 or 2048 kB (%lu kB)",
	      H >> 10);
	if (argc > 2)
		check(H >> 10 == (unsigned long)atol(argv[2]), "Hugepagesize is %s kB", argv[2]);
	if (H != 4UL << 20 && H != 2UL << 20)
		return check_done();
	check_meminfo_format(pool, pool);
	private_segment();
	errors();
	partial_munmap();
	shared_segment();
	key_table();
	address_hint();
	pool_sysctl(pool);
	check_meminfo_format(40, 40);
	return check_done();
}
