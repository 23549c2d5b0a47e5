/*
 * fs_init.c - the guest's name space (/ and its mounts), system-call dispatch by number, and the
 * entry points the kernel core uses for execve.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "vfs.h"

static int add_mount(struct fs_state *fs, const char *path, struct inode *root)
{
	if (!root || fs->nmounts == (int)(sizeof(fs->mounts) / sizeof(fs->mounts[0])))
		return -ENOMEM;
	fs->mounts[fs->nmounts].path = strdup(path);
	fs->mounts[fs->nmounts].root = root;
	fs->nmounts++;
	return 0;
}

/* Each host directory inode holds one host descriptor: allow as many as the host lets us. */
static void raise_nofile(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* Empty directories in a tmpfs root so that ls / shows the mount points. */
static void make_mount_dirs(struct inode *root)
{
	static const char *const dirs[] = {"tmp", "dev", "proc"};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		root->op->mkdir(root, dirs[i], 0755, 0, 0);
}

int fs_init(struct kernel *k, const char *host_root, int writable, char *err, size_t errlen)
{
	struct fs_state *fs = calloc(1, sizeof(*fs));
	if (!fs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fs->k = k;
	fs->next_dev = 0x10; /* anonymous device numbers, never 0 */
	raise_nofile();
	if (host_root) {
		int bad = hostfs_new_root(fs, host_root, writable, &fs->root, err, errlen) < 0;
		if (!bad && !vfs_is_dir(fs->root)) {
			snprintf(err, errlen, "--root %s: not a directory", host_root);
			bad = 1;
		}
		if (bad) {
			fs_set_state(k, fs);
			fs_free(k);
			return -1;
		}
	} else {
		fs->root = tmpfs_new_root(fs, 0755);
		if (fs->root)
			make_mount_dirs(fs->root);
	}
	int bad = !fs->root;
	bad = bad || add_mount(fs, "/tmp", tmpfs_new_root(fs, 01777));
	bad = bad || add_mount(fs, "/dev", devfs_new_root(fs));
	bad = bad || add_mount(fs, "/dev/shm", tmpfs_new_root(fs, 01777));
	bad = bad || add_mount(fs, "/proc", procfs_new_root(fs));
	if (bad) {
		snprintf(err, errlen, "out of memory building the file systems");
		fs_set_state(k, fs);
		fs_free(k);
		return -1;
	}
	fs_set_state(k, fs);
	return 0;
}

void fs_free(struct kernel *k)
{
	struct fs_state *fs = fs_of(k);
	if (!fs)
		return;
	for (int i = 0; i < fs->nmounts; i++) {
		free(fs->mounts[i].path);
		iput(fs->mounts[i].root);
	}
	iput(fs->root);
	while (fs->supers) {
		struct super *next = fs->supers->next;
		free(fs->supers);
		fs->supers = next;
	}
	free(fs);
	fs_set_state(k, NULL);
}

uint64_t fs_wakeup_count(struct kernel *k)
{
	struct fs_state *fs = fs_of(k);
	return fs ? fs->wakeups : 0;
}

int fs_open_exec(struct kernel *k, const char *path, struct file **out)
{
	struct walk_result w;
	int err = vfs_walk(k, fs_of(k), fs_cur_cwd(k), path, WALK_FOLLOW, &w);
	if (err)
		return err;
	if (!S_ISREG(w.inode->mode))
		err = -EACCES; /* execve(2): not a regular file */
	if (!err)
		err = vfs_permission(k, w.inode, MAY_EXEC);
	if (!err)
		err = vfs_open_inode(k, w.inode, w.path, G_O_RDONLY, out);
	walk_release(&w);
	return err;
}

static const struct fs_sys_entry *const groups[] = {
    fs_rw_calls, fs_open_calls, fs_namei_calls, fs_stat_calls, fs_attr_calls, fs_ctl_calls,
};

long fs_syscall(struct kernel *k, unsigned nr, const uint32_t a[6], int *handled)
{
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (const struct fs_sys_entry *e = groups[g]; e->fn; e++)
			if (e->nr == nr) {
				*handled = 1;
				return e->fn(k, a);
			}
	*handled = 0;
	return 0;
}
