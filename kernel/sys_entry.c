/*
 * sys_entry.c - the system-call table's entry points (syscall.c): each unpacks the six
 * register arguments (EBX ECX EDX ESI EDI EBP) for one sys_* implementation, or is small enough
 * to be the implementation (getpid, set_tid_address, futex...).
 */
#include <errno.h>
#include <string.h>

#include "fs.h"
#include "internal.h"
#include "sys_wrappers.h"

#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PER_LINUX   0

static struct task *cur(struct kernel *k)
{
	return current_task(k);
}

/* Processes. */
/* exit (1) ends the calling thread only; exit_group (252) every thread of the process
 * (exit(2), exit_group(2)). */
long w_exit(struct kernel *k, const uint32_t a[6])
{
	do_exit(k, cur(k), (int)((a[0] & 0xff) << 8));
	return 0;
}
long w_exit_group(struct kernel *k, const uint32_t a[6])
{
	do_group_exit(k, cur(k), (int)((a[0] & 0xff) << 8));
	return 0;
}
long w_fork(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return do_fork(k, SIGCHLD, 0, 0, 0, 0);
}
long w_vfork(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return do_fork(k, 0x4000u /* CLONE_VFORK */ | 0x100u /* CLONE_VM */ | SIGCHLD, 0, 0, 0, 0);
}
/* clone on i386: flags, newsp, parent_tidptr, tls, child_tidptr (CLONE_BACKWARDS order). */
long w_clone(struct kernel *k, const uint32_t a[6])
{
	return do_fork(k, a[0], a[1], a[2], a[4], a[3]);
}
long w_execve(struct kernel *k, const uint32_t a[6])
{
	return do_execve(k, a[0], a[1], a[2]);
}
long w_waitpid(struct kernel *k, const uint32_t a[6])
{
	return sys_wait4(k, (int)a[0], a[1], a[2], 0);
}
long w_wait4(struct kernel *k, const uint32_t a[6])
{
	return sys_wait4(k, (int)a[0], a[1], a[2], a[3]);
}
/* getpid is the thread group's id, gettid the thread's own (gettid(2)). */
long w_getpid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->tgid;
}
long w_gettid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->pid;
}
long w_getppid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->ppid;
}
long w_set_tid_address(struct kernel *k, const uint32_t a[6])
{
	cur(k)->clear_child_tid = a[0];
	return cur(k)->pid;
}
long w_getpgrp(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->pgid;
}
long w_getpgid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = a[0] ? find_task(k, (int)a[0]) : cur(k);
	return t ? t->pgid : -ESRCH;
}
long w_getsid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = a[0] ? find_task(k, (int)a[0]) : cur(k);
	return t ? t->sid : -ESRCH;
}
long w_setpgid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = a[0] ? find_task(k, (int)a[0]) : cur(k);
	if ((int)a[1] < 0)
		return -EINVAL;
	if (!t || (t->tgid != cur(k)->tgid && t->ppid != cur(k)->tgid))
		return -ESRCH;
	int pgid = a[1] ? (int)a[1] : t->tgid;
	for (struct task *o = k->tasks; o; o = o->next)
		if (o->tgid == t->tgid)
			o->pgid = pgid; /* the process group belongs to the whole process */
	return 0;
}
long w_setsid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	struct task *t = cur(k);
	for (struct task *o = k->tasks; o; o = o->next)
		if (o->pgid == t->pid && o != t && o->state != TASK_DEAD)
			return -EPERM;
	if (t->pgid == t->pid)
		return -EPERM;
	t->sid = t->pgid = t->pid;
	return t->sid;
}
long w_sched_yield(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	schedule(k);
	return 0;
}
long w_personality(struct kernel *k, const uint32_t a[6])
{
	(void)k;
	(void)a;
	return PER_LINUX;
}
long w_prctl(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	char name[16];
	if (a[0] == PR_SET_NAME) {
		int n = strncpy_from_user(k, name, a[1], sizeof name);
		if (n == -ENAMETOOLONG) {
			if (copy_from_user(k, name, a[1], sizeof name - 1) != 0)
				return -EFAULT;
			name[sizeof name - 1] = 0;
		} else if (n < 0) {
			return n;
		}
		memcpy(t->comm, name, sizeof name);
		return 0;
	}
	if (a[0] == PR_GET_NAME)
		return copy_to_user(k, a[1], t->comm, sizeof t->comm) != 0 ? -EFAULT : 0;
	return -EINVAL;
}

/* Signals. */
long w_kill(struct kernel *k, const uint32_t a[6])
{
	return sys_kill(k, (int)a[0], (int)a[1]);
}
long w_tkill(struct kernel *k, const uint32_t a[6])
{
	struct task *t = (int)a[0] > 0 ? find_task(k, (int)a[0]) : NULL;
	return t ? sys_kill_sig(k, t, (int)a[1], -6 /* SI_TKILL */) : -ESRCH;
}
long w_tgkill(struct kernel *k, const uint32_t a[6])
{
	struct task *t = (int)a[1] > 0 ? find_task(k, (int)a[1]) : NULL;
	if ((int)a[0] <= 0)
		return -EINVAL;
	if (!t || t->tgid != (int)a[0])
		return -ESRCH;
	return sys_kill_sig(k, t, (int)a[2], -6 /* SI_TKILL */);
}
long w_rt_sigaction(struct kernel *k, const uint32_t a[6])
{
	return sys_rt_sigaction(k, (int)a[0], a[1], a[2], a[3]);
}
long w_rt_sigprocmask(struct kernel *k, const uint32_t a[6])
{
	return sys_rt_sigprocmask(k, (int)a[0], a[1], a[2], a[3]);
}
long w_rt_sigpending(struct kernel *k, const uint32_t a[6])
{
	return sys_rt_sigpending(k, a[0], a[1]);
}
long w_sigreturn(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return sys_sigreturn(k, 0);
}
long w_rt_sigreturn(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return sys_sigreturn(k, 1);
}
long w_rt_sigtimedwait(struct kernel *k, const uint32_t a[6])
{
	return sys_rt_sigtimedwait(k, a[0], a[1], a[2], a[3]);
}
long w_rt_sigsuspend(struct kernel *k, const uint32_t a[6])
{
	return sys_rt_sigsuspend(k, a[0], a[1], 0);
}
long w_pause(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return sys_rt_sigsuspend(k, 0, 0, 1);
}
long w_alarm(struct kernel *k, const uint32_t a[6])
{
	return sys_alarm(k, a[0]);
}
long w_setitimer(struct kernel *k, const uint32_t a[6])
{
	return sys_setitimer(k, a[0], a[1], a[2]);
}
long w_getitimer(struct kernel *k, const uint32_t a[6])
{
	return sys_getitimer(k, a[0], a[1]);
}
long w_sigaltstack(struct kernel *k, const uint32_t a[6])
{
	return sys_sigaltstack(k, a[0], a[1]);
}

long w_futex(struct kernel *k, const uint32_t a[6])
{
	return sys_futex(k, a);
}

/* Memory. */
long w_brk(struct kernel *k, const uint32_t a[6])
{
	return sys_brk(k, a[0]);
}
long w_old_mmap(struct kernel *k, const uint32_t a[6])
{
	return sys_old_mmap(k, a[0]);
}
long w_mmap2(struct kernel *k, const uint32_t a[6])
{
	return sys_mmap2(k, a);
}
long w_munmap(struct kernel *k, const uint32_t a[6])
{
	return sys_munmap(k, a[0], a[1]);
}
long w_mprotect(struct kernel *k, const uint32_t a[6])
{
	return sys_mprotect(k, a[0], a[1], a[2]);
}
long w_mremap(struct kernel *k, const uint32_t a[6])
{
	return sys_mremap(k, a[0], a[1], a[2], a[3], a[4]);
}
long w_mincore(struct kernel *k, const uint32_t a[6])
{
	return sys_mincore(k, a[0], a[1], a[2]);
}
long w_madvise(struct kernel *k, const uint32_t a[6])
{
	return sys_madvise(k, a[0], a[1], a[2]);
}
long w_msync(struct kernel *k, const uint32_t a[6])
{
	return sys_msync(k, a[0], a[1], a[2]);
}
long w_set_thread_area(struct kernel *k, const uint32_t a[6])
{
	return sys_set_thread_area(k, a[0]);
}
long w_get_thread_area(struct kernel *k, const uint32_t a[6])
{
	return sys_get_thread_area(k, a[0]);
}

/* System information, limits, time. */
long w_newuname(struct kernel *k, const uint32_t a[6])
{
	return sys_newuname(k, a[0]);
}
long w_olduname(struct kernel *k, const uint32_t a[6])
{
	return sys_olduname(k, a[0]);
}
long w_oldolduname(struct kernel *k, const uint32_t a[6])
{
	return sys_oldolduname(k, a[0]);
}
long w_getrlimit(struct kernel *k, const uint32_t a[6])
{
	return sys_getrlimit(k, a[0], a[1], 0);
}
long w_old_getrlimit(struct kernel *k, const uint32_t a[6])
{
	return sys_getrlimit(k, a[0], a[1], 1);
}
long w_setrlimit(struct kernel *k, const uint32_t a[6])
{
	return sys_setrlimit(k, a[0], a[1]);
}
long w_prlimit64(struct kernel *k, const uint32_t a[6])
{
	return sys_prlimit64(k, (int)a[0], a[1], a[2], a[3]);
}
long w_time(struct kernel *k, const uint32_t a[6])
{
	return sys_time(k, a[0]);
}
long w_gettimeofday(struct kernel *k, const uint32_t a[6])
{
	return sys_gettimeofday(k, a[0], a[1]);
}
long w_clock_gettime(struct kernel *k, const uint32_t a[6])
{
	return sys_clock_gettime(k, a[0], a[1]);
}
long w_clock_getres(struct kernel *k, const uint32_t a[6])
{
	return sys_clock_getres(k, a[0], a[1]);
}
long w_nanosleep(struct kernel *k, const uint32_t a[6])
{
	return sys_nanosleep(k, a[0], a[1]);
}
/* clock_nanosleep(clock, flags, req, rem). */
long w_clock_nanosleep(struct kernel *k, const uint32_t a[6])
{
	if (a[0] > 7)
		return -EINVAL;
	return sys_nanosleep(k, a[2], (a[1] & 1) ? 0 : a[3]);
}
long w_getrandom(struct kernel *k, const uint32_t a[6])
{
	return sys_getrandom(k, a[0], a[1], a[2]);
}
long w_times(struct kernel *k, const uint32_t a[6])
{
	return sys_times(k, a[0]);
}
long w_getrusage(struct kernel *k, const uint32_t a[6])
{
	return sys_getrusage(k, (int)a[0], a[1]);
}
long w_sysinfo(struct kernel *k, const uint32_t a[6])
{
	return sys_sysinfo(k, a[0]);
}

/* Deliberately absent calls that glibc probes (it falls back on -ENOSYS): not logged. */
long w_ni(struct kernel *k, const uint32_t a[6])
{
	(void)k;
	(void)a;
	return -ENOSYS;
}
