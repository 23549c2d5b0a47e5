/*
 * vfs_inode.c - inode and super block life cycle, attributes and permission checks (fs/inode.c,
 * fs/namei.c vfs_permission() of Linux 2.5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vfs.h"

struct inode *inode_new(struct super *sb, const struct inode_ops *op, uint32_t mode, void *priv)
{
	struct inode *ino = calloc(1, sizeof(*ino));
	if (!ino)
		return NULL;
	ino->refcount = 1;
	ino->op = op;
	ino->sb = sb;
	ino->mode = mode;
	ino->ino = ++sb->next_ino;
	ino->priv = priv;
	return ino;
}

struct inode *iget(struct inode *ino)
{
	if (ino)
		ino->refcount++;
	return ino;
}

void iput(struct inode *ino)
{
	if (!ino || --ino->refcount > 0)
		return;
	if (ino->op->destroy)
		ino->op->destroy(ino);
	free(ino);
}

struct super *super_new(struct fs_state *fs, const char *type, int readonly)
{
	struct super *sb = calloc(1, sizeof(*sb));
	if (!sb)
		return NULL;
	sb->fs = fs;
	sb->dev = fs->next_dev++;
	sb->readonly = readonly;
	sb->type = type;
	sb->next = fs->supers;
	fs->supers = sb;
	return sb;
}

int vfs_getattr(struct inode *ino, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = ino->sb->dev;
	st->ino = ino->ino;
	st->mode = ino->mode;
	st->nlink = 1;
	st->blksize = 4096;
	if (ino->op->getattr)
		return ino->op->getattr(ino, st);
	return 0;
}

int vfs_is_dir(const struct inode *ino)
{
	return S_ISDIR(ino->mode);
}

int vfs_is_lnk(const struct inode *ino)
{
	return S_ISLNK(ino->mode);
}

/* DT_* values are the S_IFMT type shifted right by 12 (include/linux/fs.h). */
unsigned vfs_dtype(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;
}

/* vfs_permission() of Linux 2.5 fs/namei.c: owner, then group, then other bits; the superuser
 * (fsuid 0, CAP_DAC_OVERRIDE) may read and write anything and execute anything that has at least
 * one x bit, and search any directory. */
int vfs_permission(struct kernel *k, struct inode *ino, int mask)
{
	struct kstat st;
	int err = vfs_getattr(ino, &st);
	if (err)
		return err;
	if ((mask & MAY_WRITE) && ino->sb->readonly &&
	    (S_ISREG(st.mode) || S_ISDIR(st.mode) || S_ISLNK(st.mode)))
		return -EROFS;
	uint32_t uid = fs_cur_fsuid(k);
	uint32_t mode = st.mode;
	if (uid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
		return -EACCES;
	}
	if (uid == st.uid)
		mode >>= 6;
	else if (fs_cur_fsgid(k) == st.gid)
		mode >>= 3;
	if ((mode & (uint32_t)mask & 7) == ((uint32_t)mask & 7))
		return 0;
	return -EACCES;
}
