/*
 * exec.c - execve of a static ELF file from the guest file system (Linux 2.5 fs/exec.c):
 * copy the path, argv and envp from the old image, read the new file through the fs, check it,
 * then replace the address space (the point of no return), close the close-on-exec files and
 * reset caught signals to their default.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "internal.h"

#define PATH_MAX_K    4096
#define MAX_ARG_BYTES (32u * PAGE_SIZE) /* MAX_ARG_PAGES (include/linux/binfmts.h) */
#define MAX_ARG_COUNT 0x7FFFFFFF

struct strv {
	char **v;
	int n;
	uint32_t bytes;
};

static void strv_free(struct strv *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* copy_strings(): a NULL-terminated array of user pointers; E2BIG past MAX_ARG_BYTES. */
static long copy_strv(struct kernel *k, uint32_t uarr, struct strv *s, uint32_t *budget)
{
	memset(s, 0, sizeof *s);
	s->v = calloc(1, sizeof *s->v);
	if (!s->v)
		return -ENOMEM;
	if (!uarr)
		return 0;
	char *buf = malloc(MAX_ARG_BYTES);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		uint32_t p;
		if (copy_from_user(k, &p, uarr + (uint32_t)s->n * 4, 4) != 0) {
			free(buf);
			return -EFAULT;
		}
		if (!p)
			break;
		int len = strncpy_from_user(k, buf, p, *budget);
		if (len < 0) {
			free(buf);
			return len == -ENAMETOOLONG ? -E2BIG : len;
		}
		*budget -= (uint32_t)len + 1;
		char **nv = realloc(s->v, (size_t)(s->n + 2) * sizeof *nv);
		char *dup = strdup(buf);
		if (!nv || !dup) {
			free(dup);
			if (nv)
				s->v = nv;
			free(buf);
			return -ENOMEM;
		}
		s->v = nv;
		s->v[s->n++] = dup;
		s->v[s->n] = NULL;
	}
	free(buf);
	return 0;
}

/* The whole executable, read through the fs, as an image its VMAs page from. */
static long read_image(struct kernel *k, const char *path, struct vm_file **out)
{
	struct file *f;
	int r = fs_open_exec(k, path, &f);
	if (r < 0)
		return r;
	uint64_t size = fs_file_size(f);
	struct vm_file *img = calloc(1, sizeof *img);
	if (img && size < (512u << 20))
		img->data = malloc((size_t)size + 1);
	if (!img || !img->data) {
		free(img);
		fs_fput(f);
		return -ENOMEM;
	}
	long n = fs_read_at(k, f, img->data, (uint32_t)size, 0);
	fs_fput(f);
	if (n < 0 || (uint64_t)n != size) {
		free(img->data);
		free(img);
		return n < 0 ? n : -EIO;
	}
	img->refs = 1;
	img->size = size;
	*out = img;
	return 0;
}

/* The absolute, normalised guest path of what was executed (for /proc/self/exe): relative
 * paths are taken from the cwd, "." and ".." components resolved lexically. */
static char *absolute_path(const char *cwd, const char *path)
{
	size_t n = strlen(cwd) + strlen(path) + 3;
	char *in = malloc(n), *out = malloc(n);
	if (!in || !out) {
		free(in);
		free(out);
		return NULL;
	}
	snprintf(in, n, "%s/%s", path[0] == '/' ? "" : cwd, path);
	size_t len = 0;
	for (char *save = NULL, *c = strtok_r(in, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			continue;
		}
		len += (size_t)sprintf(out + len, "/%s", c);
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = 0;
	free(in);
	return out;
}

static void flush_old_exec(struct kernel *k, struct task *t)
{
	fs_files_exec(t->files);
	for (int sig = 1; sig <= NSIG; sig++) {
		struct sigaction_k *sa = &t->sigaction[sig];
		if (sa->handler > 1) /* caught: back to SIG_DFL; SIG_IGN stays */
			memset(sa, 0, sizeof *sa);
	}
	memset(&t->altstack, 0, sizeof t->altstack);
	t->clear_child_tid = 0;
	(void)k;
}

long do_execve(struct kernel *k, uint32_t upath, uint32_t uargv, uint32_t uenvp)
{
	struct task *t = current_task(k);
	char *path = malloc(PATH_MAX_K);
	if (!path)
		return -ENOMEM;
	int plen = strncpy_from_user(k, path, upath, PATH_MAX_K);
	if (plen < 0) {
		free(path);
		return plen;
	}
	if (plen == 0) {
		free(path);
		return -ENOENT;
	}
	uint32_t budget = MAX_ARG_BYTES;
	struct strv argv, envp;
	long r = copy_strv(k, uargv, &argv, &budget);
	if (r == 0)
		r = copy_strv(k, uenvp, &envp, &budget);
	else
		memset(&envp, 0, sizeof envp);
	struct vm_file *img = NULL;
	char err[256];
	if (r == 0)
		r = read_image(k, path, &img);
	if (r == 0 && elf_check(img->data, img->size, path, err, sizeof err) != 0)
		r = -ENOEXEC;
	struct mm *mm = NULL;
	if (r == 0 && !(mm = mm_alloc(k)))
		r = -ENOMEM;
	if (r != 0) {
		vm_file_put(img);
		strv_free(&argv);
		strv_free(&envp);
		free(path);
		return r;
	}
	/* Point of no return: the old image goes away, with the other threads. */
	de_thread(k, t);
	struct mm *old = t->mm;
	t->mm = mm;
	mmu_set_cr3(k->mmu, mm_cr3(k, mm));
	mmput(k, old);
	flush_old_exec(k, t);
	r = elf_load(k, t, img, path, argv.n, argv.v, envp.v, err, sizeof err);
	vm_file_put(img);
	strv_free(&argv);
	strv_free(&envp);
	if (r != 0) {
		free(path);
		force_sig(k, t, SIGSEGV); /* as load_elf_binary does past the point of no return */
		return r;
	}
	free(t->exe_path);
	t->exe_path = absolute_path(t->cwd ? t->cwd : "/", path);
	task_set_comm(t, path);
	free(path);
	k->st.execs++;
	return 0;
}
