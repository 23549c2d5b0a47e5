/*
 * test_kern_syscalls.c - the system-call table's memory, identity and TLS calls, made as INT 0x80
 * makes them: VMA arithmetic of mmap2/munmap/brk/mprotect/mremap and their errno cases,
 * uname, getrlimit, set_thread_area's descriptor encoding, unknown numbers.
 *
 * Facts: linux-2.5-syscalls.md 1.1 (ABI, -ENOSYS), 1.2 (brk returns the old break on failure;
 * old_mmap/mmap2; getrlimit 76 clamps to 0x7FFFFFFF; set_thread_area's slot rules; newuname's
 * 6 x 65 bytes; INIT_RLIMITS); man pages mmap(2), munmap(2), mprotect(2), mremap(2);
 * Linux 2.5 include/asm-i386/processor.h (TASK_UNMAPPED_BASE = TASK_SIZE/3 = 0x40000000);
 * Intel SDM vol. 3, 3.4.5 (segment descriptor layout).
 */
#include <errno.h>

#include "test_kern_helpers.h"
#include "check_run.h"

#define NR_brk             45
#define NR_getrlimit_old   76
#define NR_munmap          91
#define NR_uname           122
#define NR_mprotect        125
#define NR_mremap          163
#define NR_ugetrlimit      191
#define NR_mmap2           192
#define NR_set_thread_area 243
#define NR_get_thread_area 244
#define PROT_RW            3
#define MAP_PRIV_ANON      0x22
#define MAP_FIXED          0x10

static struct tk t;

static long mmap_anon(uint32_t addr, uint32_t len, uint32_t flags)
{
	return tk_syscall(&t, NR_mmap2, addr, len, PROT_RW, flags, (uint32_t)-1, 0);
}

START_TEST(mmap_bottom_up_from_task_unmapped_base)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	ck_assert_int_eq(mmap_anon(0, 4096, MAP_PRIV_ANON), 0x40000000);
	ck_assert_int_eq(mmap_anon(0, 8192, MAP_PRIV_ANON), 0x40001000);
	/* The first hole that fits is reused. */
	ck_assert_int_eq(tk_syscall(&t, NR_munmap, 0x40000000, 4096, 0, 0, 0, 0), 0);
	ck_assert_int_eq(mmap_anon(0, 4096, MAP_PRIV_ANON), 0x40000000);
	/* MAP_FIXED at a free address returns it. */
	ck_assert_int_eq(mmap_anon(0x50000000, 4096, MAP_PRIV_ANON | MAP_FIXED), 0x50000000);
	tk_stop(&t);
}
END_TEST

START_TEST(mmap_munmap_errors)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	ck_assert_int_eq(mmap_anon(0, 0, MAP_PRIV_ANON), -EINVAL); /* length 0 */
	ck_assert_int_eq(mmap_anon(0, 4096, 0x20), -EINVAL);       /* no type */
	ck_assert_int_eq(mmap_anon(0x50000001, 4096, MAP_PRIV_ANON | MAP_FIXED), -EINVAL);
	ck_assert_int_eq(tk_syscall(&t, NR_mmap2, 0, 4096, PROT_RW, 2, 77, 0), -EBADF);
	ck_assert_int_eq(tk_syscall(&t, NR_munmap, 0x40000001, 4096, 0, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(tk_syscall(&t, NR_munmap, 0x40000000, 0, 0, 0, 0, 0), -EINVAL);
	/* Unmapping nothing is fine. */
	ck_assert_int_eq(tk_syscall(&t, NR_munmap, 0x60000000, 4096, 0, 0, 0, 0), 0);
	tk_stop(&t);
}
END_TEST

START_TEST(brk_moves_or_returns_old_break)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	/* The break starts at the page after the bss: TK_DATA_VA + 4096 + TK_BSS_LEN. */
	long start = tk_syscall(&t, NR_brk, 0, 0, 0, 0, 0, 0);
	ck_assert_int_eq(start, TK_DATA_VA + 4096 + TK_BSS_LEN);
	ck_assert_int_eq(tk_syscall(&t, NR_brk, start + 5000, 0, 0, 0, 0, 0), start + 5000);
	/* Into kernel space: refused, the old break comes back. */
	ck_assert_int_eq(tk_syscall(&t, NR_brk, 0xC0100000u, 0, 0, 0, 0, 0), start + 5000);
	/* Below the start: refused too. */
	ck_assert_int_eq(tk_syscall(&t, NR_brk, TK_TEXT_VA, 0, 0, 0, 0, 0), start + 5000);
	/* Into an existing mapping: refused. */
	ck_assert_int_eq(mmap_anon((uint32_t)start + 0x10000, 4096, MAP_PRIV_ANON | MAP_FIXED),
	                 start + 0x10000);
	ck_assert_int_eq(tk_syscall(&t, NR_brk, start + 0x20000, 0, 0, 0, 0, 0), start + 5000);
	/* Shrinking works. */
	ck_assert_int_eq(tk_syscall(&t, NR_brk, start, 0, 0, 0, 0, 0), start);
	tk_stop(&t);
}
END_TEST

START_TEST(mprotect_changes_ptes)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint32_t a = (uint32_t)mmap_anon(0, 2 * 4096, MAP_PRIV_ANON);
	uint64_t pa;
	uint32_t size;
	ck_assert_int_eq(kern_exception(t.k, 14, PF_U | PF_W, a), KERN_RESUME);
	ck_assert_int_eq(mmu_probe(t.m, a, MMU_WRITE, 1, &pa, &size), 0);
	ck_assert_int_eq(tk_syscall(&t, NR_mprotect, a, 4096, 1 /* PROT_READ */, 0, 0, 0), 0);
	ck_assert_int_eq(mmu_probe(t.m, a, MMU_WRITE, 1, &pa, &size), PF_P | PF_W | PF_U);
	ck_assert_int_eq(mmu_probe(t.m, a, MMU_READ, 1, &pa, &size), 0);
	ck_assert_int_eq(tk_syscall(&t, NR_mprotect, a + 1, 4096, 1, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(tk_syscall(&t, NR_mprotect, a, 3 * 4096, 1, 0, 0, 0), -ENOMEM);
	/* A write to the read-only page now kills with SIGSEGV. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_P | PF_U | PF_W, a), KERN_EXIT);
	ck_assert_int_eq(kern_exit_status(t.k), 128 + 11);
	tk_stop(&t);
}
END_TEST

START_TEST(mremap_grow_move_errors)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint32_t a = (uint32_t)mmap_anon(0, 4096, MAP_PRIV_ANON);
	/* Free pages above: grows in place. */
	ck_assert_int_eq(tk_syscall(&t, NR_mremap, a, 4096, 3 * 4096, 0, 0, 0), a);
	uint32_t b = (uint32_t)mmap_anon(a + 3 * 4096, 4096, MAP_PRIV_ANON | MAP_FIXED);
	ck_assert_uint_eq(b, a + 3 * 4096);
	/* Blocked above without MREMAP_MAYMOVE: ENOMEM; with it, the mapping moves. */
	ck_assert_int_eq(tk_syscall(&t, NR_mremap, a, 3 * 4096, 8 * 4096, 0, 0, 0), -ENOMEM);
	long moved = tk_syscall(&t, NR_mremap, a, 3 * 4096, 8 * 4096, 1, 0, 0);
	ck_assert_int_gt(moved, 0);
	ck_assert_uint_ne((uint32_t)moved, a);
	ck_assert_int_eq(tk_syscall(&t, NR_mremap, a, 4096, 8192, 1, 0, 0), -EFAULT);
	ck_assert_int_eq(tk_syscall(&t, NR_mremap, b, 4096, 8192, 0x100, 0, 0), -EINVAL);
	tk_stop(&t);
}
END_TEST

START_TEST(uname_and_rlimits)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint32_t buf = tk_scratch(&t);
	char uts[6][65];
	ck_assert_int_eq(tk_syscall(&t, NR_uname, buf, 0, 0, 0, 0, 0), 0);
	ck_assert_int_eq(copy_from_user(t.k, uts, buf, sizeof uts), 0);
	ck_assert_str_eq(uts[0], "Linux");
	ck_assert_str_eq(uts[2], "2.5.53");
	ck_assert_str_eq(uts[4], "i686");
	uint32_t lim[2];
	ck_assert_int_eq(tk_syscall(&t, NR_ugetrlimit, 3 /* STACK */, buf, 0, 0, 0, 0), 0);
	ck_assert_int_eq(copy_from_user(t.k, lim, buf, sizeof lim), 0);
	ck_assert_uint_eq(lim[0], 8u << 20);
	ck_assert_uint_eq(lim[1], 0xFFFFFFFFu);
	ck_assert_int_eq(tk_syscall(&t, NR_getrlimit_old, 3, buf, 0, 0, 0, 0), 0);
	ck_assert_int_eq(copy_from_user(t.k, lim, buf, sizeof lim), 0);
	ck_assert_uint_eq(lim[1], 0x7FFFFFFFu);
	ck_assert_int_eq(tk_syscall(&t, NR_ugetrlimit, 11, buf, 0, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(tk_syscall(&t, NR_ugetrlimit, 3, 0xC0000000u, 0, 0, 0, 0), -EFAULT);
	/* Unknown numbers: -ENOSYS, never a crash. */
	ck_assert_int_eq(tk_syscall(&t, 9999, 0, 0, 0, 0, 0, 0), -ENOSYS);
	ck_assert_int_eq(tk_syscall(&t, 0xFFFFFFFFu, 0, 0, 0, 0, 0, 0), -ENOSYS);
	tk_stop(&t);
}
END_TEST

/* struct user_desc words: entry, base, limit, flags (seg_32bit bit 0, contents bits 1-2,
 * read_exec_only 3, limit_in_pages 4, seg_not_present 5, useable 6). */
static void put_desc(uint32_t ua, uint32_t entry, uint32_t base, uint32_t limit, uint32_t flags)
{
	uint32_t d[4] = {entry, base, limit, flags};
	ck_assert_int_eq(copy_to_user(t.k, ua, d, sizeof d), 0);
}

START_TEST(set_thread_area_encoding)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	uint32_t ua = tk_scratch(&t);
	/* glibc's TLS descriptor: base 0x12345678, limit 0xfffff pages, 32-bit, useable. */
	put_desc(ua, (uint32_t)-1, 0x12345678u, 0xfffffu, 1 | 16 | 64);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), 0);
	uint32_t entry;
	ck_assert_int_eq(copy_from_user(t.k, &entry, ua, 4), 0);
	ck_assert_uint_eq(entry, 6); /* the first free TLS slot, written back */
	/* SDM 3.4.5: limit 15:0 | base 15:0 in the low dword; base 23:16, type 2 (data RW),
	 * S, DPL 3, P, limit 19:16, AVL, D/B, G, base 31:24 in the high dword. */
	ck_assert_uint_eq(kern_current_tf(t.k)->tls[0], 0x12DFF2345678FFFFull);
	/* get_thread_area returns the same fields. */
	put_desc(ua, 6, 0, 0, 0);
	ck_assert_int_eq(tk_syscall(&t, NR_get_thread_area, ua, 0, 0, 0, 0, 0), 0);
	uint32_t d[4];
	ck_assert_int_eq(copy_from_user(t.k, d, ua, sizeof d), 0);
	ck_assert_uint_eq(d[1], 0x12345678u);
	ck_assert_uint_eq(d[2], 0xfffffu);
	ck_assert_uint_eq(d[3], 1 | 16 | 64);
	/* Slots 7 and 8 fill up, then ESRCH; an index outside 6..8 is EINVAL. */
	put_desc(ua, (uint32_t)-1, 0x1000, 0xfff, 1);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), 0);
	put_desc(ua, (uint32_t)-1, 0x2000, 0xfff, 1);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), 0);
	put_desc(ua, (uint32_t)-1, 0x3000, 0xfff, 1);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), -ESRCH);
	put_desc(ua, 5, 0x3000, 0xfff, 1);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), -EINVAL);
	put_desc(ua, 9, 0x3000, 0xfff, 1);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), -EINVAL);
	/* The "empty" user_desc (read_exec_only and seg_not_present only) clears a slot. */
	put_desc(ua, 7, 0, 0, 8 | 32);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, ua, 0, 0, 0, 0, 0), 0);
	ck_assert_uint_eq(kern_current_tf(t.k)->tls[1], 0);
	ck_assert_int_eq(tk_syscall(&t, NR_set_thread_area, 0xC0000000u, 0, 0, 0, 0, 0), -EFAULT);
	tk_stop(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kern_syscalls");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, mmap_bottom_up_from_task_unmapped_base);
	tcase_add_test(tc, mmap_munmap_errors);
	tcase_add_test(tc, brk_moves_or_returns_old_break);
	tcase_add_test(tc, mprotect_changes_ptes);
	tcase_add_test(tc, mremap_grow_move_errors);
	tcase_add_test(tc, uname_and_rlimits);
	tcase_add_test(tc, set_thread_area_encoding);
	suite_add_tcase(s, tc);
	return check_run(s);
}
