/*
 * exit.c - process exit and wait (Linux 2.5 kernel/exit.c): do_exit releases the address space
 * and files; the last thread of a process leaves the leader a zombie for the parent (or none
 * when nobody will wait), reparents the children, and sends the exit signal; do_group_exit
 * ends every thread; wait4/waitpid reap zombies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "internal.h"

/* WNOHANG 1 and WUNTRACED 2 come from the host's <stdlib.h>, with the values of
 * include/linux/wait.h. */
#define RUSAGE_BYTES 72 /* struct rusage on i386: 2 timevals + 14 longs */

/* Remove a finished task from the list and free it (never the current one: the machine still
 * holds its trap frame until the next switch). */
void unlink_task(struct kernel *k, struct task *t)
{
	for (struct task **pp = &k->tasks; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			task_free(k, t);
			return;
		}
	}
}

/* Release a zombie whose status has been collected (release_task()). */
static void reap(struct kernel *k, struct task *t)
{
	t->state = TASK_DEAD;
	if (t != k->current)
		unlink_task(k, t);
}

/* mm_release() and exit_mm(): clear the CLONE_CHILD_CLEARTID word and wake one futex waiter
 * on it (pthread_join), then drop the address space. */
static void exit_mm(struct kernel *k, struct task *t)
{
	struct mm *mm = t->mm;
	int loaded = (mmu_cr3(k->mmu) & PAGE_MASK) == (mm_cr3(k, mm) & PAGE_MASK);
	if (t->clear_child_tid && loaded && mm->users > 1) {
		/* Only while others share the mm, as Linux's mm_release() does: otherwise nobody
		 * could see the word. */
		uint32_t zero = 0;
		if (copy_to_user(k, t->clear_child_tid, &zero, 4) == 0)
			futex_wake_word(k, mm, t->clear_child_tid);
	}
	t->clear_child_tid = 0;
	if (loaded && mm->users == 1)
		mmu_set_cr3(k->mmu,
		            mm_cr3(k, k->init_mm)); /* never free the tables CR3 points to */
	mmput(k, mm);
	t->mm = k->init_mm;
	k->init_mm->users++;
}

/* The whole process (thread group) has ended: the leader becomes the zombie its parent
 * collects, with the group's status (exit_notify()). */
static void exit_notify(struct kernel *k, struct task *leader, int status)
{
	leader->exit_code = status;
	if (leader->pid == k->first_pid) {
		k->first_status = status;
		k->first_done = 1;
	}
	for (struct task *c = k->tasks, *next; c; c = next) {
		next = c->next; /* reap() may free c */
		if (c->ppid != leader->tgid || c->tgid == leader->tgid)
			continue;
		c->ppid = 0; /* no init to adopt it: nobody waits for it */
		if (c->state == TASK_ZOMBIE && c->pid == c->tgid && !group_alive(k, c->tgid))
			reap(k, c);
	}
	struct task *parent = leader->ppid ? find_task(k, leader->ppid) : NULL;
	if (!parent || !group_alive(k, parent->tgid) ||
	    (leader->exit_signal == SIGCHLD &&
	     parent->sigaction[SIGCHLD].handler == 1 /* SIG_IGN */)) {
		/* Nobody can collect the status (2.5 exit_notify with SIGCHLD ignored). */
		reap(k, leader);
		return;
	}
	if (leader->exit_signal > 0 && leader->exit_signal <= NSIG)
		group_send_signal(k, parent, leader->exit_signal, 0, leader->tgid);
}

/* One task ends.  A thread that is not the last of its group just goes away (the leader stays
 * a zombie for the parent); the last one ends the process with the exit_group code if one was
 * set, else its own status. */
void do_exit(struct kernel *k, struct task *t, int status)
{
	if (t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
		return;
	exit_mm(k, t);
	if (t->files)
		fs_files_put(t->files);
	t->files = NULL;
	futex_unqueue(t);
	t->exit_code = status;
	t->state = TASK_ZOMBIE;
	k->wake_events++;
	struct task *leader = group_leader(k, t);
	int group_over = !group_alive(k, t->tgid);
	if (group_over && leader && leader->group_exiting)
		status = leader->group_exit_code;
	if (t != leader)
		reap(k, t); /* a thread: nobody waits for it (exit_signal -1) */
	if (group_over && leader)
		exit_notify(k, leader, status);
}

/* exit_group (252) and fatal signals: every thread of the group ends with this status. */
void do_group_exit(struct kernel *k, struct task *t, int status)
{
	struct task *leader = group_leader(k, t);
	if (leader && !leader->group_exiting) {
		leader->group_exiting = 1;
		leader->group_exit_code = status;
	}
	zap_other_threads(k, t, status);
	do_exit(k, t, status);
}

static int wait_matches(const struct task *parent, const struct task *c, int pid)
{
	/* Only process leaders are children; a leader's zombie is ready once its threads are
	 * gone (delay_group_leader()): do_wait4 checks that. */
	if (c->ppid != parent->tgid || c->pid != c->tgid || c->state == TASK_DEAD)
		return 0;
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == parent->pgid;
	if (pid < -1)
		return c->pgid == -pid;
	return 1;
}

/* sys_wait4(): -ECHILD without a matching child, 0 with WNOHANG and none exited, else block. */
long do_wait4(struct kernel *k, int pid, uint32_t ustatus, uint32_t options)
{
	struct task *self = current_task(k);
	if (options & ~(WNOHANG | WUNTRACED | 0x80000000u | 0x40000000u | 0x20000000u))
		return -EINVAL;
	int any = 0;
	for (struct task *c = k->tasks; c; c = c->next) {
		if (!wait_matches(self, c, pid))
			continue;
		any = 1;
		if (c->state != TASK_ZOMBIE || group_alive(k, c->tgid))
			continue;
		uint32_t st = (uint32_t)c->exit_code;
		if (ustatus && copy_to_user(k, ustatus, &st, 4) != 0)
			return -EFAULT;
		int cpid = c->pid;
		reap(k, c);
		return cpid;
	}
	if (!any)
		return -ECHILD;
	return (options & WNOHANG) ? 0 : KERN_EAGAIN_BLOCK;
}

long sys_wait4(struct kernel *k, int pid, uint32_t ustatus, uint32_t options, uint32_t urusage)
{
	long r = do_wait4(k, pid, ustatus, options);
	if (r > 0 && urusage) {
		uint8_t ru[RUSAGE_BYTES];
		memset(ru, 0, sizeof ru);
		if (copy_to_user(k, urusage, ru, sizeof ru) != 0)
			return -EFAULT;
	}
	return r;
}
