/*
 * debug_cmds.c - the debugger's commands: parsing, the table with short aliases, and `help`.
 * The same table serves the command line, scripts and gdb's `monitor` (qRcmd).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "debug_internal.h"
#include "debug_paging.h"
#include "disasm.h"
#include "kdebug.h"
#include "stats.h"

#define MAX_ARGS 8

typedef int (*cmd_fn)(struct debugger *d, int argc, char **argv, FILE *out);

struct command {
	const char *name, *alias, *args, *help;
	cmd_fn fn;
};

static const struct command commands[];

/* A number (0x hex, decimal), a register name (eip, $esp...) or NAME+N / NAME-N. */
int dbg_parse_addr(struct debugger *d, const char *s, uint64_t *out)
{
	static const char *const regs[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
	char name[16];
	size_t n = 0;
	if (*s == '$')
		s++;
	while (isalpha((unsigned char)s[n]) && n < sizeof name - 1) {
		name[n] = (char)tolower((unsigned char)s[n]);
		n++;
	}
	name[n] = '\0';
	uint64_t base = 0;
	const char *rest = s;
	if (n) {
		int found = 0;
		if (strcmp(name, "eip") == 0 || strcmp(name, "pc") == 0) {
			base = d->mc->cpu.eip;
			found = 1;
		}
		for (int i = 0; i < 8 && !found; i++)
			if (strcmp(name, regs[i]) == 0) {
				base = d->mc->cpu.r[i];
				found = 1;
			}
		if (!found)
			return -1;
		rest = s + n;
		if (!*rest) {
			*out = base;
			return 0;
		}
		if (*rest != '+' && *rest != '-')
			return -1;
	}
	char *end;
	int neg = *rest == '-';
	if (n)
		rest++;
	if (!*rest)
		return -1;
	uint64_t v = strtoull(rest, &end, 0);
	if (*end)
		return -1;
	*out = neg ? base - v : base + v;
	return 0;
}

static int need_addr(struct debugger *d, int argc, char **argv, int i, uint64_t *a, FILE *out)
{
	if (i >= argc) {
		fprintf(out, "%s: an address is needed\n", argv[0]);
		return -1;
	}
	if (dbg_parse_addr(d, argv[i], a) != 0) {
		fprintf(out, "%s: bad address '%s'\n", argv[0], argv[i]);
		return -1;
	}
	return 0;
}

static uint64_t count_arg(int argc, char **argv, int i, uint64_t dflt)
{
	if (i >= argc)
		return dflt;
	uint64_t v = strtoull(argv[i], NULL, 0);
	return v ? v : dflt;
}

/* ---- execution ---- */

static int cmd_step(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)out;
	d->steps = count_arg(argc, argv, 1, 1);
	return 1;
}

static int cmd_next(struct debugger *d, int argc, char **argv, FILE *out)
{
	struct cpu *c = &d->mc->cpu;
	uint32_t eip = c->eip + c->seg[SEG_CS].base;
	int is_call;
	unsigned len = dbg_insn_len(d->mc, eip, &is_call);
	if (argc > 1 || !is_call || !len)
		return cmd_step(d, argc, argv, out);
	int id = dbg_bp_add(d, BP_EXEC, 0, eip + len, 1, out);
	if (id < 0)
		return 0;
	d->bp[d->nbp - 1].temp = 1;
	return 1;
}

static int cmd_continue(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)out;
	d->skip_hits = (unsigned)count_arg(argc, argv, 1, 1) - 1u;
	return 1;
}

static int cmd_quit(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	fprintf(out, "killing the guest\n");
	d->quit = 1;
	return 1;
}

static int cmd_detach(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	fprintf(out, "detached: the guest runs to its end\n");
	d->detached = 1;
	return 1;
}

/* ---- breakpoints ---- */

static int add_bp(struct debugger *d, int argc, char **argv, FILE *out, enum bp_kind kind, int phys)
{
	uint64_t a;
	if (need_addr(d, argc, argv, 1, &a, out) != 0)
		return 0;
	uint32_t len = kind == BP_EXEC ? 1 : (uint32_t)count_arg(argc, argv, 2, 4);
	if ((kind == BP_READ || kind == BP_ACCESS) && !disasm_available()) {
		fprintf(out, "%s: read watchpoints decode instructions: not without capstone\n",
		        argv[0]);
		return 0;
	}
	int id = dbg_bp_add(d, kind, phys, a, len, out);
	if (id > 0)
		fprintf(out, "%s %d at %s0x%08" PRIx64 "%s\n",
		        kind == BP_EXEC ? "breakpoint" : "watchpoint", id, phys ? "physical " : "",
		        a,
		        kind == BP_WRITE    ? " (write)"
		        : kind == BP_READ   ? " (read)"
		        : kind == BP_ACCESS ? " (access)"
		                            : "");
	dbg_hook_update(d);
	return 0;
}

static int cmd_break(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_EXEC, 0);
}
static int cmd_pbreak(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_EXEC, 1);
}
static int cmd_watch(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_WRITE, 0);
}
static int cmd_pwatch(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_WRITE, 1);
}
static int cmd_rwatch(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_READ, 0);
}
static int cmd_awatch(struct debugger *d, int argc, char **argv, FILE *out)
{
	return add_bp(d, argc, argv, out, BP_ACCESS, 0);
}

static int cmd_delete(struct debugger *d, int argc, char **argv, FILE *out)
{
	if (argc < 2) {
		d->nbp = 0;
		fprintf(out, "all breakpoints and watchpoints deleted\n");
	} else if (dbg_bp_del_id(d, atoi(argv[1])) != 0) {
		fprintf(out, "no breakpoint %s\n", argv[1]);
	}
	dbg_hook_update(d);
	return 0;
}

static int cmd_info_break(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	static const char *const kinds[] = {"exec", "write", "read", "access"};
	if (!d->nbp)
		fprintf(out, "no breakpoints or watchpoints\n");
	for (int i = 0; i < d->nbp; i++) {
		const struct dbg_bp *b = &d->bp[i];
		fprintf(out, "%d: %s %s 0x%08" PRIx64 " len %u%s%s\n", b->id, kinds[b->kind],
		        b->phys ? "physical" : "linear", b->addr, b->len,
		        b->temp ? " temporary" : "", b->from_gdb ? " (gdb)" : "");
	}
	fprintf(out,
	        "catch: pf %s, exceptions %s, signals %s, switch %s, syscalls %s, tlbmiss %s\n",
	        d->catch_pf ? "on" : "off", d->catch_exc ? "on" : "off",
	        d->catch_signal ? "on" : "off", d->catch_switch ? "on" : "off",
	        d->catch_any_sys ? "all" : "listed", d->catch_tlbmiss ? "on" : "off");
	return 0;
}

static int on_off(const char *s, int *v)
{
	if (!s || strcmp(s, "on") == 0)
		*v = 1;
	else if (strcmp(s, "off") == 0)
		*v = 0;
	else
		return -1;
	return 0;
}

static int catch_syscall(struct debugger *d, const char *what, int on, FILE *out)
{
	if (!what || strcmp(what, "all") == 0) {
		d->catch_any_sys = on;
		if (!on)
			memset(d->catch_sys, 0, sizeof d->catch_sys);
		fprintf(out, "catch every system call: %s\n", on ? "on" : "off");
		return 0;
	}
	char *end;
	long nr = strtol(what, &end, 0);
	if (*end)
		nr = kdebug_syscall_number(what);
	if (nr < 0 || nr >= DBG_NSYSCALLS) {
		fprintf(out, "catch syscall: unknown system call '%s'\n", what);
		return 0;
	}
	d->catch_sys[nr] = (uint8_t)on;
	const char *name = kdebug_syscall_name((unsigned)nr);
	fprintf(out, "catch system call %ld (%s): %s\n", nr, name ? name : "?", on ? "on" : "off");
	return 0;
}

static int cmd_catch(struct debugger *d, int argc, char **argv, FILE *out)
{
	int on = strcmp(argv[0], "uncatch") != 0;
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "syscall") == 0 || strcmp(what, "sys") == 0)
		return catch_syscall(d, argc > 2 ? argv[2] : NULL, on, out);
	int *flag = strcmp(what, "pf") == 0          ? &d->catch_pf
	            : strcmp(what, "switch") == 0    ? &d->catch_switch
	            : strcmp(what, "exception") == 0 ? &d->catch_exc
	            : strcmp(what, "signal") == 0    ? &d->catch_signal
	                                             : NULL;
	if (flag) {
		if (on && argc > 2 && on_off(argv[2], &on) != 0) {
			fprintf(out, "catch %s: on or off\n", what);
			return 0;
		}
		*flag = on;
		fprintf(out, "catch %s: %s\n", what, on ? "on" : "off");
		return 0;
	}
	if (strcmp(what, "tlbmiss") == 0) {
		uint64_t lo = 0, hi = 0xffffffffu;
		if (on && argc > 2 && dbg_parse_addr(d, argv[2], &lo) != 0)
			return fprintf(out, "catch tlbmiss: bad address\n"), 0;
		hi = lo ? lo + PAGE_SIZE - 1u : hi;
		if (on && argc > 3 && dbg_parse_addr(d, argv[3], &hi) != 0)
			return fprintf(out, "catch tlbmiss: bad address\n"), 0;
		if (on && !dbg_hook_available()) {
			fprintf(out,
			        "catch tlbmiss: needs the MMU event hook, not in this build\n");
			return 0;
		}
		d->catch_tlbmiss = on;
		d->tlbmiss_lo = (uint32_t)lo;
		d->tlbmiss_hi = (uint32_t)hi;
		dbg_hook_update(d);
		fprintf(out, "catch tlbmiss: %s", on ? "on" : "off");
		if (on)
			fprintf(out, " 0x%08x-0x%08x", d->tlbmiss_lo, d->tlbmiss_hi);
		fputc('\n', out);
		return 0;
	}
	fprintf(out, "%s: pf, exception, signal, switch, syscall [N|NAME|all], tlbmiss [LO [HI]]\n",
	        argv[0]);
	return 0;
}

/* ---- views ---- */

static int cmd_regs(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	dbg_regs(d->mc, out);
	return 0;
}

static int cmd_creg(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	dbg_creg(d->mc->mmu, out);
	return 0;
}

static int cmd_sreg(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	dbg_sregs(d->mc, out);
	return 0;
}

static int cmd_gdt(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	dbg_gdt(d->mc, out);
	return 0;
}

/* x[/NFU] ADDR: N count, F format (x d u o c s i), U unit (b h w g), as gdb. */
static int examine(struct debugger *d, int argc, char **argv, FILE *out, int phys)
{
	unsigned count = 4, unit = 4;
	char fmt = 'x';
	const char *slash = strchr(argv[0], '/');
	if (!slash && argc > 2 && argv[1][0] == '/') { /* Bochs style: x /4xw ADDR */
		slash = argv[1];
		argv++;
		argc--;
	}
	if (slash) {
		char *p;
		unsigned long n = strtoul(slash + 1, &p, 10);
		if (p != slash + 1)
			count = n ? (unsigned)n : 1;
		for (; *p; p++) {
			switch (*p) {
			case 'b': unit = 1; break;
			case 'h': unit = 2; break;
			case 'w': unit = 4; break;
			case 'g': unit = 8; break;
			case 'x':
			case 'd':
			case 'u':
			case 'o':
			case 'c':
			case 's':
			case 'i': fmt = *p; break;
			default: fprintf(out, "x: unknown format letter '%c'\n", *p); return 0;
			}
		}
	}
	if (count > 4096)
		count = 4096;
	uint64_t a;
	if (need_addr(d, argc, argv, 1, &a, out) != 0)
		return 0;
	dbg_examine(d->mc, phys, a, count, fmt, unit, out);
	return 0;
}

static int cmd_x(struct debugger *d, int argc, char **argv, FILE *out)
{
	return examine(d, argc, argv, out, 0);
}
static int cmd_xp(struct debugger *d, int argc, char **argv, FILE *out)
{
	return examine(d, argc, argv, out, 1);
}

static int cmd_disas(struct debugger *d, int argc, char **argv, FILE *out)
{
	uint64_t a = d->mc->cpu.eip + d->mc->cpu.seg[SEG_CS].base;
	if (argc > 1 && need_addr(d, argc, argv, 1, &a, out) != 0)
		return 0;
	dbg_disas(d->mc, (uint32_t)a, (unsigned)count_arg(argc, argv, 2, 8), out);
	return 0;
}

static int cmd_page(struct debugger *d, int argc, char **argv, FILE *out)
{
	uint64_t a;
	if (need_addr(d, argc, argv, 1, &a, out) == 0)
		dbg_page(d->mc->mmu, (uint32_t)a, out);
	return 0;
}

static int cmd_ptdump(struct debugger *d, int argc, char **argv, FILE *out)
{
	struct dbg_ptdump_filter f = {.lo = 0, .hi = 0xffffffffu};
	int naddr = 0;
	for (int i = 1; i < argc; i++) {
		uint64_t a;
		if (strcmp(argv[i], "user") == 0)
			f.only_user = 1;
		else if (strcmp(argv[i], "kernel") == 0 || strcmp(argv[i], "super") == 0)
			f.only_super = 1;
		else if (strcmp(argv[i], "write") == 0)
			f.only_write = 1;
		else if (dbg_parse_addr(d, argv[i], &a) == 0 && naddr < 2)
			*(naddr++ ? &f.hi : &f.lo) = (uint32_t)a;
		else
			return fprintf(out, "ptdump: [user|kernel] [write] [LO [HI]]\n"), 0;
	}
	dbg_ptdump(d->mc->mmu, &f, out);
	return 0;
}

static int cmd_tlb(struct debugger *d, int argc, char **argv, FILE *out)
{
	uint64_t a = 0;
	if (argc > 1 && need_addr(d, argc, argv, 1, &a, out) != 0)
		return 0;
	dbg_tlb(d->mc->mmu, argc > 1, (uint32_t)a, out);
	return 0;
}

static int cmd_maps(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	dbg_maps(d->mc, out);
	return 0;
}

static int cmd_stats(struct debugger *d, int argc, char **argv, FILE *out)
{
	enum stats_format fmt = STATS_TEXT;
	if (argc > 1 && stats_parse_format(argv[1], &fmt) != 0)
		return fprintf(out, "stats: text, json or csv\n"), 0;
	stats_print(d->mc, fmt, out);
	return 0;
}

static int cmd_hugepages(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)argc;
	(void)argv;
	char buf[256];
	kdebug_hugepages(d->mc->kern, buf, sizeof buf);
	fprintf(out, "huge page pool: %s\n", buf);
	dbg_huge_keys(d->mc, out);
	dbg_huge_vmas(d->mc, out);
	return 0;
}

static int cmd_walkstep(struct debugger *d, int argc, char **argv, FILE *out)
{
	const char *a = argc > 1 ? argv[1] : "on";
	int mode = strcmp(a, "on") == 0      ? 2
	           : strcmp(a, "trace") == 0 ? 1
	           : strcmp(a, "off") == 0   ? 0
	                                     : -1;
	if (mode < 0)
		return fprintf(out, "walkstep: on (stop after each walk), trace, off\n"), 0;
	if (mode && !dbg_hook_available())
		return fprintf(out, "walkstep: needs the MMU event hook, not in this build\n"), 0;
	d->walkstep = mode;
	dbg_hook_update(d);
	fprintf(out, "walkstep: %s\n", a);
	return 0;
}

/* set REG VALUE | set mem ADDR VALUE [SIZE]: change a general register, EIP, EFLAGS (its
 * user-writable bits), or 1, 2 or 4 bytes of linear memory. */
static int cmd_set(struct debugger *d, int argc, char **argv, FILE *out)
{
	static const char *const regs[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
	struct cpu *c = &d->mc->cpu;
	uint64_t v, a;
	if (argc >= 4 && strcmp(argv[1], "mem") == 0) {
		unsigned size = (unsigned)count_arg(argc, argv, 4, 4);
		if (dbg_parse_addr(d, argv[2], &a) != 0 || dbg_parse_addr(d, argv[3], &v) != 0 ||
		    (size != 1 && size != 2 && size != 4))
			return fprintf(out, "set mem ADDR VALUE [1|2|4]\n"), 0;
		uint32_t v32 = (uint32_t)v;
		if (dbg_write_lin(d->mc, (uint32_t)a, &v32, size) != 0)
			fprintf(out, "set mem: 0x%08x is not mapped\n", (uint32_t)a);
		return 0;
	}
	if (argc != 3 || dbg_parse_addr(d, argv[2], &v) != 0)
		return fprintf(out, "set REG VALUE, or set mem ADDR VALUE [SIZE]\n"), 0;
	const char *r = argv[1][0] == '$' ? argv[1] + 1 : argv[1];
	for (int i = 0; i < 8; i++)
		if (strcmp(r, regs[i]) == 0) {
			c->r[i] = (uint32_t)v;
			return 0;
		}
	if (strcmp(r, "eip") == 0)
		c->eip = (uint32_t)v;
	else if (strcmp(r, "eflags") == 0)
		cpu_set_eflags(c, (uint32_t)v);
	else
		fprintf(out, "set: unknown register '%s'\n", argv[1]);
	return 0;
}

static int cmd_help(struct debugger *d, int argc, char **argv, FILE *out);

static const struct command commands[] = {
    {"step", "s", "[N]", "execute N instructions (default 1); also si, stepi", cmd_step},
    {"stepi", "si", "[N]", "same as step", cmd_step},
    {"next", "n", "[N]", "step over a CALL (temporary breakpoint after it)", cmd_next},
    {"continue", "c", "[N]", "run until the N-th breakpoint/watchpoint hit or a catch",
     cmd_continue},
    {"break", "b", "ADDR", "breakpoint at a linear address (execute)", cmd_break},
    {"pbreak", "pb", "PADDR", "breakpoint at a physical address (execute)", cmd_pbreak},
    {"watch", "w", "ADDR [LEN]", "write watchpoint (value compared; LEN 1..8, default 4)",
     cmd_watch},
    {"pwatch", "pw", "PADDR [LEN]", "write watchpoint at a physical address", cmd_pwatch},
    {"rwatch", "rw", "ADDR [LEN]", "read watchpoint (operands the instruction reads)", cmd_rwatch},
    {"awatch", "aw", "ADDR [LEN]", "access watchpoint (operands read or written)", cmd_awatch},
    {"delete", "d", "[ID]", "delete one breakpoint/watchpoint, or all", cmd_delete},
    {"info", "i", "", "list breakpoints, watchpoints and catches (also `bl`)", cmd_info_break},
    {"bl", NULL, "", "same as info", cmd_info_break},
    {"catch", NULL, "pf|exception|signal|switch|syscall N|tlbmiss LO [HI]",
     "stop on a page fault, CPU exception, signal, context switch, system call, TLB miss",
     cmd_catch},
    {"uncatch", NULL, "WHAT [N]", "undo a catch", cmd_catch},
    {"regs", "r", "", "general registers and EFLAGS", cmd_regs},
    {"set", NULL, "REG VALUE | mem ADDR VALUE [SIZE]", "change a register or memory", cmd_set},
    {"creg", "cr", "", "CR0, CR2, CR3, CR4 decoded", cmd_creg},
    {"sreg", "seg", "", "segment registers", cmd_sreg},
    {"gdt", NULL, "", "the GDT entries, decoded", cmd_gdt},
    {"x", NULL, "[/NFU] ADDR", "examine linear memory (F: x d u o c s i; U: b h w g)", cmd_x},
    {"xp", NULL, "[/NFU] PADDR", "examine physical memory", cmd_xp},
    {"disas", "u", "[ADDR [N]]", "disassemble N instructions (capstone)", cmd_disas},
    {"page", "pg", "ADDR", "walk the tables for ADDR, level by level", cmd_page},
    {"ptdump", "pt", "[user|kernel] [write] [LO [HI]]", "the address space as merged ranges",
     cmd_ptdump},
    {"tlb", NULL, "[ADDR]", "every TLB array set by set, or the entry ADDR would use", cmd_tlb},
    {"maps", NULL, "", "the kernel's VMAs beside the page tables", cmd_maps},
    {"stats", NULL, "[text|json|csv]", "the statistics so far", cmd_stats},
    {"hugepages", "hp", "", "the huge page pool, its keys, the huge segments mapped",
     cmd_hugepages},
    {"walkstep", "ws", "on|trace|off", "show every page walk level by level as it happens",
     cmd_walkstep},
    {"detach", NULL, "", "leave the debugger, let the guest run to its end", cmd_detach},
    {"quit", "q", "", "kill the guest and exit (also kill)", cmd_quit},
    {"kill", "k", "", "same as quit", cmd_quit},
    {"help", "h", "[COMMAND]", "this list", cmd_help},
    {NULL, NULL, NULL, NULL, NULL},
};

static const struct command *find_command(const char *word)
{
	char name[32];
	snprintf(name, sizeof name, "%s", word);
	name[strcspn(name, "/")] = '\0'; /* x/4xw */
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0 || (c->alias && strcmp(c->alias, name) == 0))
			return c;
	return NULL;
}

static int cmd_help(struct debugger *d, int argc, char **argv, FILE *out)
{
	(void)d;
	for (const struct command *c = commands; c->name; c++) {
		if (argc > 1 && find_command(argv[1]) != c)
			continue;
		char head[64];
		snprintf(head, sizeof head, "%s%s%s %s", c->name, c->alias ? ", " : "",
		         c->alias ? c->alias : "", c->args);
		fprintf(out, "  %-44s %s\n", head, c->help);
	}
	return 0;
}

int debug_command(struct debugger *d, const char *line, FILE *out)
{
	char buf[1024];
	char *argv[MAX_ARGS];
	int argc = 0;
	snprintf(buf, sizeof buf, "%s", line);
	buf[strcspn(buf, "#")] = '\0'; /* comments in scripts */
	for (char *p = strtok(buf, " \t"); p && argc < MAX_ARGS; p = strtok(NULL, " \t"))
		argv[argc++] = p;
	if (argc == 0)
		return 0;
	const struct command *c = find_command(argv[0]);
	if (!c) {
		fprintf(out, "unknown command '%s' (try help)\n", argv[0]);
		return 0;
	}
	return c->fn(d, argc, argv, out);
}
