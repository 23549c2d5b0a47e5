/*
 * vfs_file.c - open files and descriptor tables (fs/file_table.c, fs/open.c, kernel/fork.c
 * dup_fd() of Linux 2.5), and the file interface the kernel core uses for execve and mmap.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vfs.h"

static long dir_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	(void)f;
	(void)buf;
	(void)len;
	(void)pos;
	return -EISDIR; /* read(2) on a directory, fs/read_write.c generic_read_dir */
}

static const struct file_ops dir_fops = {.read = dir_read, .seekable = 1};

struct file *file_new(struct fs_state *fs, struct inode *ino, uint32_t flags)
{
	struct file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->refcount = 1;
	f->inode = iget(ino);
	f->flags = flags;
	f->fs = fs;
	return f;
}

struct file *fget_file(struct file *f)
{
	f->refcount++;
	return f;
}

void dir_snapshot_free(struct dir_snapshot *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->ent[i].name);
	free(d->ent);
	free(d);
}

void fs_fput(struct file *f)
{
	if (!f || --f->refcount > 0)
		return;
	if (f->fop && f->fop->release)
		f->fop->release(f);
	dir_snapshot_free(f->dir);
	iput(f->inode);
	free(f->path);
	free(f);
}

/* Opens ino, already found by a walk; access checks as may_open() in fs/namei.c. */
int vfs_open_inode(struct kernel *k, struct inode *ino, const char *path, uint32_t flags,
                   struct file **out)
{
	uint32_t acc = flags & G_O_ACCMODE;
	int mask = (acc == G_O_RDONLY ? MAY_READ : 0) | (acc == G_O_WRONLY ? MAY_WRITE : 0) |
	           (acc == G_O_RDWR ? MAY_READ | MAY_WRITE : 0);
	if (flags & G_O_TRUNC)
		mask |= MAY_WRITE;
	if (S_ISLNK(ino->mode))
		return -ELOOP; /* O_NOFOLLOW on a symbolic link */
	if (S_ISDIR(ino->mode) && (mask & MAY_WRITE))
		return -EISDIR;
	if ((flags & G_O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	int err = k ? vfs_permission(k, ino, mask) : 0;
	if (err)
		return err;
	if (ino->sb->readonly && (mask & MAY_WRITE))
		return -EROFS;
	struct file *f = file_new(
	    ino->sb->fs, ino, flags & ~(uint32_t)(G_O_CREAT | G_O_EXCL | G_O_NOCTTY | G_O_TRUNC));
	if (!f)
		return -ENOMEM;
	f->path = strdup(path);
	if (!f->path) {
		fs_fput(f);
		return -ENOMEM;
	}
	err = ino->op->open ? ino->op->open(ino, f, k) : 0;
	if (!err && !f->fop && S_ISDIR(ino->mode))
		f->fop = &dir_fops;
	if (!err && !f->fop)
		err = -ENXIO;
	if (!err && (flags & G_O_TRUNC) && S_ISREG(ino->mode) && ino->op->truncate)
		err = ino->op->truncate(ino, 0);
	if (err) {
		f->fop = NULL; /* nothing to release if open failed */
		fs_fput(f);
		return err;
	}
	*out = f;
	return 0;
}

/* Descriptor tables. */

struct files_struct *fs_files_empty(void)
{
	struct files_struct *fl = calloc(1, sizeof(*fl));
	if (!fl)
		return NULL;
	fl->refcount = 1;
	fl->umask = 022; /* init's umask, init/main.c */
	return fl;
}

static int expand(struct files_struct *fl, int need)
{
	if (need <= fl->max)
		return 0;
	if (need > VFS_NR_OPEN)
		return -EMFILE;
	int max = fl->max ? fl->max : 32;
	while (max < need)
		max *= 2;
	if (max > VFS_NR_OPEN)
		max = VFS_NR_OPEN;
	struct file **fd = realloc(fl->fd, sizeof(*fd) * (size_t)max);
	if (!fd)
		return -ENOMEM;
	fl->fd = fd;
	uint8_t *ce = realloc(fl->cloexec, (size_t)max);
	if (!ce)
		return -ENOMEM;
	fl->cloexec = ce;
	memset(fl->fd + fl->max, 0, sizeof(*fd) * (size_t)(max - fl->max));
	memset(fl->cloexec + fl->max, 0, (size_t)(max - fl->max));
	fl->max = max;
	return 0;
}

/* Installs f (its reference moves to the table) at the lowest free fd >= minfd. */
int fd_install(struct files_struct *fl, int minfd, struct file *f, int cloexec)
{
	int fd = minfd;
	while (fd < fl->max && fl->fd[fd])
		fd++;
	int err = expand(fl, fd + 1);
	if (err) {
		fs_fput(f);
		return err == -ENOMEM ? -ENOMEM : -EMFILE;
	}
	fl->fd[fd] = f;
	fl->cloexec[fd] = cloexec ? 1 : 0;
	return fd;
}

/* Puts f at exactly fd (dup2), closing what was there.  The reference moves to the table. */
int fd_install_at(struct files_struct *fl, int fd, struct file *f, int cloexec)
{
	if (fd < 0 || fd >= VFS_NR_OPEN) {
		fs_fput(f);
		return -EBADF;
	}
	int err = expand(fl, fd + 1);
	if (err) {
		fs_fput(f);
		return err;
	}
	struct file *old = fl->fd[fd];
	fl->fd[fd] = f;
	fl->cloexec[fd] = cloexec ? 1 : 0;
	fs_fput(old);
	return fd;
}

int fd_close(struct files_struct *fl, int fd)
{
	if (!fl || fd < 0 || fd >= fl->max || !fl->fd[fd])
		return -EBADF;
	struct file *f = fl->fd[fd];
	fl->fd[fd] = NULL;
	fl->cloexec[fd] = 0;
	fs_fput(f);
	return 0;
}

struct file *fd_lookup(struct kernel *k, int fd)
{
	struct files_struct *fl = fs_cur_files(k);
	if (!fl || fd < 0 || fd >= fl->max)
		return NULL;
	return fl->fd[fd];
}

struct files_struct *fs_files_new(void)
{
	struct files_struct *fl = fs_files_empty();
	if (!fl)
		return NULL;
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = host_stdio_file(NULL, fd);
		if (!f || fd_install(fl, fd, f, 0) != fd) {
			fs_files_put(fl);
			return NULL;
		}
	}
	return fl;
}

struct files_struct *fs_files_dup(struct files_struct *old)
{
	struct files_struct *fl = fs_files_empty();
	if (!fl)
		return NULL;
	fl->umask = old->umask;
	if (expand(fl, old->max) < 0) {
		fs_files_put(fl);
		return NULL;
	}
	for (int fd = 0; fd < old->max; fd++) {
		fl->fd[fd] = old->fd[fd] ? fget_file(old->fd[fd]) : NULL;
		fl->cloexec[fd] = old->cloexec[fd];
	}
	return fl;
}

struct files_struct *fs_files_get(struct files_struct *fl)
{
	if (fl)
		fl->refcount++;
	return fl;
}

void fs_files_put(struct files_struct *fl)
{
	if (!fl || --fl->refcount > 0)
		return;
	for (int fd = 0; fd < fl->max; fd++)
		fs_fput(fl->fd[fd]);
	free(fl->fd);
	free(fl->cloexec);
	free(fl);
}

void fs_files_exec(struct files_struct *fl)
{
	for (int fd = 0; fl && fd < fl->max; fd++)
		if (fl->cloexec[fd])
			fd_close(fl, fd);
}

/* The kernel core's view of open files (execve, mmap). */

struct file *fs_fget(struct kernel *k, int fd)
{
	struct file *f = fd_lookup(k, fd);
	return f ? fget_file(f) : NULL;
}

long fs_read_at(struct kernel *k, struct file *f, void *buf, uint32_t len, uint64_t off)
{
	(void)k;
	if (!f->fop || !f->fop->read)
		return -EINVAL;
	return f->fop->read(f, buf, len, &off);
}

long fs_write_at(struct kernel *k, struct file *f, const void *buf, uint32_t len, uint64_t off)
{
	(void)k;
	if (!f->fop || !f->fop->write)
		return -EINVAL;
	uint32_t saved = f->flags;
	f->flags &= ~(uint32_t)G_O_APPEND; /* a mapping writes where it maps, never at the end */
	long n = f->fop->write(f, buf, len, &off);
	f->flags = saved;
	return n;
}

int fs_read_file_page(struct kernel *k, struct file *f, uint64_t off, uint8_t *dst, uint32_t len)
{
	uint32_t done = 0;
	while (done < len) {
		long n = fs_read_at(k, f, dst + done, len - done, off + done);
		if (n < 0)
			return (int)n;
		if (n == 0)
			break;
		done += (uint32_t)n;
	}
	memset(dst + done, 0, len - done);
	return (int)done;
}

uint64_t fs_file_size(struct file *f)
{
	struct kstat st;
	if (!f->inode || vfs_getattr(f->inode, &st))
		return 0;
	return st.size > 0 ? (uint64_t)st.size : 0;
}

int fs_file_is_regular(struct file *f)
{
	return f->inode && S_ISREG(f->inode->mode);
}

int fs_file_accmode(struct file *f)
{
	return (int)(f->flags & G_O_ACCMODE);
}

const char *fs_file_path(const struct file *f)
{
	return f->path ? f->path : "";
}

uint32_t fs_file_ino(const struct file *f)
{
	return f->inode ? (uint32_t)f->inode->ino : 0;
}

uint64_t fs_file_inode_key(struct file *f)
{
	if (!f->inode)
		return 0;
	return ((uint64_t)f->inode->sb->dev << 48) ^ f->inode->ino;
}
