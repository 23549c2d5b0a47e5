/*
 * stats.c - collects every counter (instructions from the CPU, TLB/paging counters from the MMU,
 * faults/system calls/context switches from the kernel) and prints them in one of three forms.
 */
#include "stats.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct stat_row {
	const char *key;
	uint64_t value;
};

struct stat_set {
	struct stat_row *rows;
	size_t n, cap;
	char **owned; /* copies of keys: the modules may build keys in temporary buffers */
};

static void collect(void *ctx, const char *key, uint64_t value)
{
	struct stat_set *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct stat_row *rows = realloc(s->rows, cap * sizeof *rows);
		char **owned = realloc(s->owned, cap * sizeof *owned);
		if (!rows || !owned) {
			free(rows ? rows : s->rows);
			free(owned ? owned : s->owned);
			s->rows = NULL;
			s->owned = NULL;
			s->n = s->cap = 0;
			return;
		}
		s->rows = rows;
		s->owned = owned;
		s->cap = cap;
	}
	char *k = strdup(key);
	if (!k)
		return;
	s->owned[s->n] = k;
	s->rows[s->n].key = k;
	s->rows[s->n].value = value;
	s->n++;
}

int stats_parse_format(const char *s, enum stats_format *out)
{
	static const struct {
		const char *name;
		enum stats_format fmt;
	} names[] = {{"text", STATS_TEXT}, {"json", STATS_JSON}, {"csv", STATS_CSV}};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

/* Per 1000 instructions, the unit DESIGN.md uses for rates. */
static double per_kilo(uint64_t v, uint64_t insns)
{
	return insns ? 1000.0 * (double)v / (double)insns : 0.0;
}

static void print_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void stats_print(struct machine *mc, enum stats_format fmt, FILE *out)
{
	struct stat_set set = {0};
	uint64_t insns = mc->cpu.icount;
	collect(&set, "instructions", insns);
	mmu_stats_foreach(mc->mmu, collect, &set);
	kern_stats_foreach(mc->kern, collect, &set);

	switch (fmt) {
	case STATS_TEXT: {
		/* The table leaves out counters that stayed zero (JSON and CSV list every key). */
		size_t zero = 0;
		fprintf(out, "\npse386 statistics (preset %s)\n", mmu_preset_name(mc->mmu));
		fprintf(out, "  %-34s %16s %14s\n", "counter", "count", "per 1000 insns");
		fprintf(out, "  %-34s %16" PRIu64 "\n", set.rows[0].key, set.rows[0].value);
		for (size_t i = 1; i < set.n; i++) {
			if (set.rows[i].value == 0) {
				zero++;
				continue;
			}
			fprintf(out, "  %-34s %16" PRIu64 " %14.3f\n", set.rows[i].key,
			        set.rows[i].value, per_kilo(set.rows[i].value, insns));
		}
		if (zero)
			fprintf(out,
			        "  (%zu counters are zero; --stats=json lists every counter)\n",
			        zero);
		break;
	}
	case STATS_JSON:
		fprintf(out, "{\"preset\": ");
		print_json_string(out, mmu_preset_name(mc->mmu));
		for (size_t i = 0; i < set.n; i++) {
			fprintf(out, ",\n ");
			print_json_string(out, set.rows[i].key);
			fprintf(out, ": %" PRIu64, set.rows[i].value);
		}
		fprintf(out, "}\n");
		break;
	case STATS_CSV:
		fprintf(out, "counter,count,per_1000_instructions\n");
		for (size_t i = 0; i < set.n; i++)
			fprintf(out, "%s,%" PRIu64 ",%.6f\n", set.rows[i].key, set.rows[i].value,
			        per_kilo(set.rows[i].value, insns));
		break;
	}
	for (size_t i = 0; i < set.n; i++)
		free(set.owned[i]);
	free(set.owned);
	free(set.rows);
}
