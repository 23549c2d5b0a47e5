/*
 * mman.h - mmap/mprotect/mremap/madvise constants of the i386 ABI
 * (include/asm-i386/mman.h and include/linux/mman.h, Linux 2.5.53).
 */
#ifndef PSE386_KERNEL_MMAN_H
#define PSE386_KERNEL_MMAN_H

#define PROT_NONE      0x0u
#define PROT_READ      0x1u
#define PROT_WRITE     0x2u
#define PROT_EXEC      0x4u
#define PROT_GROWSDOWN 0x01000000u
#define PROT_GROWSUP   0x02000000u

#define MAP_SHARED     0x01u
#define MAP_PRIVATE    0x02u
#define MAP_TYPE       0x0fu
#define MAP_FIXED      0x10u
#define MAP_ANONYMOUS  0x20u
#define MAP_GROWSDOWN  0x0100u
#define MAP_DENYWRITE  0x0800u
#define MAP_EXECUTABLE 0x1000u
#define MAP_LOCKED     0x2000u
#define MAP_NORESERVE  0x4000u
#define MAP_POPULATE   0x8000u
#define MAP_NONBLOCK   0x10000u

#define MREMAP_MAYMOVE 1u
#define MREMAP_FIXED   2u

#define MS_ASYNC      1u
#define MS_INVALIDATE 2u
#define MS_SYNC       4u

#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4

/* open(2) access modes (include/asm-i386/fcntl.h), for MAP_SHARED permission checks. */
#define O_ACCMODE 3
#define O_RDONLY  0
#define O_WRONLY  1
#define O_RDWR    2

/* A not-present PTE that still holds its frame: PROT_NONE (include/asm-i386/pgtable.h
 * _PAGE_PROTNONE, bit 7; the hardware ignores every other bit of a not-present entry). */
#define PTE_PROTNONE 0x080u

#endif
