/*
 * uid16.c - the credential system calls (Linux 2.5 kernel/sys.c and kernel/uid16.c): the
 * 32-bit get/set*id32 calls and the original 16-bit ones, whose ids above 65535 read as
 * overflowuid (65534) and whose 0xFFFF means "unchanged" (-1).
 */
#include <errno.h>

#include "internal.h"
#include "sys_wrappers.h"

#define OVERFLOW_ID16 65534 /* overflowuid: 32-bit ids that do not fit the 16-bit calls */
#define NO_ID16       0xFFFFu

static struct task *cur(struct kernel *k)
{
	return current_task(k);
}

static uint32_t id16(uint32_t id)
{
	return id > 0xFFFFu ? OVERFLOW_ID16 : id;
}

static uint32_t from16(uint32_t id)
{
	return (id & 0xFFFFu) == NO_ID16 ? 0xFFFFFFFFu : (id & 0xFFFFu);
}

/* Credentials: the 32-bit calls, and the 16-bit ones of the original ABI. */
long w_getuid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->uid;
}
long w_geteuid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->euid;
}
long w_getgid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->gid;
}
long w_getegid(struct kernel *k, const uint32_t a[6])
{
	(void)a;
	return cur(k)->egid;
}
long w_getuid16(struct kernel *k, const uint32_t a[6])
{
	return id16((uint32_t)w_getuid(k, a));
}
long w_geteuid16(struct kernel *k, const uint32_t a[6])
{
	return id16((uint32_t)w_geteuid(k, a));
}
long w_getgid16(struct kernel *k, const uint32_t a[6])
{
	return id16((uint32_t)w_getgid(k, a));
}
long w_getegid16(struct kernel *k, const uint32_t a[6])
{
	return id16((uint32_t)w_getegid(k, a));
}
long w_setuid(struct kernel *k, const uint32_t a[6])
{
	return sys_setuid(k, a[0]);
}
long w_setgid(struct kernel *k, const uint32_t a[6])
{
	return sys_setgid(k, a[0]);
}
long w_setuid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setuid(k, from16(a[0]));
}
long w_setgid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setgid(k, from16(a[0]));
}
long w_setreuid(struct kernel *k, const uint32_t a[6])
{
	return sys_setreuid(k, a[0], a[1]);
}
long w_setregid(struct kernel *k, const uint32_t a[6])
{
	return sys_setregid(k, a[0], a[1]);
}
long w_setreuid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setreuid(k, from16(a[0]), from16(a[1]));
}
long w_setregid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setregid(k, from16(a[0]), from16(a[1]));
}
long w_setresuid(struct kernel *k, const uint32_t a[6])
{
	return sys_setresuid(k, a[0], a[1], a[2]);
}
long w_setresgid(struct kernel *k, const uint32_t a[6])
{
	return sys_setresgid(k, a[0], a[1], a[2]);
}
long w_setresuid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setresuid(k, from16(a[0]), from16(a[1]), from16(a[2]));
}
long w_setresgid16(struct kernel *k, const uint32_t a[6])
{
	return sys_setresgid(k, from16(a[0]), from16(a[1]), from16(a[2]));
}
long w_getresuid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t ids[3] = {t->uid, t->euid, t->suid};
	return sys_getresid(k, ids, a[0], a[1], a[2]);
}
long w_getresgid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t ids[3] = {t->gid, t->egid, t->sgid};
	return sys_getresid(k, ids, a[0], a[1], a[2]);
}
/* The 16-bit getres*id store 16-bit values. */
static long getresid16(struct kernel *k, const uint32_t ids[3], const uint32_t a[6])
{
	for (int i = 0; i < 3; i++) {
		uint16_t v = (uint16_t)id16(ids[i]);
		if (copy_to_user(k, a[i], &v, 2) != 0)
			return -EFAULT;
	}
	return 0;
}
long w_getresuid16(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t ids[3] = {t->uid, t->euid, t->suid};
	return getresid16(k, ids, a);
}
long w_getresgid16(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t ids[3] = {t->gid, t->egid, t->sgid};
	return getresid16(k, ids, a);
}
/* setfsuid/setfsgid return the old value and change it only when allowed. */
long w_setfsuid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t old = t->fsuid;
	if (t->euid == 0 || a[0] == t->uid || a[0] == t->euid || a[0] == t->suid)
		t->fsuid = a[0];
	return old;
}
long w_setfsgid(struct kernel *k, const uint32_t a[6])
{
	struct task *t = cur(k);
	uint32_t old = t->fsgid;
	if (t->euid == 0 || a[0] == t->gid || a[0] == t->egid || a[0] == t->sgid)
		t->fsgid = a[0];
	return old;
}
