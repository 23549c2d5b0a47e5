/*
 * debug_events.c - the debugger's use of the MMU event hook: `catch tlbmiss` (stop after the
 * instruction whose lookup missed in a range) and `walkstep` (print every page walk level by
 * level as the MMU does it; stop after it in mode "on").  Compiled in only when mmu.h declares
 * mmu_set_event_hook() (CMake defines PSE386_HAVE_MMU_EVENTS).
 */
#include <inttypes.h>
#include <string.h>

#include "debug_internal.h"
#include "debug_paging.h"
#include "trace.h"

#ifdef PSE386_HAVE_MMU_EVENTS

int dbg_hook_available(void)
{
	return 1;
}

static const char *kind_name(enum mmu_kind k)
{
	return k == MMU_FETCH ? "fetch" : k == MMU_READ ? "read" : "write";
}

static void print_walk(const struct mmu_event *ev, struct machine *mc)
{
	static const char *const names3[] = {"PDPTE", "PDE", "PTE"};
	static const char *const names2[] = {"PDE", "PTE"};
	int pae = (mmu_cr4(mc->mmu) & CR4_PAE) != 0;
	printf("walk: %s %s 0x%08x, %u read%s\n", ev->user ? "user" : "supervisor",
	       kind_name(ev->kind), ev->lin, ev->reads, ev->reads == 1 ? "" : "s");
	unsigned n = ev->reads > 3 ? 3 : ev->reads;
	for (unsigned i = 0; i < n; i++) {
		const char *name = pae ? names3[i] : names2[i < 2 ? i : 1];
		int leaf = i + 1 == n && ev->page_size > PAGE_SIZE;
		fputs("  ", stdout);
		dbg_print_level(stdout, name, ev->entry_pa[i], ev->entry_val[i], pae, leaf);
	}
	if (ev->page_size)
		printf("  -> 0x%08x maps to 0x%09" PRIx64 " (%s page)\n", ev->lin, ev->pa,
		       ev->page_size == (4u << 20)   ? "4M"
		       : ev->page_size == (2u << 20) ? "2M"
		                                     : "4K");
	else
		printf("  -> no translation: page fault\n");
}

static void on_event(void *ctx, const struct mmu_event *ev)
{
	struct debugger *d = ctx;
	observers_event(d->mc, ev);
	if (d->detached)
		return;
	if (ev->type == MMU_EV_MISS && d->catch_tlbmiss && ev->lin >= d->tlbmiss_lo &&
	    ev->lin <= d->tlbmiss_hi && !d->hook_stop) {
		snprintf(d->hook_reason, sizeof d->hook_reason, "TLB miss: %s %s 0x%08x (array %d)",
		         ev->user ? "user" : "supervisor", kind_name(ev->kind), ev->lin, ev->array);
		d->hook_stop = 1;
		d->mc->cpu.stop_request = 1;
	}
	if (ev->type == MMU_EV_WALK && d->walkstep) {
		print_walk(ev, d->mc);
		if (d->walkstep == 2 && !d->hook_stop) {
			snprintf(d->hook_reason, sizeof d->hook_reason, "page walk of 0x%08x",
			         ev->lin);
			d->hook_stop = 1;
			d->mc->cpu.stop_request = 1;
		}
	}
}

void dbg_hook_update(struct debugger *d)
{
	int want =
	    (!d->detached && (d->catch_tlbmiss || d->walkstep)) || d->mc->trace || d->mc->viz;
	mmu_set_event_hook(d->mc->mmu, want ? on_event : NULL, want ? d : NULL);
}

void dbg_hook_off(struct debugger *d)
{
	d->catch_tlbmiss = 0;
	d->walkstep = 0;
	dbg_hook_update(d);
}

#else

int dbg_hook_available(void)
{
	return 0;
}

void dbg_hook_update(struct debugger *d)
{
	(void)d;
}

void dbg_hook_off(struct debugger *d)
{
	(void)d;
}

#endif
