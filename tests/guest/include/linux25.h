/*
 * linux25.h - the Linux 2.5-only system calls for guest programs, as their man pages show them
 * (alloc_hugepages(2), remap_file_pages(2)), through glibc's syscall(2): numbers and constants
 * from linux-2.5-syscalls.md sections 1.2, 2.1 and 2.2.  Part B appends its calls below.
 */
#ifndef PSE386_GUEST_LINUX25_H
#define PSE386_GUEST_LINUX25_H

#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define __NR_alloc_hugepages 250 /* 2.5.36 .. 2.5.53 (section 1.3) */
#define __NR_free_hugepages  251

#ifndef IPC_CREAT
#define IPC_CREAT 01000 /* include/linux/ipc.h: 0x200 */
#endif

/* include/asm-i386/page.h: HPAGE_SHIFT 22 (4 MiB), 21 with PAE (2 MiB); read the real size
 * from /proc/meminfo (Hugepagesize:) rather than assuming one. */
#define HPAGE_SIZE_NOPAE (4UL << 20)
#define HPAGE_SIZE_PAE   (2UL << 20)

/* "On success alloc_hugepages() returns the allocated virtual address ... On error, -1 is
 * returned, and errno is set" (alloc_hugepages(2)). */
static inline void *alloc_hugepages(int key, void *addr, size_t len, int prot, int flag)
{
	return (void *)syscall(__NR_alloc_hugepages, key, addr, len, prot, flag);
}

static inline int free_hugepages(void *addr)
{
	return (int)syscall(__NR_free_hugepages, addr);
}

#endif

/* --- mlock family and remap_file_pages (appended; linux-2.5-syscalls.md sections 3 and 4) --- */
#ifndef LINUX25_MLOCK_FREMAP
#define LINUX25_MLOCK_FREMAP
#define __NR_remap_file_pages_25 257 /* 2.5.46 and later (section 1.2) */
#ifndef MCL_CURRENT
#define MCL_CURRENT 1 /* include/asm-i386/mman.h */
#define MCL_FUTURE  2
#endif
#ifndef MAP_LOCKED
#define MAP_LOCKED 0x2000
#endif
#ifndef MAP_POPULATE
#define MAP_POPULATE 0x8000
#endif
#ifndef MAP_NONBLOCK
#define MAP_NONBLOCK 0x10000
#endif
/* remap_file_pages(2): "prot must be specified as 0"; -1 and errno on error. */
static inline int remap_file_pages25(void *addr, size_t size, int prot, size_t pgoff, int flags)
{
	return (int)syscall(__NR_remap_file_pages_25, addr, size, prot, pgoff, flags);
}
#endif
