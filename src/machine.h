/*
 * machine.h - the machine: one MMU, one CPU and the kernel wired together, and the run loop that
 * passes control between the CPU and the kernel (DESIGN.md, "How data flows").
 */
#ifndef PSE386_MACHINE_H
#define PSE386_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "cpu.h"
#include "kernel.h"
#include "mmu.h"

struct debugger;
struct viz;
struct trace;

struct machine_options {
	const char *preset;   /* TLB/CPU preset, "p6" by default */
	const char *tlb_spec; /* --tlb overrides, or NULL */
	uint64_t mem_bytes;   /* emulated RAM */
	int fastpath;         /* host speed cache on (statistics never depend on it) */
	struct kern_config kern;
};

struct machine {
	struct mmu *mmu;
	struct cpu cpu;
	struct kernel *kern;
	uint64_t timeslice;            /* instructions per time slice */
	struct debugger *dbg;          /* attached debugger (src/debug.h), or NULL */
	struct viz *viz;               /* visualizer (src/viz.h), or NULL */
	const struct viz_ops *viz_ops; /* its module's functions, when viz is set */
	struct trace *trace;           /* event trace (src/trace.h), or NULL */
};

/* Default options: p6, 256 MiB, fast path on, kernel 2.5.53, root uid. */
void machine_default_options(struct machine_options *o);

/* Build the machine.  0, or -1 with one line in err. */
int machine_init(struct machine *mc, const struct machine_options *o, char *err, size_t errlen);
void machine_destroy(struct machine *mc);

/* Load the first process.  0, or -1 with one line in err. */
int machine_spawn(struct machine *mc, const char *path, int argc, char *const argv[],
                  char *const envp[], char *err, size_t errlen);

/* Run until every process has exited; returns the exit status pse386 should give (the first
 * process's status, 128+signal when it was killed). */
int machine_run(struct machine *mc);

#endif
