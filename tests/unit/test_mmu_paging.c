/*
 * test_mmu_paging.c - 32-bit paging on hand-built tables: 4 KiB and 4 MiB pages, PS with PSE off,
 * accessed/dirty writes, access rights with CR0.WP, page-fault error codes and CR2, memory beyond
 * RAM.  Each test cites the Intel SDM vol. 3 section whose fact it checks.
 */
#include "test_mmu_tables.h"

#define LIN 0x08048000u
#define PA  (DATA_BASE + 0x5000u)

/* SDM 4.3, figure 4-2: a 4 KiB page maps lin[11:0] into the frame of the PTE. */
START_TEST(test_4k_translation)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 0x123, MMU_READ, 1), host(m, PA + 0x123));
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(mmu_probe(m, LIN + 0xfff, MMU_WRITE, 1, &pa, &size), 0);
	ck_assert_uint_eq(pa, PA + 0xfff);
	ck_assert_uint_eq(size, 4096);
	/* DESIGN.md "Statistics": a 4 KiB walk without PAE reads 2 entries. */
	ck_assert_uint_eq(stat(m, "walks"), 1);
	ck_assert_uint_eq(stat(m, "walk_reads"), 2);
	ck_assert_uint_eq(stat(m, "dTLB-load-misses"), 1);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 4, MMU_READ, 1), host(m, PA + 4));
	ck_assert_uint_eq(stat(m, "dTLB-loads"), 2);
	ck_assert_uint_eq(stat(m, "dtlb.4k.read.hits"), 1);
	ck_assert_uint_eq(stat(m, "walks"), 1);
	mmu_free(m);
}
END_TEST

/* SDM 4.3, figure 4-3 and table 4-4: with CR4.PSE, a PDE with PS=1 maps a 4 MiB page. */
START_TEST(test_4m_page)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	map_large(&t, 0x00c00000u, 0x00800000u, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, 0x00d23456u, MMU_READ, 1), host(m, 0x00923456u));
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(mmu_probe(m, 0x00c00000u, MMU_READ, 1, &pa, &size), 0);
	ck_assert_uint_eq(size, 4u << 20);
	/* DESIGN.md "Statistics": 1 read for a 4 MiB walk; another 4 KiB piece hits. */
	ck_assert_uint_eq(stat(m, "walk_reads"), 1);
	ck_assert_ptr_eq(mmu_translate(m, 0x00fff000u, MMU_READ, 1), host(m, 0x00bff000u));
	ck_assert_uint_eq(stat(m, "walks"), 1);
	ck_assert_uint_eq(stat(m, "dtlb.large.read.hits"), 1);
	ck_assert_uint_eq(stat(m, "dtlb.large.read.misses"), 1);
	mmu_free(m);
}
END_TEST

/* SDM 4.3 (table 4-5): PDE bit 7 is ignored when CR4.PSE = 0; the PDE references a page table. */
START_TEST(test_ps_ignored_without_pse)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	uint32_t pt = new_table(&t);
	wr32(m, pde_addr(LIN), pt | PTE_P | PTE_W | PTE_U | PTE_PS);
	wr32(m, pt + PTX(LIN) * 4u, PA | PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 8, MMU_READ, 1), host(m, PA + 8));
	ck_assert_uint_eq(stat(m, "walk_reads"), 2);
	/* The same PDE with CR4.PSE set is a 4 MiB page at the PDE's frame. */
	mmu_set_cr4(m, CR4_PSE);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 8, MMU_READ, 1),
	                 host(m, (pt & 0xffc00000u) + (LIN & 0x3fffffu) + 8));
	mmu_free(m);
}
END_TEST

/* SDM 4.8: A is set in every entry used by a walk, D in the entry mapping the page on a write. */
START_TEST(test_accessed_dirty_in_ram)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	uint32_t pte = pte_addr(&t, LIN);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	ck_assert_uint_eq(rd32(m, pde_addr(LIN)) & (PTE_A | PTE_D), PTE_A);
	ck_assert_uint_eq(rd32(m, pte) & (PTE_A | PTE_D), PTE_A);
	ck_assert_uint_eq(stat(m, "ad_writes"), 2);
	/* The first write through a clean TLB entry re-walks and sets D (a dirty walk), once. */
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_WRITE, 1));
	ck_assert_uint_eq(rd32(m, pte) & (PTE_A | PTE_D), PTE_A | PTE_D);
	ck_assert_uint_eq(rd32(m, pde_addr(LIN)) & PTE_D, 0);
	ck_assert_uint_eq(stat(m, "dirty_walks"), 1);
	ck_assert_uint_eq(stat(m, "dirty_walk_reads"), 2);
	ck_assert_uint_eq(stat(m, "walks"), 1);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN + 4, MMU_WRITE, 1));
	ck_assert_uint_eq(stat(m, "dirty_walks"), 1);
	ck_assert_uint_eq(stat(m, "ad_writes"), 3);
	ck_assert_uint_eq(stat(m, "dtlb.4k.write.hits"), 2);
	/* A 4 MiB page: A and D live in the PDE. */
	map_large(&t, 0x00c00000u, 0x00800000u, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_nonnull(mmu_translate(m, 0x00c00010u, MMU_WRITE, 1));
	ck_assert_uint_eq(rd32(m, pde_addr(0x00c00000u)) & (PTE_A | PTE_D), PTE_A | PTE_D);
	mmu_free(m);
}
END_TEST

/* A fault sets no A/D bit in this model (SDM 4.8 leaves it open; documented choice). */
START_TEST(test_no_accessed_on_fault)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_U);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_WRITE, 1));
	ck_assert_uint_eq(rd32(m, pde_addr(LIN)) & PTE_A, 0);
	ck_assert_uint_eq(rd32(m, pte_addr(&t, LIN)) & PTE_A, 0);
	ck_assert_uint_eq(stat(m, "ad_writes"), 0);
	mmu_free(m);
}
END_TEST

static void expect_fault(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user, uint32_t err)
{
	ck_assert_ptr_null(mmu_translate(m, lin, kind, user));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, err);
	ck_assert_uint_eq(mmu_last_fault(m)->lin, lin);
	ck_assert_uint_eq(mmu_cr2(m), lin);
}

/* SDM 4.7, figure 4-12: P=0 not present, W/R the access, U/S the privilege; CR2 the address. */
START_TEST(test_error_codes_not_present)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	expect_fault(m, 0x40000010u, MMU_READ, 0, 0x0);
	expect_fault(m, 0x40000020u, MMU_WRITE, 0, PF_W);
	expect_fault(m, 0x40000030u, MMU_READ, 1, PF_U);
	expect_fault(m, 0x40000040u, MMU_WRITE, 1, PF_U | PF_W);
	expect_fault(m, 0x40000050u, MMU_FETCH, 1, PF_U); /* no I/D bit on P6 */
	map4k(&t, LIN, PA, 0);                            /* table present, PTE not */
	expect_fault(m, LIN, MMU_READ, 1, PF_U);
	ck_assert_uint_eq(stat(m, "pf.err.0x0"), 1);
	ck_assert_uint_eq(stat(m, "pf.err.0x2"), 1);
	ck_assert_uint_eq(stat(m, "pf.err.0x4"), 3);
	ck_assert_uint_eq(stat(m, "pf.err.0x6"), 1);
	ck_assert_uint_eq(stat(m, "pf.total"), 6);
	mmu_free(m);
}
END_TEST

/* SDM 4.6: user accesses need U at every level, user writes W at every level; P=1 in the code. */
START_TEST(test_error_codes_protection)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_W);          /* supervisor page */
	map4k(&t, LIN + 0x1000, PA, PTE_P | PTE_U); /* user read-only page */
	expect_fault(m, LIN, MMU_READ, 1, PF_P | PF_U);
	expect_fault(m, LIN, MMU_FETCH, 1, PF_P | PF_U);
	expect_fault(m, LIN + 0x1000, MMU_WRITE, 1, PF_P | PF_W | PF_U);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN + 0x1000, MMU_READ, 1));
	/* The rights of the PDE count too: a PDE without U forbids the user access. */
	wr32(m, pde_addr(LIN), rd32(m, pde_addr(LIN)) & ~PTE_U);
	mmu_invlpg(m, LIN + 0x1000);
	expect_fault(m, LIN + 0x1000, MMU_READ, 1, PF_P | PF_U);
	ck_assert_uint_eq(stat(m, "pf.err.0x5"), 3);
	ck_assert_uint_eq(stat(m, "pf.err.0x7"), 1);
	mmu_free(m);
}
END_TEST

/* SDM 4.6: supervisor writes to read-only pages fault only when CR0.WP = 1 (code P|W). */
START_TEST(test_wp)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_U);
	expect_fault(m, LIN, MMU_WRITE, 0, PF_P | PF_W);
	mmu_set_cr0(m, CR0_PE | CR0_PG);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 1, MMU_WRITE, 0), host(m, PA + 1));
	/* SDM 4.8: the write sets D even though the PTE is read-only. */
	ck_assert_uint_ne(rd32(m, pte_addr(&t, LIN)) & PTE_D, 0);
	/* SDM 4.10.4.1: changing CR0.WP flushes the TLBs (the first flush turned paging on). */
	ck_assert_uint_eq(stat(m, "flush.cr0"), 2);
	mmu_set_cr0(m, CR0_PE | CR0_PG | CR0_WP);
	expect_fault(m, LIN, MMU_WRITE, 0, PF_P | PF_W);
	ck_assert_uint_eq(stat(m, "flush.cr0"), 3);
	mmu_free(m);
}
END_TEST

/* SDM 4.10.4.1 and 4.10.4.3: a page fault invalidates the TLB entries for the faulting address
 * (a PTE made writable without INVLPG gives one "spurious" fault, then the write succeeds). */
START_TEST(test_fault_invalidates_entry)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_U);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	expect_fault(m, LIN, MMU_WRITE, 1, PF_P | PF_W | PF_U);
	map4k(&t, LIN, PA, PTE_P | PTE_U | PTE_W); /* the "handler" fixes the PTE, no INVLPG */
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_WRITE, 1), host(m, PA));
	ck_assert_uint_eq(stat(m, "walks"), 2);
	mmu_free(m);
}
END_TEST

/* SDM 4.10.2.4 and 4.10.4.1: G entries survive a CR3 load only while CR4.PGE is set. */
START_TEST(test_global_pages)
{
	for (int pge = 0; pge <= 1; pge++) {
		struct mmu *m = new_mmu("p6", NULL);
		struct tables t;
		tables_init(&t, m, pge ? CR4_PGE : 0);
		map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_G);
		map4k(&t, LIN + 0x1000, PA + 0x1000, PTE_P | PTE_W);
		ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 0));
		ck_assert_ptr_nonnull(mmu_translate(m, LIN + 0x1000, MMU_READ, 0));
		/* Repoint both PTEs: a surviving entry keeps translating to the old frame. */
		map4k(&t, LIN, PA + 0x8000, PTE_P | PTE_W | PTE_G);
		map4k(&t, LIN + 0x1000, PA + 0x9000, PTE_P | PTE_W);
		ck_assert_int_eq(mmu_set_cr3(m, PD_BASE), 0);
		ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 0),
		                 host(m, pge ? PA : PA + 0x8000));
		ck_assert_ptr_eq(mmu_translate(m, LIN + 0x1000, MMU_READ, 0), host(m, PA + 0x9000));
		ck_assert_uint_eq(stat(m, "kernel.walks"), (pge ? 3u : 4u));
		ck_assert_uint_eq(stat(m, "flush.cr3"), 2);
		/* INVLPG drops a global entry too. */
		mmu_invlpg(m, LIN);
		ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 0), host(m, PA + 0x8000));
		/* SDM 4.10.4.1: toggling CR4.PGE flushes everything, globals included. */
		uint64_t before = stat(m, "flush.cr4");
		mmu_set_cr4(m, pge ? 0 : CR4_PGE);
		ck_assert_uint_eq(stat(m, "flush.cr4"), before + 1);
		/* pge: CR3 drops 1, INVLPG 1, CR4 2; else CR3 2, INVLPG 1, CR4 2. */
		ck_assert_uint_eq(stat(m, "flush.entries"), (pge ? 4u : 5u));
		ck_assert_uint_eq(stat(m, "flush.invlpg"), 1);
		mmu_free(m);
	}
}
END_TEST

/* SDM 4.10.4.1: INVLPG invalidates the page containing the address, whatever its size. */
START_TEST(test_invlpg_large_page)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	map_large(&t, 0x00c00000u, 0x00800000u, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_nonnull(mmu_translate(m, 0x00c01000u, MMU_READ, 1));
	map_large(&t, 0x00c00000u, 0x01000000u, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, 0x00e00000u, MMU_READ, 1), host(m, 0x00a00000u));
	mmu_invlpg(m, 0x00ffffffu); /* any address inside the 4 MiB page */
	ck_assert_ptr_eq(mmu_translate(m, 0x00e00000u, MMU_READ, 1), host(m, 0x01200000u));
	ck_assert_uint_eq(stat(m, "walks"), 2);
	ck_assert_uint_eq(stat(m, "flush.entries"), 1);
	mmu_free(m);
}
END_TEST

/* SDM 4.10.4.1: changing CR0.PG or CR4.PSE invalidates all TLB entries. */
START_TEST(test_cr_writes_flush)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	ck_assert_uint_eq(stat(m, "flush.cr0"), 1); /* paging turned on */
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	mmu_set_cr4(m, CR4_PSE);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	ck_assert_uint_eq(stat(m, "walks"), 2);
	ck_assert_uint_eq(stat(m, "flush.cr4"), 1);
	mmu_set_cr4(m, CR4_PSE); /* no change, no flush */
	ck_assert_uint_eq(stat(m, "flush.cr4"), 1);
	/* CR3's PWT and PCD bits are kept (SDM 2.5, figure 2-7). */
	ck_assert_int_eq(mmu_set_cr3(m, PD_BASE | CR3_PWT | CR3_PCD), 0);
	ck_assert_uint_eq(mmu_cr3(m), PD_BASE | CR3_PWT | CR3_PCD);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	/* Paging off: linear is physical and no TLB lookup is counted. */
	mmu_set_cr0(m, CR0_PE);
	ck_assert_ptr_eq(mmu_translate(m, 0x1234, MMU_READ, 1), host(m, 0x1234));
	ck_assert_uint_eq(stat(m, "unpaged"), 1);
	ck_assert_uint_eq(stat(m, "dTLB-loads"), 3);
	mmu_free(m);
}
END_TEST

/* Frames and tables beyond RAM never give host memory outside RAM (documented dummy page). */
START_TEST(test_beyond_ram)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	uint8_t *ram = mmu_phys(m, 0, RAM_BYTES);
	map4k(&t, LIN, 0xf0000000u, PTE_P | PTE_W | PTE_U);
	map4k(&t, LIN + 0x1000, RAM_BYTES - 0x1000u, PTE_P | PTE_W | PTE_U);
	uint8_t *p = mmu_translate(m, LIN + 0xfff, MMU_WRITE, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert(p < ram || p >= ram + RAM_BYTES);
	*p = 1;
	ck_assert_ptr_eq(mmu_translate(m, LIN + 0x1fff, MMU_WRITE, 1), ram + RAM_BYTES - 1);
	/* A 4 MiB page beyond RAM likewise. */
	map_large(&t, 0x00c00000u, RAM_BYTES, PTE_P | PTE_W | PTE_U);
	p = mmu_translate(m, 0x00e00000u, MMU_READ, 1);
	ck_assert(p < ram || p >= ram + RAM_BYTES);
	/* A page table beyond RAM reads as zeros: not present. */
	wr32(m, pde_addr(0x40000000u), 0xf0000000u | PTE_P | PTE_W | PTE_U);
	expect_fault(m, 0x40000000u, MMU_READ, 1, PF_U);
	/* CR3 beyond RAM likewise. */
	ck_assert_int_eq(mmu_set_cr3(m, 0xfffff000u), 0);
	expect_fault(m, LIN, MMU_READ, 0, 0);
	mmu_free(m);
}
END_TEST

/* Stale entries: without INVLPG the TLB may keep using the old translation (SDM 4.10.4.2). */
START_TEST(test_stale_entry_until_invlpg)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 1), host(m, PA));
	map4k(&t, LIN, PA + 0x3000, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 1), host(m, PA));
	mmu_invlpg(m, LIN + 0x800);
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 1), host(m, PA + 0x3000));
	mmu_free(m);
}
END_TEST

/* Bad construction arguments give an error message, not a crash. */
START_TEST(test_bad_arguments)
{
	char err[200] = "";
	struct mmu *m = mmu_new(5000, "p6", NULL, err, sizeof err); /* rounded up to whole pages */
	ck_assert_uint_eq(mmu_ram_size(m), 8192);
	mmu_free(m);
	ck_assert_ptr_null(mmu_new(0, "p6", NULL, err, sizeof err));
	ck_assert_ptr_null(mmu_new(RAM_BYTES, "i686", NULL, err, sizeof err));
	ck_assert(strstr(err, "preset") != NULL);
	const char *bad[] = {"dtlb4k=",
	                     "dtlb4k=64x3",
	                     "dtlb4k=64x4:mru",
	                     "foo=1",
	                     "policy=x",
	                     "dtlb4k=0",
	                     "itlb4k=48x4",
	                     "seed=abc",
	                     "dtlb4k=64x128",
	                     "dtlbl2=12x4",
	                     "dtlb4k=8:plru,dtlb4k=6x6:plru",
	                     "unified=2"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		ck_assert_msg(mmu_new(RAM_BYTES, "p6", bad[i], err, sizeof err) == NULL, "%s",
		              bad[i]);
		ck_assert_msg(err[0] != '\0', "no message for %s", bad[i]);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mmu_paging");
	TCase *tc = tcase_create("paging");
	tcase_add_test(tc, test_4k_translation);
	tcase_add_test(tc, test_4m_page);
	tcase_add_test(tc, test_ps_ignored_without_pse);
	tcase_add_test(tc, test_accessed_dirty_in_ram);
	tcase_add_test(tc, test_no_accessed_on_fault);
	tcase_add_test(tc, test_error_codes_not_present);
	tcase_add_test(tc, test_error_codes_protection);
	tcase_add_test(tc, test_wp);
	tcase_add_test(tc, test_fault_invalidates_entry);
	tcase_add_test(tc, test_global_pages);
	tcase_add_test(tc, test_invlpg_large_page);
	tcase_add_test(tc, test_cr_writes_flush);
	tcase_add_test(tc, test_beyond_ram);
	tcase_add_test(tc, test_stale_entry_until_invlpg);
	tcase_add_test(tc, test_bad_arguments);
	suite_add_tcase(s, tc);
	return check_run(s);
}
