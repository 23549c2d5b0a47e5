/*
 * debug_cli.c - the command-line front end of the debugger (debug_cli.h).
 */
#include "debug_cli.h"

#include <histedit.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debug_internal.h"

#define PROMPT "(pse386) "

static char *prompt_fn(EditLine *el)
{
	(void)el;
	return PROMPT;
}

int dbg_cli_open(struct debugger *d, const struct debug_config *cfg, char *err, size_t errlen)
{
	if (cfg->script && strcmp(cfg->script, "-") != 0) {
		d->script = fopen(cfg->script, "r");
		if (!d->script) {
			snprintf(err, errlen, "--debug-script: cannot open '%s'", cfg->script);
			return -1;
		}
	} else if (!isatty(STDIN_FILENO) || (cfg->script && strcmp(cfg->script, "-") == 0)) {
		d->script = stdin; /* commands on stdin */
	}
	d->interactive = cfg->cli && isatty(STDIN_FILENO);
	if (d->interactive) {
		EditLine *el = el_init("pse386", stdin, stdout, stderr);
		History *h = history_init();
		HistEvent ev;
		if (!el || !h) {
			snprintf(err, errlen, "libedit initialisation failed");
			return -1;
		}
		history(h, &ev, H_SETSIZE, 1000);
		el_set(el, EL_PROMPT, prompt_fn);
		el_set(el, EL_EDITOR, "emacs");
		el_set(el, EL_HIST, history, h);
		d->el = el;
		d->hist = h;
	}
	return 0;
}

void dbg_cli_close(struct debugger *d)
{
	if (d->script && d->script != stdin)
		fclose(d->script);
	d->script = NULL;
	if (d->el)
		el_end(d->el);
	if (d->hist)
		history_end(d->hist);
	d->el = d->hist = NULL;
}

/* The next command line (without its newline) in buf, or -1 when input has ended. */
static int read_line(struct debugger *d, char *buf, size_t len)
{
	while (d->script) {
		if (fgets(buf, (int)len, d->script)) {
			buf[strcspn(buf, "\r\n")] = '\0';
			printf(PROMPT "%s\n",
			       buf); /* echo, so a script's output reads as a session */
			return 0;
		}
		if (d->script != stdin)
			fclose(d->script);
		d->script = NULL;
	}
	if (!d->interactive)
		return -1;
	int n;
	const char *line = el_gets(d->el, &n);
	if (!line)
		return -1;
	snprintf(buf, len, "%s", line);
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0]) {
		HistEvent ev;
		history(d->hist, &ev, H_ENTER, buf);
	}
	return 0;
}

void dbg_cli_stopped(struct debugger *d, const char *reason)
{
	struct cpu *c = &d->mc->cpu;
	fflush(stdout);
	printf("stopped: %s\n", reason);
	dbg_disas(d->mc, c->eip + c->seg[SEG_CS].base, 1, stdout);
	char line[1024], last[1024] = "";
	for (;;) {
		fflush(stdout);
		if (read_line(d, line, sizeof line) != 0) {
			printf("end of debugger input: the guest runs on\n");
			d->detached = 1;
			return;
		}
		/* An empty line repeats the last command on a terminal, as in gdb. */
		if (!line[0] && d->interactive && !d->script)
			snprintf(line, sizeof line, "%s", last);
		snprintf(last, sizeof last, "%s", line);
		if (debug_command(d, line, stdout) || d->quit || d->detached)
			break;
	}
	fflush(stdout);
}

void dbg_cli_exited(struct debugger *d, int status)
{
	(void)d;
	fflush(stdout);
	printf("program exited with status %d\n", status);
	fflush(stdout);
}
