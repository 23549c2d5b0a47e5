/*
 * viz_model.c - what the visualizer knows between frames: the TLB arrays (from the MMU's
 * inspection API), flashes and miss heat (from MMU events), and the miss-rate history.
 */
#include <stdlib.h>
#include <string.h>

#include "viz_internal.h"

/* Plot colours of arrays 0, 1, ... (distinct from the entry colours' meaning: only lines). */
static const uint32_t plot_colours[VIZ_MAX_ARRAYS] = {0x5ab0ffu, 0xffb040u, 0x60e080u, 0xe070f0u,
                                                      0xf0f060u, 0x60f0f0u, 0xff7070u, 0xb0b0b0u};

int viz_model_init(struct viz *v, char *err, size_t errlen)
{
	unsigned n = mmu_tlb_count(v->mc->mmu);
	if (n > VIZ_MAX_ARRAYS)
		n = VIZ_MAX_ARRAYS;
	v->narrays = n;
	for (unsigned i = 0; i < n; i++) {
		struct viz_array *a = &v->arr[i];
		if (mmu_tlb_info(v->mc->mmu, i, &a->info) != 0) {
			snprintf(err, errlen, "visualizer: TLB array %u has no description", i);
			return -1;
		}
		size_t entries = (size_t)a->info.sets * a->info.ways;
		a->fill_flash = calloc(entries, 1);
		a->evict_flash = calloc(entries, 1);
		a->miss_flash = calloc(a->info.sets, 1);
		a->fill_total = calloc(entries, sizeof *a->fill_total);
		a->fill_size = calloc(entries, sizeof *a->fill_size);
		a->set_misses = calloc(a->info.sets, sizeof *a->set_misses);
		if (!a->fill_flash || !a->evict_flash || !a->miss_flash || !a->fill_total ||
		    !a->fill_size || !a->set_misses) {
			snprintf(err, errlen, "visualizer: out of host memory");
			return -1;
		}
		a->colour = plot_colours[i];
	}
	return 0;
}

void viz_model_free(struct viz *v)
{
	for (unsigned i = 0; i < v->narrays; i++) {
		free(v->arr[i].fill_flash);
		free(v->arr[i].evict_flash);
		free(v->arr[i].miss_flash);
		free(v->arr[i].fill_total);
		free(v->arr[i].fill_size);
		free(v->arr[i].set_misses);
	}
	free(v->hist);
}

unsigned viz_pd_shift(const struct viz *v)
{
	/* A PAE page-directory entry maps 2 MiB, a 32-bit one 4 MiB (SDM vol. 3, 4.3 and 4.4). */
	return (mmu_cr4(v->mc->mmu) & CR4_PAE) ? 21 : 22;
}

unsigned viz_pd_cells(const struct viz *v)
{
	return 1u << (32 - viz_pd_shift(v));
}

#ifdef PSE386_HAVE_MMU_EVENTS

static struct viz_array *event_array(struct viz *v, const struct mmu_event *ev)
{
	if (ev->array < 0 || (unsigned)ev->array >= v->narrays)
		return NULL;
	return &v->arr[ev->array];
}

static void flash_entry(struct viz_array *a, uint8_t *flash, unsigned set, unsigned way)
{
	if (set < a->info.sets && way < a->info.ways)
		flash[set * a->info.ways + way] = VIZ_FLASH;
}

void viz_event(struct viz *v, const struct mmu_event *ev)
{
	struct viz_array *a = event_array(v, ev);
	unsigned set;
	switch (ev->type) {
	case MMU_EV_MISS: {
		unsigned cell = ev->lin >> viz_pd_shift(v);
		v->heat[cell] += 1.0f;
		v->heat_total[cell]++;
		if (!a)
			break;
		a->misses++;
		if (mmu_tlb_lookup(v->mc->mmu, (unsigned)ev->array, ev->lin, &set) != -2 &&
		    set < a->info.sets) {
			a->miss_flash[set] = VIZ_FLASH;
			a->set_misses[set]++;
		}
		break;
	}
	case MMU_EV_FILL:
		if (a) {
			a->fills++;
			flash_entry(a, a->fill_flash, ev->set, ev->way);
			if (ev->set < a->info.sets && ev->way < a->info.ways) {
				size_t k = (size_t)ev->set * a->info.ways + ev->way;
				a->fill_total[k]++;
				a->fill_size[k] = ev->page_size;
			}
		}
		break;
	case MMU_EV_EVICT:
		if (a) {
			a->evictions++;
			flash_entry(a, a->evict_flash, ev->set, ev->way);
		}
		break;
	case MMU_EV_FLUSH: v->flushes++; break;
	case MMU_EV_WALK: v->walks++; break;
	case MMU_EV_FAULT: v->faults++; break;
	case MMU_EV_AD: break;
	}
}

#endif

static void push_history(struct viz *v, const float *rate)
{
	if (v->nhist == v->caphist) {
		size_t cap = v->caphist ? 2 * v->caphist : 1024;
		struct viz_sample *h = realloc(v->hist, cap * sizeof *h);
		if (!h)
			return; /* the summary plot just stops growing */
		v->hist = h;
		v->caphist = cap;
	}
	struct viz_sample *s = &v->hist[v->nhist++];
	s->icount = v->mc->cpu.icount;
	memcpy(s->rate, rate, sizeof s->rate);
}

void viz_model_sample(struct viz *v)
{
	uint64_t insns = v->mc->cpu.icount - v->frame_icount;
	float rate[VIZ_MAX_ARRAYS] = {0};
	if (insns == 0)
		return; /* paused: nothing ran, the plot stands still */
	for (unsigned i = 0; i < v->narrays; i++) {
		struct viz_array *a = &v->arr[i];
		rate[i] = 1000.0f * (float)(a->misses - a->misses_sample) / (float)insns;
		a->misses_sample = a->misses;
		a->plot[v->plot_pos] = rate[i];
	}
	v->plot_pos = (v->plot_pos + 1) % VIZ_PLOT_N;
	if (v->plot_len < VIZ_PLOT_N)
		v->plot_len++;
	push_history(v, rate);
	v->frame_icount = v->mc->cpu.icount;
}

static void decay(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			p[i]--;
}

void viz_model_decay(struct viz *v)
{
	for (unsigned i = 0; i < v->narrays; i++) {
		struct viz_array *a = &v->arr[i];
		size_t entries = (size_t)a->info.sets * a->info.ways;
		decay(a->fill_flash, entries);
		decay(a->evict_flash, entries);
		decay(a->miss_flash, a->info.sets);
	}
	for (unsigned i = 0; i < VIZ_PD_MAX; i++)
		v->heat[i] *= 0.8f;
}
