/*
 * test_debug_page.c - the debugger's `page` and `ptdump` on page tables built by hand: a 4 MiB
 * page, a 4 KiB page, a Linux file PTE and swap PTE (32-bit), a PAE 2 MiB page and a PAE file
 * PTE.  Every expected line is computed here from the entry the test reads back from emulated
 * RAM and from the SDM's layouts, never taken from the debugger's output.
 *
 * Facts: SDM vol. 3, 4.3 (32-bit paging: the PDE is at CR3[31:12] + lin[31:22]*4, the PTE at
 * PDE[31:12] + lin[21:12]*4; table 4-4 a 4 MiB PDE: PAT is bit 12), 4.4.2 (PAE: PDPTE i =
 * lin[31:30] at CR3[31:5] + i*8, PDE at PDPTE[35:12] + lin[29:21]*8), table 4-6 (PTE: PAT is bit
 * 7); linux-2.5-syscalls.md 3.2 (file PTE: pgoff[4:0] in bits 1-5, pgoff[28:5] in bits 8-31, bit 6
 * set; swap PTE: type = bits 1-5, offset = bits 8-31; PAE file PTE: low word 0x40, high word the
 * offset).
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug_paging.h"
#include "test_mmu_tables.h"
#include "check_run.h"

/* Run `page lin` and return its output (free() it). */
static char *page_text(struct mmu *m, uint32_t lin)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	dbg_page(m, lin, out);
	fclose(out);
	return text;
}

static void expect_line(const char *text, const char *line)
{
	ck_assert_msg(strstr(text, line) != NULL, "expected line\n%s\nin\n%s", line, text);
}

static unsigned count_lines(const char *text)
{
	unsigned n = 0;
	for (; *text; text++)
		n += *text == '\n';
	return n;
}

START_TEST(page_4m)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE | CR4_PGE);
	uint32_t lin = 0x00400000u, pa = 0x01000000u;
	map_large(&t, lin, pa, PTE_P | PTE_W | PTE_U | PTE_A | PTE_D | PTE_G);
	uint32_t pde_pa = PD_BASE + (lin >> 22) * 4u;
	uint32_t pde = rd32(m, pde_pa);
	ck_assert_uint_eq(pde, pa | 0x1e7u); /* P W U A D PS G: bits 0 1 2 5 6 7 8 */
	char *text = page_text(m, lin + 0x1234u);
	char want[160];
	snprintf(want, sizeof want, "PDE: 0x%08x : 0x%08x  PS G pat D A pcd pwt U W P\n", pde_pa,
	         pde);
	expect_line(text, want);
	snprintf(want, sizeof want, "linear page 0x%08x maps to physical page 0x%09x (4M page)",
	         lin, pa);
	expect_line(text, want);
	ck_assert_uint_eq(count_lines(text), 2);
	free(text);
	mmu_free(m);
}
END_TEST

START_TEST(page_4k)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	uint32_t lin = 0x08048123u, pa = 0x00500000u;
	map4k(&t, lin & PAGE_MASK, pa, PTE_P | PTE_U | PTE_A | PTE_PCD);
	uint32_t pde_pa = PD_BASE + (lin >> 22) * 4u;
	uint32_t pde = rd32(m, pde_pa);
	uint32_t pte_pa = (pde & PAGE_MASK) + ((lin >> 12) & 0x3ffu) * 4u;
	uint32_t pte = rd32(m, pte_pa);
	ck_assert_uint_eq(pte, pa | 0x35u); /* P U PCD A: bits 0 2 4 5 */
	char *text = page_text(m, lin);
	char want[160];
	/* the helper's table PDE is P W U: PS, A, PCD, PWT clear */
	snprintf(want, sizeof want, "PDE: 0x%08x : 0x%08x  ps a pcd pwt U W P\n", pde_pa, pde);
	expect_line(text, want);
	snprintf(want, sizeof want, "PTE: 0x%08x : 0x%08x  g pat d A PCD pwt U w P\n", pte_pa, pte);
	expect_line(text, want);
	snprintf(want, sizeof want,
	         "linear page 0x%08x maps to physical page 0x%09x (4K page); 0x%08x -> 0x%09x",
	         lin & PAGE_MASK, pa, lin, pa | (lin & 0xfffu));
	expect_line(text, want);
	free(text);
	mmu_free(m);
}
END_TEST

/* pgoff_to_pte() of linux-2.5-syscalls.md 3.2, written out here from the bit layout. */
static uint32_t file_pte(uint32_t pgoff)
{
	return ((pgoff & 0x1fu) << 1) | ((pgoff >> 5) << 8) | 0x40u;
}

START_TEST(page_file_pte)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	uint32_t lin = 0x40001000u, pgoff = 0x12345u;
	uint32_t pte_pa = pte_addr(&t, lin);
	wr32(m, pte_pa, file_pte(pgoff));
	ck_assert_uint_eq(rd32(m, pte_pa), 0x00091a4au); /* the reference's worked example */
	char *text = page_text(m, lin);
	char want[200];
	snprintf(want, sizeof want,
	         "PTE: 0x%08x : 0x%08x  not present: file pte, pgoff 0x%x (file offset 0x%x)\n",
	         pte_pa, rd32(m, pte_pa), pgoff, pgoff * 4096u);
	expect_line(text, want);
	snprintf(want, sizeof want, "linear page 0x%08x is not mapped", lin);
	expect_line(text, want);
	free(text);
	mmu_free(m);
}
END_TEST

START_TEST(page_swap_pte)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	uint32_t lin = 0x40002000u, type = 1, offset = 0x321u;
	uint32_t pte_pa = pte_addr(&t, lin);
	wr32(m, pte_pa, (type << 1) | (offset << 8)); /* bit 6 (_PAGE_FILE) clear */
	char *text = page_text(m, lin);
	char want[200];
	snprintf(want, sizeof want,
	         "PTE: 0x%08x : 0x%08x  not present: swap pte, type %u, offset 0x%x\n", pte_pa,
	         rd32(m, pte_pa), type, offset);
	expect_line(text, want);
	free(text);
	mmu_free(m);
}
END_TEST

START_TEST(page_pae_2m)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PAE | CR4_PGE);
	uint32_t lin = 0x40200000u;
	uint64_t pa = 0x01200000u;
	map_large(&t, lin, pa, PTE_P | PTE_W | PTE_U | PTE_A | PTE_D);
	/* CR3 was written before the PDE: the PDPTE registers already hold the directory */
	uint64_t pdpte_pa = PD_BASE + (lin >> 30) * 8u;
	uint64_t pdpte = rd64(m, pdpte_pa);
	uint64_t pde_pa = (pdpte & 0xffffff000ull) + ((lin >> 21) & 0x1ffu) * 8u;
	uint64_t pde = rd64(m, pde_pa);
	ck_assert_uint_eq(pde, pa | 0xe7u);
	char *text = page_text(m, lin + 0x5000u);
	char want[200];
	snprintf(want, sizeof want, "PDPTE: 0x%09llx : 0x%016llx  pcd pwt P\n",
	         (unsigned long long)pdpte_pa, (unsigned long long)pdpte);
	expect_line(text, want);
	snprintf(want, sizeof want, "PDE: 0x%09llx : 0x%016llx  PS g pat D A pcd pwt U W P\n",
	         (unsigned long long)pde_pa, (unsigned long long)pde);
	expect_line(text, want);
	snprintf(want, sizeof want, "linear page 0x%08x maps to physical page 0x%09llx (2M page)",
	         lin, (unsigned long long)pa);
	expect_line(text, want);
	ck_assert_uint_eq(count_lines(text), 3);
	free(text);
	mmu_free(m);
}
END_TEST

START_TEST(page_pae_file_pte)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PAE);
	uint32_t lin = 0x00403000u, pgoff = 0xabcdef12u; /* 32 bits: PTE_FILE_MAX_BITS 32 */
	uint32_t pte_pa = pae_pte_addr(&t, lin);
	wr64(m, pte_pa, ((uint64_t)pgoff << 32) | 0x40u);
	char *text = page_text(m, lin);
	char want[200];
	snprintf(want, sizeof want,
	         "PTE: 0x%09x : 0x%016llx  not present: file pte, pgoff 0x%x (file offset 0x%llx)",
	         pte_pa, (unsigned long long)rd64(m, pte_pa), pgoff,
	         (unsigned long long)pgoff * 4096u);
	expect_line(text, want);
	free(text);
	mmu_free(m);
}
END_TEST

START_TEST(ptdump_merges)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, CR4_PSE);
	/* three pages linear- and physically contiguous with equal flags make one range; a fourth
	 * with W set starts another */
	for (uint32_t i = 0; i < 3; i++)
		map4k(&t, 0x10000000u + i * 4096u, 0x600000u + i * 4096u, PTE_P | PTE_U | PTE_A);
	map4k(&t, 0x10003000u, 0x603000u, PTE_P | PTE_U | PTE_W);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct dbg_ptdump_filter f = {.lo = 0, .hi = 0xffffffffu};
	dbg_ptdump(m, &f, out);
	fclose(out);
	expect_line(text,
	            "0x10000000-0x10002fff -> 0x000600000-0x000602fff  4K  U w g  pages 3 A 3 "
	            "D 0\n");
	expect_line(text,
	            "0x10003000-0x10003fff -> 0x000603000-0x000603fff  4K  U W g  pages 1 A 0 "
	            "D 0\n");
	expect_line(text, "2 ranges\n");
	free(text);
	mmu_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("debug_page");
	TCase *tc = tcase_create("page");
	tcase_add_test(tc, page_4m);
	tcase_add_test(tc, page_4k);
	tcase_add_test(tc, page_file_pte);
	tcase_add_test(tc, page_swap_pte);
	tcase_add_test(tc, page_pae_2m);
	tcase_add_test(tc, page_pae_file_pte);
	tcase_add_test(tc, ptdump_merges);
	suite_add_tcase(s, tc);
	return check_run(s);
}
