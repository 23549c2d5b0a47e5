/*
 * vfs_path.c - the path walk (link_path_walk() of Linux 2.5 fs/namei.c), done entirely in the
 * guest's name space.
 *
 * The walk keeps the chain of directories from the guest root to where it stands.  ".." pops
 * one (at the root it stays: a process can not walk above its root, fs/namei.c follow_dotdot),
 * a mount point replaces the looked-up directory by the mounted root, and a symbolic link is read
 * and its target walked from here (relative) or from the guest root (absolute).  File systems
 * are only asked for one plain component at a time: this is what confines a host directory.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "uaccess.h"
#include "vfs.h"

struct walk_stack {
	struct inode **dir; /* dir[0] is the guest root */
	size_t *end;        /* end of each level's name in path */
	int depth;          /* index of the top */
	int cap;
	char path[VFS_PATH_MAX];
};

static int stack_push(struct walk_stack *s, struct inode *ino, const char *name)
{
	size_t base = s->end[s->depth];
	size_t len = strlen(name);
	if (s->depth + 1 >= s->cap || base + 1 + len >= sizeof(s->path)) {
		iput(ino);
		return -ENAMETOOLONG;
	}
	s->path[base] = '/';
	memcpy(s->path + base + 1, name, len + 1);
	s->depth++;
	s->dir[s->depth] = ino;
	s->end[s->depth] = base + 1 + len;
	return 0;
}

static void stack_pop_to(struct walk_stack *s, int depth)
{
	while (s->depth > depth) {
		iput(s->dir[s->depth]);
		s->depth--;
	}
	s->path[s->end[s->depth]] = 0;
}

static int stack_init(struct walk_stack *s, struct fs_state *fs)
{
	s->cap = VFS_PATH_MAX / 2 + 2;
	s->dir = malloc(sizeof(*s->dir) * (size_t)s->cap);
	s->end = malloc(sizeof(*s->end) * (size_t)s->cap);
	if (!s->dir || !s->end) {
		free(s->dir);
		free(s->end);
		return -ENOMEM;
	}
	s->depth = 0;
	s->dir[0] = iget(fs->root);
	s->end[0] = 0;
	s->path[0] = 0;
	return 0;
}

static void stack_free(struct walk_stack *s)
{
	stack_pop_to(s, 0);
	iput(s->dir[0]);
	free(s->dir);
	free(s->end);
}

/* The mount whose mount point is the canonical path parent + "/" + name, or NULL. */
static struct inode *mounted_at(struct fs_state *fs, const char *parent, const char *name)
{
	size_t plen = strlen(parent);
	for (int i = 0; i < fs->nmounts; i++) {
		const char *mp = fs->mounts[i].path;
		if (strncmp(mp, parent, plen) == 0 && mp[plen] == '/' &&
		    strcmp(mp + plen + 1, name) == 0)
			return fs->mounts[i].root;
	}
	return NULL;
}

static int lookup_one(struct fs_state *fs, struct walk_stack *s, const char *name,
                      struct inode **out)
{
	struct inode *mnt = mounted_at(fs, s->path, name);
	if (mnt) {
		*out = iget(mnt);
		return 0;
	}
	struct inode *dir = s->dir[s->depth];
	if (!dir->op->lookup)
		return -ENOENT;
	return dir->op->lookup(dir, name, out);
}

/* Replace the unwalked part of the path by link target + "/" + rest.  todo holds the rest. */
static int splice_link(struct inode *link, char *todo, size_t cap, const char *rest)
{
	char target[VFS_PATH_MAX];
	int n = link->op->readlink ? link->op->readlink(link, target, sizeof(target) - 1) : -EINVAL;
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT; /* an empty link target names nothing (fs/namei.c __vfs_follow_link)
		                 */
	if ((size_t)n >= sizeof(target) - 1)
		return -ENAMETOOLONG;
	target[n] = 0;
	size_t rlen = strlen(rest);
	if ((size_t)n + 1 + rlen + 1 > cap)
		return -ENAMETOOLONG;
	memmove(todo + n + 1, rest, rlen + 1);
	memcpy(todo, target, (size_t)n);
	todo[n] = rlen ? '/' : 0;
	return 0;
}

static void fill_result(struct walk_stack *s, struct walk_result *res, struct inode *ino,
                        int parent_depth, const char *name)
{
	res->inode = ino;
	res->parent = parent_depth >= 0 ? iget(s->dir[parent_depth]) : NULL;
	snprintf(res->name, sizeof(res->name), "%s", name);
	snprintf(res->path, sizeof(res->path), "%s", s->path[0] ? s->path : "/");
}

static int walk(struct kernel *k, struct fs_state *fs, struct walk_stack *s, char *todo, size_t cap,
                int flags, struct walk_result *res)
{
	int links = 0;
	char comp[VFS_NAME_MAX + 1];
	char *p = todo;
	const char *last = ".";
	for (;;) {
		if (*p == '/') {
			stack_pop_to(s, 0);
			while (*p == '/')
				p++;
		}
		if (!*p)
			break;
		char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len > VFS_NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, p, len);
		comp[len] = 0;
		const char *rest = p + len;
		while (*rest == '/')
			rest++;
		int is_last = *rest == 0;
		int slashed = slash != NULL;
		struct inode *dir = s->dir[s->depth];
		if (!vfs_is_dir(dir))
			return -ENOTDIR;
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
			if (comp[1] == '.' && s->depth > 0)
				stack_pop_to(s, s->depth - 1);
			last = comp[1] == '.' ? ".." : ".";
			p = (char *)rest;
			continue;
		}
		int err = k ? vfs_permission(k, dir, MAY_EXEC) : 0;
		if (err)
			return err;
		struct inode *child = NULL;
		err = lookup_one(fs, s, comp, &child);
		if (err == -ENOENT && is_last && (flags & WALK_PARENT)) {
			if (stack_push(s, NULL, comp) == 0) {
				res->trailing_slash = slashed;
				fill_result(s, res, NULL, s->depth - 1, comp);
				stack_pop_to(s, s->depth - 1);
				return 0;
			}
			return -ENAMETOOLONG;
		}
		if (err)
			return err;
		int follow = !is_last || slashed || (flags & WALK_FOLLOW);
		if (vfs_is_lnk(child) && follow && child->op->follow) {
			struct inode *target = NULL;
			err = child->op->follow(child, &target);
			iput(child);
			if (err)
				return err;
			child = target;
		}
		if (vfs_is_lnk(child) && follow) {
			if (++links > VFS_MAXSYMLINKS) {
				iput(child);
				return -ELOOP;
			}
			memmove(todo, rest, strlen(rest) + 1);
			err = splice_link(child, todo, cap, todo);
			iput(child);
			if (err)
				return err;
			if (is_last && slashed && strlen(todo) + 2 <= cap)
				strcat(todo, "/"); /* "link/" must still name a directory */
			p = todo;
			continue;
		}
		err = stack_push(s, child, comp);
		if (err)
			return err;
		if (is_last) {
			if (slashed && !vfs_is_dir(child))
				return -ENOTDIR;
			res->trailing_slash = slashed;
			fill_result(s, res, iget(child), s->depth - 1, comp);
			return 0;
		}
		p = (char *)rest;
	}
	/* Ended on "/", "." or "..": the object is the directory we stand in. */
	res->trailing_slash = 0;
	fill_result(s, res, iget(s->dir[s->depth]), s->depth > 0 ? s->depth - 1 : -1, last);
	return 0;
}

int vfs_walk(struct kernel *k, struct fs_state *fs, const char *base, const char *path, int flags,
             struct walk_result *res)
{
	memset(res, 0, sizeof(*res));
	if (!path[0])
		return -ENOENT; /* "" names nothing (fs/namei.c getname/path_lookup) */
	size_t cap = 2 * VFS_PATH_MAX + 2;
	char *todo = malloc(cap);
	if (!todo)
		return -ENOMEM;
	if (path[0] == '/' || !base)
		snprintf(todo, cap, "%s", path);
	else
		snprintf(todo, cap, "%s/%s", base, path);
	struct walk_stack s;
	int err = stack_init(&s, fs);
	if (!err) {
		err = walk(k, fs, &s, todo, cap, flags, res);
		stack_free(&s);
	}
	free(todo);
	if (err)
		walk_release(res);
	return err;
}

void walk_release(struct walk_result *res)
{
	iput(res->inode);
	iput(res->parent);
	res->inode = res->parent = NULL;
}

int vfs_at_base(struct kernel *k, int dirfd, const char **base)
{
	if (dirfd == G_AT_FDCWD) {
		*base = fs_cur_cwd(k);
		return 0;
	}
	struct file *f = fd_lookup(k, dirfd);
	if (!f)
		return -EBADF;
	if (!f->inode || !vfs_is_dir(f->inode) || !f->path)
		return -ENOTDIR;
	*base = f->path;
	return 0;
}

int vfs_user_walk(struct kernel *k, int dirfd, uint32_t upath, int flags, struct walk_result *res)
{
	char path[VFS_PATH_MAX];
	memset(res, 0, sizeof(*res));
	int n = strncpy_from_user(k, path, upath, sizeof(path));
	if (n < 0)
		return n;
	const char *base = "/";
	if (path[0] != '/') {
		int err = vfs_at_base(k, dirfd, &base);
		if (err)
			return err;
	}
	return vfs_walk(k, fs_of(k), base, path, flags, res);
}
