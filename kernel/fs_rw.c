/*
 * fs_rw.c - read, write and seek system calls (fs/read_write.c of Linux 2.5): read 3, write 4,
 * lseek 19, _llseek 140, readv 145, writev 146, pread64 180, pwrite64 181, fsync 118,
 * fdatasync 148, preadv 333, pwritev 334, sendfile 187 / sendfile64 239, and the advisory calls
 * that have nothing to do here: sync 36, syncfs 344, flock 143, readahead 225, fadvise64_64 272.
 * Data moves between the guest and the file through a host bounce buffer, so the guest's pages are
 * only touched through uaccess.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

#define CHUNK      65536
#define UIO_MAXIOV 1024 /* include/linux/uio.h */
#define SEEK_SET_G 0
#define SEEK_CUR_G 1
#define SEEK_END_G 2
#define MAX_RW     0x7ffff000u /* MAX_RW_COUNT of later kernels; keeps sizes within ssize_t */

static int can_read(struct file *f)
{
	return f->fop && f->fop->read && (f->flags & G_O_ACCMODE) != G_O_WRONLY;
}

static int can_write(struct file *f)
{
	return f->fop && f->fop->write && (f->flags & G_O_ACCMODE) != G_O_RDONLY;
}

/* May the file be read or written at a position of the caller's choosing?  A host stream decides
 * for itself (a redirected regular file can, a terminal or pipe answers ESPIPE). */
static int positionable(struct file *f)
{
	return f->fop->seekable || f->fop->llseek;
}

/* Reads up to len bytes at *pos into user memory.  A file that is not seekable (pipe, terminal)
 * gets one call, as one read(2) returns what is there. */
static long do_read(struct kernel *k, struct file *f, uint32_t ubuf, uint32_t len, uint64_t *pos)
{
	uint8_t *buf = malloc(len < CHUNK ? (len ? len : 1) : CHUNK);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	while ((uint32_t)done < len) {
		uint32_t want = len - (uint32_t)done < CHUNK ? len - (uint32_t)done : CHUNK;
		long n = f->fop->read(f, buf, want, pos);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		if (n && copy_to_user(k, ubuf + (uint32_t)done, buf, (uint32_t)n)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		done += n;
		if ((uint32_t)n < want || !f->fop->seekable)
			break;
	}
	free(buf);
	return done;
}

static long do_write(struct kernel *k, struct file *f, uint32_t ubuf, uint32_t len, uint64_t *pos)
{
	uint8_t *buf = malloc(len < CHUNK ? (len ? len : 1) : CHUNK);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	do {
		uint32_t want = len - (uint32_t)done < CHUNK ? len - (uint32_t)done : CHUNK;
		if (copy_from_user(k, buf, ubuf + (uint32_t)done, want)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		long n = f->fop->write(f, buf, want, pos);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((uint32_t)n < want)
			break;
	} while ((uint32_t)done < len);
	free(buf);
	return done;
}

static long sys_read(struct kernel *k, const uint32_t a[6])
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f || !can_read(f))
		return -EBADF;
	return do_read(k, f, a[1], a[2] > MAX_RW ? MAX_RW : a[2], &f->pos);
}

static long sys_write(struct kernel *k, const uint32_t a[6])
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f || !can_write(f))
		return -EBADF;
	return do_write(k, f, a[1], a[2] > MAX_RW ? MAX_RW : a[2], &f->pos);
}

static long positioned(struct kernel *k, const uint32_t a[6], int write)
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f || !(write ? can_write(f) : can_read(f)))
		return -EBADF;
	if (!positionable(f))
		return -ESPIPE;
	int64_t off = (int64_t)((uint64_t)a[3] | (uint64_t)a[4] << 32);
	if (off < 0)
		return -EINVAL;
	uint64_t pos = (uint64_t)off;
	uint32_t len = a[2] > MAX_RW ? MAX_RW : a[2];
	return write ? do_write(k, f, a[1], len, &pos) : do_read(k, f, a[1], len, &pos);
}

static long sys_pread64(struct kernel *k, const uint32_t a[6])
{
	return positioned(k, a, 0);
}

static long sys_pwrite64(struct kernel *k, const uint32_t a[6])
{
	return positioned(k, a, 1);
}

/* The new position, or -errno.  Directories: the position is an index into the listing. */
static int64_t vfs_llseek(struct file *f, int64_t off, int whence)
{
	if (f->fop && f->fop->llseek)
		return f->fop->llseek(f, off, whence);
	if (!f->fop || !f->fop->seekable)
		return -ESPIPE;
	int64_t base;
	switch (whence) {
	case SEEK_SET_G: base = 0; break;
	case SEEK_CUR_G: base = (int64_t)f->pos; break;
	case SEEK_END_G: base = (int64_t)fs_file_size(f); break;
	default: return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

static long sys_lseek(struct kernel *k, const uint32_t a[6])
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f)
		return -EBADF;
	uint64_t saved = f->pos;
	int64_t r = vfs_llseek(f, (int32_t)a[1], (int)a[2]);
	if (r > INT32_MAX) {
		f->pos = saved;
		return -EOVERFLOW; /* the result does not fit off_t (sys_lseek, fs/read_write.c) */
	}
	return (long)r;
}

static long sys_llseek(struct kernel *k, const uint32_t a[6])
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f)
		return -EBADF;
	int64_t off = (int64_t)((uint64_t)a[1] << 32 | a[2]);
	int64_t r = vfs_llseek(f, off, (int)a[4]);
	if (r < 0)
		return (long)r;
	uint64_t res = (uint64_t)r;
	return copy_to_user(k, a[3], &res, sizeof(res)); /* loff_t *result */
}

/* readv/writev/preadv/pwritev: one struct iovec {void *base; size_t len} per segment. */
static long vectored(struct kernel *k, int fd, uint32_t uiov, uint32_t cnt, int write,
                     const int64_t *off)
{
	struct file *f = fd_lookup(k, fd);
	if (!f || !(write ? can_write(f) : can_read(f)))
		return -EBADF;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (off && !positionable(f))
		return -ESPIPE;
	if (off && *off < 0)
		return -EINVAL;
	uint32_t iov[2 * UIO_MAXIOV];
	if (cnt && copy_from_user(k, iov, uiov, cnt * 8))
		return -EFAULT;
	uint64_t total = 0;
	for (uint32_t i = 0; i < cnt; i++) {
		total += iov[2 * i + 1];
		if (total > INT32_MAX)
			return -EINVAL; /* the sum must fit ssize_t (readv(2)) */
	}
	uint64_t pos = off ? (uint64_t)*off : f->pos;
	long done = 0;
	for (uint32_t i = 0; i < cnt; i++) {
		uint32_t len = iov[2 * i + 1];
		if (!len)
			continue;
		long n = write ? do_write(k, f, iov[2 * i], len, &pos)
		               : do_read(k, f, iov[2 * i], len, &pos);
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		done += n;
		if ((uint32_t)n < len)
			break;
	}
	if (!off)
		f->pos = pos;
	return done;
}

static long sys_readv(struct kernel *k, const uint32_t a[6])
{
	return vectored(k, (int)a[0], a[1], a[2], 0, NULL);
}

static long sys_writev(struct kernel *k, const uint32_t a[6])
{
	return vectored(k, (int)a[0], a[1], a[2], 1, NULL);
}

static long sys_preadv(struct kernel *k, const uint32_t a[6])
{
	int64_t off = (int64_t)((uint64_t)a[3] | (uint64_t)a[4] << 32);
	return vectored(k, (int)a[0], a[1], a[2], 0, &off);
}

static long sys_pwritev(struct kernel *k, const uint32_t a[6])
{
	int64_t off = (int64_t)((uint64_t)a[3] | (uint64_t)a[4] << 32);
	return vectored(k, (int)a[0], a[1], a[2], 1, &off);
}

/* Data reaches the host file at write time: nothing to flush.  Locks between the guest's
 * processes are not modelled (docs/files.md), and advice changes nothing. */
static long sys_fd_noop(struct kernel *k, const uint32_t a[6])
{
	return fd_lookup(k, (int)a[0]) ? 0 : -EBADF;
}

static long sys_sync(struct kernel *k, const uint32_t a[6])
{
	(void)k;
	(void)a;
	return 0;
}

/* sendfile(out, in, offset *, count): offset is an off_t (sendfile) or loff_t (sendfile64);
 * NULL uses and moves in's position (sendfile(2)). */
static long do_sendfile(struct kernel *k, const uint32_t a[6], int off64)
{
	struct file *out = fd_lookup(k, (int)a[0]), *in = fd_lookup(k, (int)a[1]);
	if (!out || !in || !can_write(out) || !can_read(in))
		return -EBADF;
	uint64_t pos = in->pos;
	if (a[2]) {
		int64_t o = 0;
		int32_t o32 = 0;
		if (off64 ? copy_from_user(k, &o, a[2], 8) : copy_from_user(k, &o32, a[2], 4))
			return -EFAULT;
		if (!off64)
			o = o32;
		if (o < 0)
			return -EINVAL;
		if (!positionable(in))
			return -ESPIPE;
		pos = (uint64_t)o;
	}
	uint32_t count = a[3] > MAX_RW ? MAX_RW : a[3];
	uint8_t *buf = malloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	while ((uint32_t)done < count) {
		uint32_t want = count - (uint32_t)done < CHUNK ? count - (uint32_t)done : CHUNK;
		uint64_t rpos = pos;
		long n = in->fop->read(in, buf, want, &rpos);
		if (n <= 0) {
			if (!done && n < 0)
				done = n;
			break;
		}
		long w = out->fop->write(out, buf, (uint32_t)n, &out->pos);
		if (w <= 0) {
			if (!done)
				done = w ? w : -EIO;
			break;
		}
		pos += (uint64_t)w; /* what was read but not written is read again next time */
		done += w;
		if (w < n || !in->fop->seekable)
			break;
	}
	free(buf);
	if (done > 0 && a[2]) {
		int64_t o = (int64_t)pos;
		int32_t o32 = (int32_t)pos;
		if (off64 ? copy_to_user(k, a[2], &o, 8) : copy_to_user(k, a[2], &o32, 4))
			return -EFAULT;
	} else if (done > 0) {
		in->pos = pos;
	}
	return done;
}

static long sys_sendfile(struct kernel *k, const uint32_t a[6])
{
	return do_sendfile(k, a, 0);
}

static long sys_sendfile64(struct kernel *k, const uint32_t a[6])
{
	return do_sendfile(k, a, 1);
}

const struct fs_sys_entry fs_rw_calls[] = {
    {3, sys_read},      {4, sys_write},     {19, sys_lseek},     {140, sys_llseek},
    {145, sys_readv},   {146, sys_writev},  {180, sys_pread64},  {181, sys_pwrite64},
    {333, sys_preadv},  {334, sys_pwritev}, {187, sys_sendfile}, {239, sys_sendfile64},
    {118, sys_fd_noop}, /* fsync */
    {148, sys_fd_noop}, /* fdatasync */
    {344, sys_fd_noop}, /* syncfs */
    {143, sys_fd_noop}, /* flock */
    {225, sys_fd_noop}, /* readahead */
    {272, sys_fd_noop}, /* fadvise64_64 */
    {36, sys_sync},     {0, NULL},
};
