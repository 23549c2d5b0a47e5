/*
 * trace_observe.c - the observers of a running machine (event trace and visualizer): created
 * from the command line, fed by one MMU event hook, closed at exit.  Without --trace and --viz
 * nothing here runs and the hook stays off, so the normal run loop keeps its speed.
 */
#include <stdio.h>

#include "machine.h"
#include "trace.h"
#include "viz_load.h"

void observers_event(struct machine *mc, const struct mmu_event *ev)
{
	if (mc->trace)
		trace_mmu_event(mc->trace, ev);
	if (mc->viz)
		mc->viz_ops->event(mc->viz, ev);
}

#ifdef PSE386_HAVE_MMU_EVENTS

static void on_mmu_event(void *ctx, const struct mmu_event *ev)
{
	observers_event(ctx, ev);
}

static void install_hook(struct machine *mc)
{
	int want = mc->trace || mc->viz;
	mmu_set_event_hook(mc->mmu, want ? on_mmu_event : NULL, want ? mc : NULL);
}

#else

static void install_hook(struct machine *mc)
{
	if (mc->trace || mc->viz)
		fprintf(stderr, "pse386: this MMU has no event hook: no TLB events shown\n");
}

#endif

int observers_open(struct machine *mc, const char *trace_file, const struct viz_config *viz,
                   char *err, size_t errlen)
{
	if (trace_file && !(mc->trace = trace_open(mc, trace_file, err, errlen)))
		return -1;
	if ((viz->window || viz->png_dir) &&
	    (!(mc->viz_ops = viz_load(err, errlen)) ||
	     !(mc->viz = mc->viz_ops->open(mc, viz, err, errlen)))) {
		trace_close(mc->trace, -1);
		mc->trace = NULL;
		return -1;
	}
	install_hook(mc);
	return 0;
}

void observers_close(struct machine *mc, int status)
{
	if (mc->viz)
		mc->viz_ops->finish(mc->viz);
	if (trace_close(mc->trace, status) != 0)
		fprintf(stderr, "pse386: --trace: write error\n");
	mc->trace = NULL;
	if (mc->viz)
		mc->viz_ops->free(mc->viz);
	mc->viz = NULL;
#ifdef PSE386_HAVE_MMU_EVENTS
	mmu_set_event_hook(mc->mmu, NULL, NULL);
#endif
}
