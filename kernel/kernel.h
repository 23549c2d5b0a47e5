/*
 * kernel.h - the simulated Linux 2.5.53 kernel: written in C on the host, acting only on the
 * emulated hardware (page tables in emulated RAM, CR3 loads and INVLPG through mmu.h).
 *
 * It never sees the CPU's internals: the machine (src/) hands it a trap frame, the register
 * image of the current process at the moment it entered the kernel, and loads the CPU from the
 * trap frame of whatever process is current when the kernel returns.
 *
 * Facts: ../shared/reference/linux-2.5-syscalls.md (numbers, semantics, decisions).
 */
#ifndef PSE386_KERNEL_H
#define PSE386_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#include "mmu.h"

#define KERN_FPU_STATE_SIZE 108 /* same as CPU_FPU_STATE_SIZE: the fnsave image */

/* Register image of a user process, in the CPU's encoding order (EAX ECX EDX EBX ESP EBP ESI EDI),
 * segment selectors in ES CS SS DS FS GS order, and the GDT TLS descriptors (slots 6, 7, 8) in
 * the hardware descriptor format (SDM vol. 3, 3.4.5). */
struct kern_tf {
	uint32_t r[8];
	uint32_t eip;
	uint32_t eflags;
	uint16_t seg[6];
	uint64_t tls[3];
	uint8_t fpu[KERN_FPU_STATE_SIZE];
};
#define KERN_TF_EAX   0
#define KERN_TF_ECX   1
#define KERN_TF_EDX   2
#define KERN_TF_EBX   3
#define KERN_TF_ESP   4
#define KERN_TF_EBP   5
#define KERN_TF_ESI   6
#define KERN_TF_EDI   7
#define GDT_TLS_FIRST 6 /* GDT_ENTRY_TLS_MIN in Linux 2.5 include/asm-i386/segment.h */
#define GDT_TLS_COUNT 3
/* Flat user segments of Linux 2.5 (include/asm-i386/segment.h): __USER_CS 0x73, __USER_DS 0x7b */
#define USER_CS     0x73
#define USER_DS     0x7b
#define GDT_USER_CS 14
#define GDT_USER_DS 15

struct kern_config {
	const char *version;        /* personality, "2.5.53" by default */
	unsigned hugepages;         /* boot-time huge page pool (hugepages=) */
	uint64_t swap_bytes;        /* 0: no swap */
	const char *root_dir;       /* host directory seen by the guest, or NULL */
	int root_writable;          /* the guest may modify files under root_dir */
	uint32_t uid, gid;          /* credentials of the first process (0/0 by default) */
	int log_unknown;            /* log unknown system calls on stderr */
	uint64_t timeslice;         /* instructions per time slice */
	struct mmu_features paging; /* what the CPU preset offers */
	int pae;                    /* build PAE page tables (--pae): 2 MiB huge pages */
};

struct kernel;

/* What the machine must do after a call into the kernel. */
enum kern_action {
	KERN_RESUME, /* load the CPU from kern_current_tf() and continue */
	KERN_EXIT,   /* every process has exited; see kern_exit_status() */
};

struct kernel *kern_new(struct mmu *m, const struct kern_config *cfg, char *err, size_t errlen);
void kern_free(struct kernel *k);

/* Create the first process from a host ELF file.  Returns 0, or -1 with one line in err
 * (malformed or unreadable ELF, too little memory). */
int kern_spawn(struct kernel *k, const char *host_path, int argc, char *const argv[],
               char *const envp[], char *err, size_t errlen);

/* The current process's trap frame; valid until the next call into the kernel. */
struct kern_tf *kern_current_tf(struct kernel *k);

/* Entries from the machine.  The machine has stored the CPU state into kern_current_tf() first. */
enum kern_action kern_syscall(struct kernel *k); /* after INT 0x80 */
enum kern_action kern_exception(struct kernel *k, unsigned vector, uint32_t error_code,
                                uint32_t cr2); /* #PF, #GP, #UD... */
enum kern_action kern_tick(struct kernel *k);  /* time slice over */

/* The exit status pse386 should return: the first process's status, 128+signal if killed. */
int kern_exit_status(const struct kernel *k);

/* Kernel statistics (context switches, faults by kind, system calls by number), same shape as
 * mmu_stats_foreach(). */
void kern_stats_foreach(const struct kernel *k, mmu_stat_fn fn, void *ctx);

#endif
