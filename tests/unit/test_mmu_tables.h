/*
 * test_mmu_tables.h - helpers of the MMU/TLB unit tests: an MMU with emulated RAM, page tables
 * built by hand in that RAM (32-bit and PAE), and statistics lookup by key.  Header-only, included
 * by tests/unit/test_mmu_*.c and test_tlb_*.c.
 */
#ifndef TEST_MMU_TABLES_H
#define TEST_MMU_TABLES_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmu.h"
#include "check_run.h"

#define RAM_BYTES (32u << 20)
#define PD_BASE   0x1000u   /* page directory (32-bit) or PDPT (PAE) */
#define PT_POOL   0x10000u  /* page tables are carved from here */
#define DATA_BASE 0x400000u /* frames used as data pages */

struct tables {
	struct mmu *m;
	int pae;
	uint32_t next_table;
};

static inline struct mmu *new_mmu(const char *preset, const char *spec)
{
	char err[200] = "";
	struct mmu *m = mmu_new(RAM_BYTES, preset, spec, err, sizeof err);
	ck_assert_msg(m != NULL, "mmu_new(%s, %s): %s", preset, spec ? spec : "NULL", err);
	return m;
}

static inline void wr32(struct mmu *m, uint64_t pa, uint32_t v)
{
	memcpy(mmu_phys(m, pa, 4), &v, 4);
}

static inline uint32_t rd32(struct mmu *m, uint64_t pa)
{
	uint32_t v;
	memcpy(&v, mmu_phys(m, pa, 4), 4);
	return v;
}

static inline void wr64(struct mmu *m, uint64_t pa, uint64_t v)
{
	memcpy(mmu_phys(m, pa, 8), &v, 8);
}

static inline uint64_t rd64(struct mmu *m, uint64_t pa)
{
	uint64_t v;
	memcpy(&v, mmu_phys(m, pa, 8), 8);
	return v;
}

static inline uint32_t new_table(struct tables *t)
{
	uint32_t pa = t->next_table;
	t->next_table += 4096u;
	memset(mmu_phys(t->m, pa, 4096), 0, 4096);
	return pa;
}

/* 32-bit paging (SDM vol. 3, 4.3): the PDE's entry address, and the PTE's (creating the table). */
static inline uint32_t pde_addr(uint32_t lin)
{
	return PD_BASE + PDX(lin) * 4u;
}

static inline uint32_t pte_addr(struct tables *t, uint32_t lin)
{
	uint32_t pde = rd32(t->m, pde_addr(lin));
	if (!(pde & PTE_P)) {
		pde = new_table(t) | PTE_P | PTE_W | PTE_U;
		wr32(t->m, pde_addr(lin), pde);
	}
	return (pde & PAGE_MASK) + PTX(lin) * 4u;
}

/* PAE (SDM vol. 3, 4.4): PDPT at PD_BASE, one page directory per PDPTE. */
static inline uint32_t pae_pde_addr(struct tables *t, uint32_t lin)
{
	uint64_t pdpte = rd64(t->m, PD_BASE + (lin >> 30) * 8u);
	if (!(pdpte & PTE_P)) {
		pdpte = new_table(t) | PTE_P;
		wr64(t->m, PD_BASE + (lin >> 30) * 8u, pdpte);
	}
	return (uint32_t)(pdpte & PAGE_MASK) + ((lin >> 21) & 0x1ffu) * 8u;
}

static inline uint32_t pae_pte_addr(struct tables *t, uint32_t lin)
{
	uint64_t pde = rd64(t->m, pae_pde_addr(t, lin));
	if (!(pde & PTE_P)) {
		pde = new_table(t) | PTE_P | PTE_W | PTE_U;
		wr64(t->m, pae_pde_addr(t, lin), pde);
	}
	return (uint32_t)(pde & PAGE_MASK) + ((lin >> 12) & 0x1ffu) * 8u;
}

static inline void map4k(struct tables *t, uint32_t lin, uint64_t pa, uint32_t flags)
{
	if (t->pae)
		wr64(t->m, pae_pte_addr(t, lin), pa | flags);
	else
		wr32(t->m, pte_addr(t, lin), (uint32_t)pa | flags);
}

/* A large page: 4 MiB (32-bit paging, PSE) or 2 MiB (PAE). */
static inline void map_large(struct tables *t, uint32_t lin, uint64_t pa, uint32_t flags)
{
	if (t->pae)
		wr64(t->m, pae_pde_addr(t, lin), pa | flags | PTE_PS);
	else
		wr32(t->m, pde_addr(lin), (uint32_t)pa | flags | PTE_PS);
}

/* Empty tables; paging on with CR4 = cr4 (PAE decides the format), CR0.WP set. */
static inline void tables_init(struct tables *t, struct mmu *m, uint32_t cr4)
{
	t->m = m;
	t->pae = (cr4 & CR4_PAE) != 0;
	t->next_table = PT_POOL;
	memset(mmu_phys(m, PD_BASE, 4096), 0, 4096);
	if (t->pae) /* the PDPTEs are loaded at CR3 write: build every page directory now */
		for (uint32_t i = 0; i < 4; i++)
			pae_pde_addr(t, i << 30);
	mmu_set_cr4(m, cr4);
	ck_assert_int_eq(mmu_set_cr3(m, PD_BASE), 0);
	mmu_set_cr0(m, CR0_PE | CR0_PG | CR0_WP);
}

struct stat_find {
	const char *key;
	uint64_t value;
	int found;
};

static inline void stat_find_fn(void *ctx, const char *key, uint64_t value)
{
	struct stat_find *f = ctx;
	if (strcmp(key, f->key) == 0) {
		f->value = value;
		f->found++;
	}
}

/* The value of one statistics key; the key must exist exactly once. */
static inline uint64_t stat(struct mmu *m, const char *key)
{
	struct stat_find f = {key, 0, 0};
	mmu_stats_foreach(m, stat_find_fn, &f);
	ck_assert_msg(f.found == 1, "statistics key %s found %d times", key, f.found);
	return f.value;
}

/* Every statistic, in mmu_stats_foreach() order (free() the result). */
#define MAX_KEYS 200
struct stat_list {
	char key[MAX_KEYS][48];
	uint64_t value[MAX_KEYS];
	unsigned n;
};

static inline void stat_list_fn(void *ctx, const char *key, uint64_t value)
{
	struct stat_list *l = ctx;
	ck_assert_uint_lt(l->n, MAX_KEYS);
	ck_assert_uint_lt(strlen(key), sizeof l->key[0]);
	strcpy(l->key[l->n], key);
	l->value[l->n++] = value;
}

static inline struct stat_list *stat_list(struct mmu *m)
{
	struct stat_list *l = calloc(1, sizeof *l);
	mmu_stats_foreach(m, stat_list_fn, l);
	return l;
}

/* Host pointer of physical address pa inside RAM. */
static inline uint8_t *host(struct mmu *m, uint64_t pa)
{
	return mmu_phys(m, pa, 1);
}

/* Does some entry of array `array` translate linear page `lin`? */
static inline int tlb_holds(struct mmu *m, unsigned array, uint32_t lin)
{
	struct mmu_tlb_info info;
	ck_assert_int_eq(mmu_tlb_info(m, array, &info), 0);
	for (unsigned s = 0; s < info.sets; s++) {
		for (unsigned w = 0; w < info.ways; w++) {
			struct mmu_tlb_entry e;
			ck_assert_int_eq(mmu_tlb_entry(m, array, s, w, &e), 0);
			uint32_t mask =
			    (e.flags & MMU_TLBE_PIECE) ? PAGE_MASK : ~(e.page_size - 1u);
			if (e.valid && (lin & mask) == e.lin)
				return 1;
		}
	}
	return 0;
}

/* Index of the array named `name`. */
static inline unsigned tlb_index(struct mmu *m, const char *name)
{
	for (unsigned i = 0; i < mmu_tlb_count(m); i++) {
		struct mmu_tlb_info info;
		mmu_tlb_info(m, i, &info);
		if (strcmp(info.name, name) == 0)
			return i;
	}
	ck_abort_msg("no TLB array named %s", name);
	return 0;
}

#endif
