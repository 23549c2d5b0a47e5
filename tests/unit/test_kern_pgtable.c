/*
 * test_kern_pgtable.c - page tables the kernel builds in emulated RAM: the direct map at
 * 0xC0000000, demand paging of ELF segments, the initial stack, faults and signals.
 *
 * Facts: Intel SDM vol. 3 4.3 (32-bit paging, 4 MiB pages with CR4.PSE and PDE.PS), 4.4 (PAE,
 * 2 MiB pages), 4.6 (U/S: user accesses to supervisor pages fault), 4.7 (error code bits);
 * Linux 2.5 arch/i386/mm/init.c pagetable_init() (direct map of low memory at PAGE_OFFSET with
 * large global pages when the CPU has PSE/PGE) and fs/binfmt_elf.c create_elf_tables() (argc,
 * argv, envp, auxv at the initial esp); System V i386 ABI (auxiliary vector types).
 */
#include "test_kern_helpers.h"
#include "check_run.h"

#define NOT_PRESENT 0x80000000u /* mmu_probe's "not present" marker (mmu.h) */

static struct tk t;

static int probe(uint32_t lin, enum mmu_kind kind, int user, uint64_t *pa, uint32_t *size)
{
	return mmu_probe(t.m, lin, kind, user, pa, size);
}

START_TEST(direct_map_pse)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint64_t pa;
	uint32_t size;
	/* Paging on, with CR0.WP so that the kernel honours read-only user pages (SDM 2.5). */
	ck_assert_uint_eq(mmu_cr0(t.m) & (CR0_PG | CR0_PE | CR0_WP), CR0_PG | CR0_PE | CR0_WP);
	ck_assert_uint_eq(mmu_cr4(t.m) & (CR4_PSE | CR4_PGE | CR4_PAE), CR4_PSE | CR4_PGE);
	ck_assert_int_eq(probe(0xC0000000u + 0x123456u, MMU_READ, 0, &pa, &size), 0);
	ck_assert_uint_eq(pa, 0x123456u);
	ck_assert_uint_eq(size, 4u << 20);
	/* Supervisor only: a user read is a protection fault (P=1, U=1; SDM 4.7). */
	ck_assert_int_eq(probe(0xC0000000u + 0x123456u, MMU_READ, 1, &pa, &size), PF_P | PF_U);
	/* The PDE itself: PS and G set, U clear. */
	uint32_t pde;
	memcpy(&pde, mmu_phys(t.m, (mmu_cr3(t.m) & PAGE_MASK) + 768 * 4, 4), 4);
	ck_assert_uint_eq(pde & (PTE_P | PTE_PS | PTE_G | PTE_U), PTE_P | PTE_PS | PTE_G);
	tk_stop(&t);
}
END_TEST

START_TEST(direct_map_no_pse)
{
	/* The i386 preset has no PSE: the direct map uses 4 KiB pages (SDM 4.3: PS is honoured
	 * only with CR4.PSE). */
	tk_start(&t, "i386", 0, ET_EXEC);
	uint64_t pa;
	uint32_t size;
	ck_assert_uint_eq(mmu_cr4(t.m) & CR4_PSE, 0);
	ck_assert_int_eq(probe(0xC0000000u + 0x200123u, MMU_WRITE, 0, &pa, &size), 0);
	ck_assert_uint_eq(pa, 0x200123u);
	ck_assert_uint_eq(size, 4096);
	tk_stop(&t);
}
END_TEST

START_TEST(direct_map_pae)
{
	tk_start(&t, "p6", 1, ET_EXEC);
	uint64_t pa;
	uint32_t size;
	ck_assert_uint_eq(mmu_cr4(t.m) & CR4_PAE, CR4_PAE);
	ck_assert_int_eq(probe(0xC0000000u + 0x345678u, MMU_READ, 0, &pa, &size), 0);
	ck_assert_uint_eq(pa, 0x345678u);
	ck_assert_uint_eq(size, 2u << 20); /* SDM 4.4.2: PAE large pages are 2 MiB */
	tk_stop(&t);
}
END_TEST

START_TEST(demand_paging_text_and_bss)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint64_t pa;
	uint32_t size;
	uint32_t entry = kern_current_tf(t.k)->eip;
	ck_assert_uint_eq(entry, TK_TEXT_VA + 0x100);
	/* Nothing of the text is mapped before the first fetch (demand paging). */
	ck_assert_uint_eq((uint32_t)probe(entry, MMU_FETCH, 1, &pa, &size) & NOT_PRESENT,
	                  NOT_PRESENT);
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U, entry), KERN_RESUME);
	ck_assert_int_eq(probe(entry, MMU_FETCH, 1, &pa, &size), 0);
	ck_assert_mem_eq(mmu_phys(t.m, pa, sizeof tk_code), tk_code, sizeof tk_code);
	/* Text is read-only for the user (R+X segment): a user write is a protection fault. */
	ck_assert_int_eq(probe(entry, MMU_WRITE, 1, &pa, &size), PF_P | PF_W | PF_U);
	/* The data page comes from the file, the page after it (bss) is zero and writable. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, TK_DATA_VA), KERN_RESUME);
	ck_assert_int_eq(probe(TK_DATA_VA, MMU_WRITE, 1, &pa, &size), 0);
	ck_assert_uint_eq(*mmu_phys(t.m, pa + 17, 1), 0x11);
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, TK_DATA_VA + 4096), KERN_RESUME);
	ck_assert_int_eq(probe(TK_DATA_VA + 4096, MMU_WRITE, 1, &pa, &size), 0);
	ck_assert_uint_eq(*mmu_phys(t.m, pa + 17, 1), 0);
	tk_stop(&t);
}
END_TEST

static uint32_t stack_word(uint32_t esp, unsigned i)
{
	uint32_t v = 0;
	ck_assert_int_eq(copy_from_user(t.k, &v, esp + 4 * i, 4), 0);
	return v;
}

START_TEST(initial_stack)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint32_t esp = kern_current_tf(t.k)->r[KERN_TF_ESP];
	ck_assert_uint_eq(esp & 15, 0); /* i386 psABI: 16-byte aligned at process entry */
	ck_assert_uint_lt(esp, 0xC0000000u);
	ck_assert_uint_eq(stack_word(esp, 0), 2); /* argc */
	char s[16];
	ck_assert_int_eq(strncpy_from_user(t.k, s, stack_word(esp, 1), sizeof s), 4);
	ck_assert_str_eq(s, "prog");
	ck_assert_int_eq(strncpy_from_user(t.k, s, stack_word(esp, 2), sizeof s), 4);
	ck_assert_str_eq(s, "arg1");
	ck_assert_uint_eq(stack_word(esp, 3), 0); /* argv[argc] */
	ck_assert_int_eq(strncpy_from_user(t.k, s, stack_word(esp, 4), sizeof s), 6);
	ck_assert_uint_eq(stack_word(esp, 5), 0); /* envp end */
	int seen = 0;
	for (unsigned i = 6; i < 80; i += 2) {
		uint32_t type = stack_word(esp, i), val = stack_word(esp, i + 1);
		if (type == AT_NULL)
			break;
		if (type == AT_PAGESZ) {
			ck_assert_uint_eq(val, 4096);
			seen |= 1;
		}
		if (type == AT_ENTRY) {
			ck_assert_uint_eq(val, TK_TEXT_VA + 0x100);
			seen |= 2;
		}
		if (type == AT_PHDR) { /* the headers follow the ELF header in the text segment */
			ck_assert_uint_eq(val, TK_TEXT_VA + sizeof(Elf32_Ehdr));
			seen |= 4;
		}
		if (type == AT_PHNUM) {
			ck_assert_uint_eq(val, 2);
			seen |= 8;
		}
		if (type == AT_PLATFORM) {
			ck_assert_int_eq(strncpy_from_user(t.k, s, val, sizeof s), 4);
			ck_assert_str_eq(s, "i686");
			seen |= 16;
		}
	}
	ck_assert_int_eq(seen, 31);
	/* User segments of Linux 2.5 (include/asm-i386/segment.h). */
	ck_assert_uint_eq(kern_current_tf(t.k)->seg[1], USER_CS);
	ck_assert_uint_eq(kern_current_tf(t.k)->seg[3], USER_DS);
	tk_stop(&t);
}
END_TEST

START_TEST(static_pie_base)
{
	tk_start(&t, "p6", 0, ET_DYN);
	/* ET_DYN without PT_INTERP is loaded at ET_DYN_LOAD_BASE (docs/kernel.md). */
	ck_assert_uint_eq(kern_current_tf(t.k)->eip, ET_DYN_LOAD_BASE + 0x100);
	tk_stop(&t);
}
END_TEST

START_TEST(bad_access_kills_with_sigsegv)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	/* No VMA at 0x10000000: SIGSEGV, whose default action terminates (signal(7)); pse386
	 * exits with 128+11. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, 0x10000000u), KERN_EXIT);
	ck_assert_int_eq(kern_exit_status(t.k), 128 + 11);
	tk_stop(&t);
}
END_TEST

START_TEST(stack_grows_down)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	struct vma *stack = NULL;
	for (struct vma *v = current_task(t.k)->mm->vmas; v; v = v->next)
		stack = v; /* the highest VMA */
	ck_assert_uint_eq(stack->end, 0xC0000000u);
	uint32_t below = stack->start - 8 * 4096;
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, below), KERN_RESUME);
	ck_assert_uint_eq(stack->start, below);
	/* Beyond RLIMIT_STACK (8 MiB, linux-2.5-syscalls.md 1.2 INIT_RLIMITS): SIGSEGV. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, 0xC0000000u - (9u << 20)), KERN_EXIT);
	tk_stop(&t);
}
END_TEST

START_TEST(exception_signals)
{
	/* do_divide_error -> SIGFPE, do_invalid_op -> SIGILL, do_int3 -> SIGTRAP,
	 * do_general_protection -> SIGSEGV (arch/i386/kernel/traps.c). */
	static const unsigned vec[] = {0, 6, 3, 13};
	static const int sig[] = {8, 4, 5, 11};
	for (unsigned i = 0; i < 4; i++) {
		tk_start(&t, "p6", 0, ET_EXEC);
		ck_assert_int_eq(kern_exception(t.k, vec[i], 0, 0), KERN_EXIT);
		ck_assert_int_eq(kern_exit_status(t.k), 128 + sig[i]);
		tk_stop(&t);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kern_pgtable");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, direct_map_pse);
	tcase_add_test(tc, direct_map_no_pse);
	tcase_add_test(tc, direct_map_pae);
	tcase_add_test(tc, demand_paging_text_and_bss);
	tcase_add_test(tc, initial_stack);
	tcase_add_test(tc, static_pie_base);
	tcase_add_test(tc, bad_access_kills_with_sigsegv);
	tcase_add_test(tc, stack_grows_down);
	tcase_add_test(tc, exception_signals);
	suite_add_tcase(s, tc);
	return check_run(s);
}
