/*
 * viz.c - the visualizer's control: the window and its keys, the pacing of frames against the
 * guest (at most ~30 frames a second, the guest running in chunks in between), PNG frames every
 * N instructions, and the images written at exit.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "viz_internal.h"

#define FRAME_MS      33      /* ~30 frames per second */
#define CHUNK         200000u /* instructions between two looks at the clock */
#define DEFAULT_EVERY 1000000u
#define SPEED_LEVELS  8 /* 0 = full speed, then 10^6 ... 10^0 instructions per frame */

static uint64_t per_frame(const struct viz *v)
{
	uint64_t n = 1;
	for (int i = v->speed; i < SPEED_LEVELS - 1; i++)
		n *= 10;
	return n;
}

static int open_png_dir(struct viz *v, char *err, size_t errlen)
{
	if (mkdir(v->cfg.png_dir, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "--viz-png: cannot create %s: %s", v->cfg.png_dir,
		         strerror(errno));
		return -1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/frames.txt", v->cfg.png_dir);
	v->frames_log = fopen(path, "w");
	snprintf(path, sizeof path, "%s/layout.json", v->cfg.png_dir);
	if (!v->frames_log || viz_write_layout(v, path) != 0) {
		snprintf(err, errlen, "--viz-png: cannot write into %s", v->cfg.png_dir);
		return -1;
	}
	fprintf(v->frames_log, "# frame instructions file\n");
	return 0;
}

static int open_window(struct viz *v, char *err, size_t errlen)
{
	/* The frame is a software surface: blit it straight to X (XShm), not through an OpenGL
	 * renderer that would load a software rasteriser and its threads. */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
		snprintf(err, errlen, "--viz: no display (%s); --viz-png renders without one",
		         SDL_GetError());
		return -1;
	}
	/* Without a display SDL falls back to a driver that shows nothing; a window nobody sees
	 * would wait at exit forever.  Only an explicit SDL_VIDEODRIVER may choose one. */
	const char *drv = SDL_GetCurrentVideoDriver();
	if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) &&
	    !getenv("SDL_VIDEODRIVER")) {
		snprintf(err, errlen, "--viz: no display; --viz-png DIR renders without one");
		return -1;
	}
	v->win = SDL_CreateWindow("pse386 TLB", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
	                          VIZ_W, VIZ_H, 0);
	if (!v->win || !SDL_GetWindowSurface(v->win)) {
		snprintf(err, errlen, "--viz: cannot open a window: %s", SDL_GetError());
		return -1;
	}
	return 0;
}

struct viz *viz_new(struct machine *mc, const struct viz_config *cfg, char *err, size_t errlen)
{
	struct viz *v = calloc(1, sizeof *v);
	if (!v) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	v->mc = mc;
	v->cfg = *cfg;
	if (!v->cfg.every)
		v->cfg.every = DEFAULT_EVERY;
	v->next_png = v->cfg.every;
	if (SDL_Init(0) != 0) {
		snprintf(err, errlen, "SDL: %s", SDL_GetError());
		free(v);
		return NULL;
	}
	v->surf = SDL_CreateRGBSurfaceWithFormat(0, VIZ_W, VIZ_H, 32, SDL_PIXELFORMAT_RGB888);
	if (!v->surf) {
		snprintf(err, errlen, "SDL: %s", SDL_GetError());
		goto fail;
	}
	if (viz_model_init(v, err, errlen) != 0)
		goto fail;
	viz_layout(v);
	if (v->cfg.png_dir && open_png_dir(v, err, errlen) != 0)
		goto fail;
	if (v->cfg.window && open_window(v, err, errlen) != 0)
		goto fail;
	v->start_ms = v->frame_ms = SDL_GetTicks64();
	return v;
fail:
	viz_free(v);
	return NULL;
}

uint64_t viz_budget(struct viz *v, uint64_t n)
{
	uint64_t ran = v->mc->cpu.icount - v->frame_icount, chunk = CHUNK;
	if (v->step)
		return 1;
	if (v->cfg.png_dir && v->next_png > v->mc->cpu.icount)
		chunk = v->next_png - v->mc->cpu.icount;
	if (v->win && v->speed != 0) {
		uint64_t left = per_frame(v) > ran ? per_frame(v) - ran : 1;
		if (left < chunk)
			chunk = left;
	}
	if (chunk > CHUNK)
		chunk = CHUNK;
	return n < chunk ? n : chunk;
}

static void handle_key(struct viz *v, SDL_Keycode k)
{
	switch (k) {
	case SDLK_SPACE:
	case SDLK_p: v->paused = !v->paused; break;
	case SDLK_s:
		v->paused = 1;
		v->step = 1;
		break;
	case SDLK_PLUS:
	case SDLK_EQUALS:
	case SDLK_KP_PLUS:
		if (v->speed > 0) /* faster: from 1 instruction a frame up to full speed */
			v->speed--;
		break;
	case SDLK_MINUS:
	case SDLK_KP_MINUS:
		if (v->speed < SPEED_LEVELS - 1)
			v->speed++;
		break;
	case SDLK_q:
	case SDLK_ESCAPE: v->quit = 1; break;
	default: break;
	}
}

/* Returns 1 when something changed the display state. */
static int poll_events(struct viz *v, int wait_ms)
{
	SDL_Event e;
	int changed = 0;
	int got = wait_ms ? SDL_WaitEventTimeout(&e, wait_ms) : SDL_PollEvent(&e);
	while (got) {
		if (e.type == SDL_QUIT)
			v->quit = 1;
		else if (e.type == SDL_KEYDOWN)
			handle_key(v, e.key.keysym.sym);
		else if (e.type == SDL_WINDOWEVENT)
			changed = 1; /* exposed, resized: draw again */
		changed |= e.type == SDL_KEYDOWN || e.type == SDL_QUIT;
		got = SDL_PollEvent(&e);
	}
	return changed;
}

static void show(struct viz *v)
{
	if (!v->win)
		return;
	SDL_Surface *ws = SDL_GetWindowSurface(v->win);
	if (ws) {
		SDL_BlitSurface(v->surf, NULL, ws, NULL);
		SDL_UpdateWindowSurface(v->win);
		v->shown++;
	}
}

static void save_frame(struct viz *v, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", v->cfg.png_dir, name);
	if (viz_save_png(v->surf, path) != 0)
		fprintf(stderr, "pse386: --viz-png: cannot write %s\n", path);
}

static void frame(struct viz *v, int png)
{
	viz_model_sample(v);
	viz_render(v);
	show(v);
	if (png) {
		char name[64];
		snprintf(name, sizeof name, "frame-%06u.png", v->frame_no);
		save_frame(v, name);
		fprintf(v->frames_log, "%u %" PRIu64 " %s\n", v->frame_no, v->mc->cpu.icount, name);
		v->frame_no++;
	}
	viz_model_decay(v);
	v->frame_ms = SDL_GetTicks64();
}

/* Redraw without sampling (state changes while paused). */
static void redraw(struct viz *v)
{
	viz_render(v);
	show(v);
}

static int frame_due(struct viz *v)
{
	uint64_t now = SDL_GetTicks64();
	if (v->speed == 0)
		return now - v->frame_ms >= FRAME_MS;
	if (v->mc->cpu.icount - v->frame_icount < per_frame(v))
		return 0;
	if (now - v->frame_ms < FRAME_MS)
		SDL_Delay((uint32_t)(FRAME_MS - (now - v->frame_ms)));
	return 1;
}

int viz_after(struct viz *v)
{
	int stepped = v->step; /* the run that just ended was one single step */
	int png = v->cfg.png_dir && v->mc->cpu.icount >= v->next_png;
	v->step = 0;
	if (png) {
		while (v->next_png <= v->mc->cpu.icount)
			v->next_png += v->cfg.every;
	}
	if (!v->win) {
		if (png)
			frame(v, 1);
		return 0;
	}
	/* Asking X for events costs more than a system call: at most every VIZ_POLL_MS. */
	uint64_t now = SDL_GetTicks64();
	if (now - v->poll_ms >= VIZ_POLL_MS || stepped) {
		poll_events(v, 0);
		v->poll_ms = now;
	}
	/* With PNG frames, the window shows exactly those frames (flashes mean the same). */
	if (png || stepped || (!v->cfg.png_dir && frame_due(v)))
		frame(v, png);
	if (v->step)
		return v->quit; /* `s` while running: pause after one instruction */
	if (v->paused && !v->quit)
		redraw(v);
	while (v->paused && !v->step && !v->quit)
		if (poll_events(v, 100))
			redraw(v);
	return v->quit;
}

/* The guest ended before the first frame: draw its state now, as a frame would have. */
static void show_frame_now(struct viz *v)
{
	viz_model_sample(v);
	viz_render(v);
	show(v);
}

static void read_back_window(struct viz *v)
{
	SDL_Surface *ws = SDL_GetWindowSurface(v->win);
	SDL_Surface *copy = ws ? SDL_ConvertSurfaceFormat(ws, SDL_PIXELFORMAT_RGB888, 0) : NULL;
	if (!copy || viz_save_png(copy, v->cfg.shot_file) != 0)
		fprintf(stderr, "pse386: --viz-shot: cannot write %s\n", v->cfg.shot_file);
	SDL_FreeSurface(copy);
}

void viz_finish(struct viz *v)
{
	/* The window still shows the last frame drawn while the guest ran (the exit has since
	 * flushed its TLB entries): that is the screenshot. */
	if (v->win && v->cfg.shot_file) {
		if (!v->shown)
			show_frame_now(v);
		fprintf(stderr, "pse386: viz: video driver %s\n", SDL_GetCurrentVideoDriver());
		read_back_window(v);
	}
	v->exited = 1;
	v->paused = 0;
	frame(v, v->cfg.png_dir != NULL);
	if (v->cfg.png_dir) {
		viz_render_summary(v);
		save_frame(v, "summary.png");
	}
	if (v->win && v->cfg.hold && !v->quit) {
		redraw(v);
		while (!v->quit)
			if (poll_events(v, 200))
				redraw(v);
	}
}

void viz_free(struct viz *v)
{
	if (!v)
		return;
	if (v->frames_log)
		fclose(v->frames_log);
	viz_model_free(v);
	if (v->surf)
		SDL_FreeSurface(v->surf);
	if (v->win)
		SDL_DestroyWindow(v->win);
	SDL_Quit();
	free(v);
}

const struct viz_ops pse386_viz_ops = {VIZ_OPS_ABI, viz_new,    viz_budget, viz_after,
                                       viz_event,   viz_finish, viz_free};
