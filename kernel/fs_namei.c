/*
 * fs_namei.c - system calls that change or query names (fs/namei.c, fs/open.c of Linux 2.5):
 * mkdir 39 / mkdirat 296, rmdir 40, unlink 10 / unlinkat 301, rename 38 / renameat 302 /
 * renameat2 353, link 9 / linkat 303, symlink 83 / symlinkat 304, readlink 85 / readlinkat 305,
 * mknod 14 / mknodat 297, chdir 12, fchdir 133, getcwd 183, access 33 / faccessat 307 /
 * faccessat2 439.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

#define RENAME_NOREPLACE 1 /* include/uapi/linux/fs.h */
#define AT_EACCESS       0x200

/* May the current task add or remove names in dir?  (may_create/may_delete, fs/namei.c) */
static int may_modify(struct kernel *k, struct inode *dir)
{
	if (dir->sb->readonly)
		return -EROFS;
	return vfs_permission(k, dir, MAY_WRITE | MAY_EXEC);
}

static int is_mount_point(struct kernel *k, const char *path)
{
	struct fs_state *fs = fs_of(k);
	for (int i = 0; i < fs->nmounts; i++)
		if (strcmp(fs->mounts[i].path, path) == 0)
			return 1;
	return strcmp(path, "/") == 0;
}

static int is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* The directory a new name goes in (lookup_create() and may_create() of Linux's fs/namei.c):
 * 0 with *w to release, or -EEXIST when the name exists, or may_modify()'s error (*w released). */
static int walk_create(struct kernel *k, int dirfd, uint32_t upath, struct walk_result *w)
{
	int err = vfs_user_walk(k, dirfd, upath, WALK_PARENT, w);
	if (err)
		return err;
	err = w->inode ? -EEXIST : may_modify(k, w->parent);
	if (err)
		walk_release(w);
	return err;
}

static long do_mkdirat(struct kernel *k, int dirfd, uint32_t upath, uint32_t mode)
{
	struct walk_result w;
	int err = walk_create(k, dirfd, upath, &w);
	if (err)
		return err;
	err = w.parent->op->mkdir
	          ? w.parent->op->mkdir(w.parent, w.name, mode & ~fs_cur_files(k)->umask & 07777,
	                                fs_cur_fsuid(k), fs_cur_fsgid(k))
	          : -EPERM;
	walk_release(&w);
	return err;
}

static long do_rmdirat(struct kernel *k, int dirfd, uint32_t upath)
{
	struct walk_result w;
	int err = vfs_user_walk(k, dirfd, upath, 0, &w);
	if (err)
		return err;
	if (strcmp(w.name, ".") == 0)
		err = -EINVAL; /* rmdir(2) */
	else if (strcmp(w.name, "..") == 0)
		err = -ENOTEMPTY;
	else if (!S_ISDIR(w.inode->mode))
		err = -ENOTDIR;
	else if (!w.parent || is_mount_point(k, w.path))
		err = -EBUSY;
	else if (!(err = may_modify(k, w.parent)))
		err = w.parent->op->rmdir ? w.parent->op->rmdir(w.parent, w.name) : -EPERM;
	walk_release(&w);
	return err;
}

static long do_unlinkat(struct kernel *k, int dirfd, uint32_t upath, uint32_t flags)
{
	if (flags & ~(uint32_t)G_AT_REMOVEDIR)
		return -EINVAL;
	if (flags & G_AT_REMOVEDIR)
		return do_rmdirat(k, dirfd, upath);
	struct walk_result w;
	int err = vfs_user_walk(k, dirfd, upath, 0, &w);
	if (err)
		return err;
	if (S_ISDIR(w.inode->mode))
		err = -EISDIR; /* Linux's unlink(2) of a directory */
	else if (w.trailing_slash)
		err = -ENOTDIR;
	else if (!(err = may_modify(k, w.parent)))
		err = w.parent->op->unlink ? w.parent->op->unlink(w.parent, w.name) : -EPERM;
	walk_release(&w);
	return err;
}

static long do_renameat(struct kernel *k, int odfd, uint32_t uold, int ndfd, uint32_t unew,
                        uint32_t flags)
{
	if (flags & ~(uint32_t)RENAME_NOREPLACE)
		return -EINVAL;
	struct walk_result o, n;
	int err = vfs_user_walk(k, odfd, uold, 0, &o);
	if (err)
		return err;
	err = vfs_user_walk(k, ndfd, unew, WALK_PARENT, &n);
	if (err) {
		walk_release(&o);
		return err;
	}
	size_t olen = strlen(o.path);
	if (is_dot(o.name) || is_dot(n.name) || !o.parent || !n.parent)
		err = -EBUSY;
	else if (is_mount_point(k, o.path) || (n.inode && is_mount_point(k, n.path)))
		err = -EBUSY;
	else if (o.parent->sb != n.parent->sb)
		err = -EXDEV;
	else if (strncmp(n.path, o.path, olen) == 0 && n.path[olen] == '/')
		err = -EINVAL; /* a directory can not become its own descendant (rename(2)) */
	else if (n.inode && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (!(err = may_modify(k, o.parent)) && !(err = may_modify(k, n.parent)))
		err = o.parent->op->rename
		          ? o.parent->op->rename(o.parent, o.name, n.parent, n.name)
		          : -EPERM;
	walk_release(&o);
	walk_release(&n);
	return err;
}

static long do_linkat(struct kernel *k, int odfd, uint32_t uold, int ndfd, uint32_t unew,
                      uint32_t flags)
{
	if (flags & ~(uint32_t)(G_AT_SYMLINK_FOLLOW | G_AT_EMPTY_PATH))
		return -EINVAL;
	struct walk_result o, n;
	int err = vfs_user_walk(k, odfd, uold, (flags & G_AT_SYMLINK_FOLLOW) ? WALK_FOLLOW : 0, &o);
	if (err)
		return err;
	err = vfs_user_walk(k, ndfd, unew, WALK_PARENT, &n);
	if (err) {
		walk_release(&o);
		return err;
	}
	if (n.inode)
		err = -EEXIST;
	else if (S_ISDIR(o.inode->mode))
		err = -EPERM; /* link(2): no hard links to directories */
	else if (o.inode->sb != n.parent->sb)
		err = -EXDEV;
	else if (!(err = may_modify(k, n.parent)))
		err = n.parent->op->link ? n.parent->op->link(n.parent, n.name, o.inode) : -EPERM;
	walk_release(&o);
	walk_release(&n);
	return err;
}

static long do_symlinkat(struct kernel *k, uint32_t utarget, int dirfd, uint32_t upath)
{
	char target[VFS_PATH_MAX];
	int len = strncpy_from_user(k, target, utarget, sizeof(target));
	if (len < 0)
		return len;
	if (len == 0)
		return -ENOENT;
	struct walk_result w;
	int err = walk_create(k, dirfd, upath, &w);
	if (err)
		return err;
	err = w.parent->op->symlink ? w.parent->op->symlink(w.parent, w.name, target,
	                                                    fs_cur_fsuid(k), fs_cur_fsgid(k))
	                            : -EPERM;
	walk_release(&w);
	return err;
}

static long do_readlinkat(struct kernel *k, int dirfd, uint32_t upath, uint32_t ubuf, uint32_t size)
{
	if ((int32_t)size <= 0)
		return -EINVAL;
	struct walk_result w;
	int err = vfs_user_walk(k, dirfd, upath, 0, &w);
	if (err)
		return err;
	char buf[VFS_PATH_MAX];
	if (!S_ISLNK(w.inode->mode) || !w.inode->op->readlink)
		err = -EINVAL;
	else
		err = w.inode->op->readlink(w.inode, buf, sizeof(buf));
	walk_release(&w);
	if (err < 0)
		return err;
	uint32_t n = (uint32_t)err < size ? (uint32_t)err : size;
	if ((uint32_t)err > sizeof(buf))
		n = n < sizeof(buf) ? n : sizeof(buf);
	return copy_to_user(k, ubuf, buf, n) ? -EFAULT : (long)n;
}

/* mknod: regular files only (a FIFO or device node needs a driver this kernel lacks). */
static long do_mknodat(struct kernel *k, int dirfd, uint32_t upath, uint32_t mode)
{
	uint32_t type = mode & S_IFMT;
	if (type != 0 && type != S_IFREG)
		return -EPERM;
	struct walk_result w;
	int err = walk_create(k, dirfd, upath, &w);
	if (err)
		return err;
	err = w.parent->op->create
	          ? w.parent->op->create(w.parent, w.name, mode & ~fs_cur_files(k)->umask,
	                                 fs_cur_fsuid(k), fs_cur_fsgid(k), &w.inode)
	          : -EPERM;
	walk_release(&w);
	return err;
}

static long sys_chdir(struct kernel *k, const uint32_t a[6])
{
	struct walk_result w;
	int err = vfs_user_walk(k, G_AT_FDCWD, a[0], WALK_FOLLOW, &w);
	if (err)
		return err;
	if (!S_ISDIR(w.inode->mode))
		err = -ENOTDIR;
	else if (!(err = vfs_permission(k, w.inode, MAY_EXEC)))
		err = fs_set_cwd(k, w.path);
	walk_release(&w);
	return err;
}

static long sys_fchdir(struct kernel *k, const uint32_t a[6])
{
	struct file *f = fd_lookup(k, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode) || !f->path)
		return -ENOTDIR;
	int err = vfs_permission(k, f->inode, MAY_EXEC);
	return err ? err : fs_set_cwd(k, f->path);
}

/* getcwd(2) system call: returns the length including the NUL (fs/dcache.c sys_getcwd). */
static long sys_getcwd(struct kernel *k, const uint32_t a[6])
{
	const char *cwd = fs_cur_cwd(k);
	uint32_t len = (uint32_t)strlen(cwd) + 1;
	if (len > a[1])
		return -ERANGE;
	return copy_to_user(k, a[0], cwd, len) ? -EFAULT : (long)len;
}

static long do_faccessat(struct kernel *k, int dirfd, uint32_t upath, uint32_t mode, uint32_t flags)
{
	if (mode & ~7u)
		return -EINVAL;
	if (flags & ~(uint32_t)(AT_EACCESS | G_AT_SYMLINK_NOFOLLOW | G_AT_EMPTY_PATH))
		return -EINVAL;
	struct walk_result w;
	int err =
	    vfs_user_walk(k, dirfd, upath, (flags & G_AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &w);
	if (err)
		return err;
	if (mode)
		err = vfs_permission(k, w.inode, (int)mode);
	walk_release(&w);
	return err;
}

#define DEFINE_CALL(name, expr)                                                                    \
	static long name(struct kernel *k, const uint32_t a[6])                                    \
	{                                                                                          \
		return expr;                                                                       \
	}
DEFINE_CALL(sys_mkdir, do_mkdirat(k, G_AT_FDCWD, a[0], a[1]))
DEFINE_CALL(sys_mkdirat, do_mkdirat(k, (int)a[0], a[1], a[2]))
DEFINE_CALL(sys_rmdir, do_rmdirat(k, G_AT_FDCWD, a[0]))
DEFINE_CALL(sys_unlink, do_unlinkat(k, G_AT_FDCWD, a[0], 0))
DEFINE_CALL(sys_unlinkat, do_unlinkat(k, (int)a[0], a[1], a[2]))
DEFINE_CALL(sys_rename, do_renameat(k, G_AT_FDCWD, a[0], G_AT_FDCWD, a[1], 0))
DEFINE_CALL(sys_renameat, do_renameat(k, (int)a[0], a[1], (int)a[2], a[3], 0))
DEFINE_CALL(sys_renameat2, do_renameat(k, (int)a[0], a[1], (int)a[2], a[3], a[4]))
DEFINE_CALL(sys_link, do_linkat(k, G_AT_FDCWD, a[0], G_AT_FDCWD, a[1], 0))
DEFINE_CALL(sys_linkat, do_linkat(k, (int)a[0], a[1], (int)a[2], a[3], a[4]))
DEFINE_CALL(sys_symlink, do_symlinkat(k, a[0], G_AT_FDCWD, a[1]))
DEFINE_CALL(sys_symlinkat, do_symlinkat(k, a[0], (int)a[1], a[2]))
DEFINE_CALL(sys_readlink, do_readlinkat(k, G_AT_FDCWD, a[0], a[1], a[2]))
DEFINE_CALL(sys_readlinkat, do_readlinkat(k, (int)a[0], a[1], a[2], a[3]))
DEFINE_CALL(sys_mknod, do_mknodat(k, G_AT_FDCWD, a[0], a[1]))
DEFINE_CALL(sys_mknodat, do_mknodat(k, (int)a[0], a[1], a[2]))
DEFINE_CALL(sys_access, do_faccessat(k, G_AT_FDCWD, a[0], a[1], 0))
DEFINE_CALL(sys_faccessat, do_faccessat(k, (int)a[0], a[1], a[2], 0))
DEFINE_CALL(sys_faccessat2, do_faccessat(k, (int)a[0], a[1], a[2], a[3]))

const struct fs_sys_entry fs_namei_calls[] = {
    {39, sys_mkdir},      {296, sys_mkdirat},    {40, sys_rmdir},     {10, sys_unlink},
    {301, sys_unlinkat},  {38, sys_rename},      {302, sys_renameat}, {353, sys_renameat2},
    {9, sys_link},        {303, sys_linkat},     {83, sys_symlink},   {304, sys_symlinkat},
    {85, sys_readlink},   {305, sys_readlinkat}, {14, sys_mknod},     {297, sys_mknodat},
    {12, sys_chdir},      {133, sys_fchdir},     {183, sys_getcwd},   {33, sys_access},
    {307, sys_faccessat}, {439, sys_faccessat2}, {0, NULL},
};
