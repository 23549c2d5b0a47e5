/*
 * test_kern_fork.c - fork with copy-on-write, the scheduler's switch of address spaces, exit and
 * wait4, and the statistics they produce.
 *
 * Facts: fork(2) (the child's memory is a copy of the parent's; the child returns 0, the parent
 * the child's pid); wait(2) (status of a child that called exit(n) is n << 8; a waiting parent
 * sleeps until a child changes state); Linux 2.5 mm/memory.c copy_page_range() and do_wp_page()
 * (private writable pages are write-protected in both processes and copied on the first write,
 * reused when only one user is left); SDM vol. 3, 4.10.4.1 (a CR3 load switches translations).
 */
#include "test_kern_helpers.h"
#include "check_run.h"

#define NR_exit  1
#define NR_fork  2
#define NR_wait4 114
#define MARK     0x5a

static struct tk t;

static uint64_t user_pa(uint32_t lin, enum mmu_kind kind, int *err)
{
	uint64_t pa = 0;
	uint32_t size;
	*err = mmu_probe(t.m, lin, kind, 1, &pa, &size);
	return pa;
}

struct stat_find {
	const char *key;
	uint64_t value;
	int found;
};

static void find_stat(void *ctx, const char *key, uint64_t value)
{
	struct stat_find *f = ctx;
	if (strcmp(key, f->key) == 0) {
		f->value = value;
		f->found = 1;
	}
}

static uint64_t kstat(const char *key)
{
	struct stat_find f = {key, 0, 0};
	kern_stats_foreach(t.k, find_stat, &f);
	ck_assert_msg(f.found, "no statistic %s", key);
	return f.value;
}

START_TEST(fork_copy_on_write)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	int err;
	uint8_t mark = MARK;
	ck_assert_int_eq(copy_to_user(t.k, TK_DATA_VA + 8, &mark, 1), 0);
	uint64_t parent_pa = user_pa(TK_DATA_VA, MMU_WRITE, &err);
	ck_assert_int_eq(err, 0);
	uint32_t parent_cr3 = mmu_cr3(t.m);
	struct kern_tf *parent_tf = kern_current_tf(t.k);

	long child = tk_syscall(&t, NR_fork, 0, 0, 0, 0, 0, 0);
	ck_assert_int_eq(child, 2);
	/* The parent's page is now write-protected, still the same frame. */
	ck_assert_uint_eq(user_pa(TK_DATA_VA, MMU_READ, &err), parent_pa);
	ck_assert_int_eq(err, 0);
	user_pa(TK_DATA_VA, MMU_WRITE, &err);
	ck_assert_int_eq(err, PF_P | PF_W | PF_U);

	/* The time slice ends: the child runs, in its own address space, returning 0. */
	ck_assert_int_eq(kern_tick(t.k), KERN_RESUME);
	ck_assert_ptr_ne(kern_current_tf(t.k), parent_tf);
	ck_assert_uint_ne(mmu_cr3(t.m), parent_cr3);
	ck_assert_uint_eq(kern_current_tf(t.k)->r[KERN_TF_EAX], 0);
	ck_assert_uint_eq(kstat("context-switches"), 1);
	ck_assert_uint_eq(user_pa(TK_DATA_VA, MMU_READ, &err), parent_pa);
	/* The child's first write copies the page. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_P | PF_W | PF_U, TK_DATA_VA + 8), KERN_RESUME);
	uint64_t child_pa = user_pa(TK_DATA_VA, MMU_WRITE, &err);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_ne(child_pa, parent_pa);
	ck_assert_uint_eq(*mmu_phys(t.m, child_pa + 8, 1), MARK);
	ck_assert_uint_eq(kstat("cow-faults"), 1);

	/* The child exits with 5; the parent runs again and collects it. */
	tk_syscall(&t, NR_exit, 5, 0, 0, 0, 0, 0); /* returns the parent's EAX: fork's result */
	ck_assert_ptr_eq(kern_current_tf(t.k), parent_tf);
	ck_assert_int_eq(parent_tf->r[KERN_TF_EAX], child);
	ck_assert_uint_eq(mmu_cr3(t.m), parent_cr3);
	uint32_t status_va = tk_scratch(&t);
	ck_assert_int_eq(tk_syscall(&t, NR_wait4, (uint32_t)-1, status_va, 0, 0, 0, 0), child);
	uint32_t status;
	ck_assert_int_eq(copy_from_user(t.k, &status, status_va, 4), 0);
	ck_assert_uint_eq(status, 5u << 8);
	/* No child left: ECHILD. */
	ck_assert_int_eq(tk_syscall(&t, NR_wait4, (uint32_t)-1, 0, 0, 0, 0, 0), -10 /* ECHILD */);
	/* The parent is the frame's only user now: its write fault reuses the frame. */
	ck_assert_int_eq(kern_exception(t.k, 14, PF_P | PF_W | PF_U, TK_DATA_VA), KERN_RESUME);
	ck_assert_uint_eq(user_pa(TK_DATA_VA, MMU_WRITE, &err), parent_pa);
	ck_assert_int_eq(err, 0);
	ck_assert_uint_eq(kstat("syscall.fork"), 1);
	tk_stop(&t);
}
END_TEST

START_TEST(wait_blocks_until_child_exits)
{
	tk_start(&t, "p6", 0, ET_EXEC);
	struct kern_tf *parent_tf = kern_current_tf(t.k);
	parent_tf->eip = TK_TEXT_VA + 0x10c; /* just after an INT 0x80 */
	long child = tk_syscall(&t, NR_fork, 0, 0, 0, 0, 0, 0);
	ck_assert_int_gt(child, 0);
	/* wait4 with the child still running: the parent sleeps, the child runs, and the
	 * parent's EIP goes back to its INT 0x80 so that the call is made again. */
	parent_tf->eip = TK_TEXT_VA + 0x10c;
	tk_syscall(&t, NR_wait4, (uint32_t)-1, 0, 0, 0, 0, 0);
	ck_assert_ptr_ne(kern_current_tf(t.k), parent_tf);
	ck_assert_uint_eq(parent_tf->eip, TK_TEXT_VA + 0x10a);
	ck_assert_uint_eq(parent_tf->r[KERN_TF_EAX], NR_wait4);
	/* The child exits: the parent is runnable again and its wait4 now returns the child. */
	ck_assert_int_eq(tk_syscall(&t, NR_exit, 0, 0, 0, 0, 0, 0), NR_wait4);
	ck_assert_ptr_eq(kern_current_tf(t.k), parent_tf);
	ck_assert_int_eq(tk_syscall(&t, NR_wait4, (uint32_t)-1, 0, 0, 0, 0, 0), child);
	/* The last process exits: the machine stops with its status. */
	struct kern_tf *tf = kern_current_tf(t.k);
	tf->r[KERN_TF_EAX] = NR_exit;
	tf->r[KERN_TF_EBX] = 3;
	ck_assert_int_eq(kern_syscall(t.k), KERN_EXIT);
	ck_assert_int_eq(kern_exit_status(t.k), 3);
	tk_stop(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kern_fork");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, fork_copy_on_write);
	tcase_add_test(tc, wait_blocks_until_child_exits);
	suite_add_tcase(s, tc);
	return check_run(s);
}
