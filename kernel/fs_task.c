/*
 * fs_task.c - the few fields of the kernel core's struct kernel and struct task the file system
 * uses (k->fs, task->files, cwd, exe_path, fsuid/fsgid), in one place so the rest of fs/ does
 * not depend on the core's layout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

#include "internal.h"
#include "uaccess.h"

struct fs_state *fs_of(struct kernel *k)
{
	return k->fs;
}

void fs_set_state(struct kernel *k, struct fs_state *st)
{
	k->fs = st;
}

struct files_struct *fs_cur_files(struct kernel *k)
{
	struct task *t = current_task(k);
	return t ? t->files : NULL;
}

const char *fs_cur_cwd(struct kernel *k)
{
	struct task *t = current_task(k);
	return t && t->cwd ? t->cwd : "/";
}

int fs_set_cwd(struct kernel *k, const char *path)
{
	struct task *t = current_task(k);
	char *copy = strdup(path);
	if (!t || !copy) {
		free(copy);
		return -ENOMEM;
	}
	free(t->cwd);
	t->cwd = copy;
	return 0;
}

uint32_t fs_cur_fsuid(struct kernel *k)
{
	struct task *t = current_task(k);
	return t ? t->fsuid : 0;
}

uint32_t fs_cur_fsgid(struct kernel *k)
{
	struct task *t = current_task(k);
	return t ? t->fsgid : 0;
}

const char *fs_cur_exe(struct kernel *k)
{
	struct task *t = current_task(k);
	return t ? t->exe_path : NULL;
}
