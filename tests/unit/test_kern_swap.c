/*
 * test_kern_swap.c - swap and file PTEs, page-out and page-in, remap_file_pages' file PTEs.
 * Facts: linux-2.5-syscalls.md 3.2 (the i386 encodings and their worked examples, "Swap PTEs in
 * 2.5.66+ have bit6 = 0", PAE "put the 32 bits of offset into the high part"), 3.5 (MAP_NONBLOCK
 * leaves file PTEs), 4.1 (locked pages are not reclaimed), 5.8 ("the PTEs must be file PTEs
 * (pte & 0x41 == 0x40) decoding to the right pgoff").
 */
#include "test_kern_helpers.h"

#include "filemap.h"
#include "swap.h"
#include "uaccess.h"
#include "check_run.h"

#define PG 4096u

START_TEST(file_pte_worked_examples)
{
	struct kernel k;
	memset(&k, 0, sizeof k);
	/* linux-2.5-syscalls.md 3.2 "Worked examples (computed)". */
	const uint32_t off[] = {0, 1, 0x1f, 0x20, 0x12345, (1u << 29) - 1};
	const uint32_t pte[] = {0x40, 0x42, 0x7e, 0x140, 0x00091a4a, 0xffffff7e};
	for (int i = 0; i < 6; i++) {
		ck_assert_uint_eq(pgoff_to_pte(&k, off[i]), pte[i]);
		ck_assert_uint_eq(pte_to_pgoff(&k, pte[i]), off[i]);
		ck_assert(pte_is_file(pte[i]));
		ck_assert(!pte_is_swap(pte[i]));
		ck_assert_uint_eq(pte[i] & 0x41, 0x40); /* P clear, _PAGE_FILE set (5.8) */
	}
}
END_TEST

START_TEST(file_pte_pae)
{
	struct kernel k;
	memset(&k, 0, sizeof k);
	k.pae = 1;
	/* pgtable-3level.h: pte_low = _PAGE_FILE, pte_high = pgoff, 32 bits. */
	ck_assert_uint_eq(pgoff_to_pte(&k, 0xdeadbeef), 0xdeadbeef00000040ull);
	ck_assert_uint_eq(pte_to_pgoff(&k, 0xdeadbeef00000040ull), 0xdeadbeef);
	ck_assert(pte_is_file(0xdeadbeef00000040ull));
}
END_TEST

START_TEST(swap_pte_encoding)
{
	struct kernel k;
	memset(&k, 0, sizeof k);
	/* 2-level: type in bits 1-5 (0 here), offset from bit 8, bit 6 clear. */
	ck_assert_uint_eq(swp_entry_to_pte(&k, 5), 0x500);
	ck_assert_uint_eq(pte_to_swp_offset(&k, 0x500), 5);
	ck_assert(pte_is_swap(0x500));
	ck_assert(!pte_is_file(0x500));
	ck_assert(!pte_is_swap(0));     /* pte_none */
	ck_assert(!pte_is_swap(0x501)); /* present */
	ck_assert(!pte_is_swap(0x580)); /* PROT_NONE keeps a frame */
	/* PAE: low word 0, high word type | offset << 5. */
	k.pae = 1;
	ck_assert_uint_eq(swp_entry_to_pte(&k, 5), (uint64_t)(5u << 5) << 32);
	ck_assert_uint_eq(pte_to_swp_offset(&k, (uint64_t)(5u << 5) << 32), 5);
	ck_assert(pte_is_swap((uint64_t)(5u << 5) << 32));
}
END_TEST

static void start_swap(struct tk *t, int pae)
{
	char err[256];
	memset(t, 0, sizeof *t);
	t->m = mmu_new(64u << 20, "p6", NULL, err, sizeof err);
	ck_assert_msg(t->m != NULL, "%s", err);
	struct kern_config cfg = tk_config(t->m, pae);
	cfg.swap_bytes = 4u << 20;
	t->k = kern_new(t->m, &cfg, err, sizeof err);
	ck_assert_msg(t->k != NULL, "%s", err);
	snprintf(t->path, sizeof t->path, "/tmp/pse386-kern-XXXXXX");
	int fd = mkstemp(t->path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	tk_write_elf(t->path, ET_EXEC);
	char *argv[] = {"prog", NULL};
	char *envp[] = {NULL};
	ck_assert_msg(kern_spawn(t->k, t->path, 1, argv, envp, err, sizeof err) == 0, "%s", err);
}

static uint64_t pte_at(struct tk *t, uint32_t va)
{
	uint64_t pa = pte_offset(t->k, current_task(t->k)->mm, va, 0);
	ck_assert(pa != 0);
	return pte_read(t->k, pa);
}

/* 32 anonymous pages, page i full of byte i + 1; returns the address. */
static uint32_t filled_pages(struct tk *t)
{
	long a = tk_syscall(t, 192, 0, 32 * PG, 3, 0x22, (uint32_t)-1, 0);
	ck_assert_int_gt(a, 0);
	uint8_t buf[PG];
	for (uint32_t i = 0; i < 32; i++) {
		memset(buf, (int)(i + 1), PG);
		ck_assert_int_eq(copy_to_user(t->k, (uint32_t)a + i * PG, buf, PG), 0);
	}
	return (uint32_t)a;
}

static void page_out_and_in(int pae)
{
	struct tk t;
	start_swap(&t, pae);
	uint32_t a = filled_pages(&t);
	/* Two turns of the clock in one call: every unlocked page of the process can go. */
	try_to_free_pages(t.k, 10000);
	uint32_t slots[32];
	for (uint32_t i = 0; i < 32; i++) {
		uint64_t pte = pte_at(&t, a + i * PG);
		ck_assert_msg(pte_is_swap(pte), "page %u: pte %llx", i, (unsigned long long)pte);
		slots[i] = pte_to_swp_offset(t.k, pte);
		ck_assert_uint_gt(slots[i], 0); /* slot 0 is the header */
		for (uint32_t j = 0; j < i; j++)
			ck_assert_uint_ne(slots[i], slots[j]);
	}
	uint64_t major = t.k->st.major_faults;
	uint32_t used = swap_used_pages(t.k); /* the program's own pages went too */
	ck_assert_uint_ge(used, 32);
	uint8_t buf[PG];
	for (uint32_t i = 0; i < 32; i++) {
		ck_assert_int_eq(copy_from_user(t.k, buf, a + i * PG, PG), 0);
		ck_assert_uint_eq(buf[0], i + 1);
		ck_assert_uint_eq(buf[PG - 1], i + 1);
		ck_assert(pte_at(&t, a + i * PG) & PTE_P);
	}
	ck_assert_uint_eq(t.k->st.major_faults - major, 32); /* one major fault per page */
	ck_assert_uint_eq(swap_used_pages(t.k), used - 32);  /* no swap cache: slots freed */
	tk_stop(&t);
}

START_TEST(swap_out_in)
{
	page_out_and_in(0);
}
END_TEST

START_TEST(swap_out_in_pae)
{
	page_out_and_in(1);
}
END_TEST

START_TEST(locked_pages_stay)
{
	struct tk t;
	start_swap(&t, 0);
	uint32_t a = filled_pages(&t);
	ck_assert_int_eq(tk_syscall(&t, 150, a, 16 * PG, 0, 0, 0, 0), 0); /* mlock 16 */
	try_to_free_pages(t.k, 10000);
	for (uint32_t i = 0; i < 32; i++) {
		uint64_t pte = pte_at(&t, a + i * PG);
		if (i < 16)
			ck_assert_msg(pte & PTE_P, "locked page %u paged out", i);
		else
			ck_assert_msg(pte_is_swap(pte), "unlocked page %u stayed", i);
	}
	/* munmap frees the slots of the swapped pages. */
	uint32_t used = swap_used_pages(t.k);
	ck_assert_uint_ge(used, 16);
	ck_assert_int_eq(tk_syscall(&t, 91, a, 32 * PG, 0, 0, 0, 0), 0);
	ck_assert_uint_eq(swap_used_pages(t.k), used - 16);
	tk_stop(&t);
}
END_TEST

/* A tmpfs file of 8 pages, page i full of 'a' + i; returns the fd. */
static long make_file(struct tk *t, uint32_t scratch)
{
	ck_assert_int_eq(copy_to_user(t->k, scratch, "/tmp/fremap", 12), 0);
	long fd = tk_syscall(t, 5, scratch, 0102 /* O_RDWR|O_CREAT */, 0600, 0, 0, 0);
	ck_assert_int_ge(fd, 0);
	uint8_t buf[PG];
	for (uint32_t i = 0; i < 8; i++) {
		memset(buf, 'a' + (int)i, PG);
		ck_assert_int_eq(copy_to_user(t->k, scratch + 16, buf, PG - 16), 0);
		ck_assert_int_eq(
		    tk_syscall(t, 181, (uint32_t)fd, scratch + 16, PG - 16, i * PG, 0, 0), PG - 16);
		ck_assert_int_eq(
		    tk_syscall(t, 181, (uint32_t)fd, scratch + 16, 16, i * PG + PG - 16, 0, 0), 16);
	}
	return fd;
}

static void nonlinear_file_ptes(int pae)
{
	struct tk t;
	start_swap(&t, pae);
	long a2 = tk_syscall(&t, 192, 0, 2 * PG, 3, 0x22, (uint32_t)-1, 0);
	uint32_t scratch = (uint32_t)a2;
	long fd = make_file(&t, scratch);
	long m = tk_syscall(&t, 192, 0, 4 * PG, 3, 0x01 /* MAP_SHARED */, (uint32_t)fd, 0);
	ck_assert_int_gt(m, 0);
	/* MAP_NONBLOCK over uncached pages: file PTEs (section 5.8). */
	ck_assert_int_eq(tk_syscall(&t, 257, (uint32_t)m, 2 * PG, 0, 5, 0x10000, 0), 0);
	for (uint32_t i = 0; i < 2; i++) {
		uint64_t pte = pte_at(&t, (uint32_t)m + i * PG);
		ck_assert_uint_eq(pte & 0x41, 0x40);
		ck_assert_uint_eq(pte_to_pgoff(t.k, pte), 5 + i);
	}
	struct vma *v = find_vma(current_task(t.k)->mm, (uint32_t)m);
	ck_assert(v->flags & VM_NONLINEAR);
	/* A touch loads the page at the offset the PTE holds. */
	uint8_t c = 0;
	ck_assert_int_eq(copy_from_user(t.k, &c, (uint32_t)m + PG, 1), 0);
	ck_assert_uint_eq(c, 'a' + 6);
	ck_assert(pte_at(&t, (uint32_t)m + PG) & PTE_P);
	/* Page-out: the nonlinear page leaves a file PTE, a linear one an empty PTE. */
	ck_assert_int_eq(copy_from_user(t.k, &c, (uint32_t)m + 2 * PG, 1), 0);
	ck_assert_uint_eq(c, 'c');
	try_to_free_pages(t.k, 10000);
	uint64_t pte = pte_at(&t, (uint32_t)m + PG);
	ck_assert_uint_eq(pte & 0x41, 0x40);
	ck_assert_uint_eq(pte_to_pgoff(t.k, pte), 6);
	ck_assert_uint_eq(pte_at(&t, (uint32_t)m + 2 * PG), 0);
	ck_assert_int_eq(copy_from_user(t.k, &c, (uint32_t)m + PG + 77, 1), 0);
	ck_assert_uint_eq(c, 'a' + 6);
	/* prot != 0: EINVAL (3.5 item 1). */
	ck_assert_int_eq(tk_syscall(&t, 257, (uint32_t)m, PG, 1, 0, 0, 0), -22);
	tk_stop(&t);
}

START_TEST(fremap_file_ptes)
{
	nonlinear_file_ptes(0);
}
END_TEST

START_TEST(fremap_file_ptes_pae)
{
	nonlinear_file_ptes(1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kern_swap");
	TCase *tc = tcase_create("swap");
	tcase_add_test(tc, file_pte_worked_examples);
	tcase_add_test(tc, file_pte_pae);
	tcase_add_test(tc, swap_pte_encoding);
	tcase_add_test(tc, swap_out_in);
	tcase_add_test(tc, swap_out_in_pae);
	tcase_add_test(tc, locked_pages_stay);
	tcase_add_test(tc, fremap_file_ptes);
	tcase_add_test(tc, fremap_file_ptes_pae);
	suite_add_tcase(s, tc);
	return check_run(s);
}
