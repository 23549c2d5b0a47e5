/*
 * test_mmu_events.c - the event hook reports what the MMU does, in order, with the facts of each
 * event (SDM vol. 3, chapter 4), and never changes a statistic.
 */
#include "test_mmu_tables.h"

#define LIN 0x08048000u
#define PA  (DATA_BASE + 0x5000u)

struct log {
	struct mmu_event ev[64];
	unsigned n;
};

static void record(void *ctx, const struct mmu_event *ev)
{
	struct log *l = ctx;
	if (l->n < 64)
		l->ev[l->n++] = *ev;
}

static unsigned array_named(struct mmu *m, const char *name)
{
	for (unsigned i = 0; i < mmu_tlb_count(m); i++) {
		struct mmu_tlb_info info;
		ck_assert_int_eq(mmu_tlb_info(m, i, &info), 0);
		if (strcmp(info.name, name) == 0)
			return i;
	}
	ck_abort_msg("no array %s", name);
	return 0;
}

/* A miss (SDM 4.10.2.3: the walk fills the TLB) reports MISS, WALK with the two entries read
 * (PDE then PTE, SDM 4.3 figure 4-2), FILL of dtlb4k; the hit that follows reports nothing. */
START_TEST(test_miss_walk_fill_then_quiet_hit)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	struct log l = {.n = 0};
	mmu_set_event_hook(m, record, &l);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN + 8, MMU_READ, 1));
	ck_assert_uint_eq(l.n, 3);
	unsigned dtlb = array_named(m, "dtlb4k");
	ck_assert_int_eq(l.ev[0].type, MMU_EV_MISS);
	ck_assert_int_eq(l.ev[0].array, (int)dtlb);
	ck_assert_uint_eq(l.ev[0].lin, LIN + 8);
	ck_assert_int_eq(l.ev[1].type, MMU_EV_WALK);
	ck_assert_uint_eq(l.ev[1].reads, 2);
	ck_assert_uint_eq(l.ev[1].entry_pa[0], PD_BASE + PDX(LIN) * 4u);
	ck_assert_uint_eq(l.ev[1].entry_pa[1], pte_addr(&t, LIN));
	ck_assert_uint_eq(l.ev[1].entry_val[1] & PAGE_MASK, PA);
	ck_assert_uint_eq(l.ev[1].pa, PA + 8);
	ck_assert_int_eq(l.ev[2].type, MMU_EV_FILL);
	ck_assert_int_eq(l.ev[2].array, (int)dtlb);
	ck_assert_uint_eq(l.ev[2].page_size, 4096);
	/* p6 DTLB: 64 entries, 4 ways, so 16 sets indexed by lin[15:12] (reference, section 2). */
	ck_assert_uint_eq(l.ev[2].set, (LIN >> 12) & 15u);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN + 16, MMU_READ, 1));
	ck_assert_uint_eq(l.n, 3);
	mmu_free(m);
}
END_TEST

/* The first write through a clean entry re-walks to set D (SDM 4.8): an AD event. */
START_TEST(test_dirty_update_event)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_W | PTE_U);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_READ, 1));
	struct log l = {.n = 0};
	mmu_set_event_hook(m, record, &l);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN, MMU_WRITE, 1));
	ck_assert_uint_eq(l.n, 1);
	ck_assert_int_eq(l.ev[0].type, MMU_EV_AD);
	ck_assert_int_eq(l.ev[0].kind, MMU_WRITE);
	ck_assert_uint_eq(l.ev[0].reads, 2);
	mmu_free(m);
}
END_TEST

/* Evicting: a 4-way set (p6 DTLB) filled with a fifth page evicts one; the EVICT event names the
 * page that left, and it is no longer in the TLB. */
START_TEST(test_eviction_event)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	/* Pages 16 apart share a set of the 16-set DTLB. */
	for (uint32_t i = 0; i < 5; i++)
		map4k(&t, LIN + i * 16u * 4096u, PA + i * 4096u, PTE_P | PTE_W | PTE_U);
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_ptr_nonnull(mmu_translate(m, LIN + i * 16u * 4096u, MMU_READ, 1));
	struct log l = {.n = 0};
	mmu_set_event_hook(m, record, &l);
	ck_assert_ptr_nonnull(mmu_translate(m, LIN + 4u * 16u * 4096u, MMU_READ, 1));
	ck_assert_uint_eq(l.n, 4);
	ck_assert_int_eq(l.ev[2].type, MMU_EV_EVICT);
	ck_assert_int_eq(l.ev[3].type, MMU_EV_FILL);
	ck_assert_uint_eq(l.ev[2].set, l.ev[3].set);
	ck_assert_uint_eq(l.ev[2].way, l.ev[3].way);
	ck_assert(!tlb_holds(m, (unsigned)l.ev[2].array, l.ev[2].lin));
	mmu_free(m);
}
END_TEST

/* Faults carry the error code (SDM 4.7); flushes name their cause (SDM 4.10.4.1). */
START_TEST(test_fault_and_flush_events)
{
	struct mmu *m = new_mmu("p6", NULL);
	struct tables t;
	tables_init(&t, m, 0);
	map4k(&t, LIN, PA, PTE_P | PTE_U); /* read-only */
	struct log l = {.n = 0};
	mmu_set_event_hook(m, record, &l);
	ck_assert_ptr_null(mmu_translate(m, LIN, MMU_WRITE, 1));
	ck_assert_int_eq(l.ev[l.n - 1].type, MMU_EV_FAULT);
	ck_assert_uint_eq(l.ev[l.n - 1].error_code, PF_P | PF_W | PF_U);
	l.n = 0;
	mmu_invlpg(m, LIN);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_int_eq(l.ev[0].type, MMU_EV_FLUSH);
	ck_assert_str_eq(l.ev[0].cause, "invlpg");
	ck_assert_uint_eq(l.ev[0].lin, LIN);
	ck_assert_int_eq(mmu_set_cr3(m, PD_BASE), 0);
	ck_assert_str_eq(l.ev[1].cause, "cr3");
	mmu_free(m);
}
END_TEST

/* The same access sequence gives identical statistics with and without a hook. */
START_TEST(test_hook_changes_no_statistic)
{
	struct mmu *mm[2];
	struct log l = {.n = 0};
	for (int h = 0; h < 2; h++) {
		struct tables t;
		mm[h] = new_mmu("athlon", NULL);
		tables_init(&t, mm[h], 0);
		if (h)
			mmu_set_event_hook(mm[h], record, &l);
		for (uint32_t i = 0; i < 300; i++)
			map4k(&t, LIN + i * 4096u, PA + (i % 64) * 4096u, PTE_P | PTE_W | PTE_U);
		for (uint32_t r = 0; r < 3; r++)
			for (uint32_t i = 0; i < 300; i++)
				mmu_translate(mm[h], LIN + i * 4096u,
				              (i & 1) ? MMU_WRITE : MMU_READ, 1);
		l.n = 0;
	}
	struct stat_list *a = stat_list(mm[0]), *b = stat_list(mm[1]);
	ck_assert_uint_eq(a->n, b->n);
	for (unsigned i = 0; i < a->n; i++) {
		ck_assert_str_eq(a->key[i], b->key[i]);
		ck_assert_msg(a->value[i] == b->value[i], "%s differs", a->key[i]);
	}
	free(a);
	free(b);
	mmu_free(mm[0]);
	mmu_free(mm[1]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mmu_events");
	TCase *tc = tcase_create("events");
	tcase_add_test(tc, test_miss_walk_fill_then_quiet_hit);
	tcase_add_test(tc, test_dirty_update_event);
	tcase_add_test(tc, test_eviction_event);
	tcase_add_test(tc, test_fault_and_flush_events);
	tcase_add_test(tc, test_hook_changes_no_statistic);
	suite_add_tcase(s, tc);
	return check_run(s);
}
