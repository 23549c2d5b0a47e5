/*
 * trace.h - the event trace (--trace FILE, format in docs/trace.md): TLB misses, fills and
 * evictions, flushes by cause, page walks with their reads, A/D updates and page faults from the
 * MMU's event hook; system calls, exceptions and context switches from the machine's run loop.
 * tools/trace-export turns a trace into Chrome/Perfetto JSON or CSV.
 *
 */
#ifndef PSE386_TRACE_H
#define PSE386_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "cpu.h"

struct machine;
struct trace;

struct trace *trace_open(struct machine *mc, const char *path, char *err, size_t errlen);
/* The CPU stopped for the kernel: a system call (EAX) or an exception (vector, error, CR2). */
void trace_cpu_exit(struct trace *t, enum cpu_exit why);
/* The kernel returned; records a context switch when the current process changed. */
void trace_kernel_return(struct trace *t);
/* Final record (exit status), flush and close.  0, or -1 if writing failed. */
int trace_close(struct trace *t, int status);

/* One MMU event (from the observer hook). */
struct mmu_event;
void trace_mmu_event(struct trace *t, const struct mmu_event *ev);

/*
 * The observers (trace and visualizer) of a machine.  The MMU event hook takes one function, so
 * the observers share one dispatcher.  observers_open() creates mc->trace (trace_file not NULL)
 * and mc->viz (window or PNG directory asked for) and installs the hook: 0, or -1 with one line in
 * err.  observers_close() writes the last frame, the summary and the trace's end, and frees them.
 */
struct viz_config;
int observers_open(struct machine *mc, const char *trace_file, const struct viz_config *viz,
                   char *err, size_t errlen);
void observers_close(struct machine *mc, int status);
/* Hand one MMU event to the observers that exist: the hook observers_open() installs, and the
 * debugger's while it holds the hook (catch tlbmiss, walk-step). */
void observers_event(struct machine *mc, const struct mmu_event *ev);

#endif
