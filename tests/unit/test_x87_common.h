/*
 * test_x87_common.h - helpers shared by the x87 unit tests: an identity-mapped paged memory,
 * bit-exact register reads, and the Check runner.
 */
#ifndef TEST_X87_COMMON_H
#define TEST_X87_COMMON_H

#include <check.h>
#include <string.h>

#include "cpu.h"
#include "check_run.h"

#define X87T_RAM     (4u << 20)
#define X87T_PD_ADDR 0x1000u
#define X87T_PT_ADDR 0x2000u

/* 4 MiB of RAM mapped 1:1 with user, writable 4 KiB pages (SDM vol. 3, 4.3, tables 4-5/4-6). */
static inline struct mmu *x87t_identity_mmu(void)
{
	char err[128];
	struct mmu *m = mmu_new(X87T_RAM, "p6", NULL, err, sizeof err);
	ck_assert_ptr_nonnull(m);
	uint32_t *pd = (uint32_t *)mmu_phys(m, X87T_PD_ADDR, PAGE_SIZE);
	uint32_t *pt = (uint32_t *)mmu_phys(m, X87T_PT_ADDR, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	pd[0] = X87T_PT_ADDR | PTE_P | PTE_W | PTE_U;
	for (uint32_t i = 0; i < 1024; i++)
		pt[i] = (i << PAGE_SHIFT) | PTE_P | PTE_W | PTE_U;
	ck_assert_int_eq(mmu_set_cr3(m, X87T_PD_ADDR), 0);
	mmu_set_cr0(m, CR0_PG | CR0_PE);
	return m;
}

/* ST(i) as a host long double (the same 80-bit format), copied bit for bit. */
static inline long double x87t_st(const struct cpu *c, int i)
{
	long double v = 0;
	memcpy(&v, &c->fpu.st[(c->fpu.top + i) & 7], 10);
	return v;
}

static inline int x87t_same(long double a, long double b)
{
	return memcmp(&a, &b, 10) == 0;
}

#endif
