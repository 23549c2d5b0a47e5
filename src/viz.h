/*
 * viz.h - the TLB visualizer (docs/visualizer.md): an SDL2 window drawn while the guest runs
 * (--viz), the same frames rendered without a display into PNG files (--viz-png DIR), and a
 * summary image at exit.  Everything is drawn into one software surface, so the window and the
 * PNG files show the same pixels.
 *
 * The machine's run loop asks viz_budget() how many instructions to run before the next frame,
 * and calls viz_after() after every cpu_run(); MMU events reach viz_event() through the
 * observer hook (src/trace.h).
 */
#ifndef PSE386_VIZ_H
#define PSE386_VIZ_H

#include <stddef.h>
#include <stdint.h>

#include "mmu.h"

struct machine;
struct viz;
struct mmu_event;

struct viz_config {
	int window;            /* --viz: open an SDL window */
	const char *png_dir;   /* --viz-png DIR: frames, layout.json, frames.txt, summary.png */
	uint64_t every;        /* --viz-every N: instructions between PNG frames (0: default) */
	const char *shot_file; /* --viz-shot FILE: PNG of the window surface read back at exit */
	int hold;              /* keep the window open after the guest exits, until q */
};

/* Set up the window and/or PNG directory.  NULL with one line in err. */
struct viz *viz_new(struct machine *mc, const struct viz_config *cfg, char *err, size_t errlen);

/* Instructions the run loop may execute before calling viz_after() (at most n). */
uint64_t viz_budget(struct viz *v, uint64_t n);

/* After a cpu_run(): renders a frame when one is due, handles keys (pause and single-step wait
 * here).  Returns 1 when the user asked to quit. */
int viz_after(struct viz *v);

/* One MMU event (from the observer hook). */
void viz_event(struct viz *v, const struct mmu_event *ev);

/* The guest has exited: last frame, summary image, screenshot, hold the window. */
void viz_finish(struct viz *v);
void viz_free(struct viz *v);

/*
 * The visualizer is built as a module, pse386-viz.so, that pse386 loads only for --viz and
 * --viz-png (src/viz_load.h): linking SDL2 into pse386 itself would load some fifty shared
 * libraries (X11, Wayland, audio) at every start.  The module exports this table of the
 * functions above; it finds the MMU and kernel functions it calls in pse386.
 */
struct viz_ops {
	unsigned abi; /* VIZ_OPS_ABI: a module left from another build is refused, not called */
	struct viz *(*open)(struct machine *mc, const struct viz_config *cfg, char *err,
	                    size_t errlen);
	uint64_t (*budget)(struct viz *v, uint64_t n);
	int (*after)(struct viz *v);
	void (*event)(struct viz *v, const struct mmu_event *ev);
	void (*finish)(struct viz *v);
	void (*free)(struct viz *v);
};
#define VIZ_OPS_SYMBOL "pse386_viz_ops"
#define VIZ_OPS_ABI    (0x76697a00u + (unsigned)sizeof(struct viz_ops)) /* "viz" and the size */
extern const struct viz_ops pse386_viz_ops;

#endif
