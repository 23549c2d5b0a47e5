/*
 * tmpfs.c - a file system in host memory (mm/shmem.c's tmpfs of Linux 2.5, without swap): the
 * guest's / when no host directory is given, and /tmp, /dev/shm always.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vfs.h"

#define TMPFS_MAX_BYTES (1ull << 30) /* a full tmpfs answers ENOSPC, as shmem does at its size= */

struct tmpfs_dirent {
	char *name;
	struct inode *ino;
};

struct tmpfs_node {
	uint32_t uid, gid, nlink;
	struct timespec atime, mtime, ctime;
	uint8_t *data; /* regular file */
	uint64_t size, cap;
	struct tmpfs_dirent *ents; /* directory */
	size_t n, nalloc;
	char *target; /* symbolic link */
};

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_reg_fops;

static struct tmpfs_node *TN(struct inode *ino)
{
	return ino->priv;
}

static void touch(struct timespec *a, struct timespec *b)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	*a = now;
	if (b)
		*b = now;
}

static struct inode *tmpfs_new_inode(struct super *sb, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct tmpfs_node *n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	struct inode *ino = inode_new(sb, &tmpfs_iops, mode, n);
	if (!ino) {
		free(n);
		return NULL;
	}
	n->uid = uid;
	n->gid = gid;
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	touch(&n->mtime, &n->ctime);
	n->atime = n->mtime;
	return ino;
}

static void tmpfs_destroy(struct inode *ino)
{
	struct tmpfs_node *n = TN(ino);
	for (size_t i = 0; i < n->n; i++) {
		free(n->ents[i].name);
		iput(n->ents[i].ino);
	}
	ino->sb->bytes_used -= n->cap;
	free(n->ents);
	free(n->data);
	free(n->target);
	free(n);
}

static int tmpfs_getattr(struct inode *ino, struct kstat *st)
{
	struct tmpfs_node *n = TN(ino);
	st->nlink = n->nlink;
	st->uid = n->uid;
	st->gid = n->gid;
	st->size = S_ISREG(ino->mode)   ? (int64_t)n->size
	           : S_ISLNK(ino->mode) ? (int64_t)strlen(n->target)
	                                : 4096;
	st->blocks = S_ISREG(ino->mode) ? (n->size + 511) / 512 : 8;
	st->atime = n->atime.tv_sec;
	st->atime_ns = (uint32_t)n->atime.tv_nsec;
	st->mtime = n->mtime.tv_sec;
	st->mtime_ns = (uint32_t)n->mtime.tv_nsec;
	st->ctime = n->ctime.tv_sec;
	st->ctime_ns = (uint32_t)n->ctime.tv_nsec;
	return 0;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name)
{
	struct tmpfs_node *d = TN(dir);
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->ents[i].name, name) == 0)
			return &d->ents[i];
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	*out = iget(e->ino);
	return 0;
}

/* Adds an entry holding a new reference to ino. */
static int add_entry(struct inode *dir, const char *name, struct inode *ino)
{
	struct tmpfs_node *d = TN(dir);
	if (find(dir, name))
		return -EEXIST;
	if (d->n == d->nalloc) {
		size_t nalloc = d->nalloc ? 2 * d->nalloc : 8;
		struct tmpfs_dirent *e = realloc(d->ents, nalloc * sizeof(*e));
		if (!e)
			return -ENOMEM;
		d->ents = e;
		d->nalloc = nalloc;
	}
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	d->ents[d->n].name = copy;
	d->ents[d->n].ino = iget(ino);
	d->n++;
	if (S_ISDIR(ino->mode))
		d->nlink++;
	touch(&d->mtime, &d->ctime);
	return 0;
}

/* Removes the entry; returns the reference it held. */
static struct inode *del_entry(struct inode *dir, struct tmpfs_dirent *e)
{
	struct tmpfs_node *d = TN(dir);
	struct inode *ino = e->ino;
	free(e->name);
	*e = d->ents[--d->n];
	if (S_ISDIR(ino->mode))
		d->nlink--;
	touch(&d->mtime, &d->ctime);
	return ino;
}

static int make_node(struct inode *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                     struct inode **out)
{
	if (find(dir, name))
		return -EEXIST;
	struct inode *ino = tmpfs_new_inode(dir->sb, mode, uid, gid);
	if (!ino)
		return -ENOMEM;
	int err = add_entry(dir, name, ino);
	if (err || !out)
		iput(ino);
	else
		*out = ino;
	return err;
}

static int tmpfs_create(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
                        uint32_t gid, struct inode **out)
{
	return make_node(dir, name, S_IFREG | (mode & 07777), uid, gid, out);
}

static int tmpfs_mkdir(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
                       uint32_t gid)
{
	return make_node(dir, name, S_IFDIR | (mode & 07777), uid, gid, NULL);
}

static int tmpfs_symlink(struct inode *dir, const char *name, const char *target, uint32_t uid,
                         uint32_t gid)
{
	struct inode *ino;
	char *copy = strdup(target);
	if (!copy)
		return -ENOMEM;
	int err = make_node(dir, name, S_IFLNK | 0777, uid, gid, &ino);
	if (err) {
		free(copy);
		return err;
	}
	TN(ino)->target = copy;
	iput(ino);
	return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, struct inode *target)
{
	if (target->op != &tmpfs_iops || target->sb != dir->sb)
		return -EXDEV;
	int err = add_entry(dir, name, target);
	if (!err) {
		TN(target)->nlink++;
		touch(&TN(target)->ctime, NULL);
	}
	return err;
}

static int tmpfs_unlink(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	if (S_ISDIR(e->ino->mode))
		return -EISDIR;
	struct inode *ino = del_entry(dir, e);
	TN(ino)->nlink--;
	touch(&TN(ino)->ctime, NULL);
	iput(ino);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	if (!S_ISDIR(e->ino->mode))
		return -ENOTDIR;
	if (TN(e->ino)->n)
		return -ENOTEMPTY;
	struct inode *ino = del_entry(dir, e);
	TN(ino)->nlink = 0;
	iput(ino);
	return 0;
}

/* rename(2): the VFS has checked that a directory is not moved under itself. */
static int tmpfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
                        const char *nname)
{
	if (ndir->op != &tmpfs_iops || ndir->sb != odir->sb)
		return -EXDEV;
	struct tmpfs_dirent *oe = find(odir, oname);
	if (!oe)
		return -ENOENT;
	struct tmpfs_dirent *ne = find(ndir, nname);
	struct inode *src = oe->ino;
	if (ne && ne->ino == src)
		return 0; /* both names are links to one inode: nothing to do (rename(2)) */
	if (ne) {
		int dir = S_ISDIR(src->mode);
		if (dir && !S_ISDIR(ne->ino->mode))
			return -ENOTDIR;
		if (!dir && S_ISDIR(ne->ino->mode))
			return -EISDIR;
		if (dir && TN(ne->ino)->n)
			return -ENOTEMPTY;
		int err = dir ? tmpfs_rmdir(ndir, nname) : tmpfs_unlink(ndir, nname);
		if (err)
			return err;
	}
	iget(src);
	del_entry(odir, find(odir, oname));
	int err = add_entry(ndir, nname, src);
	iput(src);
	iput(src);
	return err;
}

static int tmpfs_readlink(struct inode *ino, char *buf, size_t len)
{
	size_t n = strlen(TN(ino)->target);
	memcpy(buf, TN(ino)->target, n < len ? n : len);
	return (int)n;
}

static int tmpfs_readdir(struct inode *dir, filldir_fn fill, void *ctx)
{
	struct tmpfs_node *d = TN(dir);
	for (size_t i = 0; i < d->n; i++) {
		int err = fill(ctx, d->ents[i].name, d->ents[i].ino->ino,
		               vfs_dtype(d->ents[i].ino->mode));
		if (err)
			return err;
	}
	return 0;
}

static int tmpfs_chmod(struct inode *ino, uint32_t mode)
{
	ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
	touch(&TN(ino)->ctime, NULL);
	return 0;
}

static int tmpfs_chown(struct inode *ino, uint32_t uid, uint32_t gid)
{
	if (uid != (uint32_t)-1)
		TN(ino)->uid = uid;
	if (gid != (uint32_t)-1)
		TN(ino)->gid = gid;
	touch(&TN(ino)->ctime, NULL);
	return 0;
}

static int reserve(struct inode *ino, uint64_t size)
{
	struct tmpfs_node *n = TN(ino);
	if (size <= n->cap)
		return 0;
	uint64_t cap = n->cap ? n->cap : 4096;
	while (cap < size)
		cap *= 2;
	if (ino->sb->bytes_used - n->cap + cap > TMPFS_MAX_BYTES)
		return -ENOSPC;
	uint8_t *d = realloc(n->data, cap);
	if (!d)
		return -ENOSPC;
	ino->sb->bytes_used += cap - n->cap;
	n->data = d;
	n->cap = cap;
	return 0;
}

static int tmpfs_truncate(struct inode *ino, uint64_t size)
{
	struct tmpfs_node *n = TN(ino);
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	int err = reserve(ino, size);
	if (err)
		return err;
	if (size > n->size)
		memset(n->data + n->size, 0, size - n->size);
	n->size = size;
	touch(&n->mtime, &n->ctime);
	return 0;
}

static int tmpfs_open(struct inode *ino, struct file *f, struct kernel *k)
{
	(void)k;
	if (S_ISREG(ino->mode))
		f->fop = &tmpfs_reg_fops;
	return 0;
}

static long tmpfs_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	struct tmpfs_node *n = TN(f->inode);
	if (*pos >= n->size)
		return 0;
	uint64_t count = n->size - *pos < len ? n->size - *pos : len;
	memcpy(buf, n->data + *pos, count);
	*pos += count;
	touch(&n->atime, NULL);
	return (long)count;
}

static long tmpfs_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	struct tmpfs_node *n = TN(f->inode);
	if (f->flags & G_O_APPEND)
		*pos = n->size;
	if (*pos + len > TMPFS_MAX_BYTES)
		return -EFBIG;
	int err = reserve(f->inode, *pos + len);
	if (err)
		return err;
	if (*pos > n->size)
		memset(n->data + n->size, 0, *pos - n->size);
	memcpy(n->data + *pos, buf, len);
	*pos += len;
	if (*pos > n->size)
		n->size = *pos;
	touch(&n->mtime, &n->ctime);
	return len;
}

static const struct file_ops tmpfs_reg_fops = {
    .read = tmpfs_read,
    .write = tmpfs_write,
    .seekable = 1,
};

static const struct inode_ops tmpfs_iops = {
    .getattr = tmpfs_getattr,
    .lookup = tmpfs_lookup,
    .create = tmpfs_create,
    .mkdir = tmpfs_mkdir,
    .symlink = tmpfs_symlink,
    .link = tmpfs_link,
    .unlink = tmpfs_unlink,
    .rmdir = tmpfs_rmdir,
    .rename = tmpfs_rename,
    .readlink = tmpfs_readlink,
    .readdir = tmpfs_readdir,
    .chmod = tmpfs_chmod,
    .chown = tmpfs_chown,
    .truncate = tmpfs_truncate,
    .open = tmpfs_open,
    .destroy = tmpfs_destroy,
};

struct inode *tmpfs_new_root(struct fs_state *fs, uint32_t mode)
{
	struct super *sb = super_new(fs, "tmpfs", 0);
	if (!sb)
		return NULL;
	return tmpfs_new_inode(sb, S_IFDIR | mode, 0, 0);
}
