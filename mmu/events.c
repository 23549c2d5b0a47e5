/*
 * events.c - reports what the MMU does to an observer (debugger, trace writer, visualizer).
 * Every function here only reads the model's state; the statistics never depend on a hook.
 */
#include <string.h>

#include "mmu_internal.h"

void mmu_set_event_hook(struct mmu *m, mmu_event_fn fn, void *ctx)
{
	m->ev_fn = fn;
	m->ev_ctx = ctx;
}

static int array_index(const struct mmu *m, const struct tlb_array *a)
{
	return a ? (int)(a - m->array) : -1;
}

static void emit(struct mmu *m, const struct mmu_event *ev)
{
	m->ev_fn(m->ev_ctx, ev);
}

/* A walk (MMU_EV_WALK after a miss, MMU_EV_AD for the re-walk of a first write). */
void ev_walk(struct mmu *m, enum mmu_event_type type, const struct walk *w, uint32_t lin,
             enum mmu_kind kind, int user)
{
	if (!mmu_events_on(m))
		return;
	struct mmu_event ev = {.type = type, .kind = kind, .user = user, .lin = lin, .array = -1};
	ev.reads = w->reads;
	if (!w->fault && w->size) {
		ev.page_size = w->size;
		ev.pa = w->frame + (lin - w->lin);
	}
	for (unsigned i = 0; i < w->nlevels && i < 3; i++) {
		ev.entry_pa[i] = w->level[i].entry_pa;
		ev.entry_val[i] = w->level[i].value;
	}
	emit(m, &ev);
}

void ev_simple(struct mmu *m, enum mmu_event_type type, uint32_t lin, enum mmu_kind kind, int user,
               const struct tlb_array *a)
{
	if (!mmu_events_on(m))
		return;
	struct mmu_event ev = {
	    .type = type, .kind = kind, .user = user, .lin = lin, .array = array_index(m, a)};
	emit(m, &ev);
}

void ev_flush(struct mmu *m, const char *cause, uint32_t lin)
{
	if (!mmu_events_on(m))
		return;
	struct mmu_event ev = {.type = MMU_EV_FLUSH, .lin = lin, .array = -1, .cause = cause};
	emit(m, &ev);
}

/* The error code tells a write from a read and user from supervisor (SDM vol. 3, 4.7); P6 has
 * no instruction-fetch bit, so a faulting fetch is reported as a read. */
void ev_fault(struct mmu *m, uint32_t lin, uint32_t err)
{
	if (!mmu_events_on(m))
		return;
	struct mmu_event ev = {.type = MMU_EV_FAULT,
	                       .kind = (err & PF_W) ? MMU_WRITE : MMU_READ,
	                       .user = (err & PF_U) != 0,
	                       .lin = lin,
	                       .array = -1,
	                       .error_code = err};
	emit(m, &ev);
}

/* tlb_fill() that also reports the eviction (with the entry it replaced) and the fill. */
int ev_tlb_fill(struct mmu *m, struct tlb_array *a, unsigned set, const struct tlb_entry *ne,
                int *evicted, enum mmu_kind kind, int user)
{
	if (!mmu_events_on(m))
		return tlb_fill(a, set, ne, evicted);
	struct tlb_entry old[64];
	unsigned ways = a->ways < 64 ? a->ways : 64;
	memcpy(old, a->e + (size_t)set * a->ways, ways * sizeof old[0]);
	int way = tlb_fill(a, set, ne, evicted);
	struct mmu_event ev = {.kind = kind, .user = user, .array = array_index(m, a)};
	ev.set = set;
	ev.way = (unsigned)way;
	if (*evicted && (unsigned)way < ways) {
		ev.type = MMU_EV_EVICT;
		ev.lin = old[way].key;
		ev.page_size = old[way].size;
		ev.pa = old[way].frame;
		emit(m, &ev);
	}
	const struct tlb_entry *e = a->e + (size_t)set * a->ways + way;
	ev.type = MMU_EV_FILL;
	ev.lin = e->key;
	ev.page_size = e->size;
	ev.pa = e->frame;
	emit(m, &ev);
	return way;
}
