/*
 * exit.c - process exit and wait (Linux 2.5 kernel/exit.c): do_exit releases the address space
 * and files, leaves a zombie for the parent (or none when nobody will wait), reparents the
 * children, and sends the exit signal; wait4/waitpid reap zombies.
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

void do_exit(struct kernel *k, struct task *t, int status)
{
	if (t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
		return;
	if (t->clear_child_tid && t == k->current) {
		/* mm_release(): clear the tid word so pthread_join-style waiters see the exit. */
		uint32_t zero = 0;
		copy_to_user(k, t->clear_child_tid, &zero, 4);
	}
	if (t == k->current)
		mmu_set_cr3(k->mmu,
		            mm_cr3(k, k->init_mm)); /* never free the tables CR3 points to */
	mmput(k, t->mm);
	t->mm = k->init_mm;
	k->init_mm->users++;
	if (t->files)
		fs_files_put(t->files);
	t->files = NULL;
	t->exit_code = status;
	t->state = TASK_ZOMBIE;
	k->wake_events++;
	if (t->pid == k->first_pid) {
		k->first_status = status;
		k->first_done = 1;
	}
	for (struct task *c = k->tasks, *next; c; c = next) {
		next = c->next; /* reap() may free c */
		if (c->ppid != t->pid)
			continue;
		c->ppid = 0; /* no init to adopt it: nobody waits for it */
		if (c->state == TASK_ZOMBIE)
			reap(k, c);
	}
	struct task *parent = t->ppid ? find_task(k, t->ppid) : NULL;
	if (!parent || parent->state == TASK_ZOMBIE ||
	    (t->exit_signal == SIGCHLD && parent->sigaction[SIGCHLD].handler == 1 /* SIG_IGN */)) {
		/* Nobody can collect the status (2.5 exit_notify with SIGCHLD ignored). */
		reap(k, t);
		return;
	}
	if (t->exit_signal > 0 && t->exit_signal <= NSIG)
		send_signal(k, parent, t->exit_signal);
}

static int wait_matches(const struct task *parent, const struct task *c, int pid)
{
	if (c->ppid != parent->pid || c->state == TASK_DEAD)
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
		if (c->state != TASK_ZOMBIE)
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
