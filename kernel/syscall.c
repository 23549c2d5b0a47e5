/*
 * syscall.c - the system-call table by historical i386 number (Linux 2.5.53
 * arch/i386/kernel/entry.S sys_call_table, linux-2.5-syscalls.md Appendix A), plus the later
 * numbers glibc tries first (clock_gettime64, statx, rseq... -ENOSYS so it falls back, or a
 * small implementation: see docs/kernel.md).  One row per call: number, __NR_ name, handler.
 * A NULL handler is a file-related call that fs_syscall() handles, or an unimplemented one.
 *
 * ABI (linux-2.5-syscalls.md 1.1): number in EAX, arguments in EBX ECX EDX ESI EDI EBP, result
 * in EAX, -errno (-4095..-1) on error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "filemap.h"
#include "fs.h"
#include "hugetlb.h"
#include "internal.h"
#include "personality.h"
#include "mlock.h"
#include "sys_wrappers.h"

struct syscall_row {
	unsigned nr;
	const char *name;
	sys_fn fn;
};

#define INT_LEN 2 /* "int $0x80" is CD 80: rewinding EIP by 2 re-executes it */

static const struct syscall_row syscall_table[] = {
    {0, "restart_syscall", NULL},
    {1, "exit", w_exit},
    {2, "fork", w_fork},
    {3, "read", NULL},
    {4, "write", NULL},
    {5, "open", NULL},
    {6, "close", NULL},
    {7, "waitpid", w_waitpid},
    {8, "creat", NULL},
    {9, "link", NULL},
    {10, "unlink", NULL},
    {11, "execve", w_execve},
    {12, "chdir", NULL},
    {13, "time", w_time},
    {14, "mknod", NULL},
    {15, "chmod", NULL},
    {16, "lchown", NULL},
    {17, "break", NULL},
    {18, "oldstat", NULL},
    {19, "lseek", NULL},
    {20, "getpid", w_getpid},
    {21, "mount", NULL},
    {22, "oldumount", NULL},
    {23, "setuid", w_setuid16},
    {24, "getuid", w_getuid16},
    {25, "stime", NULL},
    {26, "ptrace", NULL},
    {27, "alarm", w_alarm},
    {28, "oldfstat", NULL},
    {29, "pause", w_pause},
    {30, "utime", NULL},
    {31, "stty", NULL},
    {32, "gtty", NULL},
    {33, "access", NULL},
    {34, "nice", NULL},
    {35, "ftime", NULL},
    {36, "sync", NULL},
    {37, "kill", w_kill},
    {38, "rename", NULL},
    {39, "mkdir", NULL},
    {40, "rmdir", NULL},
    {41, "dup", NULL},
    {42, "pipe", NULL},
    {43, "times", w_times},
    {44, "prof", NULL},
    {45, "brk", w_brk},
    {46, "setgid", w_setgid16},
    {47, "getgid", w_getgid16},
    {48, "signal", NULL},
    {49, "geteuid", w_geteuid16},
    {50, "getegid", w_getegid16},
    {51, "acct", NULL},
    {52, "umount", NULL},
    {53, "lock", NULL},
    {54, "ioctl", NULL},
    {55, "fcntl", NULL},
    {56, "mpx", NULL},
    {57, "setpgid", w_setpgid},
    {58, "ulimit", NULL},
    {59, "oldolduname", w_oldolduname},
    {60, "umask", NULL},
    {61, "chroot", NULL},
    {62, "ustat", NULL},
    {63, "dup2", NULL},
    {64, "getppid", w_getppid},
    {65, "getpgrp", w_getpgrp},
    {66, "setsid", w_setsid},
    {67, "sigaction", NULL},
    {68, "sgetmask", NULL},
    {69, "ssetmask", NULL},
    {70, "setreuid", w_setreuid16},
    {71, "setregid", w_setregid16},
    {72, "sigsuspend", NULL},
    {73, "sigpending", NULL},
    {74, "sethostname", NULL},
    {75, "setrlimit", w_setrlimit},
    {76, "getrlimit", w_old_getrlimit},
    {77, "getrusage", w_getrusage},
    {78, "gettimeofday", w_gettimeofday},
    {79, "settimeofday", NULL},
    {80, "getgroups", NULL},
    {81, "setgroups", NULL},
    {82, "select", NULL},
    {83, "symlink", NULL},
    {84, "oldlstat", NULL},
    {85, "readlink", NULL},
    {86, "uselib", NULL},
    {87, "swapon", NULL},
    {88, "reboot", NULL},
    {89, "readdir", NULL},
    {90, "mmap", w_old_mmap},
    {91, "munmap", w_munmap},
    {92, "truncate", NULL},
    {93, "ftruncate", NULL},
    {94, "fchmod", NULL},
    {95, "fchown", NULL},
    {96, "getpriority", NULL},
    {97, "setpriority", NULL},
    {98, "profil", NULL},
    {99, "statfs", NULL},
    {100, "fstatfs", NULL},
    {101, "ioperm", NULL},
    {102, "socketcall", NULL},
    {103, "syslog", NULL},
    {104, "setitimer", w_setitimer},
    {105, "getitimer", w_getitimer},
    {106, "stat", NULL},
    {107, "lstat", NULL},
    {108, "fstat", NULL},
    {109, "olduname", w_olduname},
    {110, "iopl", NULL},
    {111, "vhangup", NULL},
    {112, "idle", NULL},
    {113, "vm86old", NULL},
    {114, "wait4", w_wait4},
    {115, "swapoff", NULL},
    {116, "sysinfo", w_sysinfo},
    {117, "ipc", NULL},
    {118, "fsync", NULL},
    {119, "sigreturn", w_sigreturn},
    {120, "clone", w_clone},
    {121, "setdomainname", NULL},
    {122, "uname", w_newuname},
    {123, "modify_ldt", NULL},
    {124, "adjtimex", NULL},
    {125, "mprotect", w_mprotect},
    {126, "sigprocmask", NULL},
    {127, "create_module", NULL},
    {128, "init_module", NULL},
    {129, "delete_module", NULL},
    {130, "get_kernel_syms", NULL},
    {131, "quotactl", NULL},
    {132, "getpgid", w_getpgid},
    {133, "fchdir", NULL},
    {134, "bdflush", NULL},
    {135, "sysfs", NULL},
    {136, "personality", w_personality},
    {138, "setfsuid", NULL},
    {139, "setfsgid", NULL},
    {140, "_llseek", NULL},
    {141, "getdents", NULL},
    {142, "_newselect", NULL},
    {143, "flock", NULL},
    {144, "msync", w_msync},
    {145, "readv", NULL},
    {146, "writev", NULL},
    {147, "getsid", w_getsid},
    {148, "fdatasync", NULL},
    {149, "sysctl", NULL},
    {150, "mlock", w_mlock},
    {151, "munlock", w_munlock},
    {152, "mlockall", w_mlockall},
    {153, "munlockall", w_munlockall},
    {154, "sched_setparam", NULL},
    {155, "sched_getparam", NULL},
    {156, "sched_setscheduler", NULL},
    {157, "sched_getscheduler", NULL},
    {158, "sched_yield", w_sched_yield},
    {159, "sched_get_priority_max", NULL},
    {160, "sched_get_priority_min", NULL},
    {161, "sched_rr_get_interval", NULL},
    {162, "nanosleep", w_nanosleep},
    {163, "mremap", w_mremap},
    {164, "setresuid", w_setresuid16},
    {165, "getresuid", w_getresuid16},
    {166, "vm86", NULL},
    {167, "query_module", NULL},
    {168, "poll", NULL},
    {169, "nfsservctl", NULL},
    {170, "setresgid", w_setresgid16},
    {171, "getresgid", w_getresgid16},
    {172, "prctl", w_prctl},
    {173, "rt_sigreturn", w_rt_sigreturn},
    {174, "rt_sigaction", w_rt_sigaction},
    {175, "rt_sigprocmask", w_rt_sigprocmask},
    {176, "rt_sigpending", w_rt_sigpending},
    {177, "rt_sigtimedwait", w_rt_sigtimedwait},
    {178, "rt_sigqueueinfo", NULL},
    {179, "rt_sigsuspend", w_rt_sigsuspend},
    {180, "pread64", NULL},
    {181, "pwrite64", NULL},
    {182, "chown", NULL},
    {183, "getcwd", NULL},
    {184, "capget", NULL},
    {185, "capset", NULL},
    {186, "sigaltstack", w_sigaltstack},
    {187, "sendfile", NULL},
    {188, "getpmsg", NULL},
    {189, "putpmsg", NULL},
    {190, "vfork", w_vfork},
    {191, "ugetrlimit", w_getrlimit},
    {192, "mmap2", w_mmap2},
    {193, "truncate64", NULL},
    {194, "ftruncate64", NULL},
    {195, "stat64", NULL},
    {196, "lstat64", NULL},
    {197, "fstat64", NULL},
    {198, "lchown32", NULL},
    {199, "getuid32", w_getuid},
    {200, "getgid32", w_getgid},
    {201, "geteuid32", w_geteuid},
    {202, "getegid32", w_getegid},
    {203, "setreuid32", w_setreuid},
    {204, "setregid32", w_setregid},
    {205, "getgroups32", NULL},
    {206, "setgroups32", NULL},
    {207, "fchown32", NULL},
    {208, "setresuid32", w_setresuid},
    {209, "getresuid32", w_getresuid},
    {210, "setresgid32", w_setresgid},
    {211, "getresgid32", w_getresgid},
    {212, "chown32", NULL},
    {213, "setuid32", w_setuid},
    {214, "setgid32", w_setgid},
    {215, "setfsuid32", w_setfsuid},
    {216, "setfsgid32", w_setfsgid},
    {217, "pivot_root", NULL},
    {218, "mincore", w_mincore},
    {219, "madvise", w_madvise},
    {220, "getdents64", NULL},
    {221, "fcntl64", NULL},
    {224, "gettid", w_gettid},
    {225, "readahead", NULL},
    {226, "setxattr", NULL},
    {227, "lsetxattr", NULL},
    {228, "fsetxattr", NULL},
    {229, "getxattr", NULL},
    {230, "lgetxattr", NULL},
    {231, "fgetxattr", NULL},
    {232, "listxattr", NULL},
    {233, "llistxattr", NULL},
    {234, "flistxattr", NULL},
    {235, "removexattr", NULL},
    {236, "lremovexattr", NULL},
    {237, "fremovexattr", NULL},
    {238, "tkill", w_tkill},
    {239, "sendfile64", NULL},
    {240, "futex", w_futex},
    {241, "sched_setaffinity", NULL},
    {242, "sched_getaffinity", NULL},
    {243, "set_thread_area", w_set_thread_area},
    {244, "get_thread_area", w_get_thread_area},
    {245, "io_setup", NULL},
    {246, "io_destroy", NULL},
    {247, "io_getevents", NULL},
    {248, "io_submit", NULL},
    {249, "io_cancel", NULL},
    {250, "alloc_hugepages", w_alloc_hugepages},
    {251, "free_hugepages", w_free_hugepages},
    {252, "exit_group", w_exit_group},
    {253, "lookup_dcookie", NULL},
    {254, "epoll_create", NULL},
    {255, "epoll_ctl", NULL},
    {256, "epoll_wait", NULL},
    {257, "remap_file_pages", w_remap_file_pages},
    {258, "set_tid_address", w_set_tid_address},
    {259, "timer_create", NULL},
    {260, "timer_settime", NULL},
    {261, "timer_gettime", NULL},
    {262, "timer_getoverrun", NULL},
    {263, "timer_delete", NULL},
    {264, "clock_settime", NULL},
    {265, "clock_gettime", w_clock_gettime},
    {266, "clock_getres", w_clock_getres},
    {267, "clock_nanosleep", w_clock_nanosleep},
    {268, "statfs64", NULL},
    {269, "fstatfs64", NULL},
    {270, "tgkill", w_tgkill},
    {271, "utimes", NULL},
    {272, "fadvise64_64", NULL},
    {274, "mbind", NULL},
    {275, "get_mempolicy", NULL},
    {276, "set_mempolicy", NULL},
    {277, "mq_open", NULL},
    {278, "mq_unlink", NULL},
    {279, "mq_timedsend", NULL},
    {280, "mq_timedreceive", NULL},
    {281, "mq_notify", NULL},
    {282, "mq_getsetattr", NULL},
    {283, "kexec_load", NULL},
    {284, "waitid", NULL},
    {286, "add_key", NULL},
    {287, "request_key", NULL},
    {288, "keyctl", NULL},
    {289, "ioprio_set", NULL},
    {290, "ioprio_get", NULL},
    {291, "inotify_init", NULL},
    {292, "inotify_add_watch", NULL},
    {293, "inotify_rm_watch", NULL},
    {294, "migrate_pages", NULL},
    {295, "openat", NULL},
    {296, "mkdirat", NULL},
    {297, "mknodat", NULL},
    {298, "fchownat", NULL},
    {299, "futimesat", NULL},
    {300, "fstatat64", NULL},
    {301, "unlinkat", NULL},
    {302, "renameat", NULL},
    {303, "linkat", NULL},
    {304, "symlinkat", NULL},
    {305, "readlinkat", NULL},
    {306, "fchmodat", NULL},
    {307, "faccessat", NULL},
    {308, "pselect6", NULL},
    {309, "ppoll", NULL},
    {310, "unshare", NULL},
    {311, "set_robust_list", w_ni},
    {312, "get_robust_list", w_ni},
    {313, "splice", NULL},
    {314, "sync_file_range", NULL},
    {315, "tee", NULL},
    {316, "vmsplice", NULL},
    {317, "move_pages", NULL},
    {318, "getcpu", NULL},
    {319, "epoll_pwait", NULL},
    {320, "utimensat", NULL},
    {321, "signalfd", NULL},
    {322, "timerfd_create", NULL},
    {323, "eventfd", NULL},
    {324, "fallocate", NULL},
    {325, "timerfd_settime", NULL},
    {326, "timerfd_gettime", NULL},
    {327, "signalfd4", NULL},
    {328, "eventfd2", NULL},
    {329, "epoll_create1", NULL},
    {330, "dup3", NULL},
    {331, "pipe2", NULL},
    {332, "inotify_init1", NULL},
    {333, "preadv", NULL},
    {334, "pwritev", NULL},
    {335, "rt_tgsigqueueinfo", NULL},
    {336, "perf_event_open", NULL},
    {337, "recvmmsg", NULL},
    {340, "prlimit64", w_prlimit64},
    {343, "clock_adjtime", NULL},
    {344, "syncfs", NULL},
    {345, "sendmmsg", NULL},
    {346, "setns", NULL},
    {349, "kcmp", NULL},
    {353, "renameat2", NULL},
    {354, "seccomp", NULL},
    {355, "getrandom", w_getrandom},
    {356, "memfd_create", NULL},
    {358, "execveat", NULL},
    {359, "socket", NULL},
    {360, "socketpair", NULL},
    {361, "bind", NULL},
    {362, "connect", NULL},
    {363, "listen", NULL},
    {364, "accept4", NULL},
    {365, "getsockopt", NULL},
    {366, "setsockopt", NULL},
    {367, "getsockname", NULL},
    {368, "getpeername", NULL},
    {369, "sendto", NULL},
    {370, "sendmsg", NULL},
    {371, "recvfrom", NULL},
    {372, "recvmsg", NULL},
    {373, "shutdown", NULL},
    {374, "userfaultfd", NULL},
    {375, "membarrier", NULL},
    {376, "mlock2", NULL},
    {377, "copy_file_range", NULL},
    {378, "preadv2", NULL},
    {379, "pwritev2", NULL},
    {380, "pkey_mprotect", NULL},
    {381, "pkey_alloc", NULL},
    {382, "pkey_free", NULL},
    {383, "statx", NULL},
    {384, "arch_prctl", w_ni},
    {385, "io_pgetevents", NULL},
    {386, "rseq", w_ni},
    {393, "semget", NULL},
    {394, "semctl", NULL},
    {395, "shmget", NULL},
    {396, "shmctl", NULL},
    {397, "shmat", NULL},
    {398, "shmdt", NULL},
    {399, "msgget", NULL},
    {400, "msgsnd", NULL},
    {401, "msgrcv", NULL},
    {402, "msgctl", NULL},
    {403, "clock_gettime64", w_ni},
    {404, "clock_settime64", w_ni},
    {405, "clock_adjtime64", NULL},
    {406, "clock_getres_time64", w_ni},
    {407, "clock_nanosleep_time64", w_ni},
    {408, "timer_gettime64", NULL},
    {409, "timer_settime64", NULL},
    {410, "timerfd_gettime64", NULL},
    {411, "timerfd_settime64", NULL},
    {412, "utimensat_time64", NULL},
    {413, "pselect6_time64", NULL},
    {414, "ppoll_time64", NULL},
    {416, "io_pgetevents_time64", NULL},
    {417, "recvmmsg_time64", NULL},
    {418, "mq_timedsend_time64", NULL},
    {419, "mq_timedreceive_time64", NULL},
    {420, "semtimedop_time64", NULL},
    {421, "rt_sigtimedwait_time64", NULL},
    {422, "futex_time64", w_ni},
    {423, "sched_rr_get_interval_time64", NULL},
    {424, "pidfd_send_signal", NULL},
    {425, "io_uring_setup", NULL},
    {426, "io_uring_enter", NULL},
    {427, "io_uring_register", NULL},
    {428, "open_tree", NULL},
    {429, "move_mount", NULL},
    {430, "fsopen", NULL},
    {431, "fsconfig", NULL},
    {432, "fsmount", NULL},
    {433, "fspick", NULL},
    {434, "pidfd_open", NULL},
    {435, "clone3", w_ni},
    {436, "close_range", NULL},
    {437, "openat2", NULL},
    {438, "pidfd_getfd", NULL},
    {439, "faccessat2", NULL},
    {440, "process_madvise", NULL},
    {441, "epoll_pwait2", NULL},
    {442, "mount_setattr", NULL},
    {443, "quotactl_fd", NULL},
    {444, "landlock_create_ruleset", NULL},
    {445, "landlock_add_rule", NULL},
    {446, "landlock_restrict_self", NULL},
    {447, "memfd_secret", NULL},
    {448, "process_mrelease", NULL},
    {449, "futex_waitv", NULL},
};

#define TABLE_ROWS (sizeof syscall_table / sizeof syscall_table[0])

static const struct syscall_row *find_row(unsigned nr)
{
	size_t lo = 0, hi = TABLE_ROWS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (syscall_table[mid].nr == nr)
			return &syscall_table[mid];
		if (syscall_table[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *syscall_name(unsigned nr)
{
	const struct syscall_row *row = find_row(nr);
	return row ? row->name : NULL;
}

static long dispatch(struct kernel *k, unsigned nr, const uint32_t a[6])
{
	const struct syscall_row *row = find_row(nr);
	if (!personality_has(k, nr))
		return -ENOSYS; /* sys_ni_syscall in that version (personality.c) */
	if (row && row->fn)
		return row->fn(k, a);
	int handled = 0;
	filemap_before_fs_call(k, nr, a); /* page cache coherence (filemap.c) */
	long r = fs_syscall(k, nr, a, &handled);
	filemap_after_fs_call(k, nr, a, r);
	if (handled)
		return r;
	if (k->cfg.log_unknown) {
		if (row)
			fprintf(stderr, "pse386: unknown system call %u (%s)\n", nr, row->name);
		else
			fprintf(stderr, "pse386: unknown system call %u\n", nr);
	}
	return -ENOSYS;
}

/* The write family's -EPIPE comes with SIGPIPE (fs.h contract, fs/pipe.c). */
static int is_write_call(unsigned nr)
{
	return nr == 4 /* write */ || nr == 146 /* writev */ || nr == 181 /* pwrite64 */;
}

enum kern_action kern_syscall(struct kernel *k)
{
	struct task *t = current_task(k);
	if (!t)
		return KERN_EXIT;
	struct kern_tf *tf = &t->tf;
	unsigned nr = tf->r[KERN_TF_EAX];
	const uint32_t a[6] = {tf->r[KERN_TF_EBX], tf->r[KERN_TF_ECX], tf->r[KERN_TF_EDX],
	                       tf->r[KERN_TF_ESI], tf->r[KERN_TF_EDI], tf->r[KERN_TF_EBP]};
	k->st.syscalls++;
	t->restart_nr = 0;
	if (nr < NR_SYSCALLS_MAX)
		k->sys_count[nr]++;
	long r = dispatch(k, nr, a);
	if (t->state == TASK_RUNNING) {
		if (r == KERN_EAGAIN_BLOCK) {
			/* Sleep, then run the same INT 0x80 again (EAX still holds nr). */
			tf->eip -= INT_LEN;
			t->state = TASK_BLOCKED;
			t->block_stamp = wake_stamp(k);
			t->restart_nr = nr;
		} else {
			tf->r[KERN_TF_EAX] = (uint32_t)r;
			if (r == -EPIPE && is_write_call(nr))
				send_signal(k, t, SIGPIPE);
		}
	}
	return kern_return(k);
}
