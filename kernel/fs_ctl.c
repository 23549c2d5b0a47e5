/*
 * fs_ctl.c - ioctl 54, poll 168, ppoll 309, select: old_select 82, _newselect 142, pselect6 308
 * (fs/ioctl.c, fs/select.c of Linux 2.5).
 *
 * With nothing ready and a non-zero timeout, poll and select wait the way a blocking read does
 * (KERN_EAGAIN_BLOCK): the core runs other tasks and retries.  The timeout itself is not
 * measured (the kernel has no clock of its own): such a call returns when a descriptor becomes
 * ready.  When every descriptor is one of the host's streams, the host's own poll() waits.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

#define G_FIONBIO    0x5421 /* include/asm-i386/ioctls.h */
#define G_FIONCLEX   0x5450
#define G_FIOCLEX    0x5451
#define G_POLLIN     0x0001 /* include/asm-i386/poll.h */
#define G_POLLPRI    0x0002
#define G_POLLOUT    0x0004
#define G_POLLERR    0x0008
#define G_POLLHUP    0x0010
#define G_POLLNVAL   0x0020
#define FD_SETSIZE_G 1024

static long sys_ioctl(struct kernel *k, const uint32_t a[6])
{
	int fd = (int)a[0];
	struct file *f = fd_lookup(k, fd);
	if (!f)
		return -EBADF;
	switch (a[1]) {
	case G_FIOCLEX:
	case G_FIONCLEX: fs_cur_files(k)->cloexec[fd] = a[1] == G_FIOCLEX; return 0;
	case G_FIONBIO: {
		int32_t on;
		if (copy_from_user(k, &on, a[2], sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | G_O_NONBLOCK : f->flags & ~(uint32_t)G_O_NONBLOCK;
		return 0;
	}
	default: break;
	}
	if (f->fop && f->fop->ioctl)
		return f->fop->ioctl(f, k, a[1], a[2]);
	return -ENOTTY;
}

/* Readiness of one fd as VFS_POLL* bits; files without a poll operation are always ready
 * (regular files, fs/select.c DEFAULT_POLLMASK). */
static int file_mask(struct file *f)
{
	if (f->fop && f->fop->poll)
		return f->fop->poll(f);
	return VFS_POLLIN | VFS_POLLOUT;
}

static int is_host_stream(struct file *f)
{
	return f->inode && f->inode->sb->fs == NULL && !S_ISFIFO(f->inode->mode);
}

/* Wait on the host for host streams, when they are all that is polled. */
static void host_wait(struct kernel *k, const int *fds, int n, int timeout_ms)
{
	struct pollfd p[64];
	int m = 0;
	for (int i = 0; i < n && m < 64; i++) {
		struct file *f = fd_lookup(k, fds[i]);
		if (f)
			p[m++] = (struct pollfd){.fd = (int)(intptr_t)f->priv, .events = POLLIN};
	}
	if (m)
		poll(p, (nfds_t)m, timeout_ms);
}

/* Decides what to do when nothing is ready: 0 (time out now), or KERN_EAGAIN_BLOCK. */
static long nothing_ready(struct kernel *k, const int *fds, int n, int timeout_ms, int *retry)
{
	*retry = 0;
	if (timeout_ms == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		struct file *f = fd_lookup(k, fds[i]);
		if (f && !is_host_stream(f))
			return KERN_EAGAIN_BLOCK;
	}
	if (n == 0)
		return 0; /* poll(NULL, 0, t) as a sleep: no clock, return at once */
	host_wait(k, fds, n, timeout_ms);
	*retry = 1;
	return 0;
}

struct gpollfd {
	int32_t fd;
	int16_t events, revents;
};

static long do_poll(struct kernel *k, uint32_t ufds, uint32_t nfds, int timeout_ms)
{
	if (nfds > VFS_NR_OPEN)
		return -EINVAL;
	struct gpollfd *p = malloc(sizeof(*p) * (nfds ? nfds : 1));
	int *fds = malloc(sizeof(int) * (nfds ? nfds : 1));
	long ret = 0;
	if (!p || !fds) {
		ret = -ENOMEM;
		goto out;
	}
	if (nfds && copy_from_user(k, p, ufds, nfds * (uint32_t)sizeof(*p))) {
		ret = -EFAULT;
		goto out;
	}
	for (int pass = 0; pass < 2; pass++) {
		int ready = 0, n = 0;
		for (uint32_t i = 0; i < nfds; i++) {
			p[i].revents = 0;
			if (p[i].fd < 0)
				continue;
			struct file *f = fd_lookup(k, p[i].fd);
			int mask = f ? file_mask(f) : G_POLLNVAL;
			mask &= p[i].events | G_POLLERR | G_POLLHUP | G_POLLNVAL;
			p[i].revents = (int16_t)mask;
			ready += mask != 0;
			if (f)
				fds[n++] = p[i].fd;
		}
		int retry = 0;
		ret = ready ? ready : nothing_ready(k, fds, n, timeout_ms, &retry);
		if (!retry)
			break;
	}
	if (ret >= 0 && nfds && copy_to_user(k, ufds, p, nfds * (uint32_t)sizeof(*p)))
		ret = -EFAULT;
out:
	free(p);
	free(fds);
	return ret;
}

static long sys_poll(struct kernel *k, const uint32_t a[6])
{
	return do_poll(k, a[0], a[1], (int32_t)a[2]);
}

/* A struct timespec / timeval (two 32-bit fields) as milliseconds; -1 for NULL (forever). */
static int timeout_of(struct kernel *k, uint32_t ut, uint32_t sub_per_ms, int *ms)
{
	int32_t t[2];
	*ms = -1;
	if (!ut)
		return 0;
	if (copy_from_user(k, t, ut, sizeof(t)))
		return -EFAULT;
	if (t[0] < 0 || t[1] < 0)
		return -EINVAL;
	int64_t v = (int64_t)t[0] * 1000 + t[1] / (int32_t)sub_per_ms;
	*ms = v > INT32_MAX ? INT32_MAX : (int)v;
	if (*ms == 0 && (t[0] || t[1]))
		*ms = 1;
	return 0;
}

static long sys_ppoll(struct kernel *k, const uint32_t a[6])
{
	int ms;
	int err = timeout_of(k, a[2], 1000000, &ms);
	return err ? err : do_poll(k, a[0], a[1], ms);
}

/* select: three bitmaps of n bits in 32-bit words (include/linux/posix_types.h __FD_SET). */
static long do_select(struct kernel *k, int n, const uint32_t uset[3], int timeout_ms)
{
	if (n < 0 || n > FD_SETSIZE_G)
		return -EINVAL;
	uint32_t in[3][FD_SETSIZE_G / 32], out[3][FD_SETSIZE_G / 32];
	uint32_t words = ((uint32_t)n + 31) / 32;
	static const int want[3] = {VFS_POLLIN | VFS_POLLHUP | VFS_POLLERR,
	                            VFS_POLLOUT | VFS_POLLERR, 0};
	memset(in, 0, sizeof(in));
	for (int s = 0; s < 3; s++)
		if (uset[s] && words && copy_from_user(k, in[s], uset[s], words * 4))
			return -EFAULT;
	int fds[FD_SETSIZE_G];
	long ret = 0;
	for (int pass = 0; pass < 2; pass++) {
		int ready = 0, nf = 0;
		memset(out, 0, sizeof(out));
		for (int fd = 0; fd < n; fd++) {
			uint32_t bit = 1u << (fd % 32);
			int any = (in[0][fd / 32] | in[1][fd / 32] | in[2][fd / 32]) & bit;
			if (!any)
				continue;
			struct file *f = fd_lookup(k, fd);
			if (!f)
				return -EBADF; /* select(2): an invalid descriptor in a set */
			fds[nf++] = fd;
			int mask = file_mask(f);
			for (int s = 0; s < 3; s++)
				if ((in[s][fd / 32] & bit) && (mask & want[s])) {
					out[s][fd / 32] |= bit;
					ready++;
				}
		}
		int retry = 0;
		ret = ready ? ready : nothing_ready(k, fds, nf, timeout_ms, &retry);
		if (!retry)
			break;
	}
	if (ret < 0)
		return ret;
	for (int s = 0; s < 3; s++)
		if (uset[s] && words && copy_to_user(k, uset[s], out[s], words * 4))
			return -EFAULT;
	return ret;
}

static long sys_newselect(struct kernel *k, const uint32_t a[6])
{
	int ms;
	int err = timeout_of(k, a[4], 1000, &ms);
	return err ? err : do_select(k, (int)a[0], (const uint32_t[3]){a[1], a[2], a[3]}, ms);
}

static long sys_pselect6(struct kernel *k, const uint32_t a[6])
{
	int ms;
	int err = timeout_of(k, a[4], 1000000, &ms);
	return err ? err : do_select(k, (int)a[0], (const uint32_t[3]){a[1], a[2], a[3]}, ms);
}

/* old_select: one pointer to the five arguments (arch/i386/kernel/sys_i386.c). */
static long sys_old_select(struct kernel *k, const uint32_t a[6])
{
	uint32_t args[6] = {0};
	if (copy_from_user(k, args, a[0], 5 * 4))
		return -EFAULT;
	return sys_newselect(k, args);
}

const struct fs_sys_entry fs_ctl_calls[] = {
    {54, sys_ioctl},     {168, sys_poll},      {309, sys_ppoll}, {142, sys_newselect},
    {308, sys_pselect6}, {82, sys_old_select}, {0, NULL},
};
