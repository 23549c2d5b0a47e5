/*
 * test_tlb_policy.c - replacement policies of the TLB model on crafted access sequences in one
 * 4-way set, filling of invalid ways first, and the --tlb SPEC overrides.
 *
 * Policy facts: LRU replaces the least recently used way, FIFO the earliest filled one
 * (Hennessy & Patterson, "Computer Architecture", B.1); tree pseudo-LRU as the Intel486 describes
 * it (Embedded Intel486 processor manual, fig. 3-7: bit B0 picks the pair, B1/B2 the way, each
 * access makes them point away from the way used).
 */
#include "test_mmu_tables.h"

#define PAGE(i) (0x10000000u + (uint32_t)(i)*0x1000u)
enum { A, B, C, D, E };

/* A 1-set, 4-way DTLB with `policy`; pages A..E mapped. */
static struct mmu *one_set(struct tables *t, const char *policy)
{
	char spec[64];
	snprintf(spec, sizeof spec, "dtlb4k=4x4:%s", policy);
	struct mmu *m = new_mmu("p6", spec);
	tables_init(t, m, 0);
	for (int i = A; i <= E; i++)
		map4k(t, PAGE(i), DATA_BASE + (uint32_t)i * 0x1000u, PTE_P | PTE_W | PTE_U);
	return m;
}

static void access_seq(struct mmu *m, const int *seq, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(mmu_translate(m, PAGE(seq[i]), MMU_READ, 1));
}

/* Which of A..D is no longer held (-1 if none, -2 if several). */
static int evicted(struct mmu *m)
{
	unsigned dtlb = tlb_index(m, "dtlb4k");
	int gone = -1;
	for (int i = A; i <= D; i++) {
		if (!tlb_holds(m, dtlb, PAGE(i)))
			gone = gone == -1 ? i : -2;
	}
	return gone;
}

static const int seq_abcdae[] = {A, B, C, D, A, E};

START_TEST(test_lru)
{
	struct tables t;
	struct mmu *m = one_set(&t, "lru");
	access_seq(m, seq_abcdae, 6);
	ck_assert_int_eq(evicted(m), B); /* A was used again: B is the least recent */
	ck_assert_uint_eq(stat(m, "dtlb.4k.evictions"), 1);
	ck_assert(tlb_holds(m, tlb_index(m, "dtlb4k"), PAGE(E)));
	mmu_free(m);
}
END_TEST

START_TEST(test_fifo)
{
	struct tables t;
	struct mmu *m = one_set(&t, "fifo");
	access_seq(m, seq_abcdae, 6);
	ck_assert_int_eq(evicted(m), A); /* A was filled first; hits do not count */
	mmu_free(m);
}
END_TEST

START_TEST(test_plru)
{
	struct tables t;
	struct mmu *m = one_set(&t, "plru");
	/* Ways 0..3 hold A..D.  D's access left B2 pointing at way 2 (C); the second A points B0
	 * at the pair (2,3) and B1 at way 1.  The victim: B0 -> pair (2,3), B2 -> way 2 = C, where
	 * LRU picks B. */
	access_seq(m, seq_abcdae, 6);
	ck_assert_int_eq(evicted(m), C);
	mmu_free(m);
}
END_TEST

/* Random: reproducible for a seed; over seeds, more than one way is chosen. */
START_TEST(test_random)
{
	int seen[4] = {0};
	for (int seed = 1; seed <= 16; seed++) {
		int first = -3;
		for (int run = 0; run < 2; run++) {
			char spec[64];
			snprintf(spec, sizeof spec, "dtlb4k=4x4:random,seed=%d", seed);
			struct tables t;
			struct mmu *m = new_mmu("p6", spec);
			tables_init(&t, m, 0);
			for (int i = A; i <= E; i++)
				map4k(&t, PAGE(i), DATA_BASE, PTE_P | PTE_W | PTE_U);
			access_seq(m, seq_abcdae, 6);
			int gone = evicted(m);
			ck_assert_int_ge(gone, A);
			if (run == 0)
				first = gone;
			else
				ck_assert_int_eq(gone, first);
			mmu_free(m);
		}
		seen[first] = 1;
	}
	ck_assert_int_gt(seen[0] + seen[1] + seen[2] + seen[3], 1);
}
END_TEST

/* A fill takes an invalid way before evicting anything, under every policy. */
START_TEST(test_invalid_way_first)
{
	static const char *const policies[] = {"lru", "plru", "fifo", "random"};
	for (int p = 0; p < 4; p++) {
		struct tables t;
		struct mmu *m = one_set(&t, policies[p]);
		access_seq(m, seq_abcdae, 4);
		mmu_invlpg(m, PAGE(B));
		access_seq(m, (const int[]){E}, 1);
		ck_assert_uint_eq(stat(m, "dtlb.4k.evictions"), 0);
		ck_assert_int_eq(evicted(m), B);
		mmu_free(m);
	}
}
END_TEST

/* Hits on the same entry change nothing: rank 0 stays with the most recently used page. */
START_TEST(test_recency_rank)
{
	struct tables t;
	struct mmu *m = one_set(&t, "lru");
	access_seq(m, (const int[]){A, B, C, D, B, B}, 6);
	unsigned dtlb = tlb_index(m, "dtlb4k");
	unsigned want[4] = {3, 0, 2, 1}; /* A oldest, then C, D, B newest */
	for (unsigned w = 0; w < 4; w++) {
		struct mmu_tlb_entry e;
		ck_assert_int_eq(mmu_tlb_entry(m, dtlb, 0, w, &e), 0);
		ck_assert(e.valid);
		ck_assert_uint_eq(e.lin, PAGE(w)); /* filled in order into empty ways */
		ck_assert_uint_eq(e.rank, want[w]);
		ck_assert_uint_eq(e.page_size, 4096);
		ck_assert_uint_eq(e.pa, DATA_BASE + w * 0x1000u);
		ck_assert_uint_eq(e.flags & (PTE_U | PTE_W), PTE_U | PTE_W);
	}
	ck_assert_int_ne(mmu_tlb_entry(m, dtlb, 1, 0, &(struct mmu_tlb_entry){0}), 0);
	mmu_free(m);
}
END_TEST

/* --tlb overrides geometry, policy, large-page arrangement and the unified flag. */
START_TEST(test_spec_overrides)
{
	struct mmu *m = new_mmu("p6", "dtlb4k=128x2:fifo,itlblarge=pieces,policy=lru,dtlbl2=512x4");
	struct mmu_tlb_info info;
	ck_assert_int_eq(mmu_tlb_info(m, tlb_index(m, "dtlb4k"), &info), 0);
	ck_assert_uint_eq(info.sets, 64);
	ck_assert_uint_eq(info.ways, 2);
	ck_assert_str_eq(info.policy, "fifo");
	ck_assert_int_eq(mmu_tlb_info(m, tlb_index(m, "itlb4k"), &info), 0);
	ck_assert_str_eq(info.policy, "lru");
	ck_assert_str_eq(info.holds, "4k (large as 4k pieces)");
	ck_assert_int_eq(mmu_tlb_info(m, tlb_index(m, "dtlbl2"), &info), 0);
	ck_assert_uint_eq(info.sets, 128);
	ck_assert_uint_eq(mmu_tlb_count(m), 4);
	mmu_free(m);
	m = new_mmu("i486", "preset=p4,dtlb4k=32,unified=1");
	ck_assert_uint_eq(mmu_tlb_count(m), 1);
	ck_assert_int_eq(mmu_tlb_info(m, 0, &info), 0);
	ck_assert_str_eq(info.name, "tlb");
	ck_assert_str_eq(info.holds, "4k+large");
	ck_assert_uint_eq(info.sets, 1);
	ck_assert_uint_eq(info.ways, 32);
	ck_assert_int_ne(mmu_tlb_info(m, 1, &info), 0);
	mmu_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tlb_policy");
	TCase *tc = tcase_create("policy");
	tcase_add_test(tc, test_lru);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_plru);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_invalid_way_first);
	tcase_add_test(tc, test_recency_rank);
	tcase_add_test(tc, test_spec_overrides);
	suite_add_tcase(s, tc);
	return check_run(s);
}
