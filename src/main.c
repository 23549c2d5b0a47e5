/*
 * main.c - pse386: run a static i386 Linux program on emulated 2002-era paging hardware.
 */
#include <stdio.h>
#include <stdlib.h>

#include "debug.h"
#include "machine.h"
#include "options.h"
#include "stats.h"
#include "trace.h"

#define PSE386_VERSION "0.1"

extern char **environ;

int main(int argc, char *argv[])
{
	struct options o;
	char err[512];

	if (options_parse(&o, argc, argv, err, sizeof err) != 0) {
		fprintf(stderr, "pse386: %s\n", err);
		return 2;
	}
	if (o.help) {
		options_usage(stdout);
		return 0;
	}
	if (o.version) {
		printf("pse386 %s\n", PSE386_VERSION);
		return 0;
	}

	struct machine mc;
	if (machine_init(&mc, &o.machine, err, sizeof err) != 0) {
		fprintf(stderr, "pse386: %s\n", err);
		return 1;
	}
	const char *prog = argv[o.prog_index];
	if (machine_spawn(&mc, prog, argc - o.prog_index, argv + o.prog_index, environ, err,
	                  sizeof err) != 0) {
		fprintf(stderr, "pse386: %s\n", err);
		machine_destroy(&mc);
		return 1;
	}
	if (o.debug || o.debug_on_fault || o.debug_script || o.gdb_port) {
		struct debug_config dc = {.cli = o.debug || o.debug_on_fault,
		                          .on_fault = o.debug_on_fault,
		                          .script = o.debug_script,
		                          .gdb_port = o.gdb_port};
		mc.dbg = debug_new(&mc, &dc, err, sizeof err);
		if (!mc.dbg) {
			fprintf(stderr, "pse386: %s\n", err);
			machine_destroy(&mc);
			return 1;
		}
	}
	if (observers_open(&mc, o.trace_file, &o.viz, err, sizeof err) != 0) {
		fprintf(stderr, "pse386: %s\n", err);
		debug_free(mc.dbg);
		machine_destroy(&mc);
		return 1;
	}
	int status = machine_run(&mc);
	observers_close(&mc, status);
	fflush(stdout);
	if (o.stats) {
		FILE *out = stderr;
		if (o.stats_file && !(out = fopen(o.stats_file, "w"))) {
			perror(o.stats_file);
			out = stderr;
		}
		stats_print(&mc, o.stats_format, out);
		if (out != stderr)
			fclose(out);
	}
	debug_free(mc.dbg);
	mc.dbg = NULL;
	machine_destroy(&mc);
	return status;
}
