/*
 * tlb_config.c - the TLB geometry presets (one row per era processor, from
 * ../shared/reference/tlb-and-debugger.md section 2) and the --tlb SPEC parser that amends one.
 * The syntax is documented in docs/statistics.md ("TLB geometry: --tlb SPEC").
 */
#include "mmu_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mmu_preset_names[] = {"i386", "i486", "pentium", "p6",
                                        "p4",   "k6",   "athlon",  NULL};
const char *const tlb_geom_names[NGEOM] = {"itlb4k",    "itlblarge", "dtlb4k",
                                           "dtlblarge", "itlbl2",    "dtlbl2"};

#define G(e, w)                                                                                    \
	{                                                                                          \
		(e), (w), -1                                                                       \
	}

/*
 * Presets.  Policies the sources call "undocumented" use pseudo-LRU, as the reference advises
 * for p6.  Features are what CPUID reported: no PSE/PAE/PGE before the Pentium; Pentium (P54C)
 * PSE only; K6-2 PSE and PGE, no PAE; P6, P4 and Athlon all three.
 */
static const struct tlb_config presets[] = {
    /* 80386 datasheet 4.5.4: unified 32 entries, 4-way, a replacement pointer per set. */
    {.preset = "i386",
     .geom = {[GEOM_DTLB4K] = G(32, 4)},
     .large_mode = {LARGE_PIECES, LARGE_PIECES},
     .unified = 1,
     .policy = POLICY_FIFO},
    /* Embedded Intel486 manual fig. 3-7: unified 32, 4-way, pseudo-LRU. */
    {.preset = "i486",
     .geom = {[GEOM_DTLB4K] = G(32, 4)},
     .large_mode = {LARGE_PIECES, LARGE_PIECES},
     .unified = 1,
     .policy = POLICY_PLRU},
    {.preset = "pentium",
     .geom = {[GEOM_ITLB4K] = G(32, 4), [GEOM_DTLB4K] = G(64, 4), [GEOM_DTLBLARGE] = G(8, 4)},
     .large_mode = {LARGE_PIECES, LARGE_ARRAY},
     .policy = POLICY_PLRU,
     .features = {1, 0, 0}},
    /* CPUID leaf 2 descriptors 01h 02h 03h 04h. */
    {.preset = "p6",
     .geom = {[GEOM_ITLB4K] = G(32, 4),
              [GEOM_ITLBLARGE] = G(2, 2),
              [GEOM_DTLB4K] = G(64, 4),
              [GEOM_DTLBLARGE] = G(8, 4)},
     .large_mode = {LARGE_ARRAY, LARGE_ARRAY},
     .policy = POLICY_PLRU,
     .features = {1, 1, 1}},
    /* CPUID leaf 2 descriptors 50h, 5Bh: 64 entries, fully associative, 4K and 4M mixed. */
    {.preset = "p4",
     .geom = {[GEOM_ITLB4K] = G(64, 64), [GEOM_DTLB4K] = G(64, 64)},
     .large_mode = {LARGE_SHARED, LARGE_SHARED},
     .policy = POLICY_PLRU,
     .features = {1, 1, 1}},
    /* CPUID 0x80000005 EBX 0x02800140: ITLB 64 direct-mapped, DTLB 128 2-way. */
    {.preset = "k6",
     .geom = {[GEOM_ITLB4K] = G(64, 1), [GEOM_DTLB4K] = G(128, 2)},
     .large_mode = {LARGE_PIECES, LARGE_PIECES},
     .policy = POLICY_PLRU,
     .features = {1, 0, 1}},
    /* CPUID 0x80000005 EAX 0x0408FF08 EBX 0xFF20FF10; 0x80000006 EBX 0x41004100. */
    {.preset = "athlon",
     .geom = {[GEOM_ITLB4K] = G(16, 16),
              [GEOM_ITLBLARGE] = G(8, 8),
              [GEOM_DTLB4K] = G(32, 32),
              [GEOM_DTLBLARGE] = G(8, 4),
              [GEOM_ITLBL2] = G(256, 4),
              [GEOM_DTLBL2] = G(256, 4)},
     .large_mode = {LARGE_ARRAY, LARGE_ARRAY},
     .policy = POLICY_PLRU,
     .features = {1, 1, 1}},
};

static int fail(char *err, size_t errlen, const char *what, const char *item)
{
	snprintf(err, errlen, "--tlb: %s in \"%s\"", what, item);
	return -1;
}

static int parse_uint(const char *s, char **end, unsigned long long *v)
{
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, end, 0);
	return errno ? -1 : 0;
}

static int parse_policy(const char *s)
{
	for (int p = 0; p < NPOLICY; p++)
		if (strcmp(s, tlb_policy_names[p]) == 0)
			return p;
	return -1;
}

static int is_pow2(unsigned long long v)
{
	return v && !(v & (v - 1));
}

/* GEOM := ENTRIES ['x' (WAYS | 'full')] [':' POLICY];  ENTRIES alone is fully associative. */
static int parse_geom(struct tlb_geom *g, const char *v, const char *item, char *err, size_t errlen)
{
	unsigned long long entries, ways;
	char *end;
	if (parse_uint(v, &end, &entries) || entries < 1 || entries > 4096)
		return fail(err, errlen, "entries must be 1..4096", item);
	ways = entries;
	if (*end == 'x') {
		if (strncmp(end + 1, "full", 4) == 0)
			end += 5;
		else if (parse_uint(end + 1, &end, &ways))
			return fail(err, errlen, "bad number of ways", item);
	}
	int policy = -1;
	if (*end == ':') {
		policy = parse_policy(end + 1);
		if (policy < 0)
			return fail(err, errlen, "unknown policy (lru plru fifo random)", item);
	} else if (*end) {
		return fail(err, errlen, "expected ENTRIES[xWAYS][:POLICY]", item);
	}
	if (ways < 1 || ways > entries || entries % ways || !is_pow2(entries / ways))
		return fail(err, errlen,
		            "ways must divide entries into a power-of-two number of sets", item);
	g->entries = (unsigned)entries;
	g->ways = (unsigned)ways;
	g->policy = policy;
	return 0;
}

static int set_preset(struct tlb_config *c, const char *name)
{
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		if (strcmp(presets[i].preset, name) == 0) {
			*c = presets[i];
			return 0;
		}
	}
	return -1;
}

static int parse_flag(int *dst, const char *v)
{
	if (strcmp(v, "0") && strcmp(v, "1"))
		return -1;
	*dst = v[0] == '1';
	return 0;
}

/* One KEY=VALUE item of the spec. */
static int parse_item(struct tlb_config *c, char *item, char *err, size_t errlen)
{
	char *v = strchr(item, '=');
	if (!v)
		return fail(err, errlen, "expected KEY=VALUE", item);
	*v++ = '\0';
	unsigned long long n;
	char *end;
	if (strcmp(item, "preset") == 0)
		return set_preset(c, v) ? fail(err, errlen, "unknown preset", v) : 0;
	if (strcmp(item, "policy") == 0) {
		c->policy = parse_policy(v);
		return c->policy < 0 ? fail(err, errlen, "unknown policy (lru plru fifo random)", v)
		                     : 0;
	}
	if (strcmp(item, "seed") == 0) {
		if (parse_uint(v, &end, &n) || *end)
			return fail(err, errlen, "bad seed", v);
		c->seed = n;
		return 0;
	}
	if (strcmp(item, "unified") == 0)
		return parse_flag(&c->unified, v) ? fail(err, errlen, "expected 0 or 1", v) : 0;
	if (strcmp(item, "pse") == 0)
		return parse_flag(&c->features.pse, v) ? fail(err, errlen, "expected 0 or 1", v)
		                                       : 0;
	if (strcmp(item, "pae") == 0)
		return parse_flag(&c->features.pae, v) ? fail(err, errlen, "expected 0 or 1", v)
		                                       : 0;
	if (strcmp(item, "pge") == 0)
		return parse_flag(&c->features.pge, v) ? fail(err, errlen, "expected 0 or 1", v)
		                                       : 0;
	for (int g = 0; g < NGEOM; g++) {
		if (strcmp(item, tlb_geom_names[g]) != 0)
			continue;
		int large = g == GEOM_ITLBLARGE || g == GEOM_DTLBLARGE;
		int l2 = g == GEOM_ITLBL2 || g == GEOM_DTLBL2;
		enum large_mode *mode = &c->large_mode[g == GEOM_DTLBLARGE];
		if (large && strcmp(v, "pieces") == 0) {
			*mode = LARGE_PIECES;
			c->geom[g].entries = 0;
			return 0;
		}
		if (large && strcmp(v, "shared") == 0) {
			*mode = LARGE_SHARED;
			c->geom[g].entries = 0;
			return 0;
		}
		if (l2 && strcmp(v, "none") == 0) {
			c->geom[g].entries = 0;
			return 0;
		}
		if (large)
			*mode = LARGE_ARRAY;
		return parse_geom(&c->geom[g], v, item, err, errlen);
	}
	return fail(err, errlen, "unknown key", item);
}

int tlb_config_parse(struct tlb_config *c, const char *preset, const char *spec, char *err,
                     size_t errlen)
{
	if (set_preset(c, preset ? preset : "p6"))
		return fail(err, errlen, "unknown CPU preset (i386 i486 pentium p6 p4 k6 athlon)",
		            preset);
	if (!spec)
		spec = "";
	char buf[512];
	if (strlen(spec) >= sizeof buf)
		return fail(err, errlen, "specification too long", "...");
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *save = NULL, *item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save))
		if (parse_item(c, item, err, errlen))
			return -1;
	if (c->geom[GEOM_DTLB4K].entries == 0 || (!c->unified && c->geom[GEOM_ITLB4K].entries == 0))
		return fail(err, errlen, "a side has no 4K array", spec);
	for (int s = c->unified; s < 2; s++)
		if (c->large_mode[s] == LARGE_ARRAY &&
		    c->geom[s ? GEOM_DTLBLARGE : GEOM_ITLBLARGE].entries == 0)
			return fail(err, errlen, "a large-page array has no entries", spec);
	for (int g = 0; g < NGEOM; g++) {
		int p = c->geom[g].policy < 0 ? c->policy : c->geom[g].policy;
		if (c->geom[g].entries && p == POLICY_PLRU && (c->geom[g].ways > 64))
			return fail(err, errlen, "plru needs at most 64 ways", tlb_geom_names[g]);
		if (c->geom[g].entries && p == POLICY_PLRU && !is_pow2(c->geom[g].ways))
			return fail(err, errlen, "plru needs a power-of-two number of ways",
			            tlb_geom_names[g]);
	}
	return 0;
}
