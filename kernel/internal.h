/*
 * internal.h - the kernel core's own structures: the kernel, tasks, address spaces (struct mm)
 * and their VMAs.  Shared by every kernel/ C file; the fs part uses struct task's files, cwd and
 * credentials and struct kernel's fs pointer.
 *
 * Shape after Linux 2.5 include/linux/sched.h (task_struct, mm_struct) and include/linux/mm.h
 * (vm_area_struct, VM_* flags).
 */
#ifndef PSE386_KERNEL_INTERNAL_H
#define PSE386_KERNEL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "uaccess.h"

/* Address-space layout of Linux 2.5 i386 (include/asm-i386/page.h, processor.h). */
#define PAGE_OFFSET        0xC0000000u /* __PAGE_OFFSET: start of the kernel direct map */
#define TASK_SIZE          PAGE_OFFSET
#define TASK_UNMAPPED_BASE 0x40000000u  /* TASK_SIZE / 3, where mmap() starts searching */
#define MAXMEM             (896u << 20) /* lowmem the direct map covers (__VMALLOC_RESERVE) */
#define ET_DYN_LOAD_BASE   0x56555000u  /* our choice for static PIE, see docs/kernel.md */
#define PAGE_ALIGN(x)      (((uint32_t)(x) + PAGE_SIZE - 1u) & PAGE_MASK)
#define LOW_RESERVED_BYTES (1u << 20) /* the PC's first MiB: BIOS data, VGA, ROMs */

/* vm_flags (include/linux/mm.h, 2.5.53). */
#define VM_READ      0x00000001u
#define VM_WRITE     0x00000002u
#define VM_EXEC      0x00000004u
#define VM_SHARED    0x00000008u
#define VM_MAYREAD   0x00000010u
#define VM_MAYWRITE  0x00000020u
#define VM_MAYEXEC   0x00000040u
#define VM_MAYSHARE  0x00000080u
#define VM_GROWSDOWN 0x00000100u
#define VM_LOCKED    0x00002000u
#define VM_NONLINEAR 0x00800000u /* remap_file_pages (2.6.0 mm.h; linux-2.5-syscalls.md 3.3) */

/* Resource limits (include/asm-i386/resource.h). */
#define RLIMIT_CPU     0
#define RLIMIT_FSIZE   1
#define RLIMIT_DATA    2
#define RLIMIT_STACK   3
#define RLIMIT_CORE    4
#define RLIMIT_RSS     5
#define RLIMIT_NPROC   6
#define RLIMIT_NOFILE  7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS      9
#define RLIMIT_LOCKS   10
#define RLIM_NLIMITS   11
#define RLIM_INFINITY  0xFFFFFFFFu
#define _STK_LIM       (8u << 20)

#define NSIG 64

struct file;
struct files_struct;

/* What a file-backed VMA reads its pages from: either an executable image the kernel read
 * whole (kern_spawn's host file, or an execve'd guest file), or an open guest file (mmap). */
struct vm_file {
	int refs;
	uint8_t *data; /* image bytes, or NULL for an fs file */
	uint64_t size;
	struct file *file;
};

/* Pages of a MAP_SHARED|MAP_ANONYMOUS mapping, shared by every VMA (across fork) that maps it.
 * Each present page's frame holds one reference owned by this object. */
struct shm_anon {
	int refs;
	uint32_t npages;
	uint32_t *frames; /* frame numbers, 0 = not yet allocated */
};

struct vma {
	uint32_t start, end; /* [start, end), page aligned */
	uint32_t flags;      /* VM_* */
	struct vm_file *file;
	uint64_t pgoff;    /* file offset (bytes, page aligned) of start */
	uint32_t file_end; /* linear address past which the file's bytes are 0 (ELF bss) */
	struct shm_anon
	    *shm; /* shared anonymous memory, page index = (addr - start)/4K + shm_pgoff */
	uint32_t shm_pgoff;
	struct vma *next; /* sorted by start */
};

struct mm {
	int users;
	uint64_t pgd;     /* physical address of the page directory (PDPT with PAE) */
	struct vma *vmas; /* sorted list */
	uint32_t start_brk, brk;
	uint32_t start_stack;
	uint32_t arg_start, arg_end; /* the argv strings, for /proc/self/cmdline */
	uint32_t stack_top;
	uint32_t rss;       /* pages mapped */
	uint32_t def_flags; /* VM_LOCKED after mlockall(MCL_FUTURE) (mm/mlock.c) */
};

struct sigaction_k {
	uint32_t handler, flags, restorer;
	uint64_t mask;
};

/* The struct sigaltstack of include/asm-i386/signal.h. */
struct sigaltstack_k {
	uint32_t sp, flags, size;
};

enum task_state { TASK_RUNNING, TASK_BLOCKED, TASK_ZOMBIE, TASK_DEAD };

struct task {
	int pid, ppid, pgid, sid;
	enum task_state state;
	int exit_code; /* wait status: (code << 8) | signal */
	struct kern_tf tf;
	struct mm *mm;
	struct files_struct *files; /* owned by fs/ */
	char *cwd;                  /* malloc'ed, initially "/"; used by fs/ */
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	uint32_t rlim_cur[RLIM_NLIMITS], rlim_max[RLIM_NLIMITS];
	struct sigaction_k sigaction[NSIG + 1];
	uint64_t blocked, pending; /* bit (sig-1) */
	uint64_t saved_blocked; /* the mask sigsuspend replaced, restored by the handler's return */
	int in_sigsuspend;
	uint64_t alarm_at;       /* jiffy of the next SIGALRM (ITIMER_REAL), 0 = none */
	uint64_t alarm_interval; /* jiffies between SIGALRMs, 0 = one-shot */
	unsigned restart_nr;     /* the system call it sleeps in (EIP on its INT 0x80), or 0 */
	struct sigaltstack_k altstack;
	uint32_t clear_child_tid; /* CLONE_CHILD_CLEARTID / set_tid_address */
	uint32_t set_child_tid;   /* CLONE_CHILD_SETTID, written when the child first runs */
	int exit_signal;          /* sent to the parent at exit (CSIGNAL bits of clone) */
	uint64_t block_stamp;     /* wake_stamp() when it blocked */
	/* Thread groups (CLONE_THREAD): pid is the thread id, tgid the process id getpid()
	 * returns.  The leader (pid == tgid) outlives its threads as a zombie, and holds what
	 * Linux keeps in signal_struct: the group's shared pending signals and exit code. */
	int tgid;
	int sighand_id;          /* tasks with the same id share sigaction[] (CLONE_SIGHAND) */
	uint64_t shared_pending; /* leader only: signals sent to the whole group (kill) */
	int group_exiting;       /* leader only: exit_group or a fatal signal began */
	int group_exit_code;     /* leader only: the wait status exit_group set */
	/* futex.c: a FUTEX_WAIT sleeper (TASK_BLOCKED) is queued on its key. */
	struct futex_q {
		int queued;
		struct futex_key {
			int kind; /* FUTEX_KEY_* (futex.c) */
			const void *obj;
			uint64_t off;
		} key;
		uint32_t bitset;
		uint64_t deadline; /* jiffy at which it times out, 0 = none */
		uint64_t seq;      /* wait order: wakes go first-come, first-served */
	} futex;
	struct {
		int code, pid;
		uint32_t addr, uid;
	} siginfo[NSIG + 1];
	uint32_t exe_len;
	char *exe_path; /* what /proc/self/exe shows; malloc'ed */
	char comm[16];
	struct task *next;
};

#define KSTAT_LIST(X)                                                                              \
	X(context_switches, "context-switches")                                                    \
	X(page_faults, "page-faults")                                                              \
	X(minor_faults, "minor-faults")                                                            \
	X(major_faults, "major-faults")                                                            \
	X(cow_faults, "cow-faults")                                                                \
	X(stack_growths, "stack-growths")                                                          \
	X(segv_faults, "segv-faults")                                                              \
	X(syscalls, "syscalls")                                                                    \
	X(signals, "signals")                                                                      \
	X(forks, "forks")                                                                          \
	X(execs, "execs")                                                                          \
	X(frames_peak, "frames.peak")

struct kstats {
#define KSTAT_FIELD(f, name) uint64_t f;
	KSTAT_LIST(KSTAT_FIELD)
#undef KSTAT_FIELD
};

#define NR_SYSCALLS_MAX 450

struct kernel {
	struct mmu *mmu;
	struct kern_config cfg;
	char version[65];
	void *fs;      /* fs/'s state (struct fs_state) */
	void *hugetlb; /* hugetlb.c's state: the huge page pool and keys */
	void *swap;    /* swap.c's state: the swap device and its slots */
	void *pcache;  /* filemap.c's page cache */

	/* page_alloc.c */
	uint32_t nframes;
	uint16_t *refcnt;   /* per frame; 0 = free */
	uint32_t *freelist; /* stack of free frame numbers */
	uint32_t nfree;
	uint32_t used_peak;

	/* pgtable.c */
	int pae;
	uint64_t kernel_pde[256]; /* non-PAE: PDEs 768..1023 of every page directory */
	uint64_t kernel_pmd;      /* PAE: the shared page directory of 0xC0000000..0xFFFFFFFF */
	uint32_t kernel_map_bytes;
	struct mm *init_mm; /* swapper_pg_dir: the kernel map only, loaded when no task runs */

	/* processes */
	struct task *tasks;
	struct task *current;
	int next_pid;
	int first_pid;
	int first_status;
	int first_done;
	uint64_t jiffies;     /* virtual clock: one per time slice (itimer.c) */
	uint64_t wake_events; /* exits and signals: may unblock a waiting task */
	uint64_t futex_seq;   /* futex.c: order of FUTEX_WAIT calls */

	struct kstats st;
	uint64_t sys_count[NR_SYSCALLS_MAX];
};

/* page_alloc.c */
int frames_init(struct kernel *k, char *err, size_t errlen);
void frames_free_all(struct kernel *k);
uint32_t frame_alloc(struct kernel *k); /* zeroed; 0 = out of memory */
void frame_get(struct kernel *k, uint32_t pfn);
void frame_put(struct kernel *k, uint32_t pfn);
uint8_t *frame_ptr(struct kernel *k, uint32_t pfn);

/* pgtable.c */
int paging_init(struct kernel *k, char *err, size_t errlen);
int pgd_alloc(struct kernel *k, struct mm *mm);
void pgd_free(struct kernel *k, struct mm *mm);
uint64_t pte_offset(struct kernel *k, struct mm *mm, uint32_t va, int alloc);
uint64_t pte_read(struct kernel *k, uint64_t pte_pa);
void pte_write(struct kernel *k, uint64_t pte_pa, uint64_t v);
uint32_t pte_pfn(struct kernel *k, uint64_t pte);
uint64_t mk_pte(uint32_t pfn, uint32_t bits);
uint32_t mm_cr3(struct kernel *k, struct mm *mm);
void flush_tlb_page(struct kernel *k, struct mm *mm, uint32_t va);
void flush_tlb_mm(struct kernel *k, struct mm *mm);

/* memory.c */
typedef void (*pte_visit_fn)(struct kernel *k, uint32_t addr, uint64_t pte_pa, uint64_t pte,
                             void *arg);
void for_each_pte(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end, pte_visit_fn fn,
                  void *arg);
/* FAULT_SEGV: no VMA there (SEGV_MAPERR); FAULT_ACCESS: a VMA that forbids it (SEGV_ACCERR). */
enum fault_result { FAULT_OK, FAULT_SEGV, FAULT_ACCESS, FAULT_OOM };
enum fault_result handle_mm_fault(struct kernel *k, struct task *t, uint32_t addr, int write);
void zap_page_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end);
void writeback_range(struct kernel *k, struct mm *mm, struct vma *v, uint32_t start, uint32_t end,
                     int clean);
int copy_page_range(struct kernel *k, struct mm *dst, struct mm *src, struct vma *v);
void protect_page_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end,
                        uint32_t flags);

/* mmap.c */
struct mm *mm_alloc(struct kernel *k);
void mmput(struct kernel *k, struct mm *mm);
struct vma *find_vma(struct mm *mm, uint32_t addr);
struct vma *vma_new(uint32_t start, uint32_t end, uint32_t flags);
void vma_free(struct kernel *k, struct vma *v);
int vma_insert(struct mm *mm, struct vma *v);
int vma_split(struct mm *mm, struct vma *v, uint32_t addr);
uint32_t get_unmapped_area(struct mm *mm, uint32_t addr, uint32_t len, int fixed);
long do_mmap(struct kernel *k, uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int fd,
             uint64_t off);
long do_munmap(struct kernel *k, struct mm *mm, uint32_t addr, uint32_t len);
long sys_brk(struct kernel *k, uint32_t brk);
int expand_stack(struct kernel *k, struct task *t, struct vma *v, uint32_t addr);
uint32_t prot_to_vmflags(uint32_t prot);
struct vm_file *vm_file_get(struct vm_file *f);
void vm_file_put(struct vm_file *f);

/* binfmt_elf.c */
struct elf_image;
int elf_load(struct kernel *k, struct task *t, struct vm_file *img, const char *name, int argc,
             char *const argv[], char *const envp[], char *err, size_t errlen);
int elf_check(const uint8_t *data, uint64_t size, const char *name, char *err, size_t errlen);

/* process.c / fork.c / exit.c / sched.c */
struct task *task_alloc(struct kernel *k);
struct task *find_task(struct kernel *k, int pid);
void task_free(struct kernel *k, struct task *t);
void unlink_task(struct kernel *k, struct task *t);
void task_set_comm(struct task *t, const char *path);
void do_exit(struct kernel *k, struct task *t, int status);
void do_group_exit(struct kernel *k, struct task *t, int status);
void schedule(struct kernel *k);
void switch_to(struct kernel *k, struct task *next);
uint64_t wake_stamp(struct kernel *k);
enum kern_action kern_return(struct kernel *k);
int any_alive(struct kernel *k);
long do_fork(struct kernel *k, uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t ctid,
             uint32_t tls);
long do_execve(struct kernel *k, uint32_t upath, uint32_t uargv, uint32_t uenvp);
long do_wait4(struct kernel *k, int pid, uint32_t ustatus, uint32_t options);
long sys_wait4(struct kernel *k, int pid, uint32_t ustatus, uint32_t options, uint32_t urusage);

/* itimer.c */
long sys_alarm(struct kernel *k, uint32_t seconds);
long sys_getitimer(struct kernel *k, uint32_t which, uint32_t uval);
long sys_setitimer(struct kernel *k, uint32_t which, uint32_t unew, uint32_t uold);
void timer_tick(struct kernel *k);
int timer_skip_idle(struct kernel *k);
uint64_t timer_next_expiry(struct kernel *k); /* earliest armed real timer, 0 = none */

/* tls.c */
int tls_from_user(struct kernel *k, uint32_t uinfo, uint64_t *desc);
long sys_set_thread_area(struct kernel *k, uint32_t uinfo);
long sys_get_thread_area(struct kernel *k, uint32_t uinfo);

/* signal.c */
void send_signal(struct kernel *k, struct task *t, int sig);
void kern_fpu_reset(uint8_t fpu[KERN_FPU_STATE_SIZE]); /* the x87 after FNINIT */
void force_sig(struct kernel *k, struct task *t, int sig);
void force_sig_fault(struct kernel *k, struct task *t, int sig, int code, uint32_t addr);
long sys_kill_sig(struct kernel *k, struct task *t, int sig, int code);
void group_send_signal(struct kernel *k, struct task *t, int sig, int code, int pid);
int signal_deliverable(struct kernel *k, struct task *t);
uint64_t signal_pending_all(struct kernel *k, const struct task *t);
long sys_rt_sigtimedwait(struct kernel *k, uint32_t uset, uint32_t uinfo, uint32_t uts,
                         uint32_t size);
long w_rt_sigtimedwait(struct kernel *k, const uint32_t a[6]); /* syscall.c's table row */
long sys_rt_sigpending(struct kernel *k, uint32_t uset, uint32_t size);
void do_signal(struct kernel *k);
long sys_rt_sigaction(struct kernel *k, int sig, uint32_t act, uint32_t oact, uint32_t size);
long sys_rt_sigprocmask(struct kernel *k, int how, uint32_t set, uint32_t oset, uint32_t size);
long sys_sigreturn(struct kernel *k, int rt);
long sys_sigaltstack(struct kernel *k, uint32_t uss, uint32_t uoss);
long sys_rt_sigsuspend(struct kernel *k, uint32_t uset, uint32_t size, int use_current);
long sys_kill(struct kernel *k, int pid, int sig);

/* thread.c: thread groups */
struct task *group_leader(struct kernel *k, const struct task *t);
int group_alive(struct kernel *k, int tgid);
int task_alive(const struct task *t);
void sighand_sync(struct kernel *k, const struct task *t, int sig);
void zap_other_threads(struct kernel *k, struct task *t, int status);
void de_thread(struct kernel *k, struct task *t);

/* futex.c */
long sys_futex(struct kernel *k, const uint32_t a[6]);
void futex_wake_word(struct kernel *k, struct mm *mm, uint32_t uaddr); /* mm_release() */
void futex_unqueue(struct task *t);
void futex_check_wake(struct kernel *k, struct task *t);
long futex_sigwait(struct kernel *k, struct task *t, uint64_t set, uint32_t uts);
uint64_t futex_next_deadline(struct kernel *k);

/* syscall.c */
const char *syscall_name(unsigned nr);

/* Signal numbers (include/asm-i386/signal.h). */
#define SIGHUP   1
#define SIGINT   2
#define SIGQUIT  3
#define SIGILL   4
#define SIGTRAP  5
#define SIGABRT  6
#define SIGBUS   7
#define SIGFPE   8
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGPIPE  13
#define SIGALRM  14
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGTSTP  20
#define SIGURG   23
#define SIGWINCH 28

#endif
