/*
 * test_viz_keys.c GUEST: the window's keys, driven by SDL key events under Xvfb (run through
 * xvfb-run by CTest).  Facts from docs/visualizer.md ("Keys"): `s` pauses and lets exactly one
 * instruction run; space resumes at full speed; `-` slows to 10^6 instructions per frame and
 * each further `-` divides by 10; `+` speeds up again; `q` quits.  The keys arrive from an SDL
 * timer thread while viz_after() waits in its pause loop, as a user's would.
 */
#include <stdio.h>
#include <stdlib.h>

#include "machine.h"
#include "viz_internal.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("FAIL line %d: ", __LINE__);                                        \
			printf(__VA_ARGS__);                                                       \
			printf("\n");                                                              \
			failures++;                                                                \
		}                                                                                  \
	} while (0)

static void push_key(SDL_Keycode k)
{
	SDL_Event e = {0};
	e.type = SDL_KEYDOWN;
	e.key.keysym.sym = k;
	SDL_PushEvent(&e);
}

/* A key pressed now is seen by the next viz_after() once VIZ_POLL_MS has passed. */
static void press(SDL_Keycode k)
{
	push_key(k);
	SDL_Delay(VIZ_POLL_MS + 5);
}

static Uint32 later_key(Uint32 interval, void *param)
{
	(void)interval;
	push_key((SDL_Keycode)(intptr_t)param);
	return 0; /* once */
}

int main(int argc, char **argv)
{
	char err[256];
	struct machine_options o;
	struct machine mc;
	if (argc < 2)
		return 2;
	machine_default_options(&o);
	if (machine_init(&mc, &o, err, sizeof err) != 0 ||
	    machine_spawn(&mc, argv[1], 1, argv + 1, NULL, err, sizeof err) != 0) {
		printf("machine: %s\n", err);
		return 1;
	}
	struct viz_config cfg = {.window = 1};
	struct viz *v = viz_new(&mc, &cfg, err, sizeof err);
	if (!v) {
		printf("viz: %s\n", err);
		return 1;
	}
	SDL_InitSubSystem(SDL_INIT_TIMER);
	CHECK(viz_budget(v, 1000000) > 1, "full speed runs more than one instruction");

	/* s while running: paused, and the next run is exactly one instruction. */
	press(SDLK_s);
	CHECK(viz_after(v) == 0, "s does not quit");
	CHECK(v->paused, "s pauses");
	CHECK(viz_budget(v, 1000000) == 1, "a step is one instruction");
	/* After the step it waits paused; the next s (sent while it waits) allows one more. */
	SDL_AddTimer(100, later_key, (void *)(intptr_t)SDLK_s);
	CHECK(viz_after(v) == 0, "waiting for a key");
	CHECK(v->paused, "still paused");
	CHECK(viz_budget(v, 1000000) == 1, "a step is one instruction (got %llu)",
	      (unsigned long long)viz_budget(v, 1000000));
	/* space resumes (sent while paused again after the step). */
	SDL_AddTimer(100, later_key, (void *)(intptr_t)SDLK_SPACE);
	CHECK(viz_after(v) == 0, "space does not quit");
	CHECK(!v->paused, "space resumes");
	CHECK(viz_budget(v, 1000000) > 1, "running again");

	/* - : 10^6 instructions per frame, then 10^5; + goes back. */
	press(SDLK_MINUS);
	viz_after(v);
	CHECK(v->speed == 1, "one - : speed level 1 (got %d)", v->speed);
	press(SDLK_MINUS);
	viz_after(v);
	CHECK(viz_budget(v, 1u << 30) <= 100000, "two - : at most 10^5 instructions a frame");
	press(SDLK_PLUS);
	push_key(SDLK_PLUS);
	viz_after(v);
	CHECK(v->speed == 0, "two + : full speed again (got %d)", v->speed);

	press(SDLK_q);
	CHECK(viz_after(v) == 1, "q quits");
	CHECK(SDL_GetWindowSurface(v->win) != NULL, "the window has a surface");
	viz_free(v);
	machine_destroy(&mc);
	printf("%s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
