/*
 * viz_internal.h - the visualizer's state, shared by its files: viz.c (control: window, keys,
 * pacing, PNG frames), viz_model.c (what the events and the MMU say), viz_render.c (the panels),
 * viz_draw.c (pixels and the built-in font), viz_png.c (PNG files).
 */
#ifndef PSE386_VIZ_INTERNAL_H
#define PSE386_VIZ_INTERNAL_H

#include <SDL.h>
#include <stdint.h>

#include "machine.h"
#include "viz.h"

#define VIZ_W          1040
#define VIZ_H          620
#define VIZ_MAX_ARRAYS 8
#define VIZ_PD_MAX     2048 /* page-directory cells: 1024 x 4 MiB, or 2048 x 2 MiB with PAE */
#define VIZ_PLOT_N     300  /* samples in the running plot (one per frame) */
#define VIZ_FLASH      6    /* frames a flash lasts; VIZ_FLASH itself means "since last frame" */
#define VIZ_POLL_MS    10   /* window events are polled at most this often (X is slow to ask) */

/* Colours (0xRRGGBB).  The tests rely on the families: 4 KiB entries blue, 4 MiB orange, 2 MiB
 * green, 4 KiB pieces of a large page magenta; the miss marker of the last frame exact. */
#define VIZ_BG        0x101418u
#define VIZ_PANEL     0x1c222au
#define VIZ_GRIDLINE  0x3a4450u
#define VIZ_INVALID   0x262b33u
#define VIZ_TEXT      0xd8dee6u
#define VIZ_DIM       0x8090a0u
#define VIZ_MISS_NOW  0xff2020u /* miss marker: a miss in this set since the previous frame */
#define VIZ_EVICT_NOW 0xff4040u
#define VIZ_FILL_NOW  0xffffffu
#define VIZ_4K        0x3c8cffu
#define VIZ_4M        0xff9a28u
#define VIZ_2M        0x3cdc64u
#define VIZ_PIECE     0xd050e0u
#define VIZ_PD_TABLE  0x3a6ea8u
#define VIZ_PD_NONE   0x20252cu

struct viz_rect {
	int x, y, w, h;
};

/* One TLB array: its geometry, where it is drawn, and what happened to it recently. */
struct viz_array {
	struct mmu_tlb_info info;
	struct viz_rect grid;   /* the sets x ways cells, with 1-pixel grid lines between them */
	int cell_w, cell_h;     /* pitch of a cell, grid line included */
	struct viz_rect marker; /* miss markers: one per set, left of the grid */
	uint8_t *fill_flash, *evict_flash; /* per entry (set * ways + way) */
	uint8_t *miss_flash;               /* per set */
	uint32_t *fill_total, *fill_size;  /* per entry, whole run: fills, page size of the last */
	uint64_t *set_misses;              /* per set, whole run */
	uint64_t misses, fills, evictions; /* whole run */
	uint64_t misses_sample;            /* misses at the previous plot sample */
	float plot[VIZ_PLOT_N];            /* misses per 1000 instructions, per frame */
	uint32_t colour;                   /* its line in the plot */
};

/* Summary history: one sample per frame, kept for the whole run (down-sampled at exit). */
struct viz_sample {
	uint64_t icount;
	float rate[VIZ_MAX_ARRAYS];
};

struct viz {
	struct machine *mc;
	struct viz_config cfg;
	SDL_Window *win;
	SDL_Surface *surf; /* XRGB8888, VIZ_W x VIZ_H: every frame is drawn here */
	unsigned narrays;
	struct viz_array arr[VIZ_MAX_ARRAYS];
	/* Page-directory map: heat from recent misses (decays every frame) and for the whole run.
	 */
	float heat[VIZ_PD_MAX];
	uint64_t heat_total[VIZ_PD_MAX];
	struct viz_rect pdmap;
	struct viz_rect plot;
	int plot_pos, plot_len;
	struct viz_sample *hist;
	size_t nhist, caphist;
	/* Counters the hook sees that the statistics do not split the same way. */
	uint64_t flushes, walks, faults;
	/* Pacing. */
	uint64_t frame_icount; /* instruction count at the previous frame */
	uint64_t frame_ms;     /* SDL ticks at the previous frame */
	uint64_t poll_ms;      /* SDL ticks when events were last polled */
	uint64_t start_ms;
	uint64_t next_png; /* instruction count of the next PNG frame */
	unsigned frame_no;
	int paused, step, quit,
	    speed; /* speed: 0 = full, k > 0 = 10^(k-1) instructions per frame */
	int exited;
	unsigned shown; /* frames shown in the window */
	FILE *frames_log;
};

/* viz_draw.c */
void viz_fill(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb);
void viz_frame_rect(SDL_Surface *s, int x, int y, int w, int h, uint32_t rgb);
void viz_line(SDL_Surface *s, int x0, int y0, int x1, int y1, uint32_t rgb);
/* Built-in 3x5 font drawn at `scale`; returns the x after the text. */
int viz_text(SDL_Surface *s, int x, int y, int scale, uint32_t rgb, const char *text);
int viz_printf(SDL_Surface *s, int x, int y, int scale, uint32_t rgb, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
uint32_t viz_scale_rgb(uint32_t rgb, float k);
uint32_t viz_get_pixel(SDL_Surface *s, int x, int y);

/* viz_model.c */
int viz_model_init(struct viz *v, char *err, size_t errlen);
void viz_model_free(struct viz *v);
void viz_model_sample(struct viz *v);       /* one plot sample per frame (before drawing it) */
void viz_model_decay(struct viz *v);        /* flashes and heat fade (after drawing the frame) */
unsigned viz_pd_cells(const struct viz *v); /* 1024, or 2048 with PAE */
unsigned viz_pd_shift(const struct viz *v); /* 22, or 21 with PAE */

/* viz_render.c */
void viz_layout(struct viz *v);
void viz_render(struct viz *v);
void viz_render_summary(struct viz *v);
int viz_write_layout(const struct viz *v, const char *path);

/* viz_png.c */
int viz_save_png(SDL_Surface *s, const char *path);

#endif
