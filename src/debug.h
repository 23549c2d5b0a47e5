/*
 * debug.h - the built-in debugger and its hooks into the machine's run loop (docs/debugger.md).
 *
 * The machine calls these only when a debugger is attached (mc->dbg != NULL), so the normal run
 * loop pays one pointer test per cpu_run() call.  While breakpoints or watchpoints are set, or the
 * user steps, the machine runs one instruction per cpu_run() and the debugger checks after each.
 * Front ends: a command line (libedit), a script (--debug-script, or commands on stdin) and the
 * gdb remote stub (gdb_stub.h), whose `monitor` commands reach the same command set.
 */
#ifndef PSE386_DEBUG_H
#define PSE386_DEBUG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"

struct machine;
struct debugger;

struct debug_config {
	int cli;            /* --debug: stop before the first instruction, prompt */
	int on_fault;       /* --debug-on-fault: no stop at the start; faults, signals, Ctrl-C */
	const char *script; /* --debug-script FILE ("-": stdin), or NULL */
	int gdb_port;       /* --gdb PORT, 0 if none */
};

/* Attach a debugger to a machine whose first process is loaded.  Blocks for gdb's connection
 * when gdb_port is set.  NULL with one line in err on failure. */
struct debugger *debug_new(struct machine *mc, const struct debug_config *cfg, char *err,
                           size_t errlen);
void debug_free(struct debugger *d);

/* Run-loop hooks (machine.c).  debug_before: may stop and prompt; returns how many instructions
 * the CPU may run now (1 while single-stepping, else `slice`), or 0 when the user quit.
 * debug_after_cpu: after cpu_run(), before the kernel sees the exit.  debug_after_kernel: after
 * the kernel, with the CPU loaded again (switched: another process is current). */
uint64_t debug_before(struct debugger *d, uint64_t slice);
void debug_after_cpu(struct debugger *d, enum cpu_exit why);
void debug_after_kernel(struct debugger *d, int switched);
/* Every process has exited with `status` (pse386's exit status). */
void debug_exited(struct debugger *d, int status);

/* Run one command line; output goes to out.  Returns 1 when the command resumes the guest
 * (continue, step...), 0 otherwise. */
int debug_command(struct debugger *d, const char *line, FILE *out);

#endif
