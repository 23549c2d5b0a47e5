/*
 * machine.c - wires the CPU, MMU and kernel together and runs them.
 *
 * The CPU runs user code until something needs the kernel (INT 0x80, an exception, the end of a
 * time slice).  The machine then stores the CPU's registers into the current process's trap
 * frame, calls the kernel, and loads the CPU from whatever process is current afterwards: the
 * kernel never sees the CPU, the CPU never sees the kernel (DESIGN.md, "Layout").
 */
#include "machine.h"

#include "debug.h"
#include "trace.h"
#include "viz.h"

#include <stdio.h>
#include <string.h>

void machine_default_options(struct machine_options *o)
{
	memset(o, 0, sizeof *o);
	o->preset = "p6";
	o->mem_bytes = 256ull << 20;
	o->fastpath = 1;
	o->kern.version = "2.5.53";
	/* 100 Hz ticks of a ~100 MIPS machine: about a million instructions per slice. */
	o->kern.timeslice = 1000000;
}

int machine_init(struct machine *mc, const struct machine_options *o, char *err, size_t errlen)
{
	memset(mc, 0, sizeof *mc);
	mc->timeslice = o->kern.timeslice ? o->kern.timeslice : 1000000;
	mc->mmu = mmu_new(o->mem_bytes, o->preset, o->tlb_spec, err, errlen);
	if (!mc->mmu)
		return -1;
	mmu_set_fastpath(mc->mmu, o->fastpath);

	struct cpu_config cc = {.paging = mmu_features(mc->mmu), .has_cmov = 1};
	if (o->kern.pae && !cc.paging.pae) {
		snprintf(err, errlen, "--pae: the %s preset has no PAE", mmu_preset_name(mc->mmu));
		goto fail;
	}
	if (cpu_init(&mc->cpu, mc->mmu, &cc) != 0) {
		snprintf(err, errlen, "out of host memory");
		goto fail;
	}
	struct kern_config kc = o->kern;
	kc.paging = cc.paging;
	mc->kern = kern_new(mc->mmu, &kc, err, errlen);
	if (!mc->kern) {
		cpu_destroy(&mc->cpu);
		goto fail;
	}
	return 0;
fail:
	mmu_free(mc->mmu);
	mc->mmu = NULL;
	return -1;
}

void machine_destroy(struct machine *mc)
{
	if (mc->kern)
		kern_free(mc->kern);
	if (mc->mmu) {
		cpu_destroy(&mc->cpu);
		mmu_free(mc->mmu);
	}
	memset(mc, 0, sizeof *mc);
}

int machine_spawn(struct machine *mc, const char *path, int argc, char *const argv[],
                  char *const envp[], char *err, size_t errlen)
{
	return kern_spawn(mc->kern, path, argc, argv, envp, err, errlen);
}

/* Copy the CPU's user-visible state into the current trap frame. */
static void save_cpu(struct machine *mc)
{
	struct cpu *c = &mc->cpu;
	struct kern_tf *tf = kern_current_tf(mc->kern);
	memcpy(tf->r, c->r, sizeof tf->r);
	tf->eip = c->eip;
	tf->eflags = cpu_get_eflags(c);
	for (int s = 0; s < SEG_COUNT; s++)
		tf->seg[s] = c->seg[s].sel;
	for (int i = 0; i < GDT_TLS_COUNT; i++)
		tf->tls[i] = c->gdt[GDT_TLS_FIRST + i];
	cpu_fpu_save(c, tf->fpu);
}

/* Load the CPU from the (possibly different) current trap frame.  The TLS descriptors go into
 * the GDT first, then the data segment registers are reloaded so that their cached bases follow
 * the descriptors, as a real kernel's return to user mode does. */
static void load_cpu(struct machine *mc)
{
	struct cpu *c = &mc->cpu;
	struct kern_tf *tf = kern_current_tf(mc->kern);
	memcpy(c->r, tf->r, sizeof c->r);
	c->eip = tf->eip;
	cpu_set_eflags(c, tf->eflags);
	for (int i = 0; i < GDT_TLS_COUNT; i++)
		c->gdt[GDT_TLS_FIRST + i] = tf->tls[i];
	for (int s = 0; s < SEG_COUNT; s++) {
		if (s == SEG_CS)
			continue;
		if (cpu_load_seg(c, s, tf->seg[s]) != 0)
			cpu_load_seg(c, s, 0); /* what iret does with a bad data selector */
	}
	cpu_fpu_restore(c, tf->fpu);
}

int machine_run(struct machine *mc)
{
	struct cpu *c = &mc->cpu;
	uint64_t slice = 0;
	enum kern_action act = KERN_RESUME;

	load_cpu(mc);
	while (act == KERN_RESUME) {
		/* The time slice continues across system calls and faults, as a timer interrupt
		 * would; the kernel only hears of it when it runs out.  A process switched in by
		 * the kernel starts a fresh slice. */
		if (slice == 0)
			slice = mc->timeslice;
		const struct kern_tf *running = kern_current_tf(mc->kern);
		uint64_t before = c->icount;
		/* A debugger may stop here, and single-steps while it has breakpoints. */
		uint64_t n = slice;
		if (mc->dbg && (n = debug_before(mc->dbg, slice)) == 0)
			return 128 + 9; /* killed from the debugger */
		if (mc->viz)
			n = mc->viz_ops->budget(mc->viz, n); /* run in chunks between frames */
		enum cpu_exit why = cpu_run(c, n);
		uint64_t ran = c->icount - before;
		slice = ran >= slice ? 0 : slice - ran;

		if (mc->dbg)
			debug_after_cpu(mc->dbg, why);
		save_cpu(mc);
		if (mc->trace)
			trace_cpu_exit(mc->trace, why);
		switch (why) {
		case CPU_EXIT_SYSCALL: act = kern_syscall(mc->kern); break;
		case CPU_EXIT_EXCEPTION:
			act =
			    kern_exception(mc->kern, c->exc.vector, c->exc.error_code, c->exc.cr2);
			break;
		case CPU_EXIT_LIMIT:
			/* Without a debugger the limit is always the end of the slice. */
			if (slice == 0)
				act = kern_tick(mc->kern);
			break;
		case CPU_EXIT_STOP: c->stop_request = 0; break;
		}
		if (act == KERN_RESUME) {
			int switched = kern_current_tf(mc->kern) != running;
			if (switched)
				slice = 0;
			load_cpu(mc);
			if (mc->dbg)
				debug_after_kernel(mc->dbg, switched);
			if (mc->trace)
				trace_kernel_return(mc->trace);
			if (mc->viz && mc->viz_ops->after(mc->viz))
				return 128 + 2; /* quit from the window, as an interrupt would */
		}
	}
	if (mc->dbg)
		debug_exited(mc->dbg, kern_exit_status(mc->kern));
	return kern_exit_status(mc->kern);
}
