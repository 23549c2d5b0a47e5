/*
 * kdebug.h - read-only introspection of the kernel for the debugger (src/debug*.c): the current
 * process, its VMAs, the decoding of not-present PTEs (file and swap entries) and the huge page
 * pool.  Nothing here changes kernel state, page tables, the TLB or any statistic.
 *
 * Facts: ../shared/reference/linux-2.5-syscalls.md 3.2 (file and swap PTE layouts).
 */
#ifndef PSE386_KDEBUG_H
#define PSE386_KDEBUG_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

/* pid of the current process, or 0 when none runs. */
int kdebug_current_pid(const struct kernel *k);
/* Physical address of the current process's page directory (PDPT with PAE), 0 if none. */
uint64_t kdebug_current_pgd(const struct kernel *k);

struct kdebug_vma {
	uint32_t start, end; /* [start, end) */
	uint32_t flags;      /* VM_* of include/linux/mm.h (KDEBUG_VM_*) */
	uint64_t pgoff;      /* file offset in bytes of start (file mappings) */
	char file[64];       /* "[exe]", "[file]", "[anon]", "[stack]", "[shared anon]", "[huge]" */
};
#define KDEBUG_VM_READ      0x001u
#define KDEBUG_VM_WRITE     0x002u
#define KDEBUG_VM_EXEC      0x004u
#define KDEBUG_VM_SHARED    0x008u
#define KDEBUG_VM_GROWSDOWN 0x100u

/* Copy up to max VMAs of the current process (sorted by start) into out; returns how many the
 * process has (which may exceed max). */
int kdebug_vmas(const struct kernel *k, struct kdebug_vma *out, int max);

/* What a paging entry holds for Linux (linux-2.5-syscalls.md 3.2). */
enum kdebug_pte_kind {
	KDEBUG_PTE_NONE,     /* all zero: never mapped (pte_none) */
	KDEBUG_PTE_PRESENT,  /* P set */
	KDEBUG_PTE_PROTNONE, /* P clear, _PAGE_PROTNONE set: present for Linux, PROT_NONE */
	KDEBUG_PTE_FILE,     /* P clear, _PAGE_FILE set: nonlinear file page, pgoff */
	KDEBUG_PTE_SWAP,     /* P clear, _PAGE_FILE clear, not zero: swap entry */
};
struct kdebug_pte {
	enum kdebug_pte_kind kind;
	uint64_t pgoff;     /* FILE: page offset in the file */
	unsigned swap_type; /* SWAP: swap device (__swp_type) */
	uint64_t swap_off;  /* SWAP: page slot on the device (__swp_offset) */
};
/* Decode a leaf entry (PTE) as Linux 2.5.66+/2.6.0 i386 defines it; `pae` selects the 64-bit
 * 3-level layout. */
void kdebug_decode_pte(uint64_t pte, int pae, struct kdebug_pte *out);

/* Name of system call nr ("write"), or NULL if the kernel does not know it; and the number of a
 * name, or -1. */
const char *kdebug_syscall_name(unsigned nr);
int kdebug_syscall_number(const char *name);

/* Will the kernel answer a page fault at addr (a write when `write`) in the current process with
 * SIGSEGV?  The checks of handle_mm_fault() that need no change of state: no VMA, a VMA below it
 * that cannot grow down to it, or one that forbids the access.  Returns 1 (MAPERR), 2 (ACCERR)
 * or 0. */
int kdebug_fault_segv(const struct kernel *k, uint32_t addr, int write);

/* What len bytes at addr (inside one page) will read as when the current process first touches
 * that page (its PTE still empty): zeros for anonymous memory and bss, the executable image's
 * bytes for an ELF segment.  Returns 0, or -1 when unknown without changing state (no VMA there,
 * a file read through fs/, shared anonymous or huge memory). */
int kdebug_read_unpopulated(const struct kernel *k, uint32_t addr, void *buf, uint32_t len);

/* Signals sent so far (every process), and the signal whose handler the current process is
 * about to run when its EIP is `eip` (0 if eip is no handler's address). */
uint64_t kdebug_signal_count(const struct kernel *k);
int kdebug_handler_signal(const struct kernel *k, uint32_t eip);

/* The shared huge page segments (alloc_hugepages keys > 0, linux-2.5-syscalls.md 2.4): fn is
 * called once per key in use.  hugetlb.c may define this (its key table is private); the weak
 * default here visits nothing and returns -1 ("keys not available"); else returns 0. */
struct kdebug_hkey {
	int key;
	uint32_t size;   /* bytes */
	uint32_t npages; /* huge pages */
	uint32_t uid, gid, prot;
};
typedef void (*kdebug_hkey_fn)(void *ctx, const struct kdebug_hkey *key);
int kdebug_hugetlb_keys(const struct kernel *k, kdebug_hkey_fn fn, void *ctx);

/* One line describing the huge page pool: total, free, page size.  Returns 0. */
int kdebug_hugepages(const struct kernel *k, char *buf, size_t len);

#endif
