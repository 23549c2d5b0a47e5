/*
 * fs_open.c - descriptors: open 5, creat 8, openat 295, close 6, close_range 436, dup 41,
 * dup2 63, dup3 330, fcntl 55 / fcntl64 221, pipe 42, pipe2 331, umask 60 (fs/open.c, fs/fcntl.c,
 * fs/pipe.c of Linux 2.5; the *at and *3 calls as later kernels define them).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

/* fcntl commands, include/asm-i386/fcntl.h and include/linux/fcntl.h (F_DUPFD_CLOEXEC 1030) */
#define F_DUPFD             0
#define F_GETFD             1
#define F_SETFD             2
#define F_GETFL             3
#define F_SETFL             4
#define F_GETLK             5
#define F_SETLK             6
#define F_SETLKW            7
#define F_SETOWN            8
#define F_GETOWN            9
#define F_GETLK64           12
#define F_SETLK64           13
#define F_SETLKW64          14
#define F_DUPFD_CLOEXEC     1030
#define F_GETPIPE_SZ        1032
#define FD_CLOEXEC          1
#define F_UNLCK             2
#define CLOSE_RANGE_CLOEXEC 4 /* include/uapi/linux/close_range.h */
/* The flags F_SETFL may change (fs/fcntl.c SETFL_MASK). */
#define SETFL_MASK (G_O_APPEND | G_O_NONBLOCK | G_O_DIRECT | G_O_NOATIME | 020000 /* O_ASYNC */)

static int create_in(struct kernel *k, struct walk_result *w, uint32_t mode)
{
	struct inode *dir = w->parent;
	if (w->trailing_slash)
		return -EISDIR; /* open("name/", O_CREAT) of a new name */
	if (dir->sb->readonly)
		return -EROFS;
	int err = vfs_permission(k, dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if (!dir->op->create)
		return -EACCES;
	uint32_t umask = fs_cur_files(k) ? fs_cur_files(k)->umask : 022;
	return dir->op->create(dir, w->name, mode & ~umask & 07777, fs_cur_fsuid(k),
	                       fs_cur_fsgid(k), &w->inode);
}

static struct file *path_only_file(struct kernel *k, struct walk_result *w, uint32_t flags)
{
	struct file *f = file_new(fs_of(k), w->inode, flags);
	if (f)
		f->path = strdup(w->path);
	return f;
}

long do_open(struct kernel *k, int dirfd, uint32_t upath, uint32_t flags, uint32_t mode)
{
	struct walk_result w;
	int wflags = (flags & G_O_CREAT) ? WALK_PARENT : 0;
	if (!(flags & G_O_NOFOLLOW) && (flags & (G_O_CREAT | G_O_EXCL)) != (G_O_CREAT | G_O_EXCL))
		wflags |= WALK_FOLLOW; /* O_CREAT|O_EXCL never follows a final link (open(2)) */
	int err = vfs_user_walk(k, dirfd, upath, wflags, &w);
	if (err)
		return err;
	struct file *f = NULL;
	if (flags & G_O_PATH) {
		f = path_only_file(k, &w, G_O_PATH | (flags & G_O_CLOEXEC));
		err = f ? 0 : -ENOMEM;
	} else if (!w.inode) {
		err = create_in(k, &w, mode);
		/* A file just created is opened without a permission check (fs/namei.c open_namei).
		 */
		if (!err)
			err =
			    vfs_open_inode(NULL, w.inode, w.path, flags & ~(uint32_t)G_O_TRUNC, &f);
	} else if ((flags & G_O_CREAT) && (flags & G_O_EXCL)) {
		err = -EEXIST;
	} else if ((flags & G_O_CREAT) && S_ISDIR(w.inode->mode)) {
		err = -EISDIR;
	} else {
		err = vfs_open_inode(k, w.inode, w.path, flags, &f);
	}
	walk_release(&w);
	if (err)
		return err;
	return fd_install(fs_cur_files(k), 0, f, flags & G_O_CLOEXEC);
}

static long sys_open(struct kernel *k, const uint32_t a[6])
{
	return do_open(k, G_AT_FDCWD, a[0], a[1], a[2]);
}

static long sys_openat(struct kernel *k, const uint32_t a[6])
{
	return do_open(k, (int)a[0], a[1], a[2], a[3]);
}

static long sys_creat(struct kernel *k, const uint32_t a[6])
{
	return do_open(k, G_AT_FDCWD, a[0], G_O_CREAT | G_O_WRONLY | G_O_TRUNC, a[1]);
}

static long sys_close(struct kernel *k, const uint32_t a[6])
{
	return fd_close(fs_cur_files(k), (int)a[0]);
}

static long sys_close_range(struct kernel *k, const uint32_t a[6])
{
	struct files_struct *fl = fs_cur_files(k);
	if (a[0] > a[1] || (a[2] & ~(uint32_t)(CLOSE_RANGE_CLOEXEC | 2)))
		return -EINVAL;
	for (uint32_t fd = a[0]; fl && fd <= a[1] && fd < (uint32_t)fl->max; fd++) {
		if (!fl->fd[fd])
			continue;
		if (a[2] & CLOSE_RANGE_CLOEXEC)
			fl->cloexec[fd] = 1;
		else
			fd_close(fl, (int)fd);
	}
	return 0;
}

static long dup_from(struct kernel *k, int oldfd, int minfd, int cloexec)
{
	struct file *f = fd_lookup(k, oldfd);
	if (!f)
		return -EBADF;
	if (minfd < 0 || minfd >= VFS_NR_OPEN)
		return -EINVAL;
	return fd_install(fs_cur_files(k), minfd, fget_file(f), cloexec);
}

static long sys_dup(struct kernel *k, const uint32_t a[6])
{
	return dup_from(k, (int)a[0], 0, 0);
}

static long do_dup3(struct kernel *k, int oldfd, int newfd, uint32_t flags)
{
	struct file *f = fd_lookup(k, oldfd);
	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= VFS_NR_OPEN)
		return -EBADF;
	return fd_install_at(fs_cur_files(k), newfd, fget_file(f), flags & G_O_CLOEXEC);
}

static long sys_dup2(struct kernel *k, const uint32_t a[6])
{
	if (a[0] == a[1])
		return fd_lookup(k, (int)a[0]) ? (long)a[1] : -EBADF;
	return do_dup3(k, (int)a[0], (int)a[1], 0);
}

static long sys_dup3(struct kernel *k, const uint32_t a[6])
{
	if (a[2] & ~(uint32_t)G_O_CLOEXEC)
		return -EINVAL;
	if (a[0] == a[1])
		return -EINVAL;
	return do_dup3(k, (int)a[0], (int)a[1], a[2]);
}

/* Record locks always succeed: one process at a time runs, and locks between the guest's own
 * processes are not modelled (docs/files.md).  F_GETLK answers "unlocked" (l_type F_UNLCK). */
static long getlk(struct kernel *k, uint32_t uflock)
{
	int16_t type = F_UNLCK;
	return copy_to_user(k, uflock, &type, sizeof(type));
}

static long do_fcntl(struct kernel *k, const uint32_t a[6])
{
	int fd = (int)a[0];
	struct files_struct *fl = fs_cur_files(k);
	struct file *f = fd_lookup(k, fd);
	if (!f)
		return -EBADF;
	switch (a[1]) {
	case F_DUPFD: return dup_from(k, fd, (int)a[2], 0);
	case F_DUPFD_CLOEXEC: return dup_from(k, fd, (int)a[2], 1);
	case F_GETFD: return fl->cloexec[fd] ? FD_CLOEXEC : 0;
	case F_SETFD: fl->cloexec[fd] = (a[2] & FD_CLOEXEC) ? 1 : 0; return 0;
	case F_GETFL: return (long)f->flags;
	case F_SETFL: f->flags = (f->flags & ~(uint32_t)SETFL_MASK) | (a[2] & SETFL_MASK); return 0;
	case F_GETLK:
	case F_GETLK64: return getlk(k, a[2]);
	case F_SETLK:
	case F_SETLKW:
	case F_SETLK64:
	case F_SETLKW64: return 0;
	case F_GETOWN: return 0;
	case F_SETOWN: return 0;
	case F_GETPIPE_SZ: return f->inode && S_ISFIFO(f->inode->mode) ? 65536 : -EINVAL;
	default: return -EINVAL;
	}
}

static long do_pipe(struct kernel *k, uint32_t ufds, uint32_t flags)
{
	if (flags & ~(uint32_t)(G_O_CLOEXEC | G_O_NONBLOCK))
		return -EINVAL;
	struct file *rd, *wr;
	int err = pipe_create(fs_of(k), &rd, &wr);
	if (err)
		return err;
	rd->flags |= flags & G_O_NONBLOCK;
	wr->flags |= flags & G_O_NONBLOCK;
	struct files_struct *fl = fs_cur_files(k);
	int cloexec = (flags & G_O_CLOEXEC) != 0;
	int fds[2];
	fds[0] = fd_install(fl, 0, rd, cloexec);
	if (fds[0] < 0) {
		fs_fput(wr);
		return fds[0];
	}
	fds[1] = fd_install(fl, 0, wr, cloexec);
	if (fds[1] < 0) {
		fd_close(fl, fds[0]);
		return fds[1];
	}
	if (copy_to_user(k, ufds, fds, sizeof(fds))) {
		fd_close(fl, fds[0]);
		fd_close(fl, fds[1]);
		return -EFAULT;
	}
	return 0;
}

static long sys_pipe(struct kernel *k, const uint32_t a[6])
{
	return do_pipe(k, a[0], 0);
}

static long sys_pipe2(struct kernel *k, const uint32_t a[6])
{
	return do_pipe(k, a[0], a[1]);
}

static long sys_umask(struct kernel *k, const uint32_t a[6])
{
	struct files_struct *fl = fs_cur_files(k);
	if (!fl)
		return 022;
	uint32_t old = fl->umask;
	fl->umask = a[0] & 0777;
	return old;
}

const struct fs_sys_entry fs_open_calls[] = {
    {5, sys_open},  {8, sys_creat},   {295, sys_openat}, {6, sys_close}, {436, sys_close_range},
    {41, sys_dup},  {63, sys_dup2},   {330, sys_dup3},   {55, do_fcntl}, {221, do_fcntl},
    {42, sys_pipe}, {331, sys_pipe2}, {60, sys_umask},   {0, NULL},
};
