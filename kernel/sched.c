/*
 * sched.c - round-robin scheduling among runnable tasks (a much reduced Linux 2.5
 * kernel/sched.c): the machine calls kern_tick() when a time slice of cfg->timeslice
 * instructions ends; a task that exits or blocks gives up the CPU at once.  A switch to another
 * address space loads its CR3 (switch_mm()), which flushes the non-global TLB entries; a switch
 * between threads of one address space does not.
 *
 * Blocking is by restart: a system call that must wait leaves EAX and EIP so that INT 0x80 runs
 * again, and the task sleeps until something that may wake it happened (fs_wakeup_count() or
 * wake_events changed), like ERESTARTSYS plus a wait queue.
 */
#include <stdio.h>

#include "fs.h"
#include "internal.h"

uint64_t wake_stamp(struct kernel *k)
{
	return fs_wakeup_count(k) + k->wake_events;
}

void switch_to(struct kernel *k, struct task *next)
{
	struct task *prev = k->current;
	if (next == prev)
		return;
	if (prev)
		k->st.context_switches++;
	k->current = next;
	if (prev && prev->state == TASK_DEAD)
		unlink_task(k, prev); /* an exited task nobody waits for: its last moment */
	/* switch_mm() (include/asm-i386/mmu_context.h) loads CR3 only when prev != next mm: a
	 * switch between threads of one address space keeps the TLB. */
	if ((mmu_cr3(k->mmu) & PAGE_MASK) != (mm_cr3(k, next->mm) & PAGE_MASK))
		mmu_set_cr3(k->mmu, mm_cr3(k, next->mm));
	if (next->set_child_tid) {
		/* schedule_tail(): the child stores its pid in its own memory. */
		uint32_t pid = (uint32_t)next->pid;
		copy_to_user(k, next->set_child_tid, &pid, 4);
		next->set_child_tid = 0;
	}
}

/* A futex (or rt_sigtimedwait) sleeper wakes only for its own wake, its timeout or a signal it
 * can take (futex.c); any other sleeper retries its call after anything that may have woken
 * it. */
static int runnable(struct kernel *k, struct task *t)
{
	if (t->state != TASK_BLOCKED)
		return t->state == TASK_RUNNING;
	if (t->futex.queued)
		futex_check_wake(k, t);
	else if (t->block_stamp != wake_stamp(k)) {
		t->state = TASK_RUNNING;
	}
	return t->state == TASK_RUNNING;
}

/* The next runnable task after the current one in list order, wrapping around. */
static struct task *pick_next(struct kernel *k)
{
	struct task *start = k->current ? k->current->next : NULL;
	for (struct task *t = start; t; t = t->next)
		if (runnable(k, t))
			return t;
	for (struct task *t = k->tasks; t; t = t->next)
		if (runnable(k, t))
			return t;
	return NULL;
}

void schedule(struct kernel *k)
{
	struct task *next = pick_next(k);
	if (next)
		switch_to(k, next);
}

int any_alive(struct kernel *k)
{
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->state == TASK_RUNNING || t->state == TASK_BLOCKED)
			return 1;
	return 0;
}

/* Every task sleeps: jump the virtual clock to the earliest futex timeout or real timer,
 * whichever comes first.  Returns 0 when neither is armed. */
static int skip_idle(struct kernel *k)
{
	uint64_t f = futex_next_deadline(k), a = timer_next_expiry(k);
	if (f && (!a || f < a)) {
		if (f > k->jiffies)
			k->jiffies = f;
		return 1;
	}
	return timer_skip_idle(k);
}

/* Kill everyone: nothing can ever wake the blocked tasks. */
static void report_deadlock(struct kernel *k)
{
	fprintf(stderr, "pse386: deadlock: every process is waiting; killing them\n");
	/* do_exit() may free other tasks (reaped zombies): look for a live one afresh each time. */
	for (;;) {
		struct task *t = k->tasks;
		while (t && t->state != TASK_RUNNING && t->state != TASK_BLOCKED)
			t = t->next;
		if (!t)
			break;
		do_exit(k, t, SIGKILL);
	}
}

/* The way back to user mode (ret_from_sys_call): reschedule if the current task cannot run,
 * deliver its pending signals, and tell the machine whether anything is left to run. */
enum kern_action kern_return(struct kernel *k)
{
	for (int rounds = 0; rounds < 1000; rounds++) {
		struct task *t = k->current;
		if (!t || t->state != TASK_RUNNING) {
			struct task *next = pick_next(k);
			if (!next && skip_idle(k))
				next = pick_next(k); /* a timer or a futex timeout woke a sleeper */
			if (!next) {
				if (!any_alive(k))
					return KERN_EXIT;
				report_deadlock(k);
				return KERN_EXIT;
			}
			switch_to(k, next);
			continue;
		}
		do_signal(k);
		if (t->state == TASK_RUNNING && k->current == t)
			return KERN_RESUME;
	}
	return any_alive(k) ? KERN_RESUME : KERN_EXIT;
}

enum kern_action kern_tick(struct kernel *k)
{
	timer_tick(k);
	schedule(k);
	return kern_return(k);
}
