/*
 * vfs.h - private interface between the VFS and the file systems of the simulated kernel (fs/
 * of Linux 2.5: inodes with operations, open files with operations, a path walk that owns the
 * name space).  Only kernel/fs*.c, vfs*.c, tmpfs*.c, hostfs*.c, proc*.c and pipe*.c include it.
 *
 * Design (docs/files.md): every name is resolved here, one component at a time, in the guest's
 * name space.  A file system only ever looks up a single component name (never "/", "." or
 * ".."), so a host directory can not be left by a path the guest chooses.
 */
#ifndef PSE386_VFS_H
#define PSE386_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fs.h"

#define VFS_NAME_MAX    255  /* NAME_MAX, include/linux/limits.h */
#define VFS_PATH_MAX    4096 /* PATH_MAX, include/linux/limits.h */
#define VFS_MAXSYMLINKS 40   /* total symlinks in one walk, fs/namei.c (link_count / total) */
#define VFS_NR_OPEN     1024 /* RLIMIT_NOFILE default, include/asm-i386/resource.h (INR_OPEN) */

/* open(2) flags of the i386 ABI (include/asm-i386/fcntl.h, 2.5; O_CLOEXEC from 2.6.23 and O_PATH
 * from 2.6.39 have the same i386 values today).  Spelled out so the host's headers never matter. */
#define G_O_ACCMODE           00000003
#define G_O_RDONLY            00000000
#define G_O_WRONLY            00000001
#define G_O_RDWR              00000002
#define G_O_CREAT             00000100
#define G_O_EXCL              00000200
#define G_O_NOCTTY            00000400
#define G_O_TRUNC             00001000
#define G_O_APPEND            00002000
#define G_O_NONBLOCK          00004000
#define G_O_DSYNC             00010000
#define G_O_DIRECT            00040000
#define G_O_LARGEFILE         00100000
#define G_O_DIRECTORY         00200000
#define G_O_NOFOLLOW          00400000
#define G_O_NOATIME           01000000
#define G_O_CLOEXEC           02000000
#define G_O_PATH              010000000
#define G_AT_FDCWD            (-100) /* include/linux/fcntl.h */
#define G_AT_SYMLINK_NOFOLLOW 0x100
#define G_AT_REMOVEDIR        0x200
#define G_AT_SYMLINK_FOLLOW   0x400
#define G_AT_EMPTY_PATH       0x1000

/* access() modes, include/linux/fs.h MAY_* */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

struct kstat {
	uint64_t dev, ino, rdev;
	uint32_t mode, nlink, uid, gid;
	int64_t size;
	uint32_t blksize;
	uint64_t blocks;
	int64_t atime, mtime, ctime;
	uint32_t atime_ns, mtime_ns, ctime_ns;
};

/* One mounted file system instance. */
struct super {
	struct fs_state *fs;
	uint32_t dev; /* st_dev shown to the guest */
	int readonly; /* modifications give -EROFS */
	const char *type;
	uint64_t next_ino;
	uint64_t bytes_used; /* tmpfs: bytes allocated, against its size limit */
	struct super *next;  /* fs_state's list, freed by fs_free() */
};

struct inode;
struct file;

typedef int (*filldir_fn)(void *ctx, const char *name, uint64_t ino, unsigned dtype);

struct inode_ops {
	int (*getattr)(struct inode *ino, struct kstat *st);
	/* name: one component, never "", ".", ".." nor containing '/'.  *out gets a reference. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*create)(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
	              uint32_t gid, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, uint32_t mode, uint32_t uid,
	             uint32_t gid);
	int (*symlink)(struct inode *dir, const char *name, const char *target, uint32_t uid,
	               uint32_t gid);
	int (*link)(struct inode *dir, const char *name, struct inode *target);
	int (*unlink)(struct inode *dir, const char *name);
	int (*rmdir)(struct inode *dir, const char *name);
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir, const char *nname);
	/* Returns the target's length (not NUL-terminated), at most len bytes copied. */
	int (*readlink)(struct inode *ino, char *buf, size_t len);
	/* A "magic" link (/proc/self/fd/N): following it gives this inode, not a path walk. */
	int (*follow)(struct inode *ino, struct inode **target);
	int (*readdir)(struct inode *dir, filldir_fn fill, void *ctx);
	int (*chmod)(struct inode *ino, uint32_t mode);
	int (*chown)(struct inode *ino, uint32_t uid, uint32_t gid);
	int (*truncate)(struct inode *ino, uint64_t size);
	/* Fill f->fop and f->priv for an open with flags (O_ACCMODE, O_APPEND...). */
	int (*open)(struct inode *ino, struct file *f, struct kernel *k);
	void (*destroy)(struct inode *ino); /* last reference gone: free priv */
};

struct inode {
	int refcount;
	const struct inode_ops *op;
	struct super *sb;
	uint32_t mode; /* S_IFMT bits never change; permission bits are a cache, getattr is truth */
	uint64_t ino;
	void *priv;
};

/* poll() bits, include/asm-i386/poll.h */
#define VFS_POLLIN  0x0001
#define VFS_POLLOUT 0x0004
#define VFS_POLLERR 0x0008
#define VFS_POLLHUP 0x0010

struct file_ops {
	/* Host buffers; *pos is the position to use and to advance. */
	long (*read)(struct file *f, void *buf, uint32_t len, uint64_t *pos);
	long (*write)(struct file *f, const void *buf, uint32_t len, uint64_t *pos);
	int (*ioctl)(struct file *f, struct kernel *k, uint32_t cmd, uint32_t arg);
	int (*poll)(struct file *f); /* VFS_POLL* mask, never blocks */
	/* Own seek (host streams); otherwise the VFS moves f->pos when seekable is set. */
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	void (*release)(struct file *f);
	int seekable;
};

struct dir_snapshot {
	struct dir_entry {
		char *name;
		uint64_t ino;
		unsigned dtype;
	} * ent;
	size_t n, cap;
};

struct file {
	int refcount;
	struct inode *inode; /* NULL for host stdio */
	const struct file_ops *fop;
	uint32_t flags; /* O_ACCMODE, O_APPEND, O_NONBLOCK... as the guest passed them */
	uint64_t pos;
	void *priv;
	char *path; /* canonical guest path (directories: start of *at() walks) */
	struct dir_snapshot *dir;
	struct fs_state *fs;
};

struct files_struct {
	int refcount;
	int max; /* slots allocated */
	struct file **fd;
	uint8_t *cloexec;
	uint32_t umask;
};

struct mount {
	char *path; /* canonical guest path of the mount point */
	struct inode *root;
};

struct fs_state {
	struct kernel *k;
	struct inode *root;
	struct mount mounts[8];
	int nmounts;
	uint32_t next_dev;
	uint64_t wakeups;
	struct super *supers;
};

/* inode.c-like helpers (vfs_inode.c) */
struct inode *inode_new(struct super *sb, const struct inode_ops *op, uint32_t mode, void *priv);
struct inode *iget(struct inode *ino);
void iput(struct inode *ino);
struct super *super_new(struct fs_state *fs, const char *type, int readonly);
int vfs_getattr(struct inode *ino, struct kstat *st);
int vfs_permission(struct kernel *k, struct inode *ino, int mask);
int vfs_is_dir(const struct inode *ino);
int vfs_is_lnk(const struct inode *ino);
unsigned vfs_dtype(uint32_t mode);

/* Credentials and per-task state of the current task (fs_task.c). */
struct fs_state *fs_of(struct kernel *k);
struct files_struct *fs_cur_files(struct kernel *k);
const char *fs_cur_cwd(struct kernel *k);
int fs_set_cwd(struct kernel *k, const char *path);
uint32_t fs_cur_fsuid(struct kernel *k);
uint32_t fs_cur_fsgid(struct kernel *k);
const char *fs_cur_exe(struct kernel *k);
void fs_set_state(struct kernel *k, struct fs_state *st);

/* Path walk (vfs_path.c). */
#define WALK_FOLLOW 1 /* follow a symlink in the last component */
#define WALK_PARENT 2 /* the last component may be missing: give its parent and name */
struct walk_result {
	struct inode *inode;  /* the object (reference), NULL if missing (WALK_PARENT only) */
	struct inode *parent; /* its directory (reference), NULL when the object is the root */
	char name[VFS_NAME_MAX + 1];
	char path[VFS_PATH_MAX]; /* canonical guest path of the object */
	int trailing_slash;
};
/* Walks path from the guest root (absolute) or from base (a canonical guest directory path).
 * k gives the credentials for directory search permission (NULL: no check).  0 or -errno; on
 * success release with walk_release(). */
int vfs_walk(struct kernel *k, struct fs_state *fs, const char *base, const char *path, int flags,
             struct walk_result *res);
void walk_release(struct walk_result *res);
/* The start of a relative walk for dirfd (AT_FDCWD: the cwd): a canonical path or -errno. */
int vfs_at_base(struct kernel *k, int dirfd, const char **base);
/* Copy a path from user memory and walk it relative to dirfd. */
int vfs_user_walk(struct kernel *k, int dirfd, uint32_t upath, int flags, struct walk_result *res);

/* Open files and fd tables (vfs_file.c). */
struct file *file_new(struct fs_state *fs, struct inode *ino, uint32_t flags);
struct file *fget_file(struct file *f);
void dir_snapshot_free(struct dir_snapshot *d);
int fd_install(struct files_struct *files, int minfd, struct file *f, int cloexec);
struct file *fd_lookup(struct kernel *k, int fd); /* no reference taken */
int fd_install_at(struct files_struct *files, int fd, struct file *f, int cloexec);
int fd_close(struct files_struct *files, int fd);
struct files_struct *fs_files_empty(void);
int vfs_open_inode(struct kernel *k, struct inode *ino, const char *path, uint32_t flags,
                   struct file **out);

/* Mount points and file systems. */
struct inode *tmpfs_new_root(struct fs_state *fs, uint32_t mode);
int hostfs_new_root(struct fs_state *fs, const char *dir, int writable, struct inode **out,
                    char *err, size_t errlen);
struct inode *procfs_new_root(struct fs_state *fs);
struct inode *devfs_new_root(struct fs_state *fs);
struct file *host_stdio_file(struct fs_state *fs, int hostfd);
int pipe_create(struct fs_state *fs, struct file **rd, struct file **wr);

/* System call handlers, grouped by file; each group is a table ended by a zero nr. */
typedef long (*fs_sys_fn)(struct kernel *k, const uint32_t a[6]);
struct fs_sys_entry {
	unsigned nr;
	fs_sys_fn fn;
};
extern const struct fs_sys_entry fs_rw_calls[];    /* fs_rw.c */
extern const struct fs_sys_entry fs_open_calls[];  /* fs_open.c */
extern const struct fs_sys_entry fs_namei_calls[]; /* fs_namei.c */
extern const struct fs_sys_entry fs_stat_calls[];  /* fs_stat.c */
extern const struct fs_sys_entry fs_attr_calls[];  /* fs_attr.c */
extern const struct fs_sys_entry fs_ctl_calls[];   /* fs_ctl.c: ioctl, poll, select */

#endif
