/*
 * trace.c - writes the event trace, one line per event (docs/trace.md): a letter, the
 * instruction count, then the event's fields.  Text keeps the trace greppable and the exporter
 * simple; addresses are hex without 0x, counts decimal.  A FILE ending in .gz is written through
 * zlib (fast level): a miss-heavy trace shrinks about tenfold.
 */
#define _GNU_SOURCE /* fopencookie */
#include "trace.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "kdebug.h"
#include "machine.h"

#define TRACE_BUF (1u << 20)

struct trace {
	struct machine *mc;
	FILE *f;
	char *buf;
	int pid; /* current process as of the last record */
};

static ssize_t gz_write(void *cookie, const char *buf, size_t n)
{
	if (n == 0)
		return 0;
	int w = gzwrite(cookie, buf, (unsigned)n);
	return w > 0 ? w : -1;
}

static int gz_close(void *cookie)
{
	return gzclose(cookie) == Z_OK ? 0 : -1;
}

/* The trace file, compressed when its name ends in .gz; the records are written with stdio
 * either way. */
static FILE *open_output(const char *path)
{
	size_t n = strlen(path);
	if (n <= 3 || strcmp(path + n - 3, ".gz") != 0)
		return fopen(path, "w");
	gzFile gz = gzopen(path, "wb1");
	if (!gz)
		return NULL;
	cookie_io_functions_t io = {.write = gz_write, .close = gz_close};
	FILE *f = fopencookie(gz, "w", io);
	if (!f)
		gzclose(gz);
	return f;
}

struct trace *trace_open(struct machine *mc, const char *path, char *err, size_t errlen)
{
	struct trace *t = calloc(1, sizeof *t);
	if (!t || !(t->buf = malloc(TRACE_BUF))) {
		free(t);
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	t->mc = mc;
	t->f = open_output(path);
	if (!t->f) {
		snprintf(err, errlen, "--trace: cannot create %s", path);
		free(t->buf);
		free(t);
		return NULL;
	}
	setvbuf(t->f, t->buf, _IOFBF, TRACE_BUF);
	t->pid = kdebug_current_pid(mc->kern);
	fprintf(t->f, "# pse386-trace 1 preset=%s pid=%d arrays=", mmu_preset_name(mc->mmu),
	        t->pid);
	for (unsigned i = 0; i < mmu_tlb_count(mc->mmu); i++) {
		struct mmu_tlb_info info;
		if (mmu_tlb_info(mc->mmu, i, &info) == 0)
			fprintf(t->f, "%s%s:%ux%u", i ? "," : "", info.name, info.sets, info.ways);
	}
	fputc('\n', t->f);
	return t;
}

void trace_cpu_exit(struct trace *t, enum cpu_exit why)
{
	const struct cpu *c = &t->mc->cpu;
	if (why == CPU_EXIT_SYSCALL) {
		const char *name = kdebug_syscall_name(c->r[EAX]);
		fprintf(t->f, "S %" PRIu64 " %d %u %s\n", c->icount, t->pid, c->r[EAX],
		        name ? name : "?");
	} else if (why == CPU_EXIT_EXCEPTION) {
		fprintf(t->f, "T %" PRIu64 " %d %u %x %x\n", c->icount, t->pid, c->exc.vector,
		        c->exc.error_code, c->exc.cr2);
	}
}

void trace_kernel_return(struct trace *t)
{
	int pid = kdebug_current_pid(t->mc->kern);
	if (pid != t->pid)
		fprintf(t->f, "C %" PRIu64 " %d %d\n", t->mc->cpu.icount, t->pid, pid);
	t->pid = pid;
}

int trace_close(struct trace *t, int status)
{
	if (!t)
		return 0;
	fprintf(t->f, "Z %" PRIu64 " %d\n", t->mc->cpu.icount, status);
	int rc = ferror(t->f) ? -1 : 0;
	if (fclose(t->f) != 0)
		rc = -1;
	free(t->buf);
	free(t);
	return rc;
}

#ifdef PSE386_HAVE_MMU_EVENTS

static char kind_letter(enum mmu_kind k)
{
	return k == MMU_FETCH ? 'f' : k == MMU_READ ? 'r' : 'w';
}

static void trace_walk(FILE *f, const struct mmu_event *ev)
{
	fprintf(f, " %" PRIx64 " %u %u", ev->pa, ev->page_size, ev->reads);
	for (unsigned i = 0; i < ev->reads && i < 3; i++)
		fprintf(f, " %" PRIx64 "=%" PRIx64, ev->entry_pa[i], ev->entry_val[i]);
}

void trace_mmu_event(struct trace *t, const struct mmu_event *ev)
{
	static const char letters[] = {
	    [MMU_EV_MISS] = 'M', [MMU_EV_FILL] = 'F',  [MMU_EV_EVICT] = 'E', [MMU_EV_FLUSH] = 'X',
	    [MMU_EV_WALK] = 'W', [MMU_EV_FAULT] = 'P', [MMU_EV_AD] = 'A'};
	FILE *f = t->f;
	uint64_t n = t->mc->cpu.icount;
	if (ev->type == MMU_EV_FLUSH) {
		fprintf(f, "X %" PRIu64 " %s %x\n", n, ev->cause ? ev->cause : "?", ev->lin);
		return;
	}
	fprintf(f, "%c %" PRIu64 " %c%c %x", letters[ev->type], n, kind_letter(ev->kind),
	        ev->user ? 'u' : 's', ev->lin);
	switch (ev->type) {
	case MMU_EV_MISS: fprintf(f, " %d", ev->array); break;
	case MMU_EV_FILL:
		fprintf(f, " %" PRIx64 " %u %d %u %u", ev->pa, ev->page_size, ev->array, ev->set,
		        ev->way);
		break;
	case MMU_EV_EVICT:
		fprintf(f, " %u %d %u %u", ev->page_size, ev->array, ev->set, ev->way);
		break;
	case MMU_EV_WALK: trace_walk(f, ev); break;
	case MMU_EV_FAULT: fprintf(f, " %x", ev->error_code); break;
	default: break;
	}
	fputc('\n', f);
}

#endif
