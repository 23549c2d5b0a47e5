/*
 * viz_render.c - the panels of a frame: the TLB arrays as sets x ways grids, the page-directory
 * map with miss heat, the running plot of misses per 1000 instructions, the counters.  The same
 * code draws the live frames and the summary image; docs/visualizer.md explains how to read them.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kdebug.h"
#include "viz_internal.h"

#define TLB_X     8
#define TLB_Y     40
#define TLB_W     640
#define TLB_GRIDH 270
#define MARKER_W  6
#define PD_X      700
#define PD_Y      40
#define PD_ROWS   32
#define PD_CELLH  10
#define PLOT_X    8
#define PLOT_Y    370
#define PLOT_W    640
#define PLOT_H    200
#define CNT_X     700
#define CNT_Y     400

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Grid lines need 3 pixels of pitch to leave a visible cell; below that cells touch. */
static int has_lines(int pitch)
{
	return pitch >= 3;
}

void viz_layout(struct viz *v)
{
	int slot = TLB_W / (int)(v->narrays ? v->narrays : 1);
	for (unsigned i = 0; i < v->narrays; i++) {
		struct viz_array *a = &v->arr[i];
		int x = TLB_X + (int)i * slot;
		int gx = x + MARKER_W + 3;
		int avail = slot - MARKER_W - 3 - 14;
		a->cell_w = clampi(avail / (int)a->info.ways, 1, 36);
		a->cell_h = clampi(TLB_GRIDH / (int)a->info.sets, 1, 24);
		int lw = has_lines(a->cell_w) && has_lines(a->cell_h);
		a->grid = (struct viz_rect){gx, TLB_Y + 24, (int)a->info.ways * a->cell_w + lw,
		                            (int)a->info.sets * a->cell_h + lw};
		a->marker = (struct viz_rect){x, a->grid.y, MARKER_W, a->grid.h};
	}
	v->pdmap = (struct viz_rect){PD_X, PD_Y + 14, 320, PD_ROWS * PD_CELLH};
	v->plot = (struct viz_rect){PLOT_X, PLOT_Y, PLOT_W, PLOT_H};
}

static int array_lines(const struct viz_array *a)
{
	return has_lines(a->cell_w) && has_lines(a->cell_h);
}

/* Base colour of an entry by what it maps (the families the tests look for). */
static uint32_t entry_colour(const struct mmu_tlb_entry *e)
{
	if (e->flags & MMU_TLBE_PIECE)
		return VIZ_PIECE;
	if (e->page_size == (4u << 20))
		return VIZ_4M;
	if (e->page_size == (2u << 20))
		return VIZ_2M;
	return VIZ_4K;
}

/* A flash outlines the cell so that the entry's colour stays visible inside; cells too small
 * for an outline are filled. */
static void flash_cell(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb)
{
	if (w >= 6 && h >= 6) {
		viz_frame_rect(s, x, y, w, h, rgb);
		viz_frame_rect(s, x + 1, y + 1, w - 2, h - 2, rgb);
	} else {
		viz_fill(s, x, y, w, h, rgb);
	}
}

/* Live: the entry as the MMU holds it now, brightness by recency (the most recent entry of a
 * set at full), outlined when filled or evicted since the previous frame. */
static void live_cell(struct viz *v, struct viz_array *a, unsigned set, unsigned way,
                      struct viz_rect r)
{
	struct mmu_tlb_entry e;
	uint32_t c = VIZ_INVALID;
	if (mmu_tlb_entry(v->mc->mmu, (unsigned)(a - v->arr), set, way, &e) == 0 && e.valid)
		c = viz_scale_rgb(entry_colour(&e),
		                  1.0f - 0.6f * (float)e.rank / (float)a->info.ways);
	viz_fill(v->surf, r.x, r.y, r.w, r.h, c);
	size_t k = set * a->info.ways + way;
	if (a->evict_flash[k] == VIZ_FLASH)
		flash_cell(v->surf, r.x, r.y, r.w, r.h, VIZ_EVICT_NOW);
	else if (a->fill_flash[k] == VIZ_FLASH)
		flash_cell(v->surf, r.x, r.y, r.w, r.h, VIZ_FILL_NOW);
}

/* 0.25..1 on a log scale of n against the largest value top; 0 for none. */
static float log_share(uint64_t n, uint64_t top)
{
	if (!n)
		return 0;
	return 0.25f + 0.75f * logf((float)n) / logf((float)(top > 1 ? top : 2));
}

/* Summary: how often each entry was filled over the run, in the colour of its last page size. */
static void summary_cell(struct viz *v, struct viz_array *a, unsigned set, unsigned way,
                         struct viz_rect r, uint32_t top)
{
	size_t k = set * a->info.ways + way;
	struct mmu_tlb_entry e = {.page_size = a->fill_size[k]};
	if (a->fill_size[k] > PAGE_SIZE && strncmp(a->info.holds, "4k", 2) == 0 &&
	    !strstr(a->info.holds, "large"))
		e.flags = MMU_TLBE_PIECE;
	uint32_t c = a->fill_total[k]
	                 ? viz_scale_rgb(entry_colour(&e), log_share(a->fill_total[k], top))
	                 : VIZ_INVALID;
	viz_fill(v->surf, r.x, r.y, r.w, r.h, c);
}

static void draw_array(struct viz *v, struct viz_array *a, int summary)
{
	SDL_Surface *s = v->surf;
	int lw = array_lines(a);
	unsigned ways = a->info.ways;
	uint32_t top_fills = 1;
	uint64_t top_misses = 1;
	for (size_t k = 0; k < (size_t)a->info.sets * ways; k++)
		if (a->fill_total[k] > top_fills)
			top_fills = a->fill_total[k];
	for (unsigned set = 0; set < a->info.sets; set++)
		if (a->set_misses[set] > top_misses)
			top_misses = a->set_misses[set];
	viz_text(s, a->marker.x, TLB_Y, 2, VIZ_TEXT, a->info.name);
	viz_printf(s, a->marker.x, TLB_Y + 12, 1, VIZ_DIM, "%ux%u %s", a->info.sets, ways,
	           a->info.policy);
	viz_fill(s, a->grid.x, a->grid.y, a->grid.w, a->grid.h, lw ? VIZ_GRIDLINE : VIZ_INVALID);
	for (unsigned set = 0; set < a->info.sets; set++) {
		int y = a->grid.y + (int)set * a->cell_h + lw;
		uint8_t mf = a->miss_flash[set];
		uint32_t mc =
		    mf == VIZ_FLASH ? VIZ_MISS_NOW : viz_scale_rgb(VIZ_MISS_NOW, 0.12f * (float)mf);
		if (summary) /* misses of the whole run, never the exact "just now" colour */
			mc = viz_scale_rgb(VIZ_MISS_NOW,
			                   0.9f * log_share(a->set_misses[set], top_misses));
		viz_fill(s, a->marker.x, y, MARKER_W, a->cell_h - lw,
		         mf || summary ? mc : VIZ_PANEL);
		for (unsigned way = 0; way < ways; way++) {
			struct viz_rect r = {a->grid.x + (int)way * a->cell_w + lw, y,
			                     a->cell_w - lw, a->cell_h - lw};
			if (summary)
				summary_cell(v, a, set, way, r, top_fills);
			else
				live_cell(v, a, set, way, r);
		}
	}
	int ty = a->grid.y + a->grid.h + 4;
	viz_printf(s, a->marker.x, ty, 1, VIZ_DIM, "MISS %" PRIu64, a->misses);
	viz_printf(s, a->marker.x, ty + 8, 1, VIZ_DIM, "EVICT %" PRIu64, a->evictions);
	if (summary)
		viz_printf(s, a->marker.x, ty + 16, 1, VIZ_DIM, "FILLS BY ENTRY, LOG SCALE");
}

/* Mix towards hot red by k in [0,1]. */
static uint32_t heat_mix(uint32_t base, float k)
{
	if (k <= 0)
		return base;
	if (k > 1)
		k = 1;
	uint32_t hot = 0xff3010u, out = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		float b = (float)((base >> sh) & 0xff), h = (float)((hot >> sh) & 0xff);
		out |= (uint32_t)(b + (h - b) * k) << sh;
	}
	return out;
}

/* What one page-directory entry holds, read like the debugger does (no TLB/statistics effect). */
static uint32_t pde_colour(struct viz *v, uint32_t lin)
{
	struct mmu_walk_info w;
	mmu_walk_describe(v->mc->mmu, lin, &w);
	if (!w.paging)
		return VIZ_PD_NONE;
	for (unsigned i = 0; i < w.nlevels; i++) {
		if (strcmp(w.level[i].name, "PDE") != 0)
			continue;
		if (!(w.level[i].value & PTE_P))
			return VIZ_PD_NONE;
		if (w.level[i].value & PTE_PS) /* PS in a PDE: a large page (SDM vol. 3, 4.3) */
			return viz_pd_shift(v) == 21 ? VIZ_2M : VIZ_4M;
		return VIZ_PD_TABLE;
	}
	return VIZ_PD_NONE;
}

static void draw_pdmap(struct viz *v, const float *heat, const char *title)
{
	SDL_Surface *s = v->surf;
	unsigned cells = viz_pd_cells(v), shift = viz_pd_shift(v);
	int cols = (int)cells / PD_ROWS, cw = v->pdmap.w / cols;
	viz_text(s, PD_X, PD_Y, 2, VIZ_TEXT, title);
	viz_fill(s, v->pdmap.x, v->pdmap.y, v->pdmap.w, v->pdmap.h, VIZ_BG);
	for (unsigned i = 0; i < cells; i++) {
		int x = v->pdmap.x + (int)(i % (unsigned)cols) * cw;
		int y = v->pdmap.y + (int)(i / (unsigned)cols) * PD_CELLH;
		uint32_t c = heat_mix(pde_colour(v, i << shift), heat[i]);
		viz_fill(s, x, y, cw - 1, PD_CELLH - 1, c);
	}
	for (int r = 0; r < PD_ROWS; r += 8)
		viz_printf(s, PD_X - 38, v->pdmap.y + r * PD_CELLH + 2, 1, VIZ_DIM, "%08X",
		           (uint32_t)r * (uint32_t)cols << shift);
	int ly = v->pdmap.y + v->pdmap.h + 4;
	int x = PD_X;
	static const struct {
		uint32_t c;
		const char *name;
	} legend[] = {{VIZ_PD_NONE, "NONE"},
	              {VIZ_PD_TABLE, "TABLE"},
	              {VIZ_4M, "4M"},
	              {VIZ_2M, "2M"},
	              {0xff3010u, "MISSES"}};
	for (size_t i = 0; i < sizeof legend / sizeof legend[0]; i++) {
		viz_fill(s, x, ly, 8, 8, legend[i].c);
		x = viz_text(s, x + 11, ly + 1, 1, VIZ_DIM, legend[i].name) + 8;
	}
}

/* series[i][0..n-1], oldest first. */
static void draw_plot(struct viz *v, float series[][VIZ_PLOT_N], int n, int slots,
                      const char *title)
{
	SDL_Surface *s = v->surf;
	struct viz_rect p = v->plot;
	viz_fill(s, p.x, p.y, p.w, p.h, VIZ_PANEL);
	float top = 1.0f;
	for (unsigned a = 0; a < v->narrays; a++)
		for (int i = 0; i < n; i++)
			if (series[a][i] > top)
				top = series[a][i];
	top = powf(10.0f, ceilf(log10f(top) * 2.0f) / 2.0f); /* 1, 3.16, 10, 31.6 ... */
	viz_printf(s, p.x + 4, p.y + 4, 2, VIZ_TEXT, "%s  (MAX %.4g)", title, (double)top);
	int lx = p.x + 4;
	for (unsigned a = 0; a < v->narrays; a++)
		lx = viz_text(s, lx, p.y + 18, 1, v->arr[a].colour, v->arr[a].info.name) + 10;
	int y0 = p.y + p.h - 4, hgt = p.h - 32;
	viz_fill(s, p.x, y0 + 1, p.w, 1, VIZ_GRIDLINE);
	for (unsigned a = 0; a < v->narrays; a++) {
		for (int i = 1; i < n; i++) {
			int x0 = p.x + (i - 1) * p.w / slots, x1 = p.x + i * p.w / slots;
			int ya = y0 - (int)((float)hgt * series[a][i - 1] / top);
			int yb = y0 - (int)((float)hgt * series[a][i] / top);
			viz_line(s, x0, ya, x1, yb, v->arr[a].colour);
		}
	}
}

struct counters {
	uint64_t iloads, imiss, dloads, dmiss, walks, walk_reads, cr3, invlpg, pf;
};

static void pick(void *ctx, const char *key, uint64_t value)
{
	struct counters *c = ctx;
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
	    {"iTLB-loads", offsetof(struct counters, iloads)},
	    {"iTLB-load-misses", offsetof(struct counters, imiss)},
	    {"dTLB-loads", offsetof(struct counters, dloads)},
	    {"dTLB-stores", offsetof(struct counters, dloads)},
	    {"dTLB-load-misses", offsetof(struct counters, dmiss)},
	    {"dTLB-store-misses", offsetof(struct counters, dmiss)},
	    {"walks", offsetof(struct counters, walks)},
	    {"walk_reads", offsetof(struct counters, walk_reads)},
	    {"flush.cr3", offsetof(struct counters, cr3)},
	    {"flush.invlpg", offsetof(struct counters, invlpg)},
	    {"pf.total", offsetof(struct counters, pf)},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(key, keys[i].key) == 0)
			*(uint64_t *)(void *)((char *)c + keys[i].off) += value;
}

static void draw_counters(struct viz *v, double mips)
{
	SDL_Surface *s = v->surf;
	struct counters c = {0};
	mmu_stats_foreach(v->mc->mmu, pick, &c);
	uint64_t n = v->mc->cpu.icount;
	double k = n ? 1000.0 / (double)n : 0;
	int y = CNT_Y, dy = 14;
	viz_printf(s, CNT_X, y, 2, VIZ_TEXT, "INSNS   %" PRIu64, n);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "MIPS    %.1f", mips);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "ITLB    %" PRIu64 " / %" PRIu64, c.imiss,
	           c.iloads);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "DTLB    %" PRIu64 " / %" PRIu64, c.dmiss,
	           c.dloads);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "MISS/KI %.3f", (double)(c.imiss + c.dmiss) * k);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "WALKS   %" PRIu64 " (%" PRIu64 " RD)", c.walks,
	           c.walk_reads);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "FLUSH   CR3 %" PRIu64 " INVLPG %" PRIu64, c.cr3,
	           c.invlpg);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "FAULTS  %" PRIu64, c.pf);
	viz_printf(s, CNT_X, y += dy, 2, VIZ_TEXT, "PID     %d", kdebug_current_pid(v->mc->kern));
}

static void draw_title(struct viz *v, const char *what)
{
	viz_printf(v->surf, 8, 8, 2, VIZ_TEXT, "PSE386 TLB  %s  PRESET %s  CR4 %s%s%s", what,
	           mmu_preset_name(v->mc->mmu), (mmu_cr4(v->mc->mmu) & CR4_PSE) ? "PSE " : "",
	           (mmu_cr4(v->mc->mmu) & CR4_PAE) ? "PAE " : "",
	           (mmu_cr4(v->mc->mmu) & CR4_PGE) ? "PGE" : "");
}

static void draw_status(struct viz *v)
{
	char speed[32];
	if (v->speed == 0)
		snprintf(speed, sizeof speed, "FULL");
	else
		snprintf(speed, sizeof speed, "%.0f INSN/FRAME", pow(10.0, 7 - v->speed));
	viz_printf(v->surf, 8, VIZ_H - 16, 2, v->paused ? 0xffd040u : VIZ_DIM,
	           "%s  SPEED %s   KEYS: SPACE PAUSE  S STEP  + - SPEED  Q QUIT",
	           v->exited   ? "EXITED"
	           : v->paused ? "PAUSED"
	                       : "RUNNING",
	           speed);
}

void viz_render(struct viz *v)
{
	uint64_t now = SDL_GetTicks64();
	double ms = (double)(now - v->start_ms);
	double mips = ms > 0 ? (double)v->mc->cpu.icount / ms / 1000.0 : 0;
	SDL_FillRect(v->surf, NULL, VIZ_BG);
	draw_title(v, "LIVE");
	for (unsigned i = 0; i < v->narrays; i++)
		draw_array(v, &v->arr[i], 0);
	float heat[VIZ_PD_MAX];
	for (unsigned i = 0; i < VIZ_PD_MAX; i++)
		heat[i] = sqrtf(v->heat[i]) / 4.0f;
	draw_pdmap(v, heat, "PAGE DIRECTORY");
	static float series[VIZ_MAX_ARRAYS][VIZ_PLOT_N];
	int start = (v->plot_pos - v->plot_len + VIZ_PLOT_N) % VIZ_PLOT_N;
	for (unsigned a = 0; a < v->narrays; a++)
		for (int i = 0; i < v->plot_len; i++)
			series[a][i] = v->arr[a].plot[(start + i) % VIZ_PLOT_N];
	draw_plot(v, series, v->plot_len, VIZ_PLOT_N, "MISSES PER 1000 INSNS");
	draw_counters(v, mips);
	draw_status(v);
}

void viz_render_summary(struct viz *v)
{
	SDL_FillRect(v->surf, NULL, VIZ_BG);
	draw_title(v, "SUMMARY");
	for (unsigned i = 0; i < v->narrays; i++)
		draw_array(v, &v->arr[i], 1);
	/* Heat of the whole run, on a log scale relative to the hottest region. */
	float heat[VIZ_PD_MAX];
	uint64_t top = 1;
	for (unsigned i = 0; i < VIZ_PD_MAX; i++)
		if (v->heat_total[i] > top)
			top = v->heat_total[i];
	for (unsigned i = 0; i < VIZ_PD_MAX; i++)
		heat[i] = log_share(v->heat_total[i], top);
	draw_pdmap(v, heat, "MISSES, WHOLE RUN");
	/* The whole run in VIZ_PLOT_N buckets, each the mean of its frames. */
	static float series[VIZ_MAX_ARRAYS][VIZ_PLOT_N];
	int n = v->nhist < VIZ_PLOT_N ? (int)v->nhist : VIZ_PLOT_N;
	for (int b = 0; b < n; b++) {
		size_t lo = (size_t)b * v->nhist / (size_t)n,
		       hi = (size_t)(b + 1) * v->nhist / (size_t)n;
		for (unsigned a = 0; a < v->narrays; a++) {
			float sum = 0;
			for (size_t j = lo; j < hi; j++)
				sum += v->hist[j].rate[a];
			series[a][b] = hi > lo ? sum / (float)(hi - lo) : 0;
		}
	}
	draw_plot(v, series, n, n > 1 ? n - 1 : 1, "MISSES PER 1000 INSNS, WHOLE RUN");
	double ms = (double)(SDL_GetTicks64() - v->start_ms);
	draw_counters(v, ms > 0 ? (double)v->mc->cpu.icount / ms / 1000.0 : 0);
}

int viz_write_layout(const struct viz *v, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"width\": %d, \"height\": %d, \"preset\": \"%s\",\n \"arrays\": [", VIZ_W,
	        VIZ_H, mmu_preset_name(v->mc->mmu));
	for (unsigned i = 0; i < v->narrays; i++) {
		const struct viz_array *a = &v->arr[i];
		fprintf(f,
		        "%s\n  {\"index\": %u, \"name\": \"%s\", \"holds\": \"%s\", \"sets\": %u, "
		        "\"ways\": %u, \"grid\": [%d, %d, %d, %d], \"cell\": [%d, %d], "
		        "\"lines\": %d, \"marker\": [%d, %d, %d, %d]}",
		        i ? "," : "", i, a->info.name, a->info.holds, a->info.sets, a->info.ways,
		        a->grid.x, a->grid.y, a->grid.w, a->grid.h, a->cell_w, a->cell_h,
		        array_lines(a), a->marker.x, a->marker.y, a->marker.w, a->marker.h);
	}
	fprintf(f, "],\n \"pdmap\": [%d, %d, %d, %d], \"plot\": [%d, %d, %d, %d],\n", v->pdmap.x,
	        v->pdmap.y, v->pdmap.w, v->pdmap.h, v->plot.x, v->plot.y, v->plot.w, v->plot.h);
	fprintf(f,
	        " \"colours\": {\"gridline\": %u, \"invalid\": %u, \"miss_now\": %u, "
	        "\"evict_now\": %u, \"fill_now\": %u, \"4k\": %u, \"4m\": %u, \"2m\": %u, "
	        "\"piece\": %u, \"panel\": %u}}\n",
	        VIZ_GRIDLINE, VIZ_INVALID, VIZ_MISS_NOW, VIZ_EVICT_NOW, VIZ_FILL_NOW, VIZ_4K,
	        VIZ_4M, VIZ_2M, VIZ_PIECE, VIZ_PANEL);
	return fclose(f);
}
