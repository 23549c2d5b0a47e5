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

#endif
