/*
 * sys_wrappers.h - prototypes of the system-call implementations spread over the kernel files that
 * syscall.c's table calls (the sys_* functions of Linux 2.5, one per entry).
 */
#ifndef PSE386_KERNEL_SYS_WRAPPERS_H
#define PSE386_KERNEL_SYS_WRAPPERS_H

#include <stdint.h>

struct kernel;

long sys_newuname(struct kernel *k, uint32_t ubuf);
long sys_olduname(struct kernel *k, uint32_t ubuf);
long sys_oldolduname(struct kernel *k, uint32_t ubuf);
long sys_getrlimit(struct kernel *k, uint32_t res, uint32_t urlim, int old);
long sys_setrlimit(struct kernel *k, uint32_t res, uint32_t urlim);
long sys_prlimit64(struct kernel *k, int pid, uint32_t res, uint32_t unew, uint32_t uold);
long sys_time(struct kernel *k, uint32_t ut);
long sys_gettimeofday(struct kernel *k, uint32_t utv, uint32_t utz);
long sys_clock_gettime(struct kernel *k, uint32_t clk, uint32_t uts);
long sys_clock_getres(struct kernel *k, uint32_t clk, uint32_t uts);
long sys_nanosleep(struct kernel *k, uint32_t ureq, uint32_t urem);
long sys_getrandom(struct kernel *k, uint32_t ubuf, uint32_t len, uint32_t flags);
long sys_setuid(struct kernel *k, uint32_t uid);
long sys_setgid(struct kernel *k, uint32_t gid);
long sys_setresuid(struct kernel *k, uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(struct kernel *k, uint32_t r, uint32_t e, uint32_t s);
long sys_setreuid(struct kernel *k, uint32_t r, uint32_t e);
long sys_setregid(struct kernel *k, uint32_t r, uint32_t e);
long sys_getresid(struct kernel *k, const uint32_t ids[3], uint32_t ur, uint32_t ue, uint32_t us);
long sys_times(struct kernel *k, uint32_t ubuf);
long sys_getrusage(struct kernel *k, int who, uint32_t uru);
long sys_sysinfo(struct kernel *k, uint32_t uinfo);

long sys_old_mmap(struct kernel *k, uint32_t uargs);
long sys_mmap2(struct kernel *k, const uint32_t a[6]);
long sys_munmap(struct kernel *k, uint32_t addr, uint32_t len);
long sys_mincore(struct kernel *k, uint32_t start, uint32_t len, uint32_t uvec);
long sys_madvise(struct kernel *k, uint32_t start, uint32_t len, uint32_t advice);
long sys_msync(struct kernel *k, uint32_t start, uint32_t len, uint32_t flags);
long sys_mprotect(struct kernel *k, uint32_t start, uint32_t len, uint32_t prot);
long sys_mremap(struct kernel *k, uint32_t addr, uint32_t old_len, uint32_t new_len, uint32_t flags,
                uint32_t new_addr);

/* Table entry points (sys_entry.c, uid16.c): unpack a[] = EBX ECX EDX ESI EDI EBP. */
typedef long (*sys_fn)(struct kernel *k, const uint32_t a[6]);
long w_getuid(struct kernel *k, const uint32_t a[6]);
long w_geteuid(struct kernel *k, const uint32_t a[6]);
long w_getgid(struct kernel *k, const uint32_t a[6]);
long w_getegid(struct kernel *k, const uint32_t a[6]);
long w_getuid16(struct kernel *k, const uint32_t a[6]);
long w_geteuid16(struct kernel *k, const uint32_t a[6]);
long w_getgid16(struct kernel *k, const uint32_t a[6]);
long w_getegid16(struct kernel *k, const uint32_t a[6]);
long w_setuid(struct kernel *k, const uint32_t a[6]);
long w_setgid(struct kernel *k, const uint32_t a[6]);
long w_setuid16(struct kernel *k, const uint32_t a[6]);
long w_setgid16(struct kernel *k, const uint32_t a[6]);
long w_setreuid(struct kernel *k, const uint32_t a[6]);
long w_setregid(struct kernel *k, const uint32_t a[6]);
long w_setreuid16(struct kernel *k, const uint32_t a[6]);
long w_setregid16(struct kernel *k, const uint32_t a[6]);
long w_setresuid(struct kernel *k, const uint32_t a[6]);
long w_setresgid(struct kernel *k, const uint32_t a[6]);
long w_setresuid16(struct kernel *k, const uint32_t a[6]);
long w_setresgid16(struct kernel *k, const uint32_t a[6]);
long w_getresuid(struct kernel *k, const uint32_t a[6]);
long w_getresgid(struct kernel *k, const uint32_t a[6]);
long w_getresuid16(struct kernel *k, const uint32_t a[6]);
long w_getresgid16(struct kernel *k, const uint32_t a[6]);
long w_setfsuid(struct kernel *k, const uint32_t a[6]);
long w_setfsgid(struct kernel *k, const uint32_t a[6]);
long w_exit(struct kernel *k, const uint32_t a[6]);
long w_exit_group(struct kernel *k, const uint32_t a[6]);
long w_fork(struct kernel *k, const uint32_t a[6]);
long w_vfork(struct kernel *k, const uint32_t a[6]);
long w_clone(struct kernel *k, const uint32_t a[6]);
long w_execve(struct kernel *k, const uint32_t a[6]);
long w_waitpid(struct kernel *k, const uint32_t a[6]);
long w_wait4(struct kernel *k, const uint32_t a[6]);
long w_getpid(struct kernel *k, const uint32_t a[6]);
long w_gettid(struct kernel *k, const uint32_t a[6]);
long w_getppid(struct kernel *k, const uint32_t a[6]);
long w_set_tid_address(struct kernel *k, const uint32_t a[6]);
long w_getpgrp(struct kernel *k, const uint32_t a[6]);
long w_getpgid(struct kernel *k, const uint32_t a[6]);
long w_getsid(struct kernel *k, const uint32_t a[6]);
long w_setpgid(struct kernel *k, const uint32_t a[6]);
long w_setsid(struct kernel *k, const uint32_t a[6]);
long w_sched_yield(struct kernel *k, const uint32_t a[6]);
long w_personality(struct kernel *k, const uint32_t a[6]);
long w_prctl(struct kernel *k, const uint32_t a[6]);
long w_kill(struct kernel *k, const uint32_t a[6]);
long w_tkill(struct kernel *k, const uint32_t a[6]);
long w_tgkill(struct kernel *k, const uint32_t a[6]);
long w_rt_sigaction(struct kernel *k, const uint32_t a[6]);
long w_rt_sigprocmask(struct kernel *k, const uint32_t a[6]);
long w_rt_sigpending(struct kernel *k, const uint32_t a[6]);
long w_sigreturn(struct kernel *k, const uint32_t a[6]);
long w_rt_sigreturn(struct kernel *k, const uint32_t a[6]);
long w_sigaltstack(struct kernel *k, const uint32_t a[6]);
long w_alarm(struct kernel *k, const uint32_t a[6]);
long w_setitimer(struct kernel *k, const uint32_t a[6]);
long w_getitimer(struct kernel *k, const uint32_t a[6]);
long w_rt_sigsuspend(struct kernel *k, const uint32_t a[6]);
long w_pause(struct kernel *k, const uint32_t a[6]);
long w_futex(struct kernel *k, const uint32_t a[6]);
long w_brk(struct kernel *k, const uint32_t a[6]);
long w_old_mmap(struct kernel *k, const uint32_t a[6]);
long w_mmap2(struct kernel *k, const uint32_t a[6]);
long w_munmap(struct kernel *k, const uint32_t a[6]);
long w_mprotect(struct kernel *k, const uint32_t a[6]);
long w_mremap(struct kernel *k, const uint32_t a[6]);
long w_mincore(struct kernel *k, const uint32_t a[6]);
long w_madvise(struct kernel *k, const uint32_t a[6]);
long w_msync(struct kernel *k, const uint32_t a[6]);
long w_set_thread_area(struct kernel *k, const uint32_t a[6]);
long w_get_thread_area(struct kernel *k, const uint32_t a[6]);
long w_newuname(struct kernel *k, const uint32_t a[6]);
long w_olduname(struct kernel *k, const uint32_t a[6]);
long w_oldolduname(struct kernel *k, const uint32_t a[6]);
long w_getrlimit(struct kernel *k, const uint32_t a[6]);
long w_old_getrlimit(struct kernel *k, const uint32_t a[6]);
long w_setrlimit(struct kernel *k, const uint32_t a[6]);
long w_prlimit64(struct kernel *k, const uint32_t a[6]);
long w_time(struct kernel *k, const uint32_t a[6]);
long w_gettimeofday(struct kernel *k, const uint32_t a[6]);
long w_clock_gettime(struct kernel *k, const uint32_t a[6]);
long w_clock_getres(struct kernel *k, const uint32_t a[6]);
long w_nanosleep(struct kernel *k, const uint32_t a[6]);
long w_clock_nanosleep(struct kernel *k, const uint32_t a[6]);
long w_getrandom(struct kernel *k, const uint32_t a[6]);
long w_times(struct kernel *k, const uint32_t a[6]);
long w_getrusage(struct kernel *k, const uint32_t a[6]);
long w_sysinfo(struct kernel *k, const uint32_t a[6]);
long w_ni(struct kernel *k, const uint32_t a[6]);

#endif
