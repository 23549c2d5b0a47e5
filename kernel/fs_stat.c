/*
 * fs_stat.c - attributes and directory listings: stat 106 / lstat 107 / fstat 108 (struct stat),
 * stat64 195 / lstat64 196 / fstat64 197 / fstatat64 300 (struct stat64), statx 383 (-ENOSYS,
 * so glibc falls back to fstatat64), statfs 99 / fstatfs 100 / statfs64 268 / fstatfs64 269,
 * getdents 141, getdents64 220.
 *
 * Layouts: include/asm-i386/stat.h and include/asm-i386/statfs.h (2.5), include/linux/dirent.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

#define STAT_SIZE     64         /* struct stat (asm-i386/stat.h) */
#define STAT64_SIZE   96         /* struct stat64 (asm-i386/stat.h) */
#define STATFS_SIZE   64         /* struct statfs (asm-i386/statfs.h via asm-generic) */
#define STATFS64_SIZE 84         /* struct statfs64, packed on i386 (4-byte aligned u64) */
#define TMPFS_MAGIC   0x01021994 /* include/linux/magic.h */
#define PROC_MAGIC    0x9fa0
#define EXT2_MAGIC    0xEF53

static void put16(uint8_t *b, size_t off, uint32_t v)
{
	b[off] = (uint8_t)v;
	b[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	put16(b, off, v & 0xffff);
	put16(b, off + 2, v >> 16);
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	put32(b, off, (uint32_t)v);
	put32(b, off + 4, (uint32_t)(v >> 32));
}

/* Device numbers in the old 16-bit encoding (major << 8 | minor), as 2.5's old_encode_dev. */
static uint32_t old_dev(uint64_t dev)
{
	return (uint32_t)(dev & 0xffff);
}

/* struct stat64: st_dev u64 @0, __st_ino u32 @12, st_mode @16, st_nlink @20, st_uid @24,
 * st_gid @28, st_rdev u64 @32, st_size s64 @44, st_blksize @52, st_blocks u64 @56, st_atime @64,
 * nsec @68, st_mtime @72, nsec @76, st_ctime @80, nsec @84, st_ino u64 @88 (asm-i386/stat.h). */
static void encode_stat64(const struct kstat *st, uint8_t *b)
{
	memset(b, 0, STAT64_SIZE);
	put64(b, 0, old_dev(st->dev));
	put32(b, 12, (uint32_t)st->ino);
	put32(b, 16, st->mode);
	put32(b, 20, st->nlink);
	put32(b, 24, st->uid);
	put32(b, 28, st->gid);
	put64(b, 32, old_dev(st->rdev));
	put64(b, 44, (uint64_t)st->size);
	put32(b, 52, st->blksize);
	put64(b, 56, st->blocks);
	put32(b, 64, (uint32_t)st->atime);
	put32(b, 68, st->atime_ns);
	put32(b, 72, (uint32_t)st->mtime);
	put32(b, 76, st->mtime_ns);
	put32(b, 80, (uint32_t)st->ctime);
	put32(b, 84, st->ctime_ns);
	put64(b, 88, st->ino);
}

/* struct stat: st_dev u32 @0, st_ino u32 @4, st_mode u16 @8, st_nlink u16 @10, st_uid u16 @12,
 * st_gid u16 @14, st_rdev u32 @16, st_size u32 @20, st_blksize @24, st_blocks @28, st_atime @32,
 * nsec @36, st_mtime @40, nsec @44, st_ctime @48, nsec @52 (asm-i386/stat.h). */
static int encode_stat(const struct kstat *st, uint8_t *b)
{
	if (st->size > INT32_MAX)
		return -EOVERFLOW; /* cp_new_stat, fs/stat.c */
	memset(b, 0, STAT_SIZE);
	put32(b, 0, old_dev(st->dev));
	put32(b, 4, (uint32_t)st->ino);
	put16(b, 8, st->mode);
	put16(b, 10, st->nlink);
	put16(b, 12, st->uid > 0xffff ? 65534 : st->uid); /* high uids show as the overflow uid */
	put16(b, 14, st->gid > 0xffff ? 65534 : st->gid);
	put32(b, 16, old_dev(st->rdev));
	put32(b, 20, (uint32_t)st->size);
	put32(b, 24, st->blksize);
	put32(b, 28, (uint32_t)st->blocks);
	put32(b, 32, (uint32_t)st->atime);
	put32(b, 36, st->atime_ns);
	put32(b, 40, (uint32_t)st->mtime);
	put32(b, 44, st->mtime_ns);
	put32(b, 48, (uint32_t)st->ctime);
	put32(b, 52, st->ctime_ns);
	return 0;
}

static int stat_walked(struct kernel *k, const char *base, const char *path, int flags,
                       struct kstat *st)
{
	struct walk_result w;
	int err = vfs_walk(k, fs_of(k), base, path, flags, &w);
	if (err)
		return err;
	err = vfs_getattr(w.inode, st);
	walk_release(&w);
	return err;
}

/* The attributes of what (dirfd, path, flags) names; AT_EMPTY_PATH with "" names dirfd itself. */
static int stat_at(struct kernel *k, int dirfd, uint32_t upath, uint32_t flags, struct kstat *st)
{
	if (flags & ~(uint32_t)(G_AT_SYMLINK_NOFOLLOW | G_AT_EMPTY_PATH | 0x800 /* NO_AUTOMOUNT */))
		return -EINVAL;
	char path[VFS_PATH_MAX];
	int n = strncpy_from_user(k, path, upath, sizeof(path));
	if (n < 0)
		return n;
	int wflags = (flags & G_AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW;
	if (n == 0 && (flags & G_AT_EMPTY_PATH)) {
		if (dirfd == G_AT_FDCWD)
			return stat_walked(k, "/", fs_cur_cwd(k), WALK_FOLLOW, st);
		struct file *f = fd_lookup(k, dirfd);
		if (!f || !f->inode)
			return -EBADF;
		return vfs_getattr(f->inode, st);
	}
	const char *base = "/";
	if (path[0] != '/') {
		int err = vfs_at_base(k, dirfd, &base);
		if (err)
			return err;
	}
	return stat_walked(k, base, path, wflags, st);
}

static int fstat_fd(struct kernel *k, int fd, struct kstat *st)
{
	struct file *f = fd_lookup(k, fd);
	if (!f)
		return -EBADF;
	if (!f->inode)
		return -EBADF;
	return vfs_getattr(f->inode, st);
}

static long put_stat64(struct kernel *k, int err, const struct kstat *st, uint32_t ubuf)
{
	uint8_t b[STAT64_SIZE];
	if (err)
		return err;
	encode_stat64(st, b);
	return copy_to_user(k, ubuf, b, sizeof(b));
}

static long put_stat(struct kernel *k, int err, const struct kstat *st, uint32_t ubuf)
{
	uint8_t b[STAT_SIZE];
	if (err)
		return err;
	err = encode_stat(st, b);
	return err ? err : copy_to_user(k, ubuf, b, sizeof(b));
}

static long sys_stat64(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat64(k, stat_at(k, G_AT_FDCWD, a[0], 0, &st), &st, a[1]);
}

static long sys_lstat64(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat64(k, stat_at(k, G_AT_FDCWD, a[0], G_AT_SYMLINK_NOFOLLOW, &st), &st, a[1]);
}

static long sys_fstat64(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat64(k, fstat_fd(k, (int)a[0], &st), &st, a[1]);
}

static long sys_fstatat64(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat64(k, stat_at(k, (int)a[0], a[1], a[3], &st), &st, a[2]);
}

static long sys_newstat(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat(k, stat_at(k, G_AT_FDCWD, a[0], 0, &st), &st, a[1]);
}

static long sys_newlstat(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat(k, stat_at(k, G_AT_FDCWD, a[0], G_AT_SYMLINK_NOFOLLOW, &st), &st, a[1]);
}

static long sys_newfstat(struct kernel *k, const uint32_t a[6])
{
	struct kstat st;
	return put_stat(k, fstat_fd(k, (int)a[0], &st), &st, a[1]);
}

/* statx did not exist in 2.5: glibc then uses fstatat64. */
static long sys_statx(struct kernel *k, const uint32_t a[6])
{
	(void)k;
	(void)a;
	return -ENOSYS;
}

static uint32_t fs_magic(const struct super *sb)
{
	if (strcmp(sb->type, "proc") == 0)
		return PROC_MAGIC;
	if (strcmp(sb->type, "hostfs") == 0)
		return EXT2_MAGIC;
	return TMPFS_MAGIC;
}

/* struct statfs64: f_type @0, f_bsize @4, f_blocks @8, f_bfree @16, f_bavail @24, f_files @32,
 * f_ffree @40, f_fsid @48, f_namelen @56, f_frsize @60, f_flags @64, f_spare @68. */
static long put_statfs(struct kernel *k, struct inode *ino, uint32_t ubuf, int is64)
{
	uint8_t b[STATFS64_SIZE];
	memset(b, 0, sizeof(b));
	const uint64_t blocks = 262144, bfree = 131072, files = 65536, ffree = 32768;
	uint32_t flags = ino->sb->readonly ? 1 /* ST_RDONLY */ : 0;
	put32(b, 0, fs_magic(ino->sb));
	put32(b, 4, 4096);
	if (is64) {
		put64(b, 8, blocks);
		put64(b, 16, bfree);
		put64(b, 24, bfree);
		put64(b, 32, files);
		put64(b, 40, ffree);
		put32(b, 48, ino->sb->dev);
		put32(b, 56, VFS_NAME_MAX);
		put32(b, 60, 4096);
		put32(b, 64, flags);
		return copy_to_user(k, ubuf, b, STATFS64_SIZE);
	}
	/* struct statfs: the same fields, 32 bits wide: f_blocks @8 ... f_ffree @24, f_fsid @28. */
	put32(b, 8, (uint32_t)blocks);
	put32(b, 12, (uint32_t)bfree);
	put32(b, 16, (uint32_t)bfree);
	put32(b, 20, (uint32_t)files);
	put32(b, 24, (uint32_t)ffree);
	put32(b, 28, ino->sb->dev);
	put32(b, 36, VFS_NAME_MAX);
	put32(b, 40, 4096);
	put32(b, 44, flags);
	return copy_to_user(k, ubuf, b, STATFS_SIZE);
}

static long statfs_path(struct kernel *k, uint32_t upath, uint32_t ubuf, int is64)
{
	struct walk_result w;
	int err = vfs_user_walk(k, G_AT_FDCWD, upath, WALK_FOLLOW, &w);
	if (err)
		return err;
	long r = put_statfs(k, w.inode, ubuf, is64);
	walk_release(&w);
	return r;
}

static long statfs_fd(struct kernel *k, int fd, uint32_t ubuf, int is64)
{
	struct file *f = fd_lookup(k, fd);
	if (!f)
		return -EBADF;
	if (!f->inode)
		return -EINVAL;
	return put_statfs(k, f->inode, ubuf, is64);
}

static long sys_statfs(struct kernel *k, const uint32_t a[6])
{
	return statfs_path(k, a[0], a[1], 0);
}

static long sys_fstatfs(struct kernel *k, const uint32_t a[6])
{
	return statfs_fd(k, (int)a[0], a[1], 0);
}

static long sys_statfs64(struct kernel *k, const uint32_t a[6])
{
	return a[1] != STATFS64_SIZE ? -EINVAL : statfs_path(k, a[0], a[2], 1);
}

static long sys_fstatfs64(struct kernel *k, const uint32_t a[6])
{
	return a[1] != STATFS64_SIZE ? -EINVAL : statfs_fd(k, (int)a[0], a[2], 1);
}

/* Directory listings: a snapshot taken when the listing starts at position 0. */

static int snap_add(void *ctx, const char *name, uint64_t ino, unsigned dtype)
{
	struct dir_snapshot *d = ctx;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct dir_entry *e = realloc(d->ent, cap * sizeof(*e));
		if (!e)
			return -ENOMEM;
		d->ent = e;
		d->cap = cap;
	}
	d->ent[d->n].name = strdup(name);
	if (!d->ent[d->n].name)
		return -ENOMEM;
	d->ent[d->n].ino = ino;
	d->ent[d->n].dtype = dtype;
	d->n++;
	return 0;
}

static int snapshot(struct file *f)
{
	if (f->dir && f->pos != 0)
		return 0;
	dir_snapshot_free(f->dir);
	f->dir = calloc(1, sizeof(*f->dir));
	if (!f->dir)
		return -ENOMEM;
	struct inode *dir = f->inode;
	int err = snap_add(f->dir, ".", dir->ino, vfs_dtype(S_IFDIR));
	if (!err)
		err = snap_add(f->dir, "..", dir->ino, vfs_dtype(S_IFDIR));
	if (!err && dir->op->readdir)
		err = dir->op->readdir(dir, snap_add, f->dir);
	return err;
}

/* Writes records from f->pos on; d_off of each is the position after it. */
static long do_getdents(struct kernel *k, uint32_t fd, uint32_t ubuf, uint32_t count, int is64)
{
	struct file *f = fd_lookup(k, (int)fd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode) || (f->flags & G_O_PATH))
		return -ENOTDIR;
	int err = snapshot(f);
	if (err)
		return err;
	uint8_t *buf = malloc(count ? count : 1);
	if (!buf)
		return -ENOMEM;
	uint32_t used = 0;
	while (f->pos < f->dir->n) {
		const struct dir_entry *e = &f->dir->ent[f->pos];
		uint32_t nlen = (uint32_t)strlen(e->name);
		/* linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name (aligned
		 * 8); linux_dirent: d_ino, d_off (u32), d_reclen u16, d_name, NUL, d_type (aligned
		 * 4). */
		uint32_t reclen = is64 ? (19 + nlen + 1 + 7) & ~7u : (10 + nlen + 2 + 3) & ~3u;
		if (used + reclen > count)
			break;
		uint8_t *r = buf + used;
		memset(r, 0, reclen);
		if (is64) {
			put64(r, 0, e->ino);
			put64(r, 8, f->pos + 1);
			put16(r, 16, reclen);
			r[18] = (uint8_t)e->dtype;
			memcpy(r + 19, e->name, nlen);
		} else {
			put32(r, 0, (uint32_t)e->ino);
			put32(r, 4, (uint32_t)f->pos + 1);
			put16(r, 8, reclen);
			memcpy(r + 10, e->name, nlen);
			r[reclen - 1] = (uint8_t)e->dtype;
		}
		used += reclen;
		f->pos++;
	}
	long ret = used;
	if (used == 0 && f->pos < f->dir->n)
		ret = -EINVAL; /* the buffer can not hold one record (getdents(2)) */
	else if (used && copy_to_user(k, ubuf, buf, used))
		ret = -EFAULT;
	free(buf);
	return ret;
}

static long sys_getdents(struct kernel *k, const uint32_t a[6])
{
	return do_getdents(k, a[0], a[1], a[2], 0);
}

static long sys_getdents64(struct kernel *k, const uint32_t a[6])
{
	return do_getdents(k, a[0], a[1], a[2], 1);
}

const struct fs_sys_entry fs_stat_calls[] = {
    {195, sys_stat64},   {196, sys_lstat64},    {197, sys_fstat64},  {300, sys_fstatat64},
    {106, sys_newstat},  {107, sys_newlstat},   {108, sys_newfstat}, {383, sys_statx},
    {99, sys_statfs},    {100, sys_fstatfs},    {268, sys_statfs64}, {269, sys_fstatfs64},
    {141, sys_getdents}, {220, sys_getdents64}, {0, NULL},
};
