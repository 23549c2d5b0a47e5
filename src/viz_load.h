/*
 * viz_load.h - loading the visualizer module (src/viz.h, "struct viz_ops") on demand.
 */
#ifndef PSE386_VIZ_LOAD_H
#define PSE386_VIZ_LOAD_H

#include <stddef.h>

#include "viz.h"

/* The module's functions: pse386-viz.so next to the pse386 executable, else the one in the build
 * tree (tests run from their own directories).  NULL with one line in err. */
const struct viz_ops *viz_load(char *err, size_t errlen);

#endif
