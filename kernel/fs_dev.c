/*
 * fs_dev.c - character devices: the host's standard streams passed through as the guest's fds
 * 0, 1, 2, and the /dev directory (null, zero, full, random, urandom, and links stdin, stdout,
 * stderr, fd as /proc provides them).  Major/minor numbers: Documentation/devices.txt (1, 3 null;
 * 1, 5 zero; 1, 7 full; 1, 8 random; 1, 9 urandom).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uaccess.h"
#include "vfs.h"

/* tty ioctls of the i386 ABI, include/asm-i386/ioctls.h */
#define G_TCGETS     0x5401
#define G_TCSETS     0x5402
#define G_TCSETSW    0x5403
#define G_TCSETSF    0x5404
#define G_TIOCGPGRP  0x540F
#define G_TIOCGWINSZ 0x5413
#define G_TIOCSWINSZ 0x5414
#define G_FIONREAD   0x541B
#define G_TERMIOS_SIZE                                                                             \
	36 /* struct termios: 4 tcflag_t, c_line, c_cc[NCCS=19] (asm-i386/termbits.h) */
#define G_WINSIZE_SIZE 8 /* struct winsize: 4 unsigned short */

/* Host standard streams. */

static int stdio_fd(struct file *f)
{
	return (int)(intptr_t)f->priv;
}

static int host_ready(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};
	return poll(&p, 1, 0) != 0;
}

/* The host descriptor itself stays blocking (it is pse386's own stream): the guest's O_NONBLOCK
 * is honoured by asking the host first. */
static long stdio_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	if ((f->flags & G_O_NONBLOCK) && !host_ready(stdio_fd(f), POLLIN))
		return -EAGAIN;
	if (pos != &f->pos) {
		/* A positioned read (pread, a file mapping): the host says ESPIPE if it can not. */
		ssize_t n = pread(stdio_fd(f), buf, len, (off_t)*pos);
		if (n < 0)
			return -errno;
		*pos += (uint64_t)n;
		return n;
	}
	ssize_t n = read(stdio_fd(f), buf, len);
	return n < 0 ? -errno : n;
}

static long stdio_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	uint32_t done = 0;
	if ((f->flags & G_O_NONBLOCK) && !host_ready(stdio_fd(f), POLLOUT))
		return -EAGAIN;
	while (done < len) {
		const char *p = (const char *)buf + done;
		ssize_t n = pos != &f->pos
		                ? pwrite(stdio_fd(f), p, len - done, (off_t)(*pos + done))
		                : write(stdio_fd(f), p, len - done);
		if (n < 0)
			return done ? (long)done : -errno;
		done += (uint32_t)n;
	}
	if (pos != &f->pos)
		*pos += done;
	return done;
}

static int64_t stdio_llseek(struct file *f, int64_t off, int whence)
{
	off_t r = lseek(stdio_fd(f), (off_t)off, whence);
	return r < 0 ? -errno : (int64_t)r;
}

/* The host answers for its own terminal: the same bytes are the guest's struct termios and
 * struct winsize, whose i386 layouts equal the host's kernel layouts (asm-generic/termbits.h). */
static int stdio_ioctl(struct file *f, struct kernel *k, uint32_t cmd, uint32_t arg)
{
	uint8_t buf[64];
	int fd = stdio_fd(f);
	switch (cmd) {
	case G_TCGETS:
	case G_TIOCGWINSZ: {
		uint32_t size = cmd == G_TCGETS ? G_TERMIOS_SIZE : G_WINSIZE_SIZE;
		memset(buf, 0, sizeof(buf));
		if (!isatty(fd) || ioctl(fd, cmd == G_TCGETS ? TCGETS : TIOCGWINSZ, buf) < 0)
			return -ENOTTY;
		return copy_to_user(k, arg, buf, size);
	}
	case G_TCSETS:
	case G_TCSETSW:
	case G_TCSETSF:
	case G_TIOCSWINSZ: {
		uint32_t size = cmd == G_TIOCSWINSZ ? G_WINSIZE_SIZE : G_TERMIOS_SIZE;
		static const unsigned long host[] = {TCSETS, TCSETSW, TCSETSF};
		memset(buf, 0, sizeof(buf));
		if (!isatty(fd))
			return -ENOTTY;
		int err = copy_from_user(k, buf, arg, size);
		if (err)
			return err;
		unsigned long req = cmd == G_TIOCSWINSZ ? TIOCSWINSZ : host[cmd - G_TCSETS];
		return ioctl(fd, req, buf) < 0 ? -errno : 0;
	}
	case G_FIONREAD: {
		int n = 0;
		if (ioctl(fd, FIONREAD, &n) < 0)
			return -errno == -EINVAL ? -ENOTTY : -errno;
		int32_t v = n;
		return copy_to_user(k, arg, &v, sizeof(v));
	}
	default: return -ENOTTY;
	}
}

static int stdio_poll(struct file *f)
{
	struct pollfd p = {.fd = stdio_fd(f), .events = POLLIN | POLLOUT};
	if (poll(&p, 1, 0) < 0)
		return VFS_POLLERR;
	return (p.revents & POLLIN ? VFS_POLLIN : 0) | (p.revents & POLLOUT ? VFS_POLLOUT : 0) |
	       (p.revents & POLLHUP ? VFS_POLLHUP : 0) | (p.revents & POLLERR ? VFS_POLLERR : 0);
}

static const struct file_ops stdio_fops = {
    .read = stdio_read,
    .write = stdio_write,
    .llseek = stdio_llseek,
    .ioctl = stdio_ioctl,
    .poll = stdio_poll,
};

static int stdio_getattr(struct inode *ino, struct kstat *st)
{
	struct stat hs;
	if (fstat((int)(intptr_t)ino->priv, &hs) < 0)
		return -errno;
	st->mode = hs.st_mode;
	st->nlink = (uint32_t)hs.st_nlink;
	st->uid = hs.st_uid;
	st->gid = hs.st_gid;
	st->rdev = hs.st_rdev;
	st->size = S_ISREG(hs.st_mode) ? hs.st_size : 0;
	st->blksize = (uint32_t)hs.st_blksize;
	st->mtime = hs.st_mtim.tv_sec;
	return 0;
}

/* Opening /dev/stdout (through /proc/self/fd/1) shares the host stream. */
static int stdio_open(struct inode *ino, struct file *f, struct kernel *k)
{
	(void)k;
	f->fop = &stdio_fops;
	f->priv = ino->priv;
	return 0;
}

static const struct inode_ops stdio_iops = {.getattr = stdio_getattr, .open = stdio_open};

struct file *host_stdio_file(struct fs_state *fs, int hostfd)
{
	/* One super block for the host's streams: it carries no state but the device number. */
	static struct super stdio_sb = {.dev = 0x0d, .type = "hoststdio"};
	struct stat hs;
	uint32_t mode = fstat(hostfd, &hs) == 0 ? hs.st_mode : (S_IFCHR | 0600);
	struct inode *ino = inode_new(&stdio_sb, &stdio_iops, mode, (void *)(intptr_t)hostfd);
	if (!ino)
		return NULL;
	ino->ino = (uint64_t)hostfd + 1;
	static const uint32_t acc[3] = {G_O_RDONLY, G_O_WRONLY, G_O_WRONLY};
	struct file *f = file_new(fs, ino, hostfd < 3 ? acc[hostfd] : G_O_RDWR);
	iput(ino);
	if (!f)
		return NULL;
	f->fop = &stdio_fops;
	f->priv = (void *)(intptr_t)hostfd;
	return f;
}

/* Memory devices (drivers/char/mem.c). */

enum { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_URANDOM };

static long mem_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	switch ((int)(intptr_t)f->inode->priv) {
	case DEV_NULL: return 0;
	case DEV_RANDOM:
	case DEV_URANDOM: {
		uint32_t done = 0;
		while (done < len) {
			ssize_t n = getrandom((char *)buf + done, len - done, 0);
			if (n < 0)
				return done ? (long)done : -errno;
			done += (uint32_t)n;
		}
		break;
	}
	default: memset(buf, 0, len);
	}
	*pos += len;
	return len;
}

static long mem_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	(void)buf;
	if ((int)(intptr_t)f->inode->priv == DEV_FULL)
		return -ENOSPC;
	*pos += len;
	return len;
}

static int mem_poll(struct file *f)
{
	(void)f;
	return VFS_POLLIN | VFS_POLLOUT;
}

static const struct file_ops mem_fops = {
    .read = mem_read,
    .write = mem_write,
    .poll = mem_poll,
    .seekable = 1,
};

static const uint32_t mem_minor[] = {3, 5, 7, 8, 9};

static int mem_getattr(struct inode *ino, struct kstat *st)
{
	st->rdev = (1u << 8) | mem_minor[(int)(intptr_t)ino->priv]; /* old_encode_dev, major 1 */
	return 0;
}

static int mem_open(struct inode *ino, struct file *f, struct kernel *k)
{
	(void)ino;
	(void)k;
	f->fop = &mem_fops;
	return 0;
}

static const struct inode_ops mem_iops = {.getattr = mem_getattr, .open = mem_open};

/* The /dev directory: a fixed table. */

static const struct dev_entry {
	const char *name;
	int minor_index; /* -1: symbolic link, -2: directory (a mount point) */
	const char *target;
} dev_table[] = {
    {"null", DEV_NULL, NULL},          {"zero", DEV_ZERO, NULL},
    {"full", DEV_FULL, NULL},          {"random", DEV_RANDOM, NULL},
    {"urandom", DEV_URANDOM, NULL},    {"stdin", -1, "/proc/self/fd/0"},
    {"stdout", -1, "/proc/self/fd/1"}, {"stderr", -1, "/proc/self/fd/2"},
    {"fd", -1, "/proc/self/fd"},       {"shm", -2, NULL},
};
#define DEV_COUNT (sizeof(dev_table) / sizeof(dev_table[0]))

static int devlink_readlink(struct inode *ino, char *buf, size_t len)
{
	const char *t = dev_table[(intptr_t)ino->priv].target;
	size_t n = strlen(t);
	memcpy(buf, t, n < len ? n : len);
	return (int)n;
}

static const struct inode_ops devlink_iops = {.readlink = devlink_readlink};

static int devdir_lookup(struct inode *dir, const char *name, struct inode **out)
{
	for (size_t i = 0; i < DEV_COUNT; i++) {
		const struct dev_entry *e = &dev_table[i];
		if (strcmp(e->name, name) != 0 || e->minor_index == -2)
			continue;
		if (e->minor_index == -1)
			*out =
			    inode_new(dir->sb, &devlink_iops, S_IFLNK | 0777, (void *)(intptr_t)i);
		else
			*out = inode_new(dir->sb, &mem_iops, S_IFCHR | 0666,
			                 (void *)(intptr_t)e->minor_index);
		if (!*out)
			return -ENOMEM;
		(*out)->ino = 100 + i;
		return 0;
	}
	return -ENOENT;
}

static int devdir_readdir(struct inode *dir, filldir_fn fill, void *ctx)
{
	(void)dir;
	for (size_t i = 0; i < DEV_COUNT; i++) {
		const struct dev_entry *e = &dev_table[i];
		unsigned type = e->minor_index == -1   ? vfs_dtype(S_IFLNK)
		                : e->minor_index == -2 ? vfs_dtype(S_IFDIR)
		                                       : vfs_dtype(S_IFCHR);
		int err = fill(ctx, e->name, 100 + i, type);
		if (err)
			return err;
	}
	return 0;
}

static int devdir_getattr(struct inode *ino, struct kstat *st)
{
	(void)ino;
	st->nlink = 3;
	return 0;
}

static const struct inode_ops devdir_iops = {
    .getattr = devdir_getattr,
    .lookup = devdir_lookup,
    .readdir = devdir_readdir,
};

struct inode *devfs_new_root(struct fs_state *fs)
{
	struct super *sb = super_new(fs, "devfs", 0);
	return sb ? inode_new(sb, &devdir_iops, S_IFDIR | 0755, NULL) : NULL;
}
