/*
 * thread.c - thread groups (CLONE_THREAD, Linux 2.5 kernel/fork.c and kernel/signal.c): the
 * tasks that share a tgid form one process.  getpid() is the tgid, gettid() the task's own pid;
 * the leader (pid == tgid) holds what Linux 2.5 keeps in the shared signal_struct (the group's
 * pending signals, the exit_group code) and stays a zombie until its last thread exits.
 * Tasks created with CLONE_SIGHAND share their signal handlers (sighand_struct): here each task
 * keeps its own table and a change is copied to every task with the same sighand_id.
 */
#include "internal.h"

int task_alive(const struct task *t)
{
	return t->state == TASK_RUNNING || t->state == TASK_BLOCKED;
}

/* The group's leader: alive, or a zombie that waits for its threads; NULL once reaped. */
struct task *group_leader(struct kernel *k, const struct task *t)
{
	return find_task(k, t->tgid);
}

/* Whether any thread of group tgid still runs or sleeps. */
int group_alive(struct kernel *k, int tgid)
{
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->tgid == tgid && task_alive(t))
			return 1;
	return 0;
}

/* rt_sigaction changed t's handler for sig: every task sharing the table sees it. */
void sighand_sync(struct kernel *k, const struct task *t, int sig)
{
	for (struct task *o = k->tasks; o; o = o->next)
		if (o != t && o->sighand_id == t->sighand_id && o->state != TASK_DEAD)
			o->sigaction[sig] = t->sigaction[sig];
}

/* End every thread of t's group but t (zap_other_threads()) with this wait status. */
void zap_other_threads(struct kernel *k, struct task *t, int status)
{
	/* do_exit() may free tasks: look for a live sibling afresh each time. */
	for (;;) {
		struct task *o = k->tasks;
		while (o && (o == t || o->tgid != t->tgid || !task_alive(o)))
			o = o->next;
		if (!o)
			break;
		do_exit(k, o, status);
	}
}

/* de_thread() (fs/exec.c): execve in a multi-threaded process ends every other thread, and the
 * caller becomes the process's only thread, taking over the leader's pid, parent and exit
 * signal if it was not the leader; the new image has its own signal handler table. */
void de_thread(struct kernel *k, struct task *t)
{
	zap_other_threads(k, t, 0);
	struct task *leader = group_leader(k, t);
	if (leader && leader != t) {
		t->ppid = leader->ppid;
		t->exit_signal = leader->exit_signal;
		t->shared_pending |= leader->shared_pending;
		leader->state = TASK_DEAD;
		unlink_task(k, leader); /* never current: t is */
		t->pid = t->tgid;
	}
	t->sighand_id = t->pid; /* its former sharers, the other threads, are gone */
}
