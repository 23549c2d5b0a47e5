/*
 * hostfs.c - a host directory seen as the guest's root (--root DIR), confined.
 *
 * Every inode holds an O_PATH descriptor of its host object.  A lookup is one openat() of a
 * single component relative to the directory's descriptor with O_NOFOLLOW, so the host never
 * follows a symbolic link or a ".." for us: symbolic links come back to the VFS as links and are
 * walked in the guest's name space (vfs_path.c).  Reopening an object for I/O goes through the
 * descriptor itself (/proc/self/fd/N names exactly that inode), never through a path.  Device
 * nodes, FIFOs and sockets under DIR are not opened (as on a nodev mount): -EACCES.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfs.h"

static const struct inode_ops hostfs_iops;
static const struct file_ops hostfs_reg_fops;

static int HFD(struct inode *ino)
{
	return (int)(intptr_t)ino->priv;
}

static int neg_errno(void)
{
	return -errno;
}

static void self_fd_path(int fd, char *buf, size_t len)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
}

static int hostfs_getattr(struct inode *ino, struct kstat *st)
{
	struct stat hs;
	if (fstatat(HFD(ino), "", &hs, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return neg_errno();
	st->ino = hs.st_ino;
	st->mode = hs.st_mode;
	st->nlink = (uint32_t)hs.st_nlink;
	st->uid = hs.st_uid;
	st->gid = hs.st_gid;
	st->size = hs.st_size;
	st->blocks = (uint64_t)hs.st_blocks;
	st->atime = hs.st_atim.tv_sec;
	st->atime_ns = (uint32_t)hs.st_atim.tv_nsec;
	st->mtime = hs.st_mtim.tv_sec;
	st->mtime_ns = (uint32_t)hs.st_mtim.tv_nsec;
	st->ctime = hs.st_ctim.tv_sec;
	st->ctime_ns = (uint32_t)hs.st_ctim.tv_nsec;
	ino->mode = hs.st_mode;
	return 0;
}

static struct inode *wrap_fd(struct super *sb, int fd)
{
	struct stat hs;
	if (fstatat(fd, "", &hs, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0) {
		close(fd);
		return NULL;
	}
	struct inode *ino = inode_new(sb, &hostfs_iops, hs.st_mode, (void *)(intptr_t)fd);
	if (!ino) {
		close(fd);
		return NULL;
	}
	ino->ino = hs.st_ino;
	return ino;
}

static int hostfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	int fd = openat(HFD(dir), name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	*out = wrap_fd(dir->sb, fd);
	return *out ? 0 : -ENOMEM;
}

static int hostfs_create(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
                         uint32_t gid, struct inode **out)
{
	(void)uid;
	(void)gid;
	int fd = openat(HFD(dir), name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
	                (mode_t)(mode & 07777));
	if (fd < 0)
		return neg_errno();
	close(fd);
	return hostfs_lookup(dir, name, out);
}

static int hostfs_mkdir(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
                        uint32_t gid)
{
	(void)uid;
	(void)gid;
	return mkdirat(HFD(dir), name, (mode_t)(mode & 07777)) < 0 ? neg_errno() : 0;
}

/* The target is stored as the guest wrote it; it is only ever resolved by the VFS. */
static int hostfs_symlink(struct inode *dir, const char *name, const char *target, uint32_t uid,
                          uint32_t gid)
{
	(void)uid;
	(void)gid;
	return symlinkat(target, HFD(dir), name) < 0 ? neg_errno() : 0;
}

static int hostfs_link(struct inode *dir, const char *name, struct inode *target)
{
	char p[64];
	if (target->op != &hostfs_iops || target->sb != dir->sb)
		return -EXDEV;
	self_fd_path(HFD(target), p, sizeof(p));
	return linkat(AT_FDCWD, p, HFD(dir), name, AT_SYMLINK_FOLLOW) < 0 ? neg_errno() : 0;
}

static int hostfs_unlink(struct inode *dir, const char *name)
{
	struct stat hs;
	if (fstatat(HFD(dir), name, &hs, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(hs.st_mode))
		return -EISDIR; /* Linux's unlink(2) answer; the host would say EISDIR too */
	return unlinkat(HFD(dir), name, 0) < 0 ? neg_errno() : 0;
}

static int hostfs_rmdir(struct inode *dir, const char *name)
{
	return unlinkat(HFD(dir), name, AT_REMOVEDIR) < 0 ? neg_errno() : 0;
}

static int hostfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
                         const char *nname)
{
	if (ndir->op != &hostfs_iops || ndir->sb != odir->sb)
		return -EXDEV;
	return renameat(HFD(odir), oname, HFD(ndir), nname) < 0 ? neg_errno() : 0;
}

static int hostfs_readlink(struct inode *ino, char *buf, size_t len)
{
	ssize_t n = readlinkat(HFD(ino), "", buf, len);
	return n < 0 ? neg_errno() : (int)n;
}

static int hostfs_readdir(struct inode *dir, filldir_fn fill, void *ctx)
{
	int fd = openat(HFD(dir), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	int err = 0;
	struct dirent *de;
	while (!err && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		err = fill(ctx, de->d_name, de->d_ino, de->d_type);
	}
	closedir(d);
	return err;
}

static int hostfs_chmod(struct inode *ino, uint32_t mode)
{
	char p[64];
	if (S_ISLNK(ino->mode))
		return -EOPNOTSUPP;
	self_fd_path(HFD(ino), p, sizeof(p));
	return chmod(p, (mode_t)(mode & 07777)) < 0 ? neg_errno() : 0;
}

static int hostfs_chown(struct inode *ino, uint32_t uid, uint32_t gid)
{
	if (fchownat(HFD(ino), "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) < 0)
		return neg_errno();
	return 0;
}

static int reopen(struct inode *ino, int flags)
{
	char p[64];
	if (!S_ISREG(ino->mode))
		return -EACCES;
	self_fd_path(HFD(ino), p, sizeof(p));
	int fd = open(p, flags | O_CLOEXEC);
	return fd < 0 ? neg_errno() : fd;
}

static int hostfs_truncate(struct inode *ino, uint64_t size)
{
	int fd = reopen(ino, O_WRONLY);
	if (fd < 0)
		return fd;
	int err = ftruncate(fd, (off_t)size) < 0 ? neg_errno() : 0;
	close(fd);
	return err;
}

static int hostfs_open(struct inode *ino, struct file *f, struct kernel *k)
{
	(void)k;
	if (S_ISDIR(ino->mode))
		return 0;
	int fd = reopen(ino, (int)(f->flags & G_O_ACCMODE)); /* 0 1 2 on every Linux */
	if (fd < 0)
		return fd;
	f->fop = &hostfs_reg_fops;
	f->priv = (void *)(intptr_t)fd;
	return 0;
}

static long hostfs_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	ssize_t n = pread((int)(intptr_t)f->priv, buf, len, (off_t)*pos);
	if (n < 0)
		return neg_errno();
	*pos += (uint64_t)n;
	return n;
}

static long hostfs_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	int fd = (int)(intptr_t)f->priv;
	if (f->flags & G_O_APPEND) {
		off_t end = lseek(fd, 0, SEEK_END);
		if (end < 0)
			return neg_errno();
		*pos = (uint64_t)end;
	}
	ssize_t n = pwrite(fd, buf, len, (off_t)*pos);
	if (n < 0)
		return neg_errno();
	*pos += (uint64_t)n;
	return n;
}

static void hostfs_release(struct file *f)
{
	close((int)(intptr_t)f->priv);
}

static void hostfs_destroy(struct inode *ino)
{
	close(HFD(ino));
}

static const struct file_ops hostfs_reg_fops = {
    .read = hostfs_read,
    .write = hostfs_write,
    .release = hostfs_release,
    .seekable = 1,
};

static const struct inode_ops hostfs_iops = {
    .getattr = hostfs_getattr,
    .lookup = hostfs_lookup,
    .create = hostfs_create,
    .mkdir = hostfs_mkdir,
    .symlink = hostfs_symlink,
    .link = hostfs_link,
    .unlink = hostfs_unlink,
    .rmdir = hostfs_rmdir,
    .rename = hostfs_rename,
    .readlink = hostfs_readlink,
    .readdir = hostfs_readdir,
    .chmod = hostfs_chmod,
    .chown = hostfs_chown,
    .truncate = hostfs_truncate,
    .open = hostfs_open,
    .destroy = hostfs_destroy,
};

int hostfs_new_root(struct fs_state *fs, const char *dir, int writable, struct inode **out,
                    char *err, size_t errlen)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "--root %s: %s", dir, strerror(errno));
		return -1;
	}
	struct super *sb = super_new(fs, "hostfs", !writable);
	*out = sb ? wrap_fd(sb, fd) : NULL;
	if (!*out) {
		if (!sb)
			close(fd);
		snprintf(err, errlen, "--root %s: out of memory", dir);
		return -1;
	}
	return 0;
}
