/*
 * test_tlb_stats.c - the statistics interface: stable keys in a fixed order whatever the preset,
 * perf stat's names (../shared/reference/tlb-and-debugger.md, section 4), each key documented in
 * docs/statistics.md, kernel accesses counted apart (DESIGN.md, "Statistics"), reset.
 */
#include "test_mmu_tables.h"

/* The same keys in the same order for every preset; no key twice. */
START_TEST(test_fixed_keys)
{
	struct mmu *ref = new_mmu("p6", NULL);
	struct stat_list *want = stat_list(ref);
	for (unsigned i = 0; i < want->n; i++)
		for (unsigned j = i + 1; j < want->n; j++)
			ck_assert_str_ne(want->key[i], want->key[j]);
	for (const char *const *p = mmu_preset_names; *p; p++) {
		struct mmu *m = new_mmu(*p, NULL);
		struct stat_list *got = stat_list(m);
		ck_assert_uint_eq(got->n, want->n);
		for (unsigned i = 0; i < want->n; i++)
			ck_assert_str_eq(got->key[i], want->key[i]);
		free(got);
		mmu_free(m);
	}
	free(want);
	mmu_free(ref);
}
END_TEST

/* perf stat's event names, for user and (prefixed) kernel accesses. */
START_TEST(test_perf_names)
{
	static const char *const perf[] = {"iTLB-loads",  "iTLB-load-misses",
	                                   "dTLB-loads",  "dTLB-load-misses",
	                                   "dTLB-stores", "dTLB-store-misses"};
	struct mmu *m = new_mmu("p6", NULL);
	char key[64];
	for (int i = 0; i < 6; i++) {
		ck_assert_uint_eq(stat(m, perf[i]), 0);
		snprintf(key, sizeof key, "kernel.%s", perf[i]);
		ck_assert_uint_eq(stat(m, key), 0);
	}
	mmu_free(m);
}
END_TEST

/* "kernel.", and a CLASS segment ("4k", "large", "l2") written as CLASS. */
static void generic_form(const char *key, char *out, size_t len)
{
	if (strncmp(key, "kernel.", 7) == 0)
		key += 7;
	snprintf(out, len, "%s", key);
	static const char *const classes[] = {".4k.", ".large.", ".l2."};
	for (int c = 0; c < 3; c++) {
		char *p = strstr(out, classes[c]);
		if (p) {
			char rest[64];
			snprintf(rest, sizeof rest, "%s", p + strlen(classes[c]));
			snprintf(p, len - (size_t)(p - out), ".CLASS.%s", rest);
		}
	}
}

/* Every key appears in docs/statistics.md as `key` (kernel. and CLASS as the page writes them). */
START_TEST(test_keys_documented)
{
	char path[512];
	snprintf(path, sizeof path, "%s", __FILE__);
	char *slash = strstr(path, "tests/unit/");
	ck_assert_ptr_nonnull(slash);
	snprintf(slash, sizeof path - (size_t)(slash - path), "docs/statistics.md");
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	static char doc[1 << 16];
	size_t n = fread(doc, 1, sizeof doc - 1, f);
	doc[n] = '\0';
	fclose(f);
	struct mmu *m = new_mmu("athlon", NULL);
	struct stat_list *k = stat_list(m);
	for (unsigned i = 0; i < k->n; i++) {
		char generic[64], quoted[70];
		generic_form(k->key[i], generic, sizeof generic);
		snprintf(quoted, sizeof quoted, "`%s`", generic);
		ck_assert_msg(strstr(doc, quoted) != NULL, "%s (%s) is not documented", k->key[i],
		              quoted);
	}
	free(k);
	mmu_free(m);
}
END_TEST

/* Supervisor accesses count under kernel.*, user ones under the plain keys. */
START_TEST(test_kernel_apart)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, 0x08048000u, DATA_BASE, PTE_P | PTE_W | PTE_U);
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_nonnull(mmu_translate(m, 0x08048000u, MMU_WRITE, 0));
	ck_assert_uint_eq(stat(m, "kernel.dTLB-stores"), 3);
	ck_assert_uint_eq(stat(m, "kernel.dTLB-store-misses"), 1);
	ck_assert_uint_eq(stat(m, "kernel.dtlb.4k.write.hits"), 2);
	ck_assert_uint_eq(stat(m, "kernel.walks"), 1);
	ck_assert_uint_eq(stat(m, "dTLB-stores"), 0);
	ck_assert_uint_eq(stat(m, "walks"), 0);
	ck_assert_ptr_nonnull(mmu_translate(m, 0x08048000u, MMU_READ, 1));
	ck_assert_uint_eq(stat(m, "dTLB-loads"), 1);
	ck_assert_uint_eq(stat(m, "dTLB-load-misses"), 0); /* the entry is shared, the count not */
	mmu_free(m);
}
END_TEST

/* mmu_stats_reset zeroes every counter; counting resumes, through the fast path too. */
START_TEST(test_reset)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, 0x08048000u, DATA_BASE, PTE_P | PTE_W | PTE_U);
	for (int i = 0; i < 5; i++)
		mmu_translate(m, 0x08048000u + (uint32_t)i, MMU_FETCH, 1);
	mmu_stats_reset(m);
	struct stat_list *k = stat_list(m);
	for (unsigned i = 0; i < k->n; i++)
		ck_assert_msg(k->value[i] == 0, "%s = %llu after reset", k->key[i],
		              (unsigned long long)k->value[i]);
	free(k);
	for (int i = 0; i < 5; i++)
		mmu_translate(m, 0x08048000u + (uint32_t)i, MMU_FETCH, 1);
	ck_assert_uint_eq(stat(m, "iTLB-loads"), 5);
	ck_assert_uint_eq(stat(m, "itlb.4k.hits"), 5);
	mmu_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tlb_stats");
	TCase *tc = tcase_create("stats");
	tcase_add_test(tc, test_fixed_keys);
	tcase_add_test(tc, test_perf_names);
	tcase_add_test(tc, test_keys_documented);
	tcase_add_test(tc, test_kernel_apart);
	tcase_add_test(tc, test_reset);
	suite_add_tcase(s, tc);
	return check_run(s);
}
