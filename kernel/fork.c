/*
 * fork.c - fork, vfork and clone (Linux 2.5 kernel/fork.c): the child gets a copy of the
 * address space whose private pages are shared copy-on-write (dup_mmap + copy_page_range), a
 * copy of the file table, credentials, limits and signal handlers.  With CLONE_VM (and no
 * CLONE_VFORK) the child shares the address space instead; CLONE_THREAD puts it in the
 * caller's thread group, CLONE_SIGHAND shares the handlers (thread.c, docs/kernel.md).
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
	/* clone(2) ERRORS: CLONE_THREAD needs CLONE_SIGHAND (since 2.5.35), CLONE_SIGHAND needs
	 * CLONE_VM. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	/* vfork is done as a copy-on-write fork (docs/kernel.md); other CLONE_VM children share
	 * the parent's mm. */
	int share_vm = (flags & CLONE_VM) && !(flags & CLONE_VFORK);
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
	if (flags & CLONE_THREAD) {
		/* Same process: same tgid and parent; no exit signal, nobody waits for it. */
		c->tgid = p->tgid;
		c->ppid = p->ppid;
	} else {
		c->tgid = pid;
		c->ppid = (flags & CLONE_PARENT) ? p->ppid : p->tgid;
	}
	c->sighand_id = (flags & CLONE_SIGHAND) ? p->sighand_id : pid;
	c->shared_pending = 0;
	c->group_exiting = c->group_exit_code = 0;
	c->futex.queued = 0;
	c->state = TASK_RUNNING;
	c->pending = 0;
	c->alarm_at = c->alarm_interval = 0; /* timers are not inherited (fork(2)) */
	c->in_sigsuspend = 0;
	if (share_vm) /* sigaltstack(2): not inherited by a CLONE_VM child without CLONE_VFORK */
		memset(&c->altstack, 0, sizeof c->altstack);
	c->restart_nr = 0;
	if (share_vm) {
		c->mm = p->mm;
		c->mm->users++;
	} else {
		c->mm = dup_mm(k, p->mm);
	}
	c->files = (flags & CLONE_FILES) ? fs_files_get(p->files) : fs_files_dup(p->files);
	c->cwd = strdup(p->cwd ? p->cwd : "/");
	c->exe_path = p->exe_path ? strdup(p->exe_path) : NULL;
	c->exit_signal = (flags & CLONE_THREAD) ? -1 : (int)(flags & CSIGNAL);
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
