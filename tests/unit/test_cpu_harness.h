/*
 * test_cpu_harness.h - a tiny machine for the CPU unit tests: 16 MiB of RAM identity-mapped by
 * a two-level page table (SDM vol. 3, 4.3), user and writable, except one page left unmapped
 * and one read-only, with code, data and stack areas.  Each test places code, sets registers
 * and runs.  Included by test_cpu_*.c only.
 */
#ifndef TEST_CPU_HARNESS_H
#define TEST_CPU_HARNESS_H

#include <check.h>
#include <string.h>

#include "cpu.h"
#include "mmu.h"
#include "check_run.h"

#define RAM_BYTES  (16u << 20)
#define PD_PA      0x1000u
#define PT_PA      0x2000u    /* four page tables, 0x2000-0x5fff, map 0-16 MiB */
#define CODE       0x100000u  /* code area */
#define DATA       0x200000u  /* data area */
#define STACK_TOP  0x300000u  /* initial ESP */
#define HOLE       0x800000u  /* one unmapped page */
#define RO_PAGE    0x900000u  /* one read-only page */
#define EXIT_INT80 0xcd, 0x80 /* int $0x80: every snippet ends with it */

static struct mmu *t_mmu;
static struct cpu t_cpu;

static void put32(uint32_t pa, uint32_t v)
{
	memcpy(mmu_phys(t_mmu, pa, 4), &v, 4);
}

static void harness_setup(void)
{
	char err[128];
	t_mmu = mmu_new(RAM_BYTES, "p6", NULL, err, sizeof err);
	ck_assert_msg(t_mmu != NULL, "%s", err);
	for (uint32_t t = 0; t < 4; t++)
		put32(PD_PA + t * 4, (PT_PA + t * 0x1000u) | PTE_P | PTE_W | PTE_U);
	for (uint32_t pg = 0; pg < RAM_BYTES / PAGE_SIZE; pg++) {
		uint32_t pa = pg * PAGE_SIZE, flags = PTE_P | PTE_W | PTE_U;
		if (pa == HOLE)
			flags = 0;
		else if (pa == RO_PAGE)
			flags = PTE_P | PTE_U;
		put32(PT_PA + pg * 4, pa | flags);
	}
	ck_assert_int_eq(mmu_set_cr3(t_mmu, PD_PA), 0);
	mmu_set_cr0(t_mmu, CR0_PG | CR0_PE | CR0_WP);
	struct cpu_config cfg = {.paging = mmu_features(t_mmu), .has_cmov = 1};
	ck_assert_int_eq(cpu_init(&t_cpu, t_mmu, &cfg), 0);
	t_cpu.r[ESP] = STACK_TOP;
	t_cpu.eip = CODE;
}

static void harness_teardown(void)
{
	cpu_destroy(&t_cpu);
	mmu_free(t_mmu);
}

static __attribute__((unused)) uint8_t *mem_at(uint32_t pa, size_t n)
{
	return mmu_phys(t_mmu, pa, n);
}

/* Place code at `at` and run until INT 0x80, an exception, or 1000 instructions. */
static enum cpu_exit run_at(uint32_t at, const uint8_t *code, size_t n)
{
	memcpy(mem_at(at, n), code, n);
	t_cpu.eip = at;
	return cpu_run(&t_cpu, 1000);
}
#define RUN(...)                                                                                   \
	({                                                                                         \
		static const uint8_t code_[] = {__VA_ARGS__};                                      \
		run_at(CODE, code_, sizeof code_);                                                 \
	})

static uint32_t flags(void)
{
	return cpu_get_eflags(&t_cpu);
}

/* One statistics counter by its key (mmu.h, mmu_stats_foreach; perf-style names such as
 * "iTLB-loads", "dTLB-loads", "dTLB-stores" for the CPL-3 lookups of each kind). */
struct stat_ctx {
	const char *key;
	uint64_t value;
	int found;
};
static void stat_fn(void *ctx, const char *key, uint64_t value)
{
	struct stat_ctx *sc = ctx;
	if (strcmp(key, sc->key) == 0) {
		sc->value = value;
		sc->found = 1;
	}
}
static __attribute__((unused)) uint64_t stat(const char *key)
{
	struct stat_ctx sc = {key, 0, 0};
	mmu_stats_foreach(t_mmu, stat_fn, &sc);
	ck_assert_msg(sc.found, "no statistics key %s", key);
	return sc.value;
}

#endif
