/*
 * stats.h - the statistics report printed at exit (--stats): every counter of the CPU, the MMU
 * and the kernel, as a readable table, JSON or CSV (keys documented in docs/statistics.md).
 */
#ifndef PSE386_STATS_H
#define PSE386_STATS_H

#include <stdio.h>

#include "machine.h"

enum stats_format { STATS_TEXT, STATS_JSON, STATS_CSV };

/* Parse "text", "json" or "csv".  0, or -1 if unknown. */
int stats_parse_format(const char *s, enum stats_format *out);

/* Print all counters of the machine to `out`, with rates per 1000 instructions in the text
 * and CSV forms. */
void stats_print(struct machine *mc, enum stats_format fmt, FILE *out);

#endif
