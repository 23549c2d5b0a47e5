/*
 * test_tlb_fastpath.c - the host fast path is a speed cache only: the same access sequence with
 * and without it gives the same results, the same statistics (every key) and the same TLB
 * contents, for every preset and policy (DESIGN.md, "The TLB model and the fast path").
 */
#include "test_mmu_tables.h"

#define NPAGES   192u
#define BASE4K   0x10000000u
#define BASE4M   0x40000000u
#define NLARGE   12u
#define UNMAPPED 0x60000000u

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

struct machine {
	struct mmu *m;
	struct tables t;
	uint8_t *ram;
};

/* Varied tables: writable, read-only, supervisor-only, global and clean/dirty pages. */
static void build(struct machine *x, const char *preset, const char *spec, uint32_t cr4)
{
	x->m = new_mmu(preset, spec);
	struct mmu_features f = mmu_features(x->m);
	cr4 &= (f.pse ? CR4_PSE : 0) | (f.pae ? CR4_PAE : 0) | (f.pge ? CR4_PGE : 0);
	tables_init(&x->t, x->m, cr4);
	x->ram = mmu_phys(x->m, 0, RAM_BYTES);
	for (uint32_t i = 0; i < NPAGES; i++) {
		uint32_t flags = PTE_P | PTE_U | PTE_W;
		if (i % 7 == 3)
			flags &= ~PTE_W;
		if (i % 11 == 5)
			flags &= ~PTE_U;
		if (i % 13 == 0)
			flags |= PTE_G | PTE_D | PTE_A;
		map4k(&x->t, BASE4K + i * PAGE_SIZE, DATA_BASE + (i % 64u) * PAGE_SIZE, flags);
	}
	uint32_t large = x->t.pae ? 2u << 20 : 4u << 20;
	if (cr4 & (CR4_PSE | CR4_PAE))
		for (uint32_t i = 0; i < NLARGE; i++)
			map_large(&x->t, BASE4M + i * large, 0x00800000u,
			          PTE_P | PTE_U | (i % 3 ? PTE_W : 0));
}

static uint32_t pick_lin(uint32_t *seed, uint32_t *recent, int large_pages, uint32_t large)
{
	uint32_t r = lcg(seed) % 100u, lin;
	if (r < 75)
		lin = recent[lcg(seed) % 4u];
	else if (r < 92)
		lin = BASE4K + (lcg(seed) % NPAGES) * PAGE_SIZE;
	else if (r < 98 && large_pages)
		lin = BASE4M + (lcg(seed) % NLARGE) * large + (lcg(seed) % 1024u) * PAGE_SIZE;
	else
		lin = UNMAPPED + (lcg(seed) % 8u) * PAGE_SIZE;
	lin = (lin & PAGE_MASK) | (lcg(seed) & 0xffcu);
	recent[lcg(seed) % 4u] = lin;
	return lin;
}

/* Something the kernel would do now and then: change tables, flush, toggle WP. */
static void system_event(struct machine *x, uint32_t r, uint32_t lin)
{
	if (r % 5 == 0) {
		mmu_invlpg(x->m, lin);
	} else if (r % 5 == 1) {
		ck_assert_int_eq(mmu_set_cr3(x->m, PD_BASE), 0);
	} else if (r % 5 == 2) {
		mmu_set_cr0(x->m, mmu_cr0(x->m) ^ CR0_WP);
	} else if (lin >= BASE4K && lin < BASE4K + NPAGES * PAGE_SIZE) {
		/* Change a PTE without invalidating (stale entries, dirty walks that fault). */
		uint32_t bits = r % 5 == 3 ? PTE_W : PTE_D;
		if (x->t.pae) {
			uint32_t a = pae_pte_addr(&x->t, lin);
			wr64(x->m, a, rd64(x->m, a) ^ bits);
		} else {
			uint32_t a = pte_addr(&x->t, lin);
			wr32(x->m, a, rd32(x->m, a) ^ bits);
		}
	}
}

/* Result of one access as an offset into RAM (-1: elsewhere, i.e. the dummy page; -2: fault). */
static int64_t outcome(const struct machine *x, const uint8_t *p)
{
	if (!p)
		return -2;
	if (p >= x->ram && p < x->ram + RAM_BYTES)
		return p - x->ram;
	return -1;
}

static int fast_slot_hit(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user)
{
	const struct mmu_fast *f = (const struct mmu_fast *)(const void *)m;
	/* Served by the slot: inline, or (MMU_FAST_NOT_MRU) by the slot's recency update. */
	uint32_t page = f->slot[user][kind][(lin >> PAGE_SHIFT) % MMU_FAST_SLOTS].page;
	return (page & ~MMU_FAST_NOT_MRU) == (lin & PAGE_MASK);
}

static void compare_tlbs(struct mmu *a, struct mmu *b)
{
	ck_assert_uint_eq(mmu_tlb_count(a), mmu_tlb_count(b));
	for (unsigned i = 0; i < mmu_tlb_count(a); i++) {
		struct mmu_tlb_info info;
		mmu_tlb_info(a, i, &info);
		for (unsigned s = 0; s < info.sets; s++) {
			for (unsigned w = 0; w < info.ways; w++) {
				struct mmu_tlb_entry ea, eb;
				mmu_tlb_entry(a, i, s, w, &ea);
				mmu_tlb_entry(b, i, s, w, &eb);
				ck_assert_int_eq(ea.valid, eb.valid);
				ck_assert_uint_eq(ea.lin, eb.lin);
				ck_assert_uint_eq(ea.pa, eb.pa);
				ck_assert_uint_eq(ea.flags, eb.flags);
				ck_assert_uint_eq(ea.rank, eb.rank);
			}
		}
	}
}

/* Run the same sequence on two machines, fast path on and off; returns fast-path hits. */
static unsigned run_pair(const char *preset, const char *spec, uint32_t cr4, unsigned steps)
{
	struct machine on, off;
	build(&on, preset, spec, cr4);
	build(&off, preset, spec, cr4);
	mmu_set_fastpath(off.m, 0);
	uint32_t seed = 12345, recent[4] = {BASE4K, BASE4K + 0x1000, BASE4K + 0x2000, BASE4K};
	uint32_t large = on.t.pae ? 2u << 20 : 4u << 20;
	int large_pages = (mmu_cr4(on.m) & (CR4_PSE | CR4_PAE)) != 0;
	unsigned fast = 0;
	for (unsigned i = 0; i < steps; i++) {
		uint32_t lin = pick_lin(&seed, recent, large_pages, large);
		uint32_t r = lcg(&seed);
		if (r % 200u == 0) {
			system_event(&on, r / 200u, lin);
			system_event(&off, r / 200u, lin);
			continue;
		}
		enum mmu_kind kind = (enum mmu_kind)(r % 3u);
		int user = (r >> 4) % 8u != 0;
		fast += (unsigned)fast_slot_hit(on.m, lin, kind, user);
		ck_assert(!fast_slot_hit(off.m, lin, kind, user));
		int64_t a = outcome(&on, mmu_translate(on.m, lin, kind, user));
		int64_t b = outcome(&off, mmu_translate(off.m, lin, kind, user));
		ck_assert_msg(a == b, "%s step %u: %lld vs %lld", preset, i, (long long)a,
		              (long long)b);
		if (a == -2)
			ck_assert_uint_eq(mmu_last_fault(on.m)->error_code,
			                  mmu_last_fault(off.m)->error_code);
		if (i % 64 == 0)
			ck_assert_msg(mmu_check(on.m) == 0, "%s step %u: a stale fast-path slot",
			              preset, i);
	}
	struct stat_list *ka = stat_list(on.m), *kb = stat_list(off.m);
	ck_assert_uint_eq(ka->n, kb->n);
	for (unsigned k = 0; k < ka->n; k++) {
		ck_assert_str_eq(ka->key[k], kb->key[k]);
		ck_assert_msg(ka->value[k] == kb->value[k],
		              "%s %s: %llu with fast path, %llu without", preset, ka->key[k],
		              (unsigned long long)ka->value[k], (unsigned long long)kb->value[k]);
	}
	free(ka);
	free(kb);
	compare_tlbs(on.m, off.m);
	/* RAM (A/D bits) identical too. */
	ck_assert(memcmp(on.ram, off.ram, DATA_BASE) == 0);
	mmu_free(on.m);
	mmu_free(off.m);
	return fast;
}

START_TEST(test_presets_identical)
{
	for (const char *const *p = mmu_preset_names; *p; p++) {
		unsigned fast = run_pair(*p, NULL, CR4_PSE | CR4_PGE, 40000);
		ck_assert_msg(fast > 10000, "%s: fast path served only %u accesses", *p, fast);
	}
}
END_TEST

START_TEST(test_policies_identical)
{
	static const char *const specs[] = {"policy=lru", "policy=plru", "policy=fifo",
	                                    "policy=random,seed=7", "dtlb4k=16x1,itlb4k=8x2:fifo"};
	for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		ck_assert_uint_gt(run_pair("p6", specs[i], CR4_PSE | CR4_PGE, 30000), 5000);
		ck_assert_uint_gt(run_pair("k6", specs[i], CR4_PSE, 30000), 5000);
	}
}
END_TEST

START_TEST(test_pae_identical)
{
	ck_assert_uint_gt(run_pair("p6", NULL, CR4_PAE | CR4_PGE, 40000), 10000);
	ck_assert_uint_gt(run_pair("athlon", NULL, CR4_PAE, 40000), 10000);
	ck_assert_uint_gt(run_pair("p4", NULL, CR4_PAE | CR4_PGE, 40000), 10000);
}
END_TEST

/* Paging off: every access is counted as unpaged, with or without the fast path. */
START_TEST(test_unpaged_identical)
{
	struct mmu *a = new_mmu("p6", NULL), *b = new_mmu("p6", NULL);
	mmu_set_fastpath(b, 0);
	for (uint32_t i = 0; i < 1000; i++) {
		uint32_t lin = (i % 5u) * 0x1000u + i;
		ck_assert_int_eq(mmu_translate(a, lin, MMU_READ, 0) - mmu_phys(a, 0, 1), lin);
		ck_assert_int_eq(mmu_translate(b, lin, MMU_READ, 0) - mmu_phys(b, 0, 1), lin);
	}
	ck_assert_uint_eq(stat(a, "kernel.unpaged"), 1000);
	ck_assert_uint_eq(stat(b, "kernel.unpaged"), 1000);
	mmu_free(a);
	mmu_free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tlb_fastpath");
	TCase *tc = tcase_create("fastpath");
	tcase_add_test(tc, test_presets_identical);
	tcase_add_test(tc, test_policies_identical);
	tcase_add_test(tc, test_pae_identical);
	tcase_add_test(tc, test_unpaged_identical);
	suite_add_tcase(s, tc);
	return check_run(s);
}
