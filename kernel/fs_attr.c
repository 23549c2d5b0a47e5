/*
 * fs_attr.c - changing attributes (fs/open.c of Linux 2.5): chmod 15 / fchmod 94 / fchmodat 306,
 * chown 212 / lchown 198 / fchown 207 / fchownat 298 and the 16-bit chown16 182 / lchown16 16 /
 * fchown16 95, truncate 92 / ftruncate 93 / truncate64 193 / ftruncate64 194, and utime 30 /
 * utimes 271 / futimesat 299 / utimensat 320 (accepted, times are not stored: docs/files.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

/* Only the owner or the superuser may change the mode (chmod(2) EPERM); a read-only mount
 * refuses first (EROFS). */
static int may_setattr(struct kernel *k, struct inode *ino)
{
	struct kstat st;
	if (ino->sb->readonly)
		return -EROFS;
	int err = vfs_getattr(ino, &st);
	if (err)
		return err;
	uint32_t uid = fs_cur_fsuid(k);
	return uid == 0 || uid == st.uid ? 0 : -EPERM;
}

static long chmod_inode(struct kernel *k, struct inode *ino, uint32_t mode)
{
	int err = may_setattr(k, ino);
	if (err)
		return err;
	return ino->op->chmod ? ino->op->chmod(ino, mode & 07777) : -EPERM;
}

/* chown(2): only the superuser changes the owner; the owner may change the group to one of
 * its own (here: its fsgid). */
static long chown_inode(struct kernel *k, struct inode *ino, uint32_t uid, uint32_t gid)
{
	struct kstat st;
	int err = may_setattr(k, ino);
	if (!err)
		err = vfs_getattr(ino, &st);
	if (err)
		return err;
	if (fs_cur_fsuid(k) != 0) {
		if (uid != (uint32_t)-1 && uid != st.uid)
			return -EPERM;
		if (gid != (uint32_t)-1 && gid != st.gid && gid != fs_cur_fsgid(k))
			return -EPERM;
	}
	return ino->op->chown ? ino->op->chown(ino, uid, gid) : -EPERM;
}

static long truncate_inode(struct kernel *k, struct inode *ino, int64_t len, int check)
{
	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode) || !ino->op->truncate)
		return -EINVAL;
	if (ino->sb->readonly)
		return -EROFS;
	int err = check ? vfs_permission(k, ino, MAY_WRITE) : 0;
	return err ? err : ino->op->truncate(ino, (uint64_t)len);
}

/* Apply fn to what (dirfd, path) names. */
typedef long (*inode_fn)(struct kernel *k, struct inode *ino, const uint32_t v[3]);

static long on_path(struct kernel *k, int dirfd, uint32_t upath, int follow, inode_fn fn,
                    const uint32_t v[3])
{
	struct walk_result w;
	int err = vfs_user_walk(k, dirfd, upath, follow ? WALK_FOLLOW : 0, &w);
	if (err)
		return err;
	long r = fn(k, w.inode, v);
	walk_release(&w);
	return r;
}

static long on_fd(struct kernel *k, int fd, inode_fn fn, const uint32_t v[3])
{
	struct file *f = fd_lookup(k, fd);
	if (!f || !f->inode)
		return -EBADF;
	return fn(k, f->inode, v);
}

static long do_chmod(struct kernel *k, struct inode *ino, const uint32_t v[3])
{
	return chmod_inode(k, ino, v[0]);
}

static long do_chown(struct kernel *k, struct inode *ino, const uint32_t v[3])
{
	return chown_inode(k, ino, v[0], v[1]);
}

/* 16-bit ids: 0xffff means "unchanged" (include/linux/highuid.h low2highuid). */
static long do_chown16(struct kernel *k, struct inode *ino, const uint32_t v[3])
{
	uint32_t uid = v[0] & 0xffff, gid = v[1] & 0xffff;
	return chown_inode(k, ino, uid == 0xffff ? (uint32_t)-1 : uid,
	                   gid == 0xffff ? (uint32_t)-1 : gid);
}

static long do_truncate(struct kernel *k, struct inode *ino, const uint32_t v[3])
{
	return truncate_inode(k, ino, (int64_t)((uint64_t)v[0] | (uint64_t)v[1] << 32), 1);
}

static long do_exists(struct kernel *k, struct inode *ino, const uint32_t v[3])
{
	(void)k;
	(void)ino;
	(void)v;
	return 0;
}

static long ftruncate_fd(struct kernel *k, int fd, int64_t len)
{
	struct file *f = fd_lookup(k, fd);
	if (!f || !f->inode)
		return -EBADF;
	if ((f->flags & G_O_ACCMODE) == G_O_RDONLY || (f->flags & G_O_PATH))
		return -EINVAL; /* ftruncate(2): fd not open for writing */
	return truncate_inode(k, f->inode, len, 0);
}

#define V(...) ((const uint32_t[3]){__VA_ARGS__})
#define DEFINE_CALL(name, expr)                                                                    \
	static long name(struct kernel *k, const uint32_t a[6])                                    \
	{                                                                                          \
		return expr;                                                                       \
	}
DEFINE_CALL(sys_chmod, on_path(k, G_AT_FDCWD, a[0], 1, do_chmod, V(a[1], 0, 0)))
DEFINE_CALL(sys_fchmod, on_fd(k, (int)a[0], do_chmod, V(a[1], 0, 0)))
DEFINE_CALL(sys_fchmodat, on_path(k, (int)a[0], a[1], 1, do_chmod, V(a[2], 0, 0)))
DEFINE_CALL(sys_chown, on_path(k, G_AT_FDCWD, a[0], 1, do_chown, V(a[1], a[2], 0)))
DEFINE_CALL(sys_lchown, on_path(k, G_AT_FDCWD, a[0], 0, do_chown, V(a[1], a[2], 0)))
DEFINE_CALL(sys_fchown, on_fd(k, (int)a[0], do_chown, V(a[1], a[2], 0)))
DEFINE_CALL(sys_fchownat, on_path(k, (int)a[0], a[1], !(a[4] & G_AT_SYMLINK_NOFOLLOW), do_chown,
                                  V(a[2], a[3], 0)))
DEFINE_CALL(sys_chown16, on_path(k, G_AT_FDCWD, a[0], 1, do_chown16, V(a[1], a[2], 0)))
DEFINE_CALL(sys_lchown16, on_path(k, G_AT_FDCWD, a[0], 0, do_chown16, V(a[1], a[2], 0)))
DEFINE_CALL(sys_fchown16, on_fd(k, (int)a[0], do_chown16, V(a[1], a[2], 0)))
/* truncate/ftruncate take a signed long length (sign-extended); the 64 variants lo, hi. */
DEFINE_CALL(sys_truncate, on_path(k, G_AT_FDCWD, a[0], 1, do_truncate,
                                  V(a[1], (int32_t)a[1] < 0 ? 0xffffffffu : 0, 0)))
DEFINE_CALL(sys_truncate64, on_path(k, G_AT_FDCWD, a[0], 1, do_truncate, V(a[1], a[2], 0)))
DEFINE_CALL(sys_ftruncate, ftruncate_fd(k, (int)a[0], (int32_t)a[1]))
DEFINE_CALL(sys_ftruncate64,
            ftruncate_fd(k, (int)a[0], (int64_t)((uint64_t)a[1] | (uint64_t)a[2] << 32)))
DEFINE_CALL(sys_utime, on_path(k, G_AT_FDCWD, a[0], 1, do_exists, V(0, 0, 0)))
DEFINE_CALL(sys_futimesat, a[1] ? on_path(k, (int)a[0], a[1], 1, do_exists, V(0, 0, 0))
                                : on_fd(k, (int)a[0], do_exists, V(0, 0, 0)))
DEFINE_CALL(sys_utimensat, a[1] ? on_path(k, (int)a[0], a[1], !(a[3] & G_AT_SYMLINK_NOFOLLOW),
                                          do_exists, V(0, 0, 0))
                                : on_fd(k, (int)a[0], do_exists, V(0, 0, 0)))

const struct fs_sys_entry fs_attr_calls[] = {
    {15, sys_chmod},      {94, sys_fchmod},       {306, sys_fchmodat}, {212, sys_chown},
    {198, sys_lchown},    {207, sys_fchown},      {298, sys_fchownat}, {182, sys_chown16},
    {16, sys_lchown16},   {95, sys_fchown16},     {92, sys_truncate},  {193, sys_truncate64},
    {93, sys_ftruncate},  {194, sys_ftruncate64}, {30, sys_utime},     {271, sys_utime},
    {299, sys_futimesat}, {320, sys_utimensat},   {0, NULL},
};
