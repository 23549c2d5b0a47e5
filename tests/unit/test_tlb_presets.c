/*
 * test_tlb_presets.c - each preset's TLB geometry (../shared/reference/tlb-and-debugger.md,
 * section 2) and its reach, measured as Thomborson and Yu measured real TLBs: sweep N distinct
 * pages round robin and look for the knee at entries x page size (reference section 5).  A cyclic
 * sweep that fits the array misses only while warming up; one that exceeds it under LRU (or tree
 * PLRU with twice the ways' worth of pages per set) misses on every access.
 */
#include "test_mmu_tables.h"

#define SWEEP_BASE 0x10000000u
#define MB4        (4u << 20)

struct want_array {
	const char *name;
	unsigned sets, ways;
	const char *policy;
};

static void check_geometry(const char *preset, const struct want_array *want, unsigned n)
{
	struct mmu *m = new_mmu(preset, NULL);
	ck_assert_uint_eq(mmu_tlb_count(m), n);
	for (unsigned i = 0; i < n; i++) {
		struct mmu_tlb_info info;
		ck_assert_int_eq(mmu_tlb_info(m, i, &info), 0);
		ck_assert_str_eq(info.name, want[i].name);
		ck_assert_uint_eq(info.sets, want[i].sets);
		ck_assert_uint_eq(info.ways, want[i].ways);
		ck_assert_str_eq(info.policy, want[i].policy);
	}
	mmu_free(m);
}

#define CHECK_GEOMETRY(preset, ...)                                                                \
	do {                                                                                       \
		const struct want_array w_[] = {__VA_ARGS__};                                      \
		check_geometry(preset, w_, sizeof w_ / sizeof w_[0]);                              \
	} while (0)

START_TEST(test_geometries)
{
	/* 80386 datasheet 4.5.4: unified, 32 entries, 4-way; a replacement pointer (FIFO). */
	CHECK_GEOMETRY("i386", {"tlb4k", 8, 4, "fifo"});
	/* Embedded Intel486 manual fig. 3-7: unified, 32 entries, 4-way, pseudo-LRU. */
	CHECK_GEOMETRY("i486", {"tlb4k", 8, 4, "plru"});
	/* Pentium: ITLB 32 4-way (large pages as 4K pieces), DTLB 64 4-way, 8 large 4-way. */
	CHECK_GEOMETRY("pentium", {"itlb4k", 8, 4, "plru"}, {"dtlb4k", 16, 4, "plru"},
	               {"dtlblarge", 2, 4, "plru"});
	/* CPUID leaf 2 descriptors 01h 02h 03h 04h. */
	CHECK_GEOMETRY("p6", {"itlb4k", 8, 4, "plru"}, {"itlblarge", 1, 2, "plru"},
	               {"dtlb4k", 16, 4, "plru"}, {"dtlblarge", 2, 4, "plru"});
	/* CPUID leaf 2 descriptors 50h 5Bh: 64 entries, fully associative, mixed sizes. */
	CHECK_GEOMETRY("p4", {"itlb", 1, 64, "plru"}, {"dtlb", 1, 64, "plru"});
	/* CPUID 0x80000005 EBX 0x02800140: ITLB 64 direct-mapped, DTLB 128 2-way. */
	CHECK_GEOMETRY("k6", {"itlb4k", 64, 1, "plru"}, {"dtlb4k", 64, 2, "plru"});
	/* CPUID 0x80000005 EAX 0x0408FF08 EBX 0xFF20FF10, 0x80000006 EBX 0x41004100. */
	CHECK_GEOMETRY("athlon", {"itlb4k", 1, 16, "plru"}, {"itlblarge", 1, 8, "plru"},
	               {"dtlb4k", 1, 32, "plru"}, {"dtlblarge", 2, 4, "plru"},
	               {"itlbl2", 64, 4, "plru"}, {"dtlbl2", 64, 4, "plru"});
}
END_TEST

struct sweep {
	double misses; /* first-level misses per access after warm-up */
	double walks;  /* page walks per access after warm-up */
};

/*
 * Map n pages (4 KiB, or large with `large`) at SWEEP_BASE, touch them round robin twice to warm
 * up, then count 4 rounds.  `kind` decides the side; `cr4` the paging mode.
 */
static struct sweep run_sweep(const char *preset, const char *spec, uint32_t cr4, int large,
                              unsigned n, enum mmu_kind kind)
{
	struct mmu *m = new_mmu(preset, spec);
	struct tables t;
	tables_init(&t, m, cr4);
	uint32_t step = large ? ((cr4 & CR4_PAE) ? 2u << 20 : MB4) : PAGE_SIZE;
	for (unsigned i = 0; i < n; i++) {
		uint32_t lin = SWEEP_BASE + i * step;
		if (large)
			map_large(&t, lin, 0x00800000u,
			          PTE_P | PTE_W | PTE_U); /* frames may alias */
		else
			map4k(&t, lin, DATA_BASE + (i % 1024u) * PAGE_SIZE, PTE_P | PTE_W | PTE_U);
	}
	for (int round = 0; round < 6; round++) {
		if (round == 2)
			mmu_stats_reset(m);
		for (unsigned i = 0; i < n; i++)
			ck_assert_ptr_nonnull(mmu_translate(m, SWEEP_BASE + i * step, kind, 1));
	}
	const char *misses = kind == MMU_FETCH  ? "iTLB-load-misses"
	                     : kind == MMU_READ ? "dTLB-load-misses"
	                                        : "dTLB-store-misses";
	struct sweep s = {(double)stat(m, misses) / (4.0 * n),
	                  (double)stat(m, "walks") / (4.0 * n)};
	mmu_free(m);
	return s;
}

/* Linux Journal result (reference section 5): the p6 DTLB reach is 64 pages = 256 KiB. */
START_TEST(test_p6_dtlb_4k_knee)
{
	ck_assert(run_sweep("p6", NULL, 0, 0, 64, MMU_READ).misses == 0.0);
	ck_assert(run_sweep("p6", NULL, 0, 0, 128, MMU_READ).misses == 1.0);
	ck_assert(run_sweep("p6", NULL, 0, 0, 256, MMU_WRITE).misses == 1.0);
	/* The instruction side: 32 entries. */
	ck_assert(run_sweep("p6", NULL, 0, 0, 32, MMU_FETCH).misses == 0.0);
	ck_assert(run_sweep("p6", NULL, 0, 0, 64, MMU_FETCH).misses == 1.0);
}
END_TEST

/* i486: the knee at 32 pages = 128 KiB (reference section 5). */
START_TEST(test_i486_knee)
{
	ck_assert(run_sweep("i486", NULL, 0, 0, 32, MMU_READ).misses == 0.0);
	ck_assert(run_sweep("i486", NULL, 0, 0, 64, MMU_READ).misses == 1.0);
	ck_assert(run_sweep("i386", NULL, 0, 0, 32, MMU_FETCH).misses == 0.0);
	ck_assert(run_sweep("i386", NULL, 0, 0, 64, MMU_FETCH).misses == 1.0);
}
END_TEST

/* p6 large DTLB: 8 x 4 MiB = 32 MiB reach; with PAE 8 x 2 MiB (model choice, documented). */
START_TEST(test_p6_large_knee)
{
	ck_assert(run_sweep("p6", NULL, CR4_PSE, 1, 8, MMU_READ).misses == 0.0);
	ck_assert(run_sweep("p6", NULL, CR4_PSE, 1, 16, MMU_READ).misses == 1.0);
	ck_assert(run_sweep("p6", NULL, CR4_PAE, 1, 8, MMU_READ).misses == 0.0);
	ck_assert(run_sweep("p6", NULL, CR4_PAE, 1, 16, MMU_READ).misses == 1.0);
	/* The ITLB holds 2 large pages. */
	ck_assert(run_sweep("p6", NULL, CR4_PSE, 1, 2, MMU_FETCH).misses == 0.0);
	ck_assert(run_sweep("p6", NULL, CR4_PSE, 1, 4, MMU_FETCH).misses == 1.0);
}
END_TEST

/* Athlon: 32-entry L1 DTLB backed by a 256-entry L2 (4 KiB only). */
START_TEST(test_athlon_two_levels)
{
	struct sweep s = run_sweep("athlon", NULL, 0, 0, 32, MMU_READ);
	ck_assert(s.misses == 0.0 && s.walks == 0.0);
	s = run_sweep("athlon", NULL, 0, 0, 64, MMU_READ);
	ck_assert(s.misses == 1.0 && s.walks == 0.0); /* every L1 miss hits the L2 */
	s = run_sweep("athlon", NULL, 0, 0, 512, MMU_READ);
	ck_assert(s.misses == 1.0 && s.walks == 1.0);
	/* A. Cox's caveat (reference section 5): only 8 large entries, so 16 large pages thrash
	 * where 16 x 4 KiB pages fit. */
	ck_assert(run_sweep("athlon", NULL, CR4_PSE, 1, 16, MMU_READ).walks == 1.0);
	ck_assert(run_sweep("athlon", NULL, CR4_PSE, 0, 16, MMU_READ).walks == 0.0);
}
END_TEST

/* P4: one fully associative 64-entry array holds 4 KiB and 4 MiB pages together. */
START_TEST(test_p4_mixed)
{
	struct mmu *m = new_mmu("p4", "policy=lru");
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	for (uint32_t i = 0; i < 32; i++) {
		map4k(&t, SWEEP_BASE + i * PAGE_SIZE, DATA_BASE, PTE_P | PTE_W | PTE_U);
		map_large(&t, 0x40000000u + i * MB4, 0x00800000u, PTE_P | PTE_W | PTE_U);
	}
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			mmu_stats_reset(m);
		for (uint32_t i = 0; i < 32; i++) {
			ck_assert_ptr_nonnull(
			    mmu_translate(m, SWEEP_BASE + i * PAGE_SIZE, MMU_READ, 1));
			ck_assert_ptr_nonnull(mmu_translate(m, 0x40000000u + i * MB4, MMU_READ, 1));
		}
	}
	ck_assert_uint_eq(stat(m, "dTLB-load-misses"), 0);
	ck_assert_uint_eq(stat(m, "dtlb.large.read.hits"), 64);
	ck_assert_uint_eq(stat(m, "dtlb.4k.read.hits"), 64);
	mmu_free(m);
	ck_assert(run_sweep("p4", "policy=lru", CR4_PSE, 1, 65, MMU_READ).misses == 1.0);
}
END_TEST

/* K6 (and the Pentium ITLB): a large page takes one 4 KiB-sized entry per piece touched. */
START_TEST(test_large_as_pieces)
{
	struct mmu *m = new_mmu("k6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	map_large(&t, SWEEP_BASE, 0x00800000u, PTE_P | PTE_W | PTE_U);
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_ptr_eq(mmu_translate(m, SWEEP_BASE + i * PAGE_SIZE + 8, MMU_READ, 1),
		                 host(m, 0x00800000u + i * PAGE_SIZE + 8));
	ck_assert_uint_eq(stat(m, "walks"), 4);
	unsigned dtlb = tlb_index(m, "dtlb4k");
	struct mmu_tlb_entry e;
	ck_assert_int_eq(mmu_tlb_entry(m, dtlb, 1, 0, &e), 0); /* piece 1 sits in set 1 */
	ck_assert(e.valid);
	ck_assert_uint_eq(e.lin, SWEEP_BASE + PAGE_SIZE);
	ck_assert_uint_eq(e.pa, 0x00800000u + PAGE_SIZE);
	ck_assert_uint_eq(e.page_size, MB4);
	ck_assert_uint_ne(e.flags & MMU_TLBE_PIECE, 0);
	/* INVLPG anywhere in the 4 MiB page drops all its pieces (SDM vol. 3, 4.10.4.1). */
	mmu_invlpg(m, SWEEP_BASE + 0x300000u);
	ck_assert_uint_eq(stat(m, "flush.entries"), 4);
	mmu_free(m);
	/* 128 pieces fit the 128-entry DTLB, 256 do not. */
	ck_assert(run_sweep("k6", NULL, CR4_PSE, 0, 128, MMU_READ).misses == 0.0);
	ck_assert(run_sweep("pentium", NULL, CR4_PSE, 0, 32, MMU_FETCH).misses == 0.0);
}
END_TEST

/* i386: one TLB serves fetches and data; statistics stay split by access kind. */
START_TEST(test_unified)
{
	struct mmu *m = new_mmu("i386", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	for (uint32_t i = 0; i < 32; i++)
		map4k(&t, SWEEP_BASE + i * PAGE_SIZE, DATA_BASE, PTE_P | PTE_W | PTE_U);
	/* 16 code pages and 16 data pages fill the 32 entries exactly. */
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			mmu_stats_reset(m);
		for (uint32_t i = 0; i < 16; i++) {
			mmu_translate(m, SWEEP_BASE + i * PAGE_SIZE, MMU_FETCH, 1);
			mmu_translate(m, SWEEP_BASE + (16 + i) * PAGE_SIZE, MMU_READ, 1);
		}
	}
	ck_assert_uint_eq(stat(m, "itlb.4k.hits"), 32);
	ck_assert_uint_eq(stat(m, "dtlb.4k.hits"), 32);
	ck_assert_uint_eq(stat(m, "walks"), 0);
	/* A fetch of a page the data side brought in hits. */
	mmu_translate(m, SWEEP_BASE + 20 * PAGE_SIZE, MMU_FETCH, 1);
	ck_assert_uint_eq(stat(m, "itlb.4k.hits"), 33);
	mmu_free(m);
}
END_TEST

/* Set indexing: p6's DTLB has 16 sets; 5 pages 64 KiB apart share a 4-way set and thrash. */
START_TEST(test_set_conflicts)
{
	struct mmu *m = new_mmu("p6", "policy=lru");
	struct tables t;
	tables_init(&t, m, 0);
	for (uint32_t i = 0; i < 5; i++)
		map4k(&t, SWEEP_BASE + i * 16 * PAGE_SIZE, DATA_BASE, PTE_P | PTE_W | PTE_U);
	for (int round = 0; round < 3; round++) {
		if (round == 1)
			mmu_stats_reset(m);
		for (uint32_t i = 0; i < 5; i++)
			mmu_translate(m, SWEEP_BASE + i * 16 * PAGE_SIZE, MMU_READ, 1);
	}
	ck_assert_uint_eq(stat(m, "dTLB-load-misses"), 10);
	ck_assert_uint_eq(stat(m, "dtlb.4k.evictions"), 10);
	mmu_free(m);
}
END_TEST

/* The inspection lookup names the set the preset indexes: 4 KiB page number, or large page
 * number for large pages in their own array (low bits of the page number, as in CPUID leaf 2's
 * set-associative arrays). */
START_TEST(test_lookup_sets)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	uint32_t small = SWEEP_BASE + 0x5000u, large = 0x40000000u + MB4;
	map4k(&t, small, DATA_BASE, PTE_P | PTE_W | PTE_U);
	map_large(&t, large, 0x00800000u, PTE_P | PTE_W | PTE_U);
	unsigned d4k = tlb_index(m, "dtlb4k"), dlarge = tlb_index(m, "dtlblarge"), set;
	ck_assert_int_eq(mmu_tlb_lookup(m, d4k, small, &set), -1);
	ck_assert_uint_eq(set, 5);
	ck_assert_int_eq(mmu_tlb_lookup(m, dlarge, large + 0x1234, &set), -1);
	ck_assert_uint_eq(set, 1);
	mmu_translate(m, small, MMU_READ, 1);
	mmu_translate(m, large + 0x1234, MMU_READ, 1);
	ck_assert_int_ge(mmu_tlb_lookup(m, d4k, small + 8, &set), 0);
	ck_assert_uint_eq(set, 5);
	ck_assert_int_ge(mmu_tlb_lookup(m, dlarge, large + 0x3ff000u, &set), 0);
	ck_assert_uint_eq(set, 1);
	ck_assert_int_eq(mmu_tlb_lookup(m, 99, small, &set), -2);
	mmu_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tlb_presets");
	TCase *tc = tcase_create("presets");
	tcase_add_test(tc, test_geometries);
	tcase_add_test(tc, test_p6_dtlb_4k_knee);
	tcase_add_test(tc, test_i486_knee);
	tcase_add_test(tc, test_p6_large_knee);
	tcase_add_test(tc, test_athlon_two_levels);
	tcase_add_test(tc, test_p4_mixed);
	tcase_add_test(tc, test_large_as_pieces);
	tcase_add_test(tc, test_unified);
	tcase_add_test(tc, test_set_conflicts);
	tcase_add_test(tc, test_lookup_sets);
	suite_add_tcase(s, tc);
	return check_run(s);
}
