/*
 * test_kern_huge.c - huge pages in the page tables: after alloc_hugepages the segment is mapped
 * by page-directory entries with PS set whose frame is the huge page's (4 MiB, 32-bit paging;
 * 2 MiB, PAE), read back through the MMU's own walk and straight from emulated RAM; the
 * translation lands in the large-page DTLB array; free_hugepages clears the PDE and refills the
 * pool; the boot reservation; --kernel version strings.
 *
 * Facts: Intel SDM vol. 3 (2002 edition numbering): 3.6.1 / 4.3 "Page-directory entry for a
 * 4-MByte page" (bits 31:22 the page base, PS = bit 7) and the PAE 2-MByte PDE (bits 35:21);
 * linux-2.5-syscalls.md 2.1 (set_huge_pte: P|PSE, RW and dirty when writable, accessed; user
 * pages U), 2.4 (get_addr from TASK_UNMAPPED_BASE 0x40000000), 2.5 (pool), Decisions 1.
 */
#include <errno.h>

#include "hugetlb.h"
#include "personality.h"
#include "test_kern_helpers.h"
#include "check_run.h"

#define NR_alloc_hugepages 250
#define NR_free_hugepages  251
#define PROT_RW            3

static struct tk t;

static void start(int pae, unsigned hugepages)
{
	char err[256];
	memset(&t, 0, sizeof t);
	t.m = mmu_new(64u << 20, "p6", NULL, err, sizeof err);
	ck_assert_msg(t.m != NULL, "%s", err);
	struct kern_config cfg = tk_config(t.m, pae);
	cfg.hugepages = hugepages;
	t.k = kern_new(t.m, &cfg, err, sizeof err);
	ck_assert_msg(t.k != NULL, "%s", err);
	snprintf(t.path, sizeof t.path, "/tmp/pse386-huge-XXXXXX");
	int fd = mkstemp(t.path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	tk_write_elf(t.path, ET_EXEC);
	char *argv[] = {"prog", NULL};
	char *envp[] = {NULL};
	ck_assert_msg(kern_spawn(t.k, t.path, 1, argv, envp, err, sizeof err) == 0, "%s", err);
}

static int find_array(const char *name)
{
	for (unsigned i = 0; i < mmu_tlb_count(t.m); i++) {
		struct mmu_tlb_info info;
		if (mmu_tlb_info(t.m, i, &info) == 0 && strcmp(info.name, name) == 0)
			return (int)i;
	}
	return -1;
}

static void check_huge_mapping(int pae)
{
	uint32_t size = pae ? (2u << 20) : (4u << 20);
	uint32_t free0 = hugetlb_free_count(t.k);
	long a = tk_syscall(&t, NR_alloc_hugepages, 0, 0, 2 * size, PROT_RW, 0, 0);
	ck_assert_int_eq(a, 0x40000000); /* get_addr's search starts at TASK_UNMAPPED_BASE */
	ck_assert_uint_eq(hugetlb_free_count(t.k), free0 - 2);
	for (uint32_t off = 0; off < 2 * size; off += size) {
		uint32_t lin = (uint32_t)a + off + 0x12344;
		struct mmu_walk_info w;
		ck_assert_int_eq(mmu_walk_describe(t.m, lin, &w), 0);
		/* 32-bit paging: one level, the PDE; PAE: the PDPTE then the PDE (no PTE level). */
		ck_assert_uint_eq(w.nlevels, pae ? 2 : 1);
		const struct mmu_walk_level *pde = &w.level[w.nlevels - 1];
		ck_assert_str_eq(pde->name, "PDE");
		ck_assert_uint_eq(w.page_size, size);
		uint64_t v = pde->value;
		ck_assert(v & PTE_PS);
		ck_assert(v & PTE_P);
		ck_assert(v & PTE_U);
		ck_assert(v & PTE_W);
		ck_assert(v & PTE_D);
		/* The page base: bits 31:22 (4 MiB) or 35:21 (PAE 2 MiB); reserved bits below are
		 * 0. */
		uint64_t base = v & (pae ? 0xFFFE00000ull : 0xFFC00000ull);
		ck_assert_uint_eq(v & (pae ? 0x1FE000ull : 0x3FE000ull), 0);
		ck_assert_uint_eq(w.pa, base + (lin & (size - 1)));
		/* The entry itself, read from emulated RAM where CR3 says the directory is. */
		/* CR3 -> (PAE: PDPTE bits 31:30 -> directory) -> PDE at bits 31:22 (PAE 29:21). */
		uint64_t pde_pa = (mmu_cr3(t.m) & 0xFFFFF000u) + PDX(lin) * 4u;
		if (pae) {
			uint64_t pdpte = 0;
			memcpy(&pdpte,
			       mmu_phys(t.m, (mmu_cr3(t.m) & 0xFFFFFFE0u) + (lin >> 30) * 8u, 8),
			       8);
			pde_pa = (pdpte & 0xFFFFFF000ull) + ((lin >> 21) & 511u) * 8u;
		}
		ck_assert_uint_eq(pde_pa, pde->entry_pa);
		uint8_t *raw = mmu_phys(t.m, pde_pa, pae ? 8 : 4);
		uint64_t rv = 0;
		memcpy(&rv, raw, pae ? 8 : 4);
		ck_assert_uint_eq(rv, v);
		/* Zero-filled on allocation (alloc_hugetlb_page). */
		uint8_t *mem = mmu_phys(t.m, base, size);
		ck_assert_ptr_nonnull(mem);
		for (uint32_t i = 0; i < size; i += 4093)
			ck_assert_uint_eq(mem[i], 0);
	}
	/* A user read fills the large-page DTLB array, not the 4 KiB one. */
	ck_assert_ptr_nonnull(mmu_translate(t.m, (uint32_t)a + 8, MMU_READ, 1));
	unsigned set;
	ck_assert_int_ge(
	    mmu_tlb_lookup(t.m, (unsigned)find_array("dtlblarge"), (uint32_t)a + 8, &set), 0);
	ck_assert_int_eq(mmu_tlb_lookup(t.m, (unsigned)find_array("dtlb4k"), (uint32_t)a + 8, &set),
	                 -1);
	/* free_hugepages: the PDEs are gone (and the TLB entry with them), the pages are free. */
	ck_assert_int_eq(tk_syscall(&t, NR_free_hugepages, (uint32_t)a, 0, 0, 0, 0, 0), 0);
	struct mmu_walk_info w;
	ck_assert_int_ne(mmu_walk_describe(t.m, (uint32_t)a, &w), 0);
	ck_assert_int_eq(
	    mmu_tlb_lookup(t.m, (unsigned)find_array("dtlblarge"), (uint32_t)a + 8, &set), -1);
	ck_assert_uint_eq(hugetlb_free_count(t.k), free0);
}

START_TEST(pde_ps_4m)
{
	start(0, 4);
	ck_assert_uint_eq(hugetlb_page_size(t.k), 4u << 20);
	check_huge_mapping(0);
	tk_stop(&t);
}
END_TEST

START_TEST(pde_ps_2m_pae)
{
	start(1, 4);
	ck_assert_uint_eq(hugetlb_page_size(t.k), 2u << 20);
	check_huge_mapping(1);
	tk_stop(&t);
}
END_TEST

START_TEST(read_only_segment_pde)
{
	start(0, 2);
	long a = tk_syscall(&t, NR_alloc_hugepages, 0, 0, 4u << 20, 1 /* PROT_READ */, 0, 0);
	ck_assert_int_eq(a, 0x40000000);
	struct mmu_walk_info w;
	ck_assert_int_eq(mmu_walk_describe(t.m, (uint32_t)a, &w), 0);
	/* set_huge_pte: pte_wrprotect when the VMA is not writable, not dirty */
	ck_assert(!(w.level[0].value & PTE_W));
	ck_assert(!(w.level[0].value & PTE_D));
	ck_assert(w.level[0].value & PTE_PS);
	tk_stop(&t);
}
END_TEST

START_TEST(pool_reserves_aligned_runs_and_what_fits)
{
	/* 64 MiB of RAM cannot hold 100 pages of 4 MiB: hugetlb_init() keeps what it got. */
	start(0, 100);
	uint32_t total = hugetlb_total(t.k);
	ck_assert_uint_gt(total, 0);
	ck_assert_uint_lt(total, 16);
	ck_assert_uint_eq(hugetlb_free_count(t.k), total);
	/* Every page can be mapped at once, each at a distinct 4 MiB-aligned frame. */
	long a = tk_syscall(&t, NR_alloc_hugepages, 0, 0, total * (4u << 20), PROT_RW, 0, 0);
	ck_assert_int_gt(a, 0);
	for (uint32_t i = 0; i < total; i++) {
		struct mmu_walk_info w, w2;
		ck_assert_int_eq(mmu_walk_describe(t.m, (uint32_t)a + i * (4u << 20), &w), 0);
		ck_assert_uint_eq(w.pa & ((4u << 20) - 1), 0);
		ck_assert_uint_ge(w.pa, 1u << 20); /* never the reserved first MiB */
		for (uint32_t j = 0; j < i; j++) {
			mmu_walk_describe(t.m, (uint32_t)a + j * (4u << 20), &w2);
			ck_assert_uint_ne(w.pa, w2.pa);
		}
	}
	ck_assert_uint_eq(hugetlb_free_count(t.k), 0);
	ck_assert_int_eq(tk_syscall(&t, NR_alloc_hugepages, 0, 0, 4u << 20, PROT_RW, 0, 0),
	                 -ENOMEM);
	tk_stop(&t);
}
END_TEST

START_TEST(pool_resize)
{
	start(0, 2);
	/* set_hugetlb_mem_size(): positive sets, negative shrinks, returns the real size */
	ck_assert_int_eq(hugetlb_set_pool_size(t.k, 4), 4);
	ck_assert_int_eq(hugetlb_set_pool_size(t.k, -1), 3);
	long a = tk_syscall(&t, NR_alloc_hugepages, 0, 0, 2 * (4u << 20), PROT_RW, 0, 0);
	ck_assert_int_gt(a, 0);
	ck_assert_int_eq(hugetlb_set_pool_size(t.k, 0), 2); /* in-use pages stay */
	char buf[128];
	hugetlb_report_meminfo(t.k, buf, sizeof buf);
	ck_assert_str_eq(buf, "HugePages_Total:     2\nHugePages_Free:      0\n"
	                      "Hugepagesize:     4096 kB\n");
	tk_stop(&t);
}
END_TEST

START_TEST(version_strings)
{
	char err[128];
	/* Decisions 1: 2.4.x, 2.5.x, 2.6.x */
	ck_assert_int_eq(personality_check("2.5.53", err, sizeof err), 0);
	ck_assert_int_eq(personality_check("2.4.20", err, sizeof err), 0);
	ck_assert_int_eq(personality_check("2.6.0", err, sizeof err), 0);
	ck_assert_int_eq(personality_check("2.5", err, sizeof err), -1);
	ck_assert_int_eq(personality_check("2.5.53-rc1", err, sizeof err), -1);
	ck_assert_int_eq(personality_check("3.0.0", err, sizeof err), -1);
	ck_assert_int_eq(personality_check("2.2.26", err, sizeof err), -1);
	ck_assert_int_eq(personality_check("", err, sizeof err), -1);
	ck_assert_int_eq(personality_check("banana", err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "banana"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kern_huge");
	TCase *tc = tcase_create("huge");
	tcase_add_test(tc, pde_ps_4m);
	tcase_add_test(tc, pde_ps_2m_pae);
	tcase_add_test(tc, read_only_segment_pde);
	tcase_add_test(tc, pool_reserves_aligned_runs_and_what_fits);
	tcase_add_test(tc, pool_resize);
	tcase_add_test(tc, version_strings);
	suite_add_tcase(s, tc);
	return check_run(s);
}
