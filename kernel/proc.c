/*
 * proc.c - the synthetic /proc (fs/proc of Linux 2.5), described as a table: directories, links
 * and text files whose contents the kernel core produces (kern_proc_read/kern_proc_write), plus
 * /proc/self/fd whose entries are "magic" links to the open files.
 *
 * /proc/self is a directory here (Linux makes it a link to /proc/<pid>); only the current task
 * is visible.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vfs.h"

enum proc_kind { P_DIR, P_HOOK, P_EXE, P_CWD, P_FDDIR, P_FD, P_MOUNTS };

static const struct proc_entry {
	const char *path; /* relative to /proc; "" is /proc itself */
	enum proc_kind kind;
	uint32_t mode;
} proc_table[] = {
    {"", P_DIR, 0555},
    {"meminfo", P_HOOK, 0444},
    {"cpuinfo", P_HOOK, 0444},
    {"version", P_HOOK, 0444},
    {"mounts", P_MOUNTS, 0444},
    {"self", P_DIR, 0555},
    {"self/exe", P_EXE, 0777},
    {"self/cwd", P_CWD, 0777},
    {"self/fd", P_FDDIR, 0500},
    {"self/maps", P_HOOK, 0444},
    {"self/status", P_HOOK, 0444},
    {"self/stat", P_HOOK, 0444},
    {"self/cmdline", P_HOOK, 0444},
    {"self/mounts", P_MOUNTS, 0444},
    {"sys", P_DIR, 0555},
    {"sys/vm", P_DIR, 0555},
    {"sys/vm/nr_hugepages", P_HOOK, 0644},
    {"sys/kernel", P_DIR, 0555},
    {"sys/kernel/osrelease", P_HOOK, 0444},
};
#define PROC_COUNT  ((int)(sizeof(proc_table) / sizeof(proc_table[0])))
#define PROC_FD_INO 0x10000 /* inode numbers of /proc/self/fd/N: PROC_FD_INO + N */

/* Weak defaults until the kernel core provides the contents. */
__attribute__((weak)) int kern_proc_read(struct kernel *k, const char *name, char **buf,
                                         size_t *len)
{
	(void)k;
	(void)name;
	(void)buf;
	(void)len;
	return -ENOENT;
}

__attribute__((weak)) int kern_proc_write(struct kernel *k, const char *name, const char *buf,
                                          size_t len)
{
	(void)k;
	(void)name;
	(void)buf;
	(void)len;
	return -EACCES;
}

struct proc_node {
	int idx; /* proc_table index */
	int fd;  /* P_FD: the descriptor */
};

static const struct inode_ops proc_iops;

static struct proc_node *PN(struct inode *ino)
{
	return ino->priv;
}

static struct kernel *kern_of(struct inode *ino)
{
	return ino->sb->fs->k;
}

static uint32_t kind_type(enum proc_kind kind)
{
	switch (kind) {
	case P_DIR:
	case P_FDDIR: return S_IFDIR;
	case P_EXE:
	case P_CWD:
	case P_FD: return S_IFLNK;
	default: return S_IFREG;
	}
}

static struct inode *proc_inode(struct super *sb, int idx, int fd)
{
	struct proc_node *n = malloc(sizeof(*n));
	if (!n)
		return NULL;
	n->idx = idx;
	n->fd = fd;
	uint32_t mode =
	    idx >= 0 ? kind_type(proc_table[idx].kind) | proc_table[idx].mode : S_IFLNK | 0700;
	struct inode *ino = inode_new(sb, &proc_iops, mode, n);
	if (!ino) {
		free(n);
		return NULL;
	}
	ino->ino = idx >= 0 ? (uint64_t)idx + 1 : (uint64_t)PROC_FD_INO + (uint64_t)fd;
	return ino;
}

static void proc_destroy(struct inode *ino)
{
	free(ino->priv);
}

/* /proc/self/... belongs to the process (fs/proc/base.c proc_pid_make_inode: task's euid);
 * everything else, /proc/sys included, to root, so only root may write nr_hugepages
 * (linux-2.5-syscalls.md 2.5). */
static int proc_getattr(struct inode *ino, struct kstat *st)
{
	struct kernel *k = kern_of(ino);
	struct proc_node *n = PN(ino);
	int own = n->idx < 0 || strncmp(proc_table[n->idx].path, "self", 4) == 0;
	st->uid = k && own ? fs_cur_fsuid(k) : 0;
	st->gid = k && own ? fs_cur_fsgid(k) : 0;
	st->nlink = S_ISDIR(ino->mode) ? 2 : 1;
	return 0;
}

/* The table index of parent's child name, or -1. */
static int child_index(int parent, const char *name)
{
	const char *pp = proc_table[parent].path;
	size_t plen = strlen(pp);
	for (int i = 1; i < PROC_COUNT; i++) {
		const char *p = proc_table[i].path;
		if (plen && (strncmp(p, pp, plen) != 0 || p[plen] != '/'))
			continue;
		const char *rest = plen ? p + plen + 1 : p;
		if (strcmp(rest, name) == 0)
			return i;
	}
	return -1;
}

static int parse_fd(const char *name)
{
	char *end;
	long v = strtol(name, &end, 10);
	if (!*name || *end || v < 0 || v >= VFS_NR_OPEN || (name[0] == '0' && name[1]))
		return -1;
	return (int)v;
}

static int proc_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct proc_node *n = PN(dir);
	int idx = -1, fd = -1;
	if (proc_table[n->idx].kind == P_FDDIR) {
		fd = parse_fd(name);
		if (fd < 0 || !fd_lookup(kern_of(dir), fd))
			return -ENOENT;
	} else {
		idx = child_index(n->idx, name);
		if (idx < 0)
			return -ENOENT;
	}
	*out = proc_inode(dir->sb, idx, fd);
	return *out ? 0 : -ENOMEM;
}

static int proc_readdir(struct inode *dir, filldir_fn fill, void *ctx)
{
	struct proc_node *n = PN(dir);
	int err = 0;
	if (proc_table[n->idx].kind == P_FDDIR) {
		struct files_struct *fl = fs_cur_files(kern_of(dir));
		char name[16];
		for (int fd = 0; !err && fl && fd < fl->max; fd++) {
			if (!fl->fd[fd])
				continue;
			snprintf(name, sizeof(name), "%d", fd);
			err = fill(ctx, name, PROC_FD_INO + (uint64_t)fd, vfs_dtype(S_IFLNK));
		}
		return err;
	}
	const char *pp = proc_table[n->idx].path;
	size_t plen = strlen(pp);
	for (int i = 1; !err && i < PROC_COUNT; i++) {
		const char *p = proc_table[i].path;
		if (plen && (strncmp(p, pp, plen) != 0 || p[plen] != '/'))
			continue;
		const char *rest = plen ? p + plen + 1 : p;
		if (!strchr(rest, '/'))
			err = fill(ctx, rest, (uint64_t)i + 1,
			           vfs_dtype(kind_type(proc_table[i].kind)));
	}
	return err;
}

static int copy_link(const char *target, char *buf, size_t len)
{
	size_t n = strlen(target);
	memcpy(buf, target, n < len ? n : len);
	return (int)n;
}

/* What ls -l /proc/self/fd shows: the path an open file was opened by, "pipe:[ino]" for a pipe
 * (fs/pipe.c pipefs_dname style), the host's own name for a passed-through stream. */
static int fd_link_text(struct file *f, char *buf, size_t len)
{
	char tmp[VFS_PATH_MAX];
	if (f->path)
		return copy_link(f->path, buf, len);
	if (f->inode && S_ISFIFO(f->inode->mode)) {
		snprintf(tmp, sizeof(tmp), "pipe:[%llu]", (unsigned long long)f->inode->ino);
		return copy_link(tmp, buf, len);
	}
	char self[64];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", (int)(intptr_t)f->priv);
	ssize_t n = readlink(self, tmp, sizeof(tmp) - 1);
	tmp[n > 0 ? n : 0] = 0;
	return copy_link(n > 0 ? tmp : "/dev/tty", buf, len);
}

static int proc_readlink(struct inode *ino, char *buf, size_t len)
{
	struct kernel *k = kern_of(ino);
	struct proc_node *n = PN(ino);
	if (n->idx < 0) {
		struct file *f = fd_lookup(k, n->fd);
		return f ? fd_link_text(f, buf, len) : -ENOENT;
	}
	if (proc_table[n->idx].kind == P_CWD)
		return copy_link(fs_cur_cwd(k), buf, len);
	const char *exe = fs_cur_exe(k);
	return exe ? copy_link(exe, buf, len) : -ENOENT;
}

static int proc_follow(struct inode *ino, struct inode **target)
{
	struct proc_node *n = PN(ino);
	if (n->idx >= 0) {
		*target = iget(ino); /* an ordinary link: the walk reads it */
		return 0;
	}
	struct file *f = fd_lookup(kern_of(ino), n->fd);
	if (!f || !f->inode)
		return -ENOENT;
	*target = iget(f->inode);
	return 0;
}

/* Open text files: a snapshot taken at open, as seq_file gives one per read session. */
struct proc_text {
	char *buf;
	size_t len;
	struct kernel *k;
	const char *name;
};

static long text_read(struct file *f, void *buf, uint32_t len, uint64_t *pos)
{
	struct proc_text *t = f->priv;
	if (*pos >= t->len)
		return 0;
	size_t n = t->len - *pos < len ? t->len - *pos : len;
	memcpy(buf, t->buf + *pos, n);
	*pos += n;
	return (long)n;
}

static long text_write(struct file *f, const void *buf, uint32_t len, uint64_t *pos)
{
	struct proc_text *t = f->priv;
	int err = kern_proc_write(t->k, t->name, buf, len);
	if (err)
		return err;
	*pos += len;
	return len;
}

static void text_release(struct file *f)
{
	struct proc_text *t = f->priv;
	free(t->buf);
	free(t);
}

static const struct file_ops text_fops = {
    .read = text_read,
    .write = text_write,
    .release = text_release,
    .seekable = 1,
};

static int mounts_text(struct fs_state *fs, char **buf, size_t *len)
{
	size_t cap = 1024;
	char *b = malloc(cap);
	if (!b)
		return -ENOMEM;
	size_t n = (size_t)snprintf(b, cap, "rootfs / %s %s 0 0\n", fs->root->sb->type,
	                            fs->root->sb->readonly ? "ro" : "rw");
	for (int i = 0; i < fs->nmounts && n < cap; i++)
		n += (size_t)snprintf(b + n, cap - n, "%s %s %s rw 0 0\n",
		                      fs->mounts[i].root->sb->type, fs->mounts[i].path,
		                      fs->mounts[i].root->sb->type);
	*buf = b;
	*len = n < cap ? n : cap - 1;
	return 0;
}

static int proc_open(struct inode *ino, struct file *f, struct kernel *k)
{
	struct proc_node *n = PN(ino);
	if (S_ISDIR(ino->mode))
		return 0;
	struct proc_text *t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->k = k;
	t->name = proc_table[n->idx].path;
	int err = 0;
	if (proc_table[n->idx].kind == P_MOUNTS)
		err = mounts_text(ino->sb->fs, &t->buf, &t->len);
	else if ((f->flags & G_O_ACCMODE) != G_O_WRONLY)
		err = kern_proc_read(k, t->name, &t->buf, &t->len);
	if (err) {
		free(t);
		return err;
	}
	f->fop = &text_fops;
	f->priv = t;
	return 0;
}

static const struct inode_ops proc_iops = {
    .getattr = proc_getattr,
    .lookup = proc_lookup,
    .readlink = proc_readlink,
    .follow = proc_follow,
    .readdir = proc_readdir,
    .open = proc_open,
    .destroy = proc_destroy,
};

struct inode *procfs_new_root(struct fs_state *fs)
{
	struct super *sb = super_new(fs, "proc", 0);
	return sb ? proc_inode(sb, 0, -1) : NULL;
}
