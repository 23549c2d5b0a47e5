/*
 * signal.c - POSIX signals (Linux 2.5 kernel/signal.c and arch/i386/kernel/signal.c):
 * sending, masks, rt_sigaction, default actions, and delivery to a handler through the signal
 * frame i386 Linux builds on the user stack (struct sigframe / rt_sigframe with a struct
 * sigcontext), undone by sigreturn/rt_sigreturn.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fs.h"
#include "internal.h"

#define SIG_DFL            0u
#define SIG_IGN            1u
#define SA_NOCLDSTOP       0x00000001u
#define SA_SIGINFO         0x00000004u
#define SA_ONSTACK         0x08000000u
#define SA_RESTART         0x10000000u
#define SA_NODEFER         0x40000000u
#define SA_RESETHAND       0x80000000u
#define SA_RESTORER        0x04000000u
#define SIG_BLOCK          0
#define SIG_UNBLOCK        1
#define SIG_SETMASK        2
#define SS_ONSTACK         1
#define SS_DISABLE         2
#define MINSIGSTKSZ        2048
#define SI_USER            0
#define SI_KERNEL          0x80
#define SI_TKILL           (-6)
#define NR_pause           29
#define NR_futex           240
#define NR_rt_sigtimedwait 177
#define NR_rt_sigsuspend   179
#define INT80_LEN          2 /* CD 80 */
#define NR_sigreturn       119
#define NR_rt_sigreturn    173

/* The user-changeable EFLAGS bits restore_sigcontext() takes back (FIX_EFLAGS): CF PF AF ZF SF
 * TF DF OF RF AC. */
#define FIX_EFLAGS 0x00040DD5u

static uint64_t sigbit(int sig)
{
	return 1ull << (sig - 1);
}

/* SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
static uint64_t unblockable(void)
{
	return sigbit(SIGKILL) | sigbit(SIGSTOP);
}

void send_signal(struct kernel *k, struct task *t, int sig)
{
	if (sig <= 0 || sig > NSIG || t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
		return;
	t->pending |= sigbit(sig);
	k->wake_events++;
	k->st.signals++;
}

static void set_info(struct task *t, int sig, int code, int pid, uint32_t addr)
{
	t->siginfo[sig].code = code;
	t->siginfo[sig].pid = pid;
	t->siginfo[sig].uid = 0;
	t->siginfo[sig].addr = addr;
}

/* The group's shared pending set (signal_struct's shared_pending), on the leader; NULL when the
 * group is gone. */
static uint64_t *shared_pending(struct kernel *k, const struct task *t)
{
	struct task *l = group_leader(k, t);
	return l ? &l->shared_pending : NULL;
}

uint64_t signal_pending_all(struct kernel *k, const struct task *t)
{
	const uint64_t *sp = shared_pending(k, t);
	return t->pending | (sp ? *sp : 0);
}

/* Forget a pending sig of t's, or of its group's (the info is on the leader). */
static void dequeue(struct kernel *k, struct task *t, int sig)
{
	if (t->pending & sigbit(sig)) {
		t->pending &= ~sigbit(sig);
		return;
	}
	struct task *l = group_leader(k, t);
	if (l && (l->shared_pending & sigbit(sig))) {
		l->shared_pending &= ~sigbit(sig);
		t->siginfo[sig] = l->siginfo[sig];
	}
}

/* A signal sent to the process (kill(2)): any of its threads that does not block it takes it
 * (__group_send_sig_info() + complete_signal()). */
void group_send_signal(struct kernel *k, struct task *t, int sig, int code, int pid)
{
	struct task *l = group_leader(k, t);
	if (sig <= 0 || sig > NSIG || !l || !group_alive(k, l->tgid))
		return;
	if (!(l->shared_pending & sigbit(sig)))
		set_info(l, sig, code, pid, 0);
	l->shared_pending |= sigbit(sig);
	k->wake_events++;
	k->st.signals++;
}

/* Whether t has a pending signal it does not block (signal_pending()). */
int signal_deliverable(struct kernel *k, struct task *t)
{
	return (signal_pending_all(k, t) & ~t->blocked) != 0;
}

/* force_sig_info(): a fault's signal is delivered even when blocked or ignored. */
void force_sig(struct kernel *k, struct task *t, int sig)
{
	if (t->sigaction[sig].handler == SIG_IGN || (t->blocked & sigbit(sig))) {
		t->sigaction[sig].handler = SIG_DFL;
		t->blocked &= ~sigbit(sig);
		sighand_sync(k, t, sig);
	}
	if (!(t->pending & sigbit(sig)))
		set_info(t, sig, SI_KERNEL, 0, 0);
	send_signal(k, t, sig);
}

void force_sig_fault(struct kernel *k, struct task *t, int sig, int code, uint32_t addr)
{
	force_sig(k, t, sig);
	set_info(t, sig, code, 0, addr);
}

/* Signals whose default action is to do nothing (SIGCHLD, SIGURG, SIGWINCH, SIGCONT); the stop
 * signals are treated alike since there is no job control (docs/kernel.md). */
static int default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT ||
	       sig == SIGSTOP || sig == SIGTSTP || sig == 21 /* SIGTTIN */ ||
	       sig == 22 /* SIGTTOU */;
}

/* Whether the caller may send sig to t (check_kill_permission()): 0, -EINVAL or -EPERM. */
static long check_kill(struct kernel *k, const struct task *t, int sig)
{
	const struct task *self = current_task(k);
	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (self->euid != 0 && self->euid != t->uid && self->uid != t->uid)
		return -EPERM;
	return 0;
}

long sys_kill_sig(struct kernel *k, struct task *t, int sig, int code)
{
	struct task *self = current_task(k);
	long r = check_kill(k, t, sig);
	if (r || sig == 0)
		return r;
	if (!(t->pending & sigbit(sig)))
		set_info(t, sig, code, self->tgid, 0);
	send_signal(k, t, sig);
	return 0;
}

/* kill() of one process: the signal goes to its thread group. */
static long kill_group(struct kernel *k, struct task *t, int sig)
{
	long r = check_kill(k, t, sig);
	if (r || sig == 0)
		return r;
	group_send_signal(k, t, sig, SI_USER, current_task(k)->tgid);
	return 0;
}

long sys_kill(struct kernel *k, int pid, int sig)
{
	struct task *self = current_task(k);
	if (pid > 0) {
		/* Any thread id names its process (kill_proc_info()). */
		struct task *t = find_task(k, pid);
		return t ? kill_group(k, t, sig) : -ESRCH;
	}
	/* pid 0: our process group; -1: every process but ours; < -1: group -pid.  Each
	 * process is counted once, through its leader. */
	int found = 0;
	long r = -ESRCH;
	for (struct task *t = k->tasks; t; t = t->next) {
		if (t->pid != t->tgid || !group_alive(k, t->tgid))
			continue;
		if ((pid == 0 && t->pgid != self->pgid) || (pid < -1 && t->pgid != -pid) ||
		    (pid == -1 && t->tgid == self->tgid))
			continue;
		found = 1;
		r = kill_group(k, t, sig);
	}
	return found ? (r == -EPERM ? r : 0) : -ESRCH;
}

long sys_rt_sigaction(struct kernel *k, int sig, uint32_t act, uint32_t oact, uint32_t size)
{
	struct task *t = current_task(k);
	if (size != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	/* struct sigaction on i386: handler, flags, restorer, mask (8 bytes). */
	uint32_t u[5];
	struct sigaction_k *sa = &t->sigaction[sig];
	if (act) {
		if (copy_from_user(k, u, act, sizeof u) != 0)
			return -EFAULT;
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
	}
	if (oact) {
		uint32_t o[5] = {sa->handler, sa->flags, sa->restorer, (uint32_t)sa->mask,
		                 (uint32_t)(sa->mask >> 32)};
		if (copy_to_user(k, oact, o, sizeof o) != 0)
			return -EFAULT;
	}
	if (act) {
		sa->handler = u[0];
		sa->flags = u[1];
		sa->restorer = u[2];
		sa->mask = ((uint64_t)u[4] << 32 | u[3]) & ~unblockable();
		sighand_sync(k, t, sig);
		if (sa->handler == SIG_IGN || (sa->handler == SIG_DFL && default_ignored(sig))) {
			/* Discarded everywhere the handler table is shared. */
			for (struct task *o = k->tasks; o; o = o->next)
				if (o->sighand_id == t->sighand_id) {
					o->pending &= ~sigbit(sig);
					o->shared_pending &= ~sigbit(sig);
				}
		}
	}
	return 0;
}

long sys_rt_sigprocmask(struct kernel *k, int how, uint32_t set, uint32_t oset, uint32_t size)
{
	struct task *t = current_task(k);
	if (size != 8)
		return -EINVAL;
	uint64_t nset = 0, old = t->blocked;
	if (set && copy_from_user(k, &nset, set, 8) != 0)
		return -EFAULT;
	if (set) {
		switch (how) {
		case SIG_BLOCK: t->blocked |= nset; break;
		case SIG_UNBLOCK: t->blocked &= ~nset; break;
		case SIG_SETMASK: t->blocked = nset; break;
		default: return -EINVAL;
		}
		t->blocked &= ~unblockable();
	}
	if (oset && copy_to_user(k, oset, &old, 8) != 0)
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(struct kernel *k, uint32_t uset, uint32_t size)
{
	struct task *t = current_task(k);
	if (size != 8)
		return -EINVAL;
	uint64_t p = signal_pending_all(k, t) & t->blocked;
	return copy_to_user(k, uset, &p, 8) != 0 ? -EFAULT : 0;
}

static int on_altstack(const struct task *t, uint32_t sp)
{
	return t->altstack.size && sp - t->altstack.sp < t->altstack.size;
}

long sys_sigaltstack(struct kernel *k, uint32_t uss, uint32_t uoss)
{
	struct task *t = current_task(k);
	uint32_t sp = t->tf.r[KERN_TF_ESP];
	struct sigaltstack_k old = t->altstack;
	old.flags = t->altstack.size == 0 ? SS_DISABLE : (on_altstack(t, sp) ? SS_ONSTACK : 0);
	if (uss) {
		struct sigaltstack_k ss;
		if (copy_from_user(k, &ss, uss, sizeof ss) != 0)
			return -EFAULT;
		if (on_altstack(t, sp))
			return -EPERM;
		if (ss.flags & ~(uint32_t)SS_DISABLE)
			return -EINVAL;
		if (ss.flags & SS_DISABLE) {
			ss.sp = ss.size = 0;
		} else if (ss.size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		t->altstack = ss;
		t->altstack.flags = 0;
	}
	if (uoss && copy_to_user(k, uoss, &old, sizeof old) != 0)
		return -EFAULT;
	return 0;
}

/* struct sigcontext (include/asm-i386/sigcontext.h), 88 bytes. */
struct sigcontext_k {
	uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint32_t trapno, err, eip;
	uint16_t cs, csh;
	uint32_t eflags, esp_at_signal;
	uint16_t ss, ssh;
	uint32_t fpstate, oldmask, cr2;
};

/* struct _fpstate up to `status` (the fnsave part, 112 bytes). */
struct fpstate_k {
	uint8_t fnsave[KERN_FPU_STATE_SIZE];
	uint32_t status;
};

/* siginfo_t is 128 bytes; we fill signo, errno, code and the first union words. */
struct siginfo_k {
	int32_t signo, err, code;
	uint32_t f[29];
};

struct ucontext_k {
	uint32_t flags, link;
	struct sigaltstack_k stack;
	struct sigcontext_k mc;
	uint64_t sigmask;
};

struct sigframe_k {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext_k sc;
	struct fpstate_k fp;
	uint32_t extramask;
	uint8_t retcode[8];
};

struct rt_sigframe_k {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo_k info;
	struct ucontext_k uc;
	struct fpstate_k fp;
	uint8_t retcode[8];
};

static void fill_siginfo(const struct task *t, int sig, struct siginfo_k *info)
{
	info->signo = sig;
	info->code = t->siginfo[sig].code;
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
		info->f[0] = t->siginfo[sig].addr;
	} else {
		info->f[0] = (uint32_t)t->siginfo[sig].pid;
		info->f[1] = t->siginfo[sig].uid;
	}
}

static void save_sigcontext(const struct kern_tf *tf, struct sigcontext_k *sc, uint64_t mask,
                            uint32_t fp_va, const struct task *t, int sig)
{
	memset(sc, 0, sizeof *sc);
	sc->es = tf->seg[0];
	sc->cs = tf->seg[1];
	sc->ss = tf->seg[2];
	sc->ds = tf->seg[3];
	sc->fs = tf->seg[4];
	sc->gs = tf->seg[5];
	sc->eax = tf->r[KERN_TF_EAX];
	sc->ecx = tf->r[KERN_TF_ECX];
	sc->edx = tf->r[KERN_TF_EDX];
	sc->ebx = tf->r[KERN_TF_EBX];
	sc->esp = tf->r[KERN_TF_ESP];
	sc->ebp = tf->r[KERN_TF_EBP];
	sc->esi = tf->r[KERN_TF_ESI];
	sc->edi = tf->r[KERN_TF_EDI];
	sc->eip = tf->eip;
	sc->eflags = tf->eflags;
	sc->esp_at_signal = tf->r[KERN_TF_ESP];
	sc->fpstate = fp_va;
	sc->oldmask = (uint32_t)mask;
	sc->cr2 = t->siginfo[sig].addr;
	sc->trapno = sig == SIGSEGV ? 14 : 0;
}

/* Where the frame goes: the alternate stack if asked for and not on it already, aligned so that
 * the handler sees esp+4 16-byte aligned as the i386 psABI expects at function entry. */
static uint32_t frame_sp(const struct task *t, const struct sigaction_k *sa, uint32_t size)
{
	uint32_t sp = t->tf.r[KERN_TF_ESP];
	if ((sa->flags & SA_ONSTACK) && t->altstack.size && !on_altstack(t, sp))
		sp = t->altstack.sp + t->altstack.size;
	return ((sp - size + 4) & ~15u) - 4;
}

static int setup_frame(struct kernel *k, struct task *t, int sig, const struct sigaction_k *sa)
{
	struct kern_tf *tf = &t->tf;
	if (sa->flags & SA_SIGINFO) {
		struct rt_sigframe_k f;
		memset(&f, 0, sizeof f);
		uint32_t fa = frame_sp(t, sa, sizeof f);
		f.sig = sig;
		f.pinfo = fa + (uint32_t)offsetof(struct rt_sigframe_k, info);
		f.puc = fa + (uint32_t)offsetof(struct rt_sigframe_k, uc);
		fill_siginfo(t, sig, &f.info);
		f.uc.stack = t->altstack;
		f.uc.stack.flags =
		    t->altstack.size ? (on_altstack(t, tf->r[KERN_TF_ESP]) ? 1 : 0) : 2;
		save_sigcontext(tf, &f.uc.mc, t->blocked,
		                fa + (uint32_t)offsetof(struct rt_sigframe_k, fp), t, sig);
		f.uc.sigmask = t->blocked;
		memcpy(f.fp.fnsave, tf->fpu, sizeof f.fp.fnsave);
		/* movl $__NR_rt_sigreturn, %eax; int $0x80 */
		const uint8_t code[8] = {0xb8, NR_rt_sigreturn, 0, 0, 0, 0xcd, 0x80, 0};
		memcpy(f.retcode, code, sizeof code);
		f.pretcode = (sa->flags & SA_RESTORER)
		                 ? sa->restorer
		                 : fa + (uint32_t)offsetof(struct rt_sigframe_k, retcode);
		if (copy_to_user(k, fa, &f, sizeof f) != 0)
			return -1;
		tf->r[KERN_TF_ESP] = fa;
		tf->r[KERN_TF_EAX] = (uint32_t)sig;
		tf->r[KERN_TF_EDX] = f.pinfo;
		tf->r[KERN_TF_ECX] = f.puc;
	} else {
		struct sigframe_k f;
		memset(&f, 0, sizeof f);
		uint32_t fa = frame_sp(t, sa, sizeof f);
		f.sig = sig;
		save_sigcontext(tf, &f.sc, t->blocked,
		                fa + (uint32_t)offsetof(struct sigframe_k, fp), t, sig);
		f.extramask = (uint32_t)(t->blocked >> 32);
		memcpy(f.fp.fnsave, tf->fpu, sizeof f.fp.fnsave);
		/* popl %eax; movl $__NR_sigreturn, %eax; int $0x80 */
		const uint8_t code[8] = {0x58, 0xb8, NR_sigreturn, 0, 0, 0, 0xcd, 0x80};
		memcpy(f.retcode, code, sizeof code);
		f.pretcode = (sa->flags & SA_RESTORER)
		                 ? sa->restorer
		                 : fa + (uint32_t)offsetof(struct sigframe_k, retcode);
		if (copy_to_user(k, fa, &f, sizeof f) != 0)
			return -1;
		tf->r[KERN_TF_ESP] = fa;
		tf->r[KERN_TF_EAX] = (uint32_t)sig;
		tf->r[KERN_TF_EDX] = 0;
		tf->r[KERN_TF_ECX] = 0;
	}
	tf->eip = sa->handler;
	tf->eflags &= ~0x100u; /* TF: the handler is not single-stepped */
	tf->seg[0] = tf->seg[2] = tf->seg[3] = USER_DS;
	tf->seg[1] = USER_CS;
	/* The FPU state went into the frame; the handler starts with a clean one (Linux 2.5
	 * save_i387() clears used_math, so the handler's first FPU use does FNINIT). */
	kern_fpu_reset(tf->fpu);
	return 0;
}

/* The fnsave image of the x87 after FNINIT: control word 0x037F, tag word all empty, the rest 0
 * (SDM vol. 1, 8.1 "FNINIT" table 8-5; image layout figure 8-9). */
void kern_fpu_reset(uint8_t fpu[KERN_FPU_STATE_SIZE])
{
	memset(fpu, 0, KERN_FPU_STATE_SIZE);
	fpu[0] = 0x7f;
	fpu[1] = 0x03;
	fpu[8] = 0xff;
	fpu[9] = 0xff;
}

static int next_signal(struct kernel *k, const struct task *t)
{
	uint64_t ready = signal_pending_all(k, t) & ~t->blocked;
	for (int sig = 1; sig <= NSIG; sig++)
		if (ready & sigbit(sig))
			return sig;
	return 0;
}

/* rt_sigsuspend (179) and pause (29, use_current): wait with a temporary mask until a signal
 * is delivered, then return -EINTR (sigsuspend(2)).  While nothing is deliverable the call
 * sleeps and is made again; the original mask is kept from the first attempt. */
long sys_rt_sigsuspend(struct kernel *k, uint32_t uset, uint32_t size, int use_current)
{
	struct task *t = current_task(k);
	uint64_t mask = t->blocked;
	if (!use_current) {
		if (size != 8)
			return -EINVAL;
		if (copy_from_user(k, &mask, uset, 8) != 0)
			return -EFAULT;
	}
	if (!t->in_sigsuspend) {
		t->saved_blocked = t->blocked;
		t->in_sigsuspend = 1;
	}
	t->blocked = mask & ~unblockable();
	uint64_t ready = signal_pending_all(k, t) & ~t->blocked;
	for (int sig = 1; sig <= NSIG; sig++) {
		struct sigaction_k *sa = &t->sigaction[sig];
		if (!(ready & sigbit(sig)))
			continue;
		if (sa->handler == SIG_IGN || (sa->handler == SIG_DFL && default_ignored(sig))) {
			dequeue(k, t, sig); /* discarded: keep waiting */
			continue;
		}
		return -EINTR;
	}
	return KERN_EAGAIN_BLOCK;
}

/* rt_sigtimedwait (177): set, info, timeout, sigsetsize.  Takes a pending signal of the set (the
 * thread's or the process's) and returns its number, with its siginfo_t; without one, sleeps
 * until one comes (the caller normally blocks them) or the timeout passes (-EAGAIN, at once
 * for a zero timeout), as sigtimedwait(2) says.  The sleep is a futex.c wait queue entry that
 * no futex wakes. */
long sys_rt_sigtimedwait(struct kernel *k, uint32_t uset, uint32_t uinfo, uint32_t uts,
                         uint32_t size)
{
	struct task *t = current_task(k);
	uint64_t set;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(k, &set, uset, 8) != 0)
		return -EFAULT;
	set &= ~unblockable();
	uint64_t ready = signal_pending_all(k, t) & set;
	for (int sig = 1; sig <= NSIG; sig++) {
		if (!(ready & sigbit(sig)))
			continue;
		dequeue(k, t, sig);
		if (uinfo) {
			struct siginfo_k info;
			memset(&info, 0, sizeof info);
			fill_siginfo(t, sig, &info);
			if (copy_to_user(k, uinfo, &info, sizeof info) != 0)
				return -EFAULT;
		}
		return sig;
	}
	return futex_sigwait(k, t, set, uts);
}

/* Deliver the current task's pending unblocked signals (do_signal()). */
void do_signal(struct kernel *k)
{
	struct task *t = current_task(k);
	int sig;
	while (t && t->state == TASK_RUNNING && (sig = next_signal(k, t)) != 0) {
		dequeue(k, t, sig);
		struct sigaction_k *sa = &t->sigaction[sig];
		if (sa->handler == SIG_IGN)
			continue;
		if (sa->handler == SIG_DFL) {
			if (default_ignored(sig))
				continue;
			/* A fatal signal kills the whole process (complete_signal()); the
			 * wait status says killed by sig. */
			do_group_exit(k, t, sig);
			return;
		}
		struct sigaction_k act = *sa;
		if (sa->flags & SA_RESETHAND) {
			sa->handler = SIG_DFL;
			sighand_sync(k, t, sig);
		}
		if (t->restart_nr) {
			/* A handler interrupts a sleeping call: it returns -EINTR, unless
			 * SA_RESTART asks to make it again (ERESTARTSYS); sigsuspend and pause
			 * always return (ERESTARTNOHAND), as handle_signal() in
			 * arch/i386/kernel/signal.c does.  So does FUTEX_WAIT, which only
			 * became restartable in Linux 2.6.22 (signal(7)). */
			int nohand =
			    t->restart_nr == NR_pause || t->restart_nr == NR_rt_sigsuspend ||
			    t->restart_nr == NR_futex || t->restart_nr == NR_rt_sigtimedwait;
			if (nohand || !(act.flags & SA_RESTART)) {
				t->tf.eip += INT80_LEN;
				t->tf.r[KERN_TF_EAX] = (uint32_t)-EINTR;
			}
			t->restart_nr = 0;
		}
		if (t->in_sigsuspend) {
			/* The handler's return restores the mask from before sigsuspend. */
			t->blocked = t->saved_blocked;
			t->in_sigsuspend = 0;
		}
		if (setup_frame(k, t, sig, &act) != 0) {
			/* No room for the frame: force_sigsegv(). */
			fprintf(stderr, "pse386: process %d: cannot build a signal frame\n",
			        t->tgid);
			do_group_exit(k, t, SIGSEGV);
			return;
		}
		t->blocked |= act.mask;
		if (!(act.flags & SA_NODEFER))
			t->blocked |= sigbit(sig);
		t->blocked &= ~unblockable();
		return; /* one frame at a time; the next signal is taken after sigreturn */
	}
}

static int restore_sigcontext(struct kernel *k, struct task *t, const struct sigcontext_k *sc)
{
	struct kern_tf *tf = &t->tf;
	tf->seg[0] = sc->es;
	tf->seg[2] = (uint16_t)(sc->ss | 3);
	tf->seg[3] = sc->ds;
	tf->seg[4] = sc->fs;
	tf->seg[5] = sc->gs;
	tf->r[KERN_TF_EAX] = sc->eax;
	tf->r[KERN_TF_ECX] = sc->ecx;
	tf->r[KERN_TF_EDX] = sc->edx;
	tf->r[KERN_TF_EBX] = sc->ebx;
	tf->r[KERN_TF_ESP] = sc->esp;
	tf->r[KERN_TF_EBP] = sc->ebp;
	tf->r[KERN_TF_ESI] = sc->esi;
	tf->r[KERN_TF_EDI] = sc->edi;
	tf->eip = sc->eip;
	tf->eflags = (tf->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	if (sc->fpstate) {
		struct fpstate_k fp;
		if (copy_from_user(k, &fp, sc->fpstate, sizeof fp) != 0)
			return -1;
		memcpy(tf->fpu, fp.fnsave, sizeof tf->fpu);
	}
	return 0;
}

/* sigreturn (119) and rt_sigreturn (173): the frame is where the handler's return left esp
 * (after popping pretcode, and for sigreturn the signal number too). */
long sys_sigreturn(struct kernel *k, int rt)
{
	struct task *t = current_task(k);
	uint32_t sp = t->tf.r[KERN_TF_ESP];
	uint64_t mask;
	if (rt) {
		struct rt_sigframe_k f;
		uint32_t fa = sp - 4;
		if (copy_from_user(k, &f, fa, sizeof f) != 0 || restore_sigcontext(k, t, &f.uc.mc))
			goto badframe;
		mask = f.uc.sigmask;
	} else {
		struct sigframe_k f;
		uint32_t fa = sp - 8;
		if (copy_from_user(k, &f, fa, sizeof f) != 0 || restore_sigcontext(k, t, &f.sc))
			goto badframe;
		mask = ((uint64_t)f.extramask << 32) | f.sc.oldmask;
	}
	t->blocked = mask & ~unblockable();
	return (long)t->tf.r[KERN_TF_EAX];
badframe:
	force_sig(k, t, SIGSEGV);
	return (long)t->tf.r[KERN_TF_EAX];
}
