/*
 * sys.c - identity, limits, time and system information (Linux 2.5 kernel/sys.c, kernel/time.c,
 * kernel/timer.c): uname, getrlimit/setrlimit/prlimit64, the uid/gid family, time, sleeping,
 * getrandom.  Time is the host's real time; sleeping returns at once (nothing else runs on the
 * emulated machine while a lone process sleeps, see docs/kernel.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define UTS_LEN     65 /* __NEW_UTS_LEN + 1 (include/linux/utsname.h) */
#define OLD_UTS_LEN 9

static void fill_uts(const struct kernel *k, char f[6][UTS_LEN])
{
	memset(f, 0, 6 * UTS_LEN);
	strcpy(f[0], "Linux");
	strcpy(f[1], "pse386");
	snprintf(f[2], UTS_LEN, "%s", k->version);
	strcpy(f[3], "#1 SMP Sat Dec 21 12:00:00 UTC 2002");
	strcpy(f[4], "i686");
	strcpy(f[5], "(none)");
}

/* newuname (122): struct new_utsname, six 65-byte fields. */
long sys_newuname(struct kernel *k, uint32_t ubuf)
{
	char f[6][UTS_LEN];
	fill_uts(k, f);
	return copy_to_user(k, ubuf, f, sizeof f) != 0 ? -EFAULT : 0;
}

/* olduname (109): struct old_utsname, five 65-byte fields (no domainname). */
long sys_olduname(struct kernel *k, uint32_t ubuf)
{
	char f[6][UTS_LEN];
	fill_uts(k, f);
	return copy_to_user(k, ubuf, f, 5 * UTS_LEN) != 0 ? -EFAULT : 0;
}

/* oldolduname (59): struct oldold_utsname, five 9-byte fields. */
long sys_oldolduname(struct kernel *k, uint32_t ubuf)
{
	char f[6][UTS_LEN], o[5][OLD_UTS_LEN];
	fill_uts(k, f);
	for (int i = 0; i < 5; i++) {
		memcpy(o[i], f[i], OLD_UTS_LEN - 1);
		o[i][OLD_UTS_LEN - 1] = 0;
	}
	return copy_to_user(k, ubuf, o, sizeof o) != 0 ? -EFAULT : 0;
}

/* getrlimit (191) and old_getrlimit (76, values clamped to 0x7FFFFFFF), linux-2.5-syscalls.md
 * 1.2 "getrlimit / setrlimit". */
long sys_getrlimit(struct kernel *k, uint32_t res, uint32_t urlim, int old)
{
	struct task *t = current_task(k);
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	uint32_t r[2] = {t->rlim_cur[res], t->rlim_max[res]};
	if (old)
		for (int i = 0; i < 2; i++)
			if (r[i] > 0x7FFFFFFFu)
				r[i] = 0x7FFFFFFFu;
	return copy_to_user(k, urlim, r, sizeof r) != 0 ? -EFAULT : 0;
}

static long set_limit(struct task *t, uint32_t res, uint32_t cur, uint32_t max)
{
	if (cur > max)
		return -EINVAL;
	if (max > t->rlim_max[res] && t->euid != 0)
		return -EPERM; /* CAP_SYS_RESOURCE */
	if (res == RLIMIT_NOFILE && max > 1024 * 1024)
		return -EPERM; /* NR_OPEN */
	t->rlim_cur[res] = cur;
	t->rlim_max[res] = max;
	return 0;
}

long sys_setrlimit(struct kernel *k, uint32_t res, uint32_t urlim)
{
	uint32_t r[2];
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(k, r, urlim, sizeof r) != 0)
		return -EFAULT;
	return set_limit(current_task(k), res, r[0], r[1]);
}

/* 64-bit limit to the 32-bit value the kernel keeps (anything >= 2^32-1 is infinity). */
static uint32_t rlim64_to_32(uint64_t v)
{
	return v >= RLIM_INFINITY ? RLIM_INFINITY : (uint32_t)v;
}

static uint64_t rlim32_to_64(uint32_t v)
{
	return v == RLIM_INFINITY ? ~0ull : v;
}

/* prlimit64 (340 in later kernels; glibc uses it for getrlimit/setrlimit). */
long sys_prlimit64(struct kernel *k, int pid, uint32_t res, uint32_t unew, uint32_t uold)
{
	struct task *t = pid ? find_task(k, pid) : current_task(k);
	if (!t)
		return -ESRCH;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	uint64_t nv[2];
	if (unew && copy_from_user(k, nv, unew, sizeof nv) != 0)
		return -EFAULT;
	uint64_t ov[2] = {rlim32_to_64(t->rlim_cur[res]), rlim32_to_64(t->rlim_max[res])};
	if (unew) {
		long r = set_limit(t, res, rlim64_to_32(nv[0]), rlim64_to_32(nv[1]));
		if (r)
			return r;
	}
	if (uold && copy_to_user(k, uold, ov, sizeof ov) != 0)
		return -EFAULT;
	return 0;
}

long sys_time(struct kernel *k, uint32_t ut)
{
	uint32_t now = (uint32_t)time(NULL);
	if (ut && copy_to_user(k, ut, &now, 4) != 0)
		return -EFAULT;
	return (long)now;
}

long sys_gettimeofday(struct kernel *k, uint32_t utv, uint32_t utz)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint32_t tv[2] = {(uint32_t)ts.tv_sec, (uint32_t)(ts.tv_nsec / 1000)};
	uint32_t tz[2] = {0, 0};
	if (utv && copy_to_user(k, utv, tv, sizeof tv) != 0)
		return -EFAULT;
	if (utz && copy_to_user(k, utz, tz, sizeof tz) != 0)
		return -EFAULT;
	return 0;
}

/* clock_gettime (265) with a 32-bit struct timespec; CLOCK_REALTIME 0, MONOTONIC 1,
 * PROCESS_CPUTIME_ID 2, THREAD_CPUTIME_ID 3 and the later aliases up to BOOTTIME 7. */
long sys_clock_gettime(struct kernel *k, uint32_t clk, uint32_t uts)
{
	static const clockid_t host[] = {CLOCK_REALTIME,           CLOCK_MONOTONIC,
	                                 CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
	                                 CLOCK_MONOTONIC_RAW,      CLOCK_REALTIME_COARSE,
	                                 CLOCK_MONOTONIC_COARSE,   CLOCK_BOOTTIME};
	if (clk >= sizeof host / sizeof host[0])
		return -EINVAL;
	struct timespec ts;
	clock_gettime(host[clk], &ts);
	uint32_t v[2] = {(uint32_t)ts.tv_sec, (uint32_t)ts.tv_nsec};
	return copy_to_user(k, uts, v, sizeof v) != 0 ? -EFAULT : 0;
}

long sys_clock_getres(struct kernel *k, uint32_t clk, uint32_t uts)
{
	if (clk > 7)
		return -EINVAL;
	uint32_t v[2] = {0, 1}; /* 1 ns */
	if (uts && copy_to_user(k, uts, v, sizeof v) != 0)
		return -EFAULT;
	return 0;
}

/* nanosleep (162): validates the request and returns at once (docs/kernel.md). */
long sys_nanosleep(struct kernel *k, uint32_t ureq, uint32_t urem)
{
	int32_t req[2];
	if (copy_from_user(k, req, ureq, sizeof req) != 0)
		return -EFAULT;
	if (req[0] < 0 || req[1] < 0 || req[1] >= 1000000000)
		return -EINVAL;
	if (urem) {
		uint32_t zero[2] = {0, 0};
		if (copy_to_user(k, urem, zero, sizeof zero) != 0)
			return -EFAULT;
	}
	return 0;
}

/* getrandom (355): deterministic bytes (a fixed xorshift sequence), so runs are reproducible. */
long sys_getrandom(struct kernel *k, uint32_t ubuf, uint32_t len, uint32_t flags)
{
	static uint32_t state = 0x2545F491u;
	if (flags & ~7u)
		return -EINVAL;
	if (len > 33554431u)
		len = 33554431u;
	uint8_t buf[256];
	uint32_t done = 0;
	while (done < len) {
		uint32_t n = len - done < sizeof buf ? len - done : (uint32_t)sizeof buf;
		for (uint32_t i = 0; i < n; i++) {
			state ^= state << 13;
			state ^= state >> 17;
			state ^= state << 5;
			buf[i] = (uint8_t)state;
		}
		if (copy_to_user(k, ubuf + done, buf, n) != 0)
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

/* setuid (213/23): root sets all four ids; others only the effective one, to uid or suid. */
long sys_setuid(struct kernel *k, uint32_t uid)
{
	struct task *t = current_task(k);
	if (t->euid == 0)
		t->uid = t->euid = t->suid = t->fsuid = uid;
	else if (uid == t->uid || uid == t->suid)
		t->euid = t->fsuid = uid;
	else
		return -EPERM;
	return 0;
}

long sys_setgid(struct kernel *k, uint32_t gid)
{
	struct task *t = current_task(k);
	if (t->euid == 0)
		t->gid = t->egid = t->sgid = t->fsgid = gid;
	else if (gid == t->gid || gid == t->sgid)
		t->egid = t->fsgid = gid;
	else
		return -EPERM;
	return 0;
}

static int id_allowed(const struct task *t, uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return id == 0xFFFFFFFFu || t->euid == 0 || id == r || id == e || id == s;
}

/* setresuid (208/164): each id -1 is kept; unprivileged callers may use their current ids. */
long sys_setresuid(struct kernel *k, uint32_t r, uint32_t e, uint32_t s)
{
	struct task *t = current_task(k);
	if (!id_allowed(t, r, t->uid, t->euid, t->suid) ||
	    !id_allowed(t, e, t->uid, t->euid, t->suid) ||
	    !id_allowed(t, s, t->uid, t->euid, t->suid))
		return -EPERM;
	if (r != 0xFFFFFFFFu)
		t->uid = r;
	if (e != 0xFFFFFFFFu)
		t->euid = e;
	if (s != 0xFFFFFFFFu)
		t->suid = s;
	t->fsuid = t->euid;
	return 0;
}

static void set_resgid(struct task *t, uint32_t r, uint32_t e, uint32_t s)
{
	if (r != 0xFFFFFFFFu)
		t->gid = r;
	if (e != 0xFFFFFFFFu)
		t->egid = e;
	if (s != 0xFFFFFFFFu)
		t->sgid = s;
	t->fsgid = t->egid;
}

long sys_setresgid(struct kernel *k, uint32_t r, uint32_t e, uint32_t s)
{
	struct task *t = current_task(k);
	if (t->euid != 0 && (!id_allowed(t, r, t->gid, t->egid, t->sgid) ||
	                     !id_allowed(t, e, t->gid, t->egid, t->sgid) ||
	                     !id_allowed(t, s, t->gid, t->egid, t->sgid)))
		return -EPERM;
	set_resgid(t, r, e, s);
	return 0;
}

long sys_setreuid(struct kernel *k, uint32_t r, uint32_t e)
{
	struct task *t = current_task(k);
	uint32_t s = 0xFFFFFFFFu;
	/* The saved id follows the new effective one when the real id is set or the effective
	 * one changes to something other than the real id (sys_setreuid in kernel/sys.c). */
	if (r != 0xFFFFFFFFu || (e != 0xFFFFFFFFu && e != t->uid))
		s = e != 0xFFFFFFFFu ? e : t->euid;
	if (t->euid != 0 && ((r != 0xFFFFFFFFu && r != t->uid && r != t->euid) ||
	                     (e != 0xFFFFFFFFu && e != t->uid && e != t->euid && e != t->suid)))
		return -EPERM;
	return sys_setresuid(k, r, e, s);
}

long sys_setregid(struct kernel *k, uint32_t r, uint32_t e)
{
	struct task *t = current_task(k);
	if (t->euid != 0 && ((r != 0xFFFFFFFFu && r != t->gid && r != t->egid) ||
	                     (e != 0xFFFFFFFFu && e != t->gid && e != t->egid && e != t->sgid)))
		return -EPERM;
	uint32_t s = 0xFFFFFFFFu;
	if (r != 0xFFFFFFFFu || (e != 0xFFFFFFFFu && e != t->gid))
		s = e != 0xFFFFFFFFu ? e : t->egid;
	set_resgid(t, r, e, s);
	return 0;
}

long sys_getresid(struct kernel *k, const uint32_t ids[3], uint32_t ur, uint32_t ue, uint32_t us)
{
	if (copy_to_user(k, ur, &ids[0], 4) || copy_to_user(k, ue, &ids[1], 4) ||
	    copy_to_user(k, us, &ids[2], 4))
		return -EFAULT;
	return 0;
}

/* times (43): zero CPU times (no accounting); returns clock ticks since boot. */
long sys_times(struct kernel *k, uint32_t ubuf)
{
	uint32_t z[4] = {0, 0, 0, 0};
	if (ubuf && copy_to_user(k, ubuf, z, sizeof z) != 0)
		return -EFAULT;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)((uint32_t)(ts.tv_sec * 100 + ts.tv_nsec / 10000000) & 0x7fffffff);
}

/* getrusage (77): everything 0 (no accounting, docs/kernel.md). */
long sys_getrusage(struct kernel *k, int who, uint32_t uru)
{
	if (who != 0 && who != -1 && who != 1)
		return -EINVAL;
	uint8_t ru[72];
	memset(ru, 0, sizeof ru);
	return copy_to_user(k, uru, ru, sizeof ru) != 0 ? -EFAULT : 0;
}

/* sysinfo (116): struct sysinfo of 2.4+ (64 bytes with mem_unit). */
long sys_sysinfo(struct kernel *k, uint32_t uinfo)
{
	uint32_t s[16];
	memset(s, 0, sizeof s);
	s[0] = 1;                           /* uptime */
	s[4] = k->nframes * PAGE_SIZE;      /* totalram */
	s[5] = k->nfree * PAGE_SIZE;        /* freeram */
	s[8] = (uint32_t)k->cfg.swap_bytes; /* totalswap */
	s[9] = (uint32_t)k->cfg.swap_bytes; /* freeswap */
	int n = 0;
	for (struct task *t = k->tasks; t; t = t->next)
		n += t->state == TASK_RUNNING || t->state == TASK_BLOCKED;
	s[10] = (uint32_t)n; /* procs (u16) */
	s[13] = 1;           /* mem_unit */
	return copy_to_user(k, uinfo, s, sizeof s) != 0 ? -EFAULT : 0;
}
