/*
 * report.c - what the kernel core tells about itself: the statistics counters
 * (kern_stats_foreach) and the text of the /proc files fs/ asks for (kern_proc_read, fs.h):
 * meminfo, cpuinfo, version, self/maps, self/status, self/stat, self/cmdline,
 * sys/vm/nr_hugepages, sys/kernel/osrelease.  Formats follow Linux 2.5 fs/proc/array.c,
 * fs/proc/proc_misc.c and fs/proc/task_mmu.c; the three hugepage lines of meminfo are those of
 * linux-2.5-syscalls.md 2.5.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "hugetlb.h"
#include "internal.h"
#include "swap.h"

void kern_stats_foreach(const struct kernel *k, mmu_stat_fn fn, void *ctx)
{
	struct kstats st = k->st;
	uint32_t reserved = LOW_RESERVED_BYTES >> PAGE_SHIFT;
	st.frames_peak = st.frames_peak > reserved ? st.frames_peak - reserved : 0;
#define KSTAT_VISIT(f, name) fn(ctx, name, st.f);
	KSTAT_LIST(KSTAT_VISIT)
#undef KSTAT_VISIT
	hugetlb_stats_foreach(k, fn, ctx);
	char key[64];
	for (unsigned nr = 0; nr < NR_SYSCALLS_MAX; nr++) {
		if (!k->sys_count[nr])
			continue;
		const char *name = syscall_name(nr);
		if (name)
			snprintf(key, sizeof key, "syscall.%s", name);
		else
			snprintf(key, sizeof key, "syscall.%u", nr);
		fn(ctx, key, k->sys_count[nr]);
	}
}

/* A growing malloc'ed text. */
struct text {
	char *buf;
	size_t len, cap;
	int oom;
};

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char line[512];
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t need = t->len + (size_t)n + 1;
	if (need > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		while (cap < need)
			cap *= 2;
		char *b = realloc(t->buf, cap);
		if (!b) {
			t->oom = 1;
			return;
		}
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, line, (size_t)n + 1);
	t->len += (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
}

static uint32_t kb(uint64_t pages)
{
	return (uint32_t)(pages * (PAGE_SIZE / 1024));
}

static void meminfo(struct kernel *k, struct text *t)
{
	add(t, "MemTotal:     %8u kB\n", kb(k->nframes));
	add(t, "MemFree:      %8u kB\n", kb(k->nfree));
	add(t, "Buffers:      %8u kB\n", 0);
	add(t, "Cached:       %8u kB\n", 0);
	add(t, "SwapCached:   %8u kB\n", 0);
	add(t, "SwapTotal:    %8u kB\n", (uint32_t)(k->cfg.swap_bytes / 1024));
	add(t, "SwapFree:     %8u kB\n",
	    (uint32_t)(k->cfg.swap_bytes / 1024) - swap_used_pages(k) * 4); /* swap.c */
	char huge[128];
	hugetlb_report_meminfo(k, huge, sizeof huge);
	add(t, "%s", huge);
}

/* A Pentium II as CPUID describes it (Intel AP-485), with the preset's paging features. */
static void cpuinfo(struct kernel *k, struct text *t)
{
	const struct mmu_features *f = &k->cfg.paging;
	add(t, "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 5\n");
	add(t, "model name\t: Pentium II (Deschutes)\nstepping\t: 2\n");
	add(t, "flags\t\t: fpu de%s tsc msr%s cx8%s cmov\n", f->pse ? " pse" : "",
	    f->pae ? " pae" : "", f->pge ? " pge" : "");
}

static const char *vma_name(const struct task *tk, const struct vma *v)
{
	if (v->file && v->file->data)
		return tk->exe_path ? tk->exe_path : "";
	if (v->file && v->file->file)
		return fs_file_path(v->file->file);
	if (v->flags & VM_GROWSDOWN)
		return "[stack]";
	if (tk->mm && v->start >= tk->mm->start_brk && v->end <= PAGE_ALIGN(tk->mm->brk) &&
	    !v->file && !v->shm)
		return "[heap]";
	return "";
}

static void maps(struct task *tk, struct text *t)
{
	for (struct vma *v = tk->mm->vmas; v; v = v->next) {
		uint32_t off = (v->file) ? (uint32_t)v->pgoff : 0;
		/* show_map() of 2.5 prints the inode number as %lu: 32 bits on i386. */
		unsigned long ino = v->file && v->file->file ? fs_file_ino(v->file->file) : 0;
		const char *name = vma_name(tk, v);
		add(t, "%08x-%08x %c%c%c%c %08x %02x:%02x %-10lu%s%s\n", v->start, v->end,
		    (v->flags & VM_READ) ? 'r' : '-', (v->flags & VM_WRITE) ? 'w' : '-',
		    (v->flags & VM_EXEC) ? 'x' : '-', (v->flags & VM_SHARED) ? 's' : 'p', off, 0, 0,
		    ino, *name ? " " : "", name);
	}
}

struct vm_sizes {
	uint32_t size, lck, data, stk, exe;
};

static struct vm_sizes vm_sizes(const struct mm *mm)
{
	struct vm_sizes s = {0, 0, 0, 0, 0};
	for (const struct vma *v = mm->vmas; v; v = v->next) {
		uint32_t len = v->end - v->start;
		s.size += len;
		if (v->flags & VM_LOCKED)
			s.lck += len;
		if (v->flags & VM_GROWSDOWN)
			s.stk += len;
		else if (v->file && v->file->data && (v->flags & VM_EXEC))
			s.exe += len;
		else if (!v->shm && (v->flags & VM_WRITE))
			s.data += len;
	}
	return s;
}

static void status(struct task *tk, struct text *t)
{
	struct vm_sizes s = vm_sizes(tk->mm);
	add(t, "Name:\t%s\nState:\tR (running)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n", tk->comm,
	    tk->pid, tk->pid, tk->ppid);
	add(t, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", tk->uid, tk->euid, tk->suid,
	    tk->fsuid, tk->gid, tk->egid, tk->sgid, tk->fsgid);
	add(t, "VmSize:\t%8u kB\nVmLck:\t%8u kB\nVmRSS:\t%8u kB\n", s.size / 1024, s.lck / 1024,
	    kb(tk->mm->rss));
	add(t, "VmData:\t%8u kB\nVmStk:\t%8u kB\nVmExe:\t%8u kB\n", s.data / 1024, s.stk / 1024,
	    s.exe / 1024);
	add(t, "SigPnd:\t%016llx\nSigBlk:\t%016llx\n", (unsigned long long)tk->pending,
	    (unsigned long long)tk->blocked);
}

/* The first fields of fs/proc/array.c proc_pid_stat(); times and counters we do not keep are 0. */
static void stat_line(struct task *tk, struct text *t)
{
	struct vm_sizes s = vm_sizes(tk->mm);
	add(t, "%d (%s) R %d %d %d 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 0 %u %u %u %u\n", tk->pid,
	    tk->comm, tk->ppid, tk->pgid, tk->sid, s.size, tk->mm->rss, tk->rlim_cur[RLIMIT_RSS],
	    tk->mm->start_stack);
}

static int cmdline(struct kernel *k, struct task *tk, struct text *t)
{
	uint32_t n = tk->mm->arg_end - tk->mm->arg_start;
	if (n > 32 * PAGE_SIZE)
		n = 32 * PAGE_SIZE;
	t->buf = malloc(n + 1);
	if (!t->buf)
		return -ENOMEM;
	if (copy_from_user(k, t->buf, tk->mm->arg_start, n) != 0)
		n = 0;
	t->len = n;
	return 0;
}

int kern_proc_read(struct kernel *k, const char *name, char **buf, size_t *len)
{
	struct text t = {NULL, 0, 0, 0};
	struct task *tk = current_task(k);
	int r = 0;
	if (strcmp(name, "meminfo") == 0)
		meminfo(k, &t);
	else if (strcmp(name, "cpuinfo") == 0)
		cpuinfo(k, &t);
	else if (strcmp(name, "version") == 0)
		add(&t, "Linux version %s (pse386@pse386) (gcc) #1 SMP\n", k->version);
	else if (strcmp(name, "sys/kernel/osrelease") == 0)
		add(&t, "%s\n", k->version);
	else if (strcmp(name, "sys/vm/nr_hugepages") == 0)
		add(&t, "%u\n", hugetlb_total(k)); /* the real pool size (set_hugetlb_mem_size) */
	else if (!tk || !tk->mm)
		r = -ENOENT;
	else if (strcmp(name, "self/maps") == 0)
		maps(tk, &t);
	else if (strcmp(name, "self/status") == 0)
		status(tk, &t);
	else if (strcmp(name, "self/stat") == 0)
		stat_line(tk, &t);
	else if (strcmp(name, "self/cmdline") == 0)
		r = cmdline(k, tk, &t);
	else
		r = -ENOENT;
	if (r == 0 && t.oom)
		r = -ENOMEM;
	if (r != 0) {
		free(t.buf);
		return r;
	}
	if (!t.buf)
		t.buf = calloc(1, 1);
	*buf = t.buf;
	*len = t.len;
	return t.buf ? 0 : -ENOMEM;
}
