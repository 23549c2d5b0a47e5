/*
 * debug.c - the debugger's core: breakpoints and watchpoints, catches, stepping, stops, and the
 * run-loop hooks the machine calls (debug.h).  Commands are in debug_cmds.c, views in
 * debug_view.c and debug_paging.c, the gdb protocol in gdb_stub.c.
 *
 * Breakpoints never patch guest memory: while any is set the machine runs one instruction per
 * cpu_run() and debug_before() compares EIP (or its physical address) with the set.  Write
 * watchpoints compare the watched bytes after every instruction and after every kernel entry.
 */
#include "debug_internal.h"

#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debug_cli.h"
#include "disasm.h"
#include "kdebug.h"

/* The machine whose CPU Ctrl-C interrupts (one debugger per process). */
static struct machine *sigint_machine;

static void on_sigint(int sig)
{
	(void)sig;
	if (sigint_machine)
		sigint_machine->cpu.stop_request = 1;
}

struct debugger *debug_new(struct machine *mc, const struct debug_config *cfg, char *err,
                           size_t errlen)
{
	struct debugger *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	d->mc = mc;
	d->next_id = 1;
	d->catch_exc = 1;
	d->catch_signal = 1;
	d->signals_seen = kdebug_signal_count(mc->kern);
	d->start_stop = !cfg->on_fault;
	if (cfg->gdb_port) {
		d->gdb = gdb_stub_new(d, cfg->gdb_port, err, errlen);
		if (!d->gdb) {
			free(d);
			return NULL;
		}
	} else if (dbg_cli_open(d, cfg, err, errlen) != 0) {
		free(d);
		return NULL;
	}
	sigint_machine = mc;
	signal(SIGINT, on_sigint);
	return d;
}

void debug_free(struct debugger *d)
{
	if (!d)
		return;
	if (d->gdb)
		gdb_stub_free(d->gdb);
	dbg_cli_close(d);
	dbg_hook_off(d);
	if (sigint_machine == d->mc) {
		signal(SIGINT, SIG_DFL);
		sigint_machine = NULL;
	}
	free(d);
}

int dbg_single_stepping(const struct debugger *d)
{
	return d->nbp > 0 || d->steps > 0;
}

/* ---- breakpoints ---- */

int dbg_bp_add(struct debugger *d, enum bp_kind kind, int phys, uint64_t addr, uint32_t len,
               FILE *out)
{
	if (d->nbp == DBG_MAX_BP) {
		if (out)
			fprintf(out, "too many breakpoints (%d)\n", DBG_MAX_BP);
		return -1;
	}
	struct dbg_bp *b = &d->bp[d->nbp++];
	memset(b, 0, sizeof *b);
	b->id = d->next_id++;
	b->kind = kind;
	b->phys = phys;
	b->addr = addr;
	/* Write watchpoints compare up to 8 bytes; read/access ones match address ranges. */
	b->len = !len ? 1 : (kind == BP_WRITE && len > 8) ? 8 : len;
	if (kind == BP_WRITE)
		b->old_valid = (phys ? dbg_read_phys(d->mc, addr, b->old, b->len)
		                     : dbg_read_lin(d->mc, (uint32_t)addr, b->old, b->len)) == 0;
	return b->id;
}

static void bp_remove_at(struct debugger *d, int i)
{
	memmove(&d->bp[i], &d->bp[i + 1], (size_t)(d->nbp - i - 1) * sizeof d->bp[0]);
	d->nbp--;
}

int dbg_bp_del_id(struct debugger *d, int id)
{
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].id == id) {
			bp_remove_at(d, i);
			return 0;
		}
	return -1;
}

int dbg_bp_del_addr(struct debugger *d, enum bp_kind kind, uint64_t addr, int from_gdb)
{
	for (int i = 0; i < d->nbp; i++)
		if (d->bp[i].kind == kind && d->bp[i].addr == addr && !d->bp[i].phys &&
		    d->bp[i].from_gdb == from_gdb) {
			bp_remove_at(d, i);
			return 0;
		}
	return -1;
}

/* ---- stops ---- */

void dbg_stop(struct debugger *d, int signal, const struct dbg_bp *bp, const char *fmt, ...)
{
	if (d->detached || d->quit)
		return;
	struct cpu *c = &d->mc->cpu;
	char reason[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	d->steps = 0;
	d->stop_signal = signal;
	d->stop_bp = bp;
	if (d->gdb) {
		int r = gdb_stub_stopped(d->gdb);
		if (r < 0)
			d->quit = 1;
		else if (r == 0)
			d->detached = 1;
	} else {
		dbg_cli_stopped(d, reason);
	}
	if (d->detached) {
		d->nbp = 0;
		d->steps = 0;
		dbg_hook_off(d);
	}
	d->resume_skip = 1;
	d->resume_eip = c->eip;
	d->stop_bp = NULL;
	d->icount_mark = c->icount; /* a step resumed here counts from here */
}

static uint32_t cur_lin_eip(struct machine *mc)
{
	return mc->cpu.eip + mc->cpu.seg[SEG_CS].base;
}

/* A hit of breakpoint i: temporary ones go away; `continue N` passes over N-1 hits. */
static int take_hit(struct debugger *d, int i)
{
	if (d->bp[i].temp) {
		bp_remove_at(d, i);
		return 1;
	}
	if (d->skip_hits) {
		d->skip_hits--;
		return 0;
	}
	return 1;
}

static void check_exec(struct debugger *d)
{
	uint32_t lin = cur_lin_eip(d->mc);
	uint64_t pa = 0;
	uint32_t size;
	int have_pa = -1;
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (b->kind != BP_EXEC)
			continue;
		if (b->phys) {
			if (have_pa < 0)
				have_pa = mmu_probe(d->mc->mmu, lin, MMU_FETCH, 1, &pa, &size) == 0;
			if (!have_pa || pa != b->addr)
				continue;
		} else if (b->addr != lin) {
			continue;
		}
		int temp = b->temp, id = b->id;
		struct dbg_bp copy = *b;
		if (!take_hit(d, i))
			continue;
		if (temp)
			dbg_stop(d, 5, NULL, "after `next` at 0x%08x", lin);
		else
			dbg_stop(d, 5, &copy, "breakpoint %d at %s0x%08" PRIx64, id,
			         copy.phys ? "physical " : "", copy.addr);
		return;
	}
}

static void check_watch(struct debugger *d)
{
	for (int i = 0; i < d->nbp; i++) {
		struct dbg_bp *b = &d->bp[i];
		if (b->kind != BP_WRITE)
			continue;
		uint8_t now[8];
		int ok = (b->phys ? dbg_read_phys(d->mc, b->addr, now, b->len)
		                  : dbg_read_lin(d->mc, (uint32_t)b->addr, now, b->len)) == 0;
		if (!ok || (b->old_valid && memcmp(now, b->old, b->len) == 0)) {
			continue;
		}
		uint64_t oldv = 0, newv = 0;
		memcpy(&oldv, b->old, b->len);
		memcpy(&newv, now, b->len);
		int was_valid = b->old_valid;
		memcpy(b->old, now, b->len);
		b->old_valid = 1;
		if (!was_valid || !take_hit(d, i))
			continue; /* the page just became readable: nothing was seen to change */
		struct dbg_bp copy = *b;
		dbg_stop(d, 5, &copy,
		         "watchpoint %d: %s0x%08" PRIx64 " changed 0x%" PRIx64 " -> 0x%" PRIx64,
		         copy.id, copy.phys ? "physical " : "", copy.addr, oldv, newv);
		return;
	}
}

/* Does access [lin, lin+size) touch watchpoint b (by its linear or physical address)? */
static int access_hits(struct debugger *d, const struct dbg_bp *b, uint32_t lin, unsigned size)
{
	uint64_t a = lin;
	if (b->phys) {
		uint32_t page_size;
		if (mmu_probe(d->mc->mmu, lin, MMU_READ, 0, &a, &page_size) != 0)
			return 0;
	}
	return a < b->addr + b->len && b->addr < a + size;
}

/*
 * Read and access watchpoints: before the instruction runs, decode its memory operands (and the
 * stack slot of PUSH/POP/CALL/RET) and compute their linear addresses from the registers and
 * segment bases as the CPU will (SDM vol. 1, 3.7.5); a hit is reported once the instruction
 * has retired, as the debug trap of a hardware watchpoint would be (SDM vol. 3, 17.2.5).
 */
static void check_reads(struct debugger *d)
{
	struct cpu *c = &d->mc->cpu;
	d->rw_pending = 0;
	int any = 0;
	for (int i = 0; i < d->nbp; i++)
		any |= d->bp[i].kind == BP_READ || d->bp[i].kind == BP_ACCESS;
	if (!any)
		return;
	uint8_t code[16];
	size_t n = 0;
	uint32_t eip = cur_lin_eip(d->mc);
	while (n < 15 && dbg_read_lin(d->mc, eip + (uint32_t)n, &code[n], 1) == 0)
		n++;
	struct disasm_mem m[4];
	unsigned count = n ? disasm_mem_accesses(code, n, eip, m, 4) : 0;
	for (unsigned k = 0; k < count; k++) {
		uint32_t lin = c->seg[m[k].seg].base + (uint32_t)m[k].disp;
		if (m[k].base >= 0)
			lin += c->r[m[k].base];
		if (m[k].index >= 0)
			lin += c->r[m[k].index] * (uint32_t)m[k].scale;
		for (int i = 0; i < d->nbp; i++) {
			struct dbg_bp *b = &d->bp[i];
			int wanted = (b->kind == BP_READ && m[k].read) ||
			             (b->kind == BP_ACCESS && (m[k].read || m[k].write));
			if (wanted && access_hits(d, b, lin, m[k].size)) {
				d->rw_pending = b->id;
				d->rw_lin = lin;
				d->rw_write = m[k].write && !m[k].read;
				return;
			}
		}
	}
}

static void report_read(struct debugger *d)
{
	int id = d->rw_pending; /* by id: the user may have deleted watchpoints meanwhile */
	d->rw_pending = 0;
	for (int i = 0; i < d->nbp; i++) {
		if (d->bp[i].id != id)
			continue;
		struct dbg_bp copy = d->bp[i];
		if (take_hit(d, i))
			dbg_stop(d, 5, &copy, "%s watchpoint %d: 0x%08x %s",
			         copy.kind == BP_READ ? "read" : "access", copy.id, d->rw_lin,
			         d->rw_write ? "written" : "read");
		return;
	}
}

/* ---- run-loop hooks ---- */

uint64_t debug_before(struct debugger *d, uint64_t slice)
{
	if (d->quit)
		return 0;
	d->icount_mark = d->mc->cpu.icount;
	if (d->detached)
		return slice;
	if (d->gdb && gdb_stub_interrupted(d->gdb))
		dbg_stop(d, 2, NULL, "interrupted");
	if (d->start_stop) {
		d->start_stop = 0;
		dbg_stop(d, 5, NULL, "program start, pid %d", kdebug_current_pid(d->mc->kern));
	}
	if (d->quit)
		return 0;
	if (!dbg_single_stepping(d)) {
		d->resume_skip = 0;
		return slice;
	}
	if (!(d->resume_skip && cur_lin_eip(d->mc) == d->resume_eip))
		check_exec(d);
	d->resume_skip = 0;
	if (!d->quit && !d->detached)
		check_reads(d);
	d->icount_mark = d->mc->cpu.icount;
	return d->quit ? 0 : 1;
}

/* Linux's signal for an exception (arch/i386/kernel/traps.c), for gdb's stop reply. */
static int exception_signal(unsigned vector)
{
	switch (vector) {
	case EXC_DE:
	case EXC_MF: return 8; /* SIGFPE */
	case EXC_DB:
	case EXC_BP: return 5; /* SIGTRAP */
	case EXC_UD: return 4; /* SIGILL */
	default: return 11;    /* SIGSEGV */
	}
}

void debug_after_cpu(struct debugger *d, enum cpu_exit why)
{
	struct cpu *c = &d->mc->cpu;
	if (d->detached)
		return;
	if (d->hook_stop) {
		d->hook_stop = 0;
		c->stop_request = 0; /* the request was the hook's, already served here */
		dbg_stop(d, 5, NULL, "%s", d->hook_reason);
		if (why == CPU_EXIT_STOP)
			return;
	}
	switch (why) {
	case CPU_EXIT_SYSCALL: {
		uint32_t nr = c->r[EAX];
		if (d->catch_any_sys || (nr < DBG_NSYSCALLS && d->catch_sys[nr])) {
			const char *name = kdebug_syscall_name(nr);
			dbg_stop(d, 5, NULL, "system call %u (%s), ebx=0x%x ecx=0x%x edx=0x%x", nr,
			         name ? name : "?", c->r[EBX], c->r[ECX], c->r[EDX]);
		}
		break;
	}
	case CPU_EXIT_EXCEPTION: {
		const struct cpu_exception *e = &c->exc;
		if (e->vector == EXC_PF && d->catch_pf)
			dbg_stop(d, 11, NULL, "page fault at 0x%08x, error code 0x%x (%s, %s, %s)",
			         e->cr2, e->error_code,
			         (e->error_code & PF_P) ? "protection" : "not present",
			         (e->error_code & PF_W) ? "write" : "read",
			         (e->error_code & PF_U) ? "user" : "supervisor");
		else if (e->vector == EXC_PF && d->catch_exc &&
		         kdebug_fault_segv(d->mc->kern, e->cr2, (e->error_code & PF_W) != 0))
			dbg_stop(
			    d, 11, NULL,
			    "segmentation fault: %s at 0x%08x (%s), the kernel will send SIGSEGV",
			    (e->error_code & PF_W) ? "write" : "read", e->cr2,
			    kdebug_fault_segv(d->mc->kern, e->cr2, (e->error_code & PF_W) != 0) == 1
				? "no mapping"
				: "not permitted");
		else if (e->vector != EXC_PF && d->catch_exc)
			dbg_stop(d, exception_signal(e->vector), NULL,
			         "exception %u (error code 0x%x) at 0x%08x", e->vector,
			         e->error_code, c->eip);
		break;
	}
	case CPU_EXIT_STOP: dbg_stop(d, 2, NULL, "interrupted"); break;
	case CPU_EXIT_LIMIT: break;
	}
}

void debug_after_kernel(struct debugger *d, int switched)
{
	if (d->detached)
		return;
	if (switched && d->catch_switch)
		dbg_stop(d, 5, NULL, "context switch to pid %d", kdebug_current_pid(d->mc->kern));
	uint64_t sigs = kdebug_signal_count(d->mc->kern);
	if (sigs != d->signals_seen) {
		d->signals_seen = sigs;
		int sig = kdebug_handler_signal(d->mc->kern, d->mc->cpu.eip);
		/* Ignored signals and default actions do not stop: a fatal one ends in the exit
		 * report, as gdb reports "killed by signal". */
		if (d->catch_signal && sig)
			dbg_stop(d, sig, NULL, "signal %d delivered: entering its handler", sig);
	}
	uint64_t ran = d->mc->cpu.icount - d->icount_mark;
	if (d->rw_pending && ran)
		report_read(d);
	check_watch(d);
	ran = d->mc->cpu.icount - d->icount_mark;
	if (d->steps && ran) {
		d->steps -= ran < d->steps ? ran : d->steps;
		if (!d->steps)
			dbg_stop(d, 5, NULL, "step");
	}
}

void debug_exited(struct debugger *d, int status)
{
	d->exited = 1;
	if (d->gdb)
		gdb_stub_exited(d->gdb, status);
	else
		dbg_cli_exited(d, status);
}
