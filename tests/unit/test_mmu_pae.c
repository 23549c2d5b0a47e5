/*
 * test_mmu_pae.c - PAE paging on hand-built tables: the PDPTE registers, 64-bit entries, 4 KiB
 * and 2 MiB pages, reserved-bit checks and the RSVD error code.  Each test cites the Intel SDM
 * vol. 3 section whose fact it checks.
 */
#include "test_mmu_tables.h"

#define LIN 0x08048000u
#define PA  (DATA_BASE + 0x7000u)

static struct mmu *pae_mmu(struct tables *t, const char *preset)
{
	struct mmu *m = new_mmu(preset, NULL);
	tables_init(t, m, CR4_PAE);
	return m;
}

/* SDM 4.4.2, figure 4-5: PDPTE, PDE, PTE; 9+9+12 bits; DESIGN.md counts 3 walk reads. */
START_TEST(test_pae_4k)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, LIN + 0x321, MMU_WRITE, 1), host(m, PA + 0x321));
	ck_assert_uint_eq(stat(m, "walk_reads"), 3);
	/* SDM 4.8: A in PDE and PTE, D in the PTE; PDPTEs have no A bit (table 4-8). */
	uint64_t pdpte = rd64(m, PD_BASE);
	ck_assert_uint_eq(pdpte & PTE_A, 0);
	ck_assert_uint_eq(rd64(m, pae_pde_addr(&t, LIN)) & PTE_A, PTE_A);
	ck_assert_uint_eq(rd64(m, pae_pte_addr(&t, LIN)) & (PTE_A | PTE_D), PTE_A | PTE_D);
	mmu_free(m);
}
END_TEST

/* SDM 4.4.2, figure 4-6: a PDE with PS=1 maps a 2 MiB page (whatever CR4.PSE). */
START_TEST(test_pae_2m)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	map_large(&t, 0x00600000u, 0x00a00000u, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_eq(mmu_translate(m, 0x007fffffu, MMU_READ, 1), host(m, 0x00bfffffu));
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(mmu_probe(m, 0x00600000u, MMU_READ, 1, &pa, &size), 0);
	ck_assert_uint_eq(size, 2u << 20);
	ck_assert_uint_eq(stat(m, "walk_reads"), 2);
	/* Documented model choice: 2 MiB pages go into the large-page array. */
	ck_assert(tlb_holds(m, tlb_index(m, "dtlblarge"), 0x00600000u));
	ck_assert(!tlb_holds(m, tlb_index(m, "dtlb4k"), 0x00600000u));
	ck_assert_ptr_nonnull(mmu_translate(m, 0x00600000u, MMU_READ, 1));
	ck_assert_uint_eq(stat(m, "dtlb.large.read.hits"), 1);
	/* INVLPG anywhere in the 2 MiB page drops it. */
	mmu_invlpg(m, 0x00700000u);
	ck_assert(!tlb_holds(m, tlb_index(m, "dtlblarge"), 0x00600000u));
	mmu_free(m);
}
END_TEST

/* SDM 4.4.1, table 4-8: a present PDPTE with a reserved bit makes MOV to CR3 raise #GP. */
START_TEST(test_pdpte_reserved)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	uint32_t pdpt2 = 0x3000;
	static const uint64_t bad[] = {1ull << 1, 1ull << 2,  1ull << 5,
	                               1ull << 8, 1ull << 40, 1ull << 63};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memcpy(mmu_phys(m, pdpt2, 32), mmu_phys(m, PD_BASE, 32), 32);
		wr64(m, pdpt2 + 8, rd64(m, PD_BASE + 8) | bad[i]);
		ck_assert_int_eq(mmu_set_cr3(m, pdpt2), -1);
		ck_assert_uint_eq(mmu_cr3(m), PD_BASE);
	}
	/* Reserved bits in a PDPTE that is not present are ignored. */
	wr64(m, pdpt2 + 8, 1ull << 40);
	ck_assert_int_eq(mmu_set_cr3(m, pdpt2), 0);
	mmu_free(m);
}
END_TEST

/* SDM 4.7 and 4.4.2 (tables 4-9 to 4-11): reserved bits in a present PDE/PTE give #PF RSVD|P. */
START_TEST(test_pae_rsvd_faults)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	uint32_t pde = pae_pde_addr(&t, LIN), pte = pae_pte_addr(&t, LIN);
	uint64_t good_pde = rd64(m, pde);
	/* Bits 63:36 (MAXPHYADDR 36; bit 63 is reserved without NX). */
	wr64(m, pde, good_pde | 1ull << 40);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_READ, 0));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_RSVD | PF_P);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_WRITE, 1));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_RSVD | PF_P | PF_W | PF_U);
	wr64(m, pde, good_pde);
	wr64(m, pte, rd64(m, pte) | 1ull << 63);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_READ, 1));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_RSVD | PF_P | PF_U);
	/* A 2 MiB PDE: bits 20:13 are reserved too. */
	map_large(&t, 0x00600000u, 0x00a00000u | (1u << 13), PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_null(mmu_translate(m, 0x00600000u, MMU_READ, 1));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_RSVD | PF_P | PF_U);
	/* mmu_probe reports the same code; not-present wins over reserved bits. */
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(mmu_probe(m, 0x00600000u, MMU_READ, 1, &pa, &size),
	                 (int)(PF_RSVD | PF_P | PF_U));
	wr64(m, pte, 1ull << 63);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_READ, 1));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_U);
	ck_assert_uint_eq(stat(m, "pf.err.0x9"), 1);
	ck_assert_uint_eq(stat(m, "pf.err.0xd"), 2);
	ck_assert_uint_eq(stat(m, "pf.err.0xf"), 1);
	ck_assert_uint_eq(stat(m, "ad_writes"), 0);
	mmu_free(m);
}
END_TEST

/* SDM 4.4.1: the PDPTEs are loaded at the CR3 write; later changes in memory are not seen. */
START_TEST(test_pdpte_registers)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	uint64_t pdpte0 = rd64(m, PD_BASE);
	wr64(m, PD_BASE, 0);
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 1), host(m, PA));
	mmu_invlpg(m, LIN);
	ck_assert_ptr_eq(mmu_translate(m, LIN, MMU_READ, 1), host(m, PA));
	ck_assert_int_eq(mmu_set_cr3(m, PD_BASE), 0);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_READ, 1));
	ck_assert_uint_eq(mmu_last_fault(m)->error_code, PF_U);
	wr64(m, PD_BASE, pdpte0);
	/* The walk description shows the three levels with their entry addresses. */
	ck_assert_int_eq(mmu_set_cr3(m, PD_BASE), 0);
	struct mmu_walk_info wi;
	ck_assert_int_eq(mmu_walk_describe(m, LIN + 5, &wi), 0);
	ck_assert_uint_eq(wi.nlevels, 3);
	ck_assert_str_eq(wi.level[0].name, "PDPTE");
	ck_assert_uint_eq(wi.level[0].entry_pa, PD_BASE);
	ck_assert_uint_eq(wi.level[0].value, pdpte0);
	ck_assert_str_eq(wi.level[2].name, "PTE");
	ck_assert_uint_eq(wi.level[2].entry_pa, pae_pte_addr(&t, LIN));
	ck_assert_uint_eq(wi.pa, PA + 5);
	ck_assert_uint_eq(wi.page_size, 4096);
	mmu_free(m);
}
END_TEST

/* PAE frames above 4 GiB (SDM 4.4.2: 36-bit physical addresses) beyond RAM: dummy page. */
START_TEST(test_pae_high_frame)
{
	struct tables t;
	struct mmu *m = pae_mmu(&t, "p6");
	map4k(&t, LIN, 0x123456000ull, PTE_P | PTE_W | PTE_U);
	uint8_t *ram = mmu_phys(m, 0, RAM_BYTES);
	uint8_t *p = mmu_translate(m, LIN, MMU_WRITE, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert(p < ram || p >= ram + RAM_BYTES);
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(mmu_probe(m, LIN + 1, MMU_READ, 1, &pa, &size), 0);
	ck_assert_uint_eq(pa, 0x123456001ull);
	mmu_free(m);
}
END_TEST

/* The i386 preset has no PAE/PSE/PGE (80386 datasheet): CR4 keeps none of them. */
START_TEST(test_features_by_preset)
{
	static const struct {
		const char *preset;
		int pse, pae, pge;
	} want[] = {{"i386", 0, 0, 0}, {"i486", 0, 0, 0}, {"pentium", 1, 0, 0}, {"p6", 1, 1, 1},
	            {"p4", 1, 1, 1},   {"k6", 1, 0, 1},   {"athlon", 1, 1, 1}};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct mmu *m = new_mmu(want[i].preset, NULL);
		struct mmu_features f = mmu_features(m);
		ck_assert_int_eq(f.pse, want[i].pse);
		ck_assert_int_eq(f.pae, want[i].pae);
		ck_assert_int_eq(f.pge, want[i].pge);
		ck_assert_str_eq(mmu_preset_name(m), want[i].preset);
		mmu_set_cr4(m, CR4_PSE | CR4_PAE | CR4_PGE);
		ck_assert_uint_eq(mmu_cr4(m), (want[i].pse ? CR4_PSE : 0) |
		                                  (want[i].pae ? CR4_PAE : 0) |
		                                  (want[i].pge ? CR4_PGE : 0));
		mmu_free(m);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mmu_pae");
	TCase *tc = tcase_create("pae");
	tcase_add_test(tc, test_pae_4k);
	tcase_add_test(tc, test_pae_2m);
	tcase_add_test(tc, test_pdpte_reserved);
	tcase_add_test(tc, test_pae_rsvd_faults);
	tcase_add_test(tc, test_pdpte_registers);
	tcase_add_test(tc, test_pae_high_frame);
	tcase_add_test(tc, test_features_by_preset);
	suite_add_tcase(s, tc);
	return check_run(s);
}
