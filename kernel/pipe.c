/*
 * pipe.c - pipes (fs/pipe.c of Linux 2.5) for a kernel that runs one task at a time.
 *
 * A read of an empty pipe that still has writers, or a write that does not fit, returns
 * KERN_EAGAIN_BLOCK: the core runs another task and re-executes the call.  Because the call is
 * re-executed from the start, a blocking write never blocks after copying part of its data:
 * it returns the short count instead (what a signal would make Linux return).
 *
 * Capacity: 64 KiB, the pipe size of Linux since 2.6.11, so that programs behave as they do
 * natively on the host (Linux 2.5 had one page); writes of up to PIPE_BUF = 4096 bytes are atomic
 * (include/linux/limits.h, pipe(7)).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

#define PIPE_SIZE  65536
#define PIPE_BUF_G 4096
#define G_FIONREAD 0x541B /* include/asm-i386/ioctls.h */

struct pipe {
	uint8_t buf[PIPE_SIZE];
	uint32_t head, len; /* ring: data at head .. head+len */
	int readers, writers;
	struct fs_state *fs;
};

static struct pipe *P(struct file *f)
{
	return f->inode->priv;
}

static void wake(struct pipe *p)
{
	if (p->fs)
		p->fs->wakeups++;
}

static long pipe_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = P(f);
	if (len == 0)
		return 0;
	if (p->len == 0) {
		if (p->writers == 0)
			return 0;
		return (f->flags & G_O_NONBLOCK) ? -EAGAIN : KERN_EAGAIN_BLOCK;
	}
	uint32_t n = len < p->len ? len : p->len;
	for (uint32_t i = 0; i < n; i++)
		((uint8_t *)buf)[i] = p->buf[(p->head + i) % PIPE_SIZE];
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	wake(p);
	return n;
}

static long pipe_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = P(f);
	if (p->readers == 0)
		return -EPIPE;
	if (len == 0)
		return 0;
	uint32_t room = PIPE_SIZE - p->len;
	if (room == 0 || (len <= PIPE_BUF_G && room < len))
		return (f->flags & G_O_NONBLOCK) ? -EAGAIN : KERN_EAGAIN_BLOCK;
	uint32_t n = len < room ? len : room;
	for (uint32_t i = 0; i < n; i++)
		p->buf[(p->head + p->len + i) % PIPE_SIZE] = ((const uint8_t *)buf)[i];
	p->len += n;
	wake(p);
	return n;
}

static int reads(const struct file *f)
{
	return (f->flags & G_O_ACCMODE) != G_O_WRONLY;
}

static int writes(const struct file *f)
{
	return (f->flags & G_O_ACCMODE) != G_O_RDONLY;
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = P(f);
	int mask = 0;
	if (reads(f))
		mask |= (p->len ? VFS_POLLIN : 0) | (p->writers ? 0 : VFS_POLLHUP);
	if (writes(f))
		mask |= (PIPE_SIZE - p->len >= PIPE_BUF_G ? VFS_POLLOUT : 0) |
		        (p->readers ? 0 : VFS_POLLERR);
	return mask;
}

static int pipe_ioctl(struct file *f, struct kernel *k, uint32_t cmd, uint32_t arg)
{
	if (cmd != G_FIONREAD)
		return -ENOTTY;
	int32_t n = (int32_t)P(f)->len;
	return copy_to_user(k, arg, &n, sizeof(n));
}

static void pipe_release(struct file *f)
{
	struct pipe *p = P(f);
	p->readers -= reads(f);
	p->writers -= writes(f);
	wake(p);
}

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .poll = pipe_poll,
    .ioctl = pipe_ioctl,
    .release = pipe_release,
};

static void pipe_destroy(struct inode *ino)
{
	free(ino->priv);
}

static int pipe_getattr(struct inode *ino, struct kstat *st)
{
	(void)ino;
	st->size = 0;
	st->nlink = 1;
	st->blksize = PIPE_BUF_G;
	return 0;
}

/* A second open of a pipe through /proc/self/fd/N (fifo_open, fs/fifo.c: O_RDWR is both). */
static int pipe_open(struct inode *ino, struct file *f, struct kernel *k)
{
	(void)k;
	struct pipe *p = ino->priv;
	f->fop = &pipe_fops;
	p->readers += reads(f);
	p->writers += writes(f);
	wake(p);
	return 0;
}

static const struct inode_ops pipe_iops = {
    .getattr = pipe_getattr,
    .open = pipe_open,
    .destroy = pipe_destroy,
};

int pipe_create(struct fs_state *fs, struct file **rd, struct file **wr)
{
	static struct super pipefs_sb = {.dev = 0x0c, .type = "pipefs"};
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fs = fs;
	struct inode *ino = inode_new(&pipefs_sb, &pipe_iops, S_IFIFO | 0600, p);
	if (!ino) {
		free(p);
		return -ENOMEM;
	}
	*rd = file_new(fs, ino, G_O_RDONLY);
	*wr = file_new(fs, ino, G_O_WRONLY);
	iput(ino);
	if (!*rd || !*wr) {
		fs_fput(*rd);
		fs_fput(*wr);
		return -ENOMEM;
	}
	(*rd)->fop = (*wr)->fop = &pipe_fops;
	p->readers = p->writers = 1;
	return 0;
}
