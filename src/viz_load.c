/*
 * viz_load.c - finds and opens the visualizer module (src/viz.h explains why it is one).
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "viz_load.h"

#define MODULE_NAME "pse386-viz.so"

/* DIR/pse386-viz.so where DIR holds the running executable; 0, or -1 when unknown. */
static int beside_exe(char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return snprintf(out, outlen, "%s/%s", exe, MODULE_NAME) < (int)outlen ? 0 : -1;
}

const struct viz_ops *viz_load(char *err, size_t errlen)
{
	static const struct viz_ops *ops;
	if (ops)
		return ops;
	char path[PATH_MAX];
	void *h = NULL;
	if (beside_exe(path, sizeof path) == 0)
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
#ifdef PSE386_VIZ_MODULE
	if (!h)
		h = dlopen(PSE386_VIZ_MODULE, RTLD_NOW | RTLD_LOCAL);
#endif
	if (!h) {
		snprintf(err, errlen, "the visualizer module %s cannot be loaded: %s", MODULE_NAME,
		         dlerror());
		return NULL;
	}
	const struct viz_ops *o = (const struct viz_ops *)dlsym(h, VIZ_OPS_SYMBOL);
	if (!o || o->abi != VIZ_OPS_ABI) {
		snprintf(err, errlen, "%s is not this pse386's visualizer (rebuild it)",
		         MODULE_NAME);
		dlclose(h);
		return NULL;
	}
	return ops = o;
}
