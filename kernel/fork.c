/*
 * fork.c - fork, vfork and clone (Linux 2.5 kernel/fork.c): the child gets a copy of the
 * address space whose private pages are shared copy-on-write (dup_mmap + copy_page_range), a
 * copy of the file table, credentials, limits and signal handlers.  Threads (CLONE_VM without
 * CLONE_VFORK) are not supported: see docs/kernel.md.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "hugetlb.h"
#include "internal.h"

/* clone flags (include/linux/sched.h). */
#define CSIGNAL              0x000000ffu
#define CLONE_VM             0x00000100u
#define CLONE_FS             0x00000200u
#define CLONE_FILES          0x00000400u
#define CLONE_SIGHAND        0x00000800u
#define CLONE_VFORK          0x00004000u
#define CLONE_PARENT         0x00008000u
#define CLONE_THREAD         0x00010000u
#define CLONE_SETTLS         0x00080000u
#define CLONE_PARENT_SETTID  0x00100000u
#define CLONE_CHILD_CLEARTID 0x00200000u
#define CLONE_CHILD_SETTID   0x01000000u

/* dup_mmap(): every VMA copied, every present page shared (COW for private ones). */
static struct mm *dup_mm(struct kernel *k, struct mm *old)
{
	struct mm *mm = mm_alloc(k);
	if (!mm)
		return NULL;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->stack_top = old->stack_top;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	int flush = 0;
	struct vma **tail = &mm->vmas;
	for (struct vma *v = old->vmas; v; v = v->next) {
		if (v->flags & VM_DONTCOPY)
			continue; /* kernel/fork.c 2.5.53 L190: private huge segments */
		struct vma *n = malloc(sizeof *n);
		if (!n) {
			mmput(k, mm);
			return NULL;
		}
		*n = *v;
		n->next = NULL;
		n->flags &= ~VM_LOCKED; /* locks are not inherited (mlock(2)) */
		vm_file_get(n->file);
		if (n->shm)
			n->shm->refs++;
		*tail = n;
		tail = &n->next;
		int r = copy_page_range(k, mm, old, v);
		if (r < 0) {
			mmput(k, mm);
			flush_tlb_mm(k, old);
			return NULL;
		}
		flush |= r;
	}
	/* The parent's writable pages just became read-only: its TLB must forget them. */
	if (flush)
		flush_tlb_mm(k, old);
	return mm;
}

long do_fork(struct kernel *k, uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t ctid,
             uint32_t tls)
{
	struct task *p = current_task(k);
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL; /* threads: not supported (docs/kernel.md) */
	if (flags & (CLONE_THREAD | CLONE_SIGHAND))
		return -EINVAL;
	uint64_t tls_desc = 0;
	int tls_idx = -1;
	if ((flags & CLONE_SETTLS) && (tls_idx = tls_from_user(k, tls, &tls_desc)) < 0)
		return tls_idx;
	struct task *c = task_alloc(k);
	if (!c)
		return -ENOMEM;
	struct task *next = c->next;
	int pid = c->pid;
	*c = *p;
	c->next = next;
	c->pid = pid;
	c->ppid = (flags & CLONE_PARENT) ? p->ppid : p->pid;
	c->state = TASK_RUNNING;
	c->pending = 0;
	c->alarm_at = c->alarm_interval = 0; /* timers are not inherited (fork(2)) */
	c->in_sigsuspend = 0;
	c->restart_nr = 0;
	c->mm = dup_mm(k, p->mm);
	c->files = (flags & CLONE_FILES) ? fs_files_get(p->files) : fs_files_dup(p->files);
	c->cwd = strdup(p->cwd ? p->cwd : "/");
	c->exe_path = p->exe_path ? strdup(p->exe_path) : NULL;
	c->exit_signal = (int)(flags & CSIGNAL);
	c->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
	c->set_child_tid = (flags & CLONE_CHILD_SETTID) ? ctid : 0;
	if (!c->mm || !c->files || !c->cwd) {
		if (c->mm)
			mmput(k, c->mm);
		if (c->files)
			fs_files_put(c->files);
		c->mm = NULL;
		c->files = NULL;
		c->state = TASK_DEAD;
		return -ENOMEM;
	}
	c->tf.r[KERN_TF_EAX] = 0;
	if (newsp)
		c->tf.r[KERN_TF_ESP] = newsp;
	if (tls_idx >= 0)
		c->tf.tls[tls_idx - GDT_TLS_FIRST] = tls_desc;
	if (flags & CLONE_PARENT_SETTID) {
		uint32_t v = (uint32_t)pid;
		copy_to_user(k, ptid, &v, 4);
	}
	k->st.forks++;
	return pid;
}
