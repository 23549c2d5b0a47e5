/*
 * debug_cli.h - the debugger's command-line front end: libedit line editing and history on a
 * terminal, a script (--debug-script FILE) or commands read from a non-terminal stdin.
 */
#ifndef PSE386_DEBUG_CLI_H
#define PSE386_DEBUG_CLI_H

#include <stddef.h>

#include "debug.h"

int dbg_cli_open(struct debugger *d, const struct debug_config *cfg, char *err, size_t errlen);
void dbg_cli_close(struct debugger *d);
/* Print why the guest stopped and read commands until one resumes it (or input ends: then the
 * debugger detaches and the guest runs to its end). */
void dbg_cli_stopped(struct debugger *d, const char *reason);
void dbg_cli_exited(struct debugger *d, int status);

#endif
