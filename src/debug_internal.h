/*
 * debug_internal.h - state shared by the debugger's files (debug.c: stops and run-loop hooks;
 * debug_cmds.c: the command table; debug_view.c: registers, memory, maps; gdb_stub.c).
 */
#ifndef PSE386_DEBUG_INTERNAL_H
#define PSE386_DEBUG_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "debug.h"
#include "machine.h"

enum bp_kind { BP_EXEC, BP_WRITE, BP_READ, BP_ACCESS };

struct dbg_bp {
	int id;
	enum bp_kind kind;
	int phys;     /* address is physical */
	int temp;     /* deleted when hit (`next`) */
	int from_gdb; /* Z packet: 1 software, 2 hardware; 0 from the command line */
	uint64_t addr;
	uint32_t len; /* watchpoints: 1..8 bytes */
	uint8_t old[8];
	int old_valid; /* old[] could be read */
};

#define DBG_MAX_BP    64
#define DBG_NSYSCALLS 512

struct gdb_stub;

struct debugger {
	struct machine *mc;
	struct dbg_bp bp[DBG_MAX_BP];
	int nbp, next_id;
	uint64_t steps;       /* instructions left to step; 0: not stepping */
	uint64_t icount_mark; /* instruction count the current step counts from */
	unsigned skip_hits;   /* `continue N`: hits to pass over */
	int resume_skip;      /* do not break at resume_eip on the first instruction after a stop */
	uint32_t resume_eip;
	int start_stop; /* stop before the first instruction */
	int rw_pending; /* id of the read/access watchpoint the running instruction hits, or 0 */
	uint32_t rw_lin;
	int rw_write;
	int quit;     /* the user quit or killed: the machine stops */
	int detached; /* no more stops */
	/* catch */
	int catch_pf, catch_switch, catch_exc, catch_signal;
	uint64_t signals_seen; /* kdebug_signal_count() at the last check */
	uint8_t catch_sys[DBG_NSYSCALLS];
	int catch_any_sys;
	int catch_tlbmiss;
	uint32_t tlbmiss_lo, tlbmiss_hi;
	int walkstep;
	int hook_stop; /* an MMU event asked for a stop */
	char hook_reason[160];
	/* front ends */
	FILE *script;    /* commands from here, or NULL */
	int interactive; /* stdin is a terminal: libedit */
	void *el, *hist; /* EditLine, History */
	struct gdb_stub *gdb;
	int exited;
	int stop_signal;              /* for gdb: 5 (TRAP), 11 (SEGV)... */
	const struct dbg_bp *stop_bp; /* the breakpoint/watchpoint that stopped us */
};

/* debug.c */
void dbg_stop(struct debugger *d, int signal, const struct dbg_bp *bp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int dbg_bp_add(struct debugger *d, enum bp_kind kind, int phys, uint64_t addr, uint32_t len,
               FILE *out);
int dbg_bp_del_id(struct debugger *d, int id);
int dbg_bp_del_addr(struct debugger *d, enum bp_kind kind, uint64_t addr, int from_gdb);
int dbg_single_stepping(const struct debugger *d);

/* debug_events.c: the MMU event hook (break on TLB miss, walk-step mode), when mmu.h has it */
void dbg_hook_update(struct debugger *d);
void dbg_hook_off(struct debugger *d);
int dbg_hook_available(void);

/* debug_view.c: memory through the tables without side effects */
int dbg_read_lin(struct machine *mc, uint32_t lin, void *buf, uint32_t len);
int dbg_write_lin(struct machine *mc, uint32_t lin, const void *buf, uint32_t len);
int dbg_read_phys(struct machine *mc, uint64_t pa, void *buf, uint32_t len);
void dbg_regs(struct machine *mc, FILE *out);
void dbg_sregs(struct machine *mc, FILE *out);
void dbg_gdt(struct machine *mc, FILE *out);
void dbg_examine(struct machine *mc, int phys, uint64_t addr, unsigned count, char fmt,
                 unsigned unit, FILE *out);
void dbg_disas(struct machine *mc, uint32_t addr, unsigned count, FILE *out);
void dbg_maps(struct machine *mc, FILE *out);
void dbg_huge_vmas(struct machine *mc, FILE *out);
void dbg_huge_keys(struct machine *mc, FILE *out);
/* Length of the instruction at lin and whether it is a CALL (for `next`); 0 if unknown. */
unsigned dbg_insn_len(struct machine *mc, uint32_t lin, int *is_call);

/* debug_cmds.c */
int dbg_parse_addr(struct debugger *d, const char *s, uint64_t *out);

/* gdb_stub.c */
struct gdb_stub *gdb_stub_new(struct debugger *d, int port, char *err, size_t errlen);
void gdb_stub_free(struct gdb_stub *g);
/* Report the stop to gdb and serve its packets until it resumes (1), detaches (0), kills (-1). */
int gdb_stub_stopped(struct gdb_stub *g);
int gdb_stub_interrupted(struct gdb_stub *g); /* Ctrl-C pending? (non-blocking) */
void gdb_stub_exited(struct gdb_stub *g, int status);

#endif
