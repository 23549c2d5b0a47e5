/*
 * options.h - the command line of pse386 (docs/cli.md).
 */
#ifndef PSE386_OPTIONS_H
#define PSE386_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "machine.h"
#include "stats.h"
#include "viz.h"

struct options {
	struct machine_options machine;
	int stats; /* print statistics at exit */
	enum stats_format stats_format;
	const char *stats_file; /* NULL: stderr */
	int help, version;
	int debug;                /* --debug: start in the debugger */
	int debug_on_fault;       /* --debug-on-fault: enter it on a fault or signal only */
	const char *debug_script; /* --debug-script FILE */
	int gdb_port;             /* --gdb PORT, 0 if none */
	struct viz_config viz; /* --viz, --viz-png DIR, --viz-every N, --viz-shot F, --viz-nohold */
	const char *trace_file; /* --trace FILE */
	int prog_index;         /* argv index of the guest program */
};

/* Parse argv.  Returns 0, or -1 with one line in err (unknown option, bad value, no program). */
int options_parse(struct options *o, int argc, char *argv[], char *err, size_t errlen);

/* Parse a size such as 4096, 64K, 256M, 1G.  0, or -1 if malformed or zero. */
int parse_size(const char *s, uint64_t *out);

void options_usage(FILE *out);

#endif
