/*
 * options.c - command-line parsing.  Every error is one line and a non-zero exit, never a crash.
 */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_CPU = 256,
	OPT_TLB,
	OPT_MEM,
	OPT_PAE,
	OPT_HUGEPAGES,
	OPT_KERNEL,
	OPT_SWAP,
	OPT_ROOT,
	OPT_RW,
	OPT_USER,
	OPT_STATS,
	OPT_STATS_FILE,
	OPT_NO_FASTPATH,
	OPT_LOG_SYSCALLS,
	OPT_TIMESLICE,
	OPT_HELP,
	OPT_VERSION,
	OPT_DEBUG,
	OPT_DEBUG_SCRIPT,
	OPT_DEBUG_ON_FAULT,
	OPT_GDB,
	OPT_VIZ,
	OPT_VIZ_PNG,
	OPT_VIZ_EVERY,
	OPT_VIZ_SHOT,
	OPT_VIZ_NOHOLD,
	OPT_TRACE,
};

static const struct option long_options[] = {
    {"cpu", required_argument, NULL, OPT_CPU},
    {"tlb", required_argument, NULL, OPT_TLB},
    {"mem", required_argument, NULL, OPT_MEM},
    {"pae", no_argument, NULL, OPT_PAE},
    {"hugepages", required_argument, NULL, OPT_HUGEPAGES},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"swap", required_argument, NULL, OPT_SWAP},
    {"root", required_argument, NULL, OPT_ROOT},
    {"rw", no_argument, NULL, OPT_RW},
    {"user", required_argument, NULL, OPT_USER},
    {"stats", optional_argument, NULL, OPT_STATS},
    {"stats-file", required_argument, NULL, OPT_STATS_FILE},
    {"no-fastpath", no_argument, NULL, OPT_NO_FASTPATH},
    {"log-syscalls", no_argument, NULL, OPT_LOG_SYSCALLS},
    {"timeslice", required_argument, NULL, OPT_TIMESLICE},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {"debug", no_argument, NULL, OPT_DEBUG},
    {"debug-script", required_argument, NULL, OPT_DEBUG_SCRIPT},
    {"debug-on-fault", no_argument, NULL, OPT_DEBUG_ON_FAULT},
    {"gdb", required_argument, NULL, OPT_GDB},
    {"viz", no_argument, NULL, OPT_VIZ},
    {"viz-png", required_argument, NULL, OPT_VIZ_PNG},
    {"viz-every", required_argument, NULL, OPT_VIZ_EVERY},
    {"viz-shot", required_argument, NULL, OPT_VIZ_SHOT},
    {"viz-nohold", no_argument, NULL, OPT_VIZ_NOHOLD},
    {"trace", required_argument, NULL, OPT_TRACE},
    {NULL, 0, NULL, 0},
};

void options_usage(FILE *out)
{
	fputs("usage: pse386 [options] program [args...]\n"
	      "Run a static i386 Linux program on emulated 2002-era paging hardware.\n"
	      "  --cpu PRESET      TLB/CPU preset: i386 i486 pentium p6 (default) p4 k6 athlon\n"
	      "  --tlb SPEC        override the preset's TLB geometry/policy (docs/statistics.md)\n"
	      "  --mem SIZE        emulated RAM (default 256M)\n"
	      "  --pae             PAE paging (2 MiB huge pages)\n"
	      "  --hugepages N     boot-time huge page pool (hugepages=N)\n"
	      "  --kernel VERSION  kernel personality (default 2.5.53)\n"
	      "  --swap SIZE       swap device size\n"
	      "  --root DIR        host directory seen by the guest as / (confined)\n"
	      "  --rw              let the guest modify files under --root\n"
	      "  --user UID[:GID]  run the guest unprivileged\n"
	      "  --stats[=FMT]     print statistics at exit: text (default), json or csv\n"
	      "  --stats-file FILE write the statistics to FILE instead of stderr\n"
	      "  --no-fastpath     disable the host speed cache (statistics are identical)\n"
	      "  --log-syscalls    log unknown system calls on stderr\n"
	      "  --timeslice N     instructions per scheduler time slice (default 1000000)\n"
	      "  --debug           start in the built-in debugger (docs/debugger.md)\n"
	      "  --debug-script F  run debugger commands from F (- for stdin)\n"
	      "  --debug-on-fault  enter the debugger on a fault, a signal or Ctrl-C only\n"
	      "  --gdb PORT        wait for gdb on 127.0.0.1:PORT (target remote :PORT)\n"
	      "  --viz             show the TLBs in a window while the guest runs\n"
	      "  --viz-png DIR     write the same frames as PNG files into DIR (no display)\n"
	      "  --viz-every N     instructions between PNG frames (default 1000000)\n"
	      "  --viz-shot FILE   PNG of the window read back at exit (tests)\n"
	      "  --viz-nohold      close the window when the guest exits\n"
	      "  --trace FILE      write an event trace (docs/trace.md)\n"
	      "  --help, --version\n",
	      out);
}

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default: return -1;
	}
	if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_user(const char *s, uint32_t *uid, uint32_t *gid)
{
	char buf[64];
	uint64_t u, g;
	if (strlen(s) >= sizeof buf)
		return -1;
	strcpy(buf, s);
	char *colon = strchr(buf, ':');
	if (colon)
		*colon = '\0';
	if (parse_uint(buf, UINT32_MAX - 1, &u) != 0)
		return -1;
	g = u;
	if (colon && parse_uint(colon + 1, UINT32_MAX - 1, &g) != 0)
		return -1;
	*uid = (uint32_t)u;
	*gid = (uint32_t)g;
	return 0;
}

static int known_preset(const char *name)
{
	for (int i = 0; mmu_preset_names[i]; i++)
		if (strcmp(mmu_preset_names[i], name) == 0)
			return 1;
	return 0;
}

int options_parse(struct options *o, int argc, char *argv[], char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	machine_default_options(&o->machine);
	o->viz.hold = 1;
	struct kern_config *kc = &o->machine.kern;
	uint64_t v;

	optind = 1;
	opterr = 0;
	for (;;) {
		int longindex = -1;
		/* '+': options end at the program name; the rest belongs to the guest. */
		int c = getopt_long(argc, argv, "+h", long_options, &longindex);
		if (c == -1)
			break;
		const char *arg = optarg;
		switch (c) {
		case OPT_CPU:
			if (!known_preset(arg)) {
				snprintf(err, errlen, "--cpu: unknown preset '%s' (try --help)",
				         arg);
				return -1;
			}
			o->machine.preset = arg;
			break;
		case OPT_TLB: o->machine.tlb_spec = arg; break;
		case OPT_MEM:
			/* At least 4 MiB: the kernel's own reserved low memory plus a process. */
			if (parse_size(arg, &v) != 0 || v < (4u << 20) || v > (3ull << 30)) {
				snprintf(err, errlen, "--mem: '%s' is not a size between 4M and 3G",
				         arg);
				return -1;
			}
			o->machine.mem_bytes = v;
			break;
		case OPT_PAE: kc->pae = 1; break;
		case OPT_HUGEPAGES:
			if (parse_uint(arg, 1u << 20, &v) != 0) {
				snprintf(err, errlen, "--hugepages: '%s' is not a page count", arg);
				return -1;
			}
			kc->hugepages = (unsigned)v;
			break;
		case OPT_KERNEL: kc->version = arg; break;
		case OPT_SWAP:
			if (parse_size(arg, &v) != 0) {
				snprintf(err, errlen, "--swap: '%s' is not a size", arg);
				return -1;
			}
			kc->swap_bytes = v;
			break;
		case OPT_ROOT: kc->root_dir = arg; break;
		case OPT_RW: kc->root_writable = 1; break;
		case OPT_USER:
			if (parse_user(arg, &kc->uid, &kc->gid) != 0) {
				snprintf(err, errlen, "--user: '%s' is not UID[:GID]", arg);
				return -1;
			}
			break;
		case OPT_STATS:
			o->stats = 1;
			o->stats_format = STATS_TEXT;
			if (arg && stats_parse_format(arg, &o->stats_format) != 0) {
				snprintf(err, errlen,
				         "--stats: unknown format '%s' (text, json, csv)", arg);
				return -1;
			}
			break;
		case OPT_STATS_FILE: o->stats_file = arg; break;
		case OPT_NO_FASTPATH: o->machine.fastpath = 0; break;
		case OPT_LOG_SYSCALLS: kc->log_unknown = 1; break;
		case OPT_TIMESLICE:
			if (parse_uint(arg, UINT64_MAX, &v) != 0 || v == 0) {
				snprintf(err, errlen, "--timeslice: '%s' is not a positive count",
				         arg);
				return -1;
			}
			kc->timeslice = v;
			break;
		case OPT_DEBUG: o->debug = 1; break;
		case OPT_DEBUG_SCRIPT: o->debug_script = arg; break;
		case OPT_DEBUG_ON_FAULT: o->debug_on_fault = 1; break;
		case OPT_GDB:
			if (parse_uint(arg, 65535, &v) != 0 || v == 0) {
				snprintf(err, errlen, "--gdb: '%s' is not a TCP port", arg);
				return -1;
			}
			o->gdb_port = (int)v;
			break;
		case OPT_VIZ: o->viz.window = 1; break;
		case OPT_VIZ_PNG: o->viz.png_dir = arg; break;
		case OPT_VIZ_EVERY:
			if (parse_uint(arg, UINT64_MAX, &v) != 0 || v == 0) {
				snprintf(err, errlen, "--viz-every: '%s' is not a positive count",
				         arg);
				return -1;
			}
			o->viz.every = v;
			break;
		case OPT_VIZ_SHOT: o->viz.shot_file = arg; break;
		case OPT_VIZ_NOHOLD: o->viz.hold = 0; break;
		case OPT_TRACE: o->trace_file = arg; break;
		case 'h':
		case OPT_HELP: o->help = 1; return 0;
		case OPT_VERSION: o->version = 1; return 0;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s' (try --help)", argv[optind - 1]);
			return -1;
		}
	}
	if (optind >= argc) {
		snprintf(err, errlen, "no program given (try --help)");
		return -1;
	}
	o->prog_index = optind;
	return 0;
}
