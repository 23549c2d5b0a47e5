/*
 * process.c - the kernel object and its first process: kern_new (frames, paging, the file
 * system), kern_spawn (read a host ELF file and exec it as pid 1), task allocation, and the
 * small accessors the machine calls (trap frame, exit status, statistics).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs.h"
#include "hugetlb.h"
#include "filemap.h"
#include "internal.h"
#include "swap.h"
#include "personality.h"

#define MAX_IMAGE_BYTES (512u << 20) /* larger than any program that fits in emulated RAM */

struct kernel *kern_new(struct mmu *m, const struct kern_config *cfg, char *err, size_t errlen)
{
	struct kernel *k = calloc(1, sizeof *k);
	if (!k) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	k->mmu = m;
	k->cfg = *cfg;
	snprintf(k->version, sizeof k->version, "%s",
	         cfg->version && *cfg->version ? cfg->version : "2.5.53");
	k->cfg.version = k->version;
	k->next_pid = 1;
	if (personality_check(k->version, err, errlen) != 0 || frames_init(k, err, errlen) != 0 ||
	    paging_init(k, err, errlen) != 0 || hugetlb_init(k, err, errlen) != 0 ||
	    fs_init(k, cfg->root_dir, cfg->root_writable, err, errlen) != 0) {
		kern_free(k);
		return NULL;
	}
	return k;
}

static void task_release(struct kernel *k, struct task *t)
{
	mmput(k, t->mm);
	t->mm = NULL;
	if (t->files)
		fs_files_put(t->files);
	t->files = NULL;
	free(t->cwd);
	free(t->exe_path);
	t->cwd = t->exe_path = NULL;
}

void task_free(struct kernel *k, struct task *t)
{
	task_release(k, t);
	free(t);
}

void kern_free(struct kernel *k)
{
	if (!k)
		return;
	while (k->tasks) {
		struct task *t = k->tasks;
		k->tasks = t->next;
		task_free(k, t);
	}
	filemap_free_all(k); /* writes dirty cached pages to their files first */
	swap_free_all(k);
	if (k->fs)
		fs_free(k);
	if (k->init_mm)
		mmput(k, k->init_mm);
	hugetlb_free(k);
	frames_free_all(k);
	free(k);
}

/* A task with the defaults of INIT_TASK (include/linux/init_task.h) and the INIT_RLIMITS of
 * linux-2.5-syscalls.md 1.2; linked into the task list. */
struct task *task_alloc(struct kernel *k)
{
	struct task *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->pid = k->next_pid++;
	t->pgid = t->sid = t->pid;
	t->tgid = t->sighand_id = t->pid; /* a new process: its own thread group */
	t->state = TASK_RUNNING;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		t->rlim_cur[i] = t->rlim_max[i] = RLIM_INFINITY;
	t->rlim_cur[RLIMIT_STACK] = _STK_LIM;
	t->rlim_cur[RLIMIT_CORE] = 0;
	t->rlim_cur[RLIMIT_NOFILE] = t->rlim_max[RLIMIT_NOFILE] = 1024; /* INR_OPEN */
	struct task **pp = &k->tasks;
	while (*pp)
		pp = &(*pp)->next;
	*pp = t;
	return t;
}

struct task *find_task(struct kernel *k, int pid)
{
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->pid == pid && t->state != TASK_DEAD)
			return t;
	return NULL;
}

/* The whole file as an image a VMA can page from. */
static struct vm_file *read_host_image(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_IMAGE_BYTES) {
		snprintf(err, errlen, "%s: %s", path,
		         S_ISREG(st.st_mode) ? "file too large" : "not a regular file");
		fclose(f);
		return NULL;
	}
	struct vm_file *img = calloc(1, sizeof *img);
	if (img)
		img->data = malloc((size_t)st.st_size + 1);
	if (!img || !img->data ||
	    fread(img->data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: cannot read the file", path);
		if (img)
			free(img->data);
		free(img);
		fclose(f);
		return NULL;
	}
	fclose(f);
	img->refs = 1;
	img->size = (uint64_t)st.st_size;
	return img;
}

/* What /proc/self/exe shows for the first program: its path inside --root when it lies there,
 * else its absolute host path (glibc's _dl_get_origin insists on an absolute path). */
static char *guest_exe_path(const struct kernel *k, const char *host_path)
{
	char *real = realpath(host_path, NULL);
	char *root = k->cfg.root_dir ? realpath(k->cfg.root_dir, NULL) : NULL;
	char *out = NULL;
	if (real && root) {
		size_t n = strlen(root);
		if (strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == 0))
			out = strdup(real[n] ? real + n : "/");
		if (n == 1)
			out = strdup(real); /* root is / itself */
	}
	if (!out)
		out = real ? strdup(real) : strdup(host_path);
	free(real);
	free(root);
	return out;
}

void task_set_comm(struct task *t, const char *path)
{
	const char *base = strrchr(path, '/');
	snprintf(t->comm, sizeof t->comm, "%s", base ? base + 1 : path);
}

int kern_spawn(struct kernel *k, const char *host_path, int argc, char *const argv[],
               char *const envp[], char *err, size_t errlen)
{
	struct vm_file *img = read_host_image(host_path, err, errlen);
	if (!img)
		return -1;
	if (elf_check(img->data, img->size, host_path, err, errlen) != 0) {
		vm_file_put(img);
		return -1;
	}
	struct task *t = task_alloc(k);
	if (!t || !(t->mm = mm_alloc(k)) || !(t->cwd = strdup("/")) ||
	    !(t->exe_path = guest_exe_path(k, host_path)) || !(t->files = fs_files_new())) {
		snprintf(err, errlen, "%s: out of memory", host_path);
		vm_file_put(img);
		return -1;
	}
	t->uid = t->euid = t->suid = t->fsuid = k->cfg.uid;
	t->gid = t->egid = t->sgid = t->fsgid = k->cfg.gid;
	task_set_comm(t, host_path);
	if (!k->first_pid)
		k->first_pid = t->pid;
	struct task *prev = k->current;
	switch_to(k, t);
	const char *name = argc > 0 && argv[0] ? argv[0] : host_path;
	int r = elf_load(k, t, img, name, argc, argv, envp, err, errlen);
	vm_file_put(img);
	if (r != 0) {
		t->state = TASK_DEAD;
		task_release(k, t);
		if (prev)
			switch_to(k, prev);
		return -1;
	}
	return 0;
}

struct kern_tf *kern_current_tf(struct kernel *k)
{
	return k->current ? &k->current->tf : NULL;
}

/* 128+signal when the first process was killed, its exit code otherwise. */
int kern_exit_status(const struct kernel *k)
{
	int st = k->first_status;
	if (st & 0x7f)
		return 128 + (st & 0x7f);
	return (st >> 8) & 0xff;
}
