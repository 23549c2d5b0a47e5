/*
 * itimer.c - alarm and the ITIMER_REAL interval timer (Linux 2.5 kernel/itimer.c), on a
 * virtual clock: one jiffy (1/HZ s, HZ = 100 as AT_CLKTCK says) passes per scheduler time slice,
 * and when every process sleeps the clock jumps to the next expiry, so a program that waits for
 * SIGALRM neither hangs nor spends host time (docs/kernel.md "Time").
 */
#include <errno.h>

#include "internal.h"

#define HZ             100
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define USEC_PER_JIFFY (1000000u / HZ)

static uint64_t tv_to_jiffies(uint32_t sec, uint32_t usec)
{
	return (uint64_t)sec * HZ + (usec + USEC_PER_JIFFY - 1) / USEC_PER_JIFFY;
}

/* Remaining time of the task's real timer, in jiffies (0: not armed). */
static uint64_t remaining(const struct kernel *k, const struct task *t)
{
	return t->alarm_at > k->jiffies ? t->alarm_at - k->jiffies : (t->alarm_at ? 1 : 0);
}

/* alarm (27): arms SIGALRM in `seconds` (0 cancels); returns the seconds that were left,
 * rounded to the nearest second but at least 1 when a timer was pending (alarm(2)). */
long sys_alarm(struct kernel *k, uint32_t seconds)
{
	struct task *t = current_task(k);
	uint64_t left = remaining(k, t);
	t->alarm_at = seconds ? k->jiffies + (uint64_t)seconds * HZ : 0;
	t->alarm_interval = 0;
	if (!left)
		return 0;
	uint64_t s = (left + HZ / 2) / HZ;
	return (long)(s ? s : 1);
}

static int put_itimer(struct kernel *k, uint32_t uaddr, uint64_t interval, uint64_t value)
{
	uint32_t v[4] = {(uint32_t)(interval / HZ), (uint32_t)(interval % HZ) * USEC_PER_JIFFY,
	                 (uint32_t)(value / HZ), (uint32_t)(value % HZ) * USEC_PER_JIFFY};
	return copy_to_user(k, uaddr, v, sizeof v);
}

/* getitimer (105): struct itimerval {interval, value} of timevals.  The virtual and profiling
 * timers are never armed here (there is no CPU-time accounting). */
long sys_getitimer(struct kernel *k, uint32_t which, uint32_t uval)
{
	struct task *t = current_task(k);
	if (which > ITIMER_PROF)
		return -EINVAL;
	uint64_t interval = which == ITIMER_REAL ? t->alarm_interval : 0;
	uint64_t value = which == ITIMER_REAL ? remaining(k, t) : 0;
	return put_itimer(k, uval, interval, value) != 0 ? -EFAULT : 0;
}

/* setitimer (104): ITIMER_REAL delivers SIGALRM, then every interval if one is given. */
long sys_setitimer(struct kernel *k, uint32_t which, uint32_t unew, uint32_t uold)
{
	struct task *t = current_task(k);
	uint32_t v[4] = {0, 0, 0, 0};
	if (which > ITIMER_PROF)
		return -EINVAL;
	if (unew && copy_from_user(k, v, unew, sizeof v) != 0)
		return -EFAULT;
	if (v[1] >= 1000000u || v[3] >= 1000000u)
		return -EINVAL;
	if (uold && sys_getitimer(k, which, uold) != 0)
		return -EFAULT;
	if (which != ITIMER_REAL)
		return 0;
	uint64_t value = tv_to_jiffies(v[2], v[3]);
	t->alarm_at = value ? k->jiffies + value : 0;
	t->alarm_interval = tv_to_jiffies(v[0], v[1]);
	return 0;
}

/* Fire every expired real timer (it_real_fn()). */
static void run_timers(struct kernel *k)
{
	for (struct task *t = k->tasks; t; t = t->next) {
		if (!t->alarm_at || t->alarm_at > k->jiffies ||
		    (t->state != TASK_RUNNING && t->state != TASK_BLOCKED))
			continue;
		t->alarm_at = t->alarm_interval ? k->jiffies + t->alarm_interval : 0;
		send_signal(k, t, SIGALRM);
	}
}

/* One time slice has passed. */
void timer_tick(struct kernel *k)
{
	k->jiffies++;
	run_timers(k);
}

uint64_t timer_next_expiry(struct kernel *k)
{
	uint64_t next = 0;
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->alarm_at && (t->state == TASK_RUNNING || t->state == TASK_BLOCKED) &&
		    (!next || t->alarm_at < next))
			next = t->alarm_at;
	return next;
}

/* Nothing can run: jump to the earliest pending expiry.  Returns 0 when no timer is armed. */
int timer_skip_idle(struct kernel *k)
{
	uint64_t next = timer_next_expiry(k);
	if (!next)
		return 0;
	if (next > k->jiffies)
		k->jiffies = next;
	run_timers(k);
	return 1;
}
