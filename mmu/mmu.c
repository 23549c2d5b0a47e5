/*
 * mmu.c - PLACEHOLDER: a minimal 2-level walker without a TLB model, so that the rest of the
 * tree builds and runs.  Replaced by the real paging hardware and TLB model (issue 3).
 */
#include "mmu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mmu {
	uint8_t *ram;
	uint64_t ram_size;
	uint32_t cr0, cr2, cr3, cr4;
	struct mmu_fault fault;
	uint64_t lookups;
};

const char *const mmu_preset_names[] = {"i386", "i486", "pentium", "p6",
                                        "p4",   "k6",   "athlon",  NULL};

struct mmu *mmu_new(uint64_t ram_bytes, const char *preset, const char *tlb_spec, char *err,
                    size_t errlen)
{
	(void)preset;
	(void)tlb_spec;
	struct mmu *m = calloc(1, sizeof *m);
	if (m)
		m->ram = calloc(1, ram_bytes);
	if (!m || !m->ram) {
		snprintf(err, errlen, "cannot allocate %llu bytes of emulated RAM",
		         (unsigned long long)ram_bytes);
		if (m)
			free(m);
		return NULL;
	}
	m->ram_size = ram_bytes;
	return m;
}

void mmu_free(struct mmu *m)
{
	if (m) {
		free(m->ram);
		free(m);
	}
}

struct mmu_features mmu_features(const struct mmu *m)
{
	(void)m;
	struct mmu_features f = {1, 1, 1};
	return f;
}
const char *mmu_preset_name(const struct mmu *m)
{
	(void)m;
	return "p6";
}
uint8_t *mmu_phys(struct mmu *m, uint64_t pa, size_t len)
{
	if (pa > m->ram_size || len > m->ram_size - pa)
		return NULL;
	return m->ram + pa;
}
uint64_t mmu_ram_size(const struct mmu *m)
{
	return m->ram_size;
}
void mmu_set_cr0(struct mmu *m, uint32_t v)
{
	m->cr0 = v;
}
int mmu_set_cr3(struct mmu *m, uint32_t v)
{
	m->cr3 = v;
	return 0;
}
void mmu_set_cr4(struct mmu *m, uint32_t v)
{
	m->cr4 = v;
}
uint32_t mmu_cr0(const struct mmu *m)
{
	return m->cr0;
}
uint32_t mmu_cr2(const struct mmu *m)
{
	return m->cr2;
}
uint32_t mmu_cr3(const struct mmu *m)
{
	return m->cr3;
}
uint32_t mmu_cr4(const struct mmu *m)
{
	return m->cr4;
}
void mmu_invlpg(struct mmu *m, uint32_t lin)
{
	(void)m;
	(void)lin;
}
const struct mmu_fault *mmu_last_fault(const struct mmu *m)
{
	return &m->fault;
}
void mmu_set_fastpath(struct mmu *m, int on)
{
	(void)m;
	(void)on;
}

static uint32_t rd32(struct mmu *m, uint64_t pa)
{
	uint32_t v = 0;
	if (pa + 4 <= m->ram_size)
		memcpy(&v, m->ram + pa, 4);
	return v;
}

int mmu_probe(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user, uint64_t *pa,
              uint32_t *page_size)
{
	uint32_t uerr = (user ? PF_U : 0) | (kind == MMU_WRITE ? PF_W : 0);
	uint32_t pde = rd32(m, (m->cr3 & PAGE_MASK) + PDX(lin) * 4u);
	if (!(pde & PTE_P))
		return (int)(uerr | 0x80000000u);
	if ((pde & PTE_PS) && (m->cr4 & CR4_PSE)) {
		if ((user && !(pde & PTE_U)) || (kind == MMU_WRITE && !(pde & PTE_W)))
			return (int)(uerr | PF_P);
		*pa = (pde & 0xffc00000u) | (lin & 0x3fffffu);
		*page_size = 4u << 20;
		return 0;
	}
	uint32_t pte = rd32(m, (pde & PAGE_MASK) + PTX(lin) * 4u);
	if (!(pte & PTE_P))
		return (int)(uerr | 0x80000000u);
	uint32_t both = pde & pte;
	if ((user && !(both & PTE_U)) || (kind == MMU_WRITE && !(both & PTE_W)))
		return (int)(uerr | PF_P);
	*pa = (pte & PAGE_MASK) | (lin & 0xfffu);
	*page_size = PAGE_SIZE;
	return 0;
}

uint8_t *mmu_translate(struct mmu *m, uint32_t lin, enum mmu_kind kind, int user)
{
	uint64_t pa;
	uint32_t ps;
	m->lookups++;
	int r = mmu_probe(m, lin, kind, user, &pa, &ps);
	if (r != 0) {
		m->fault.lin = lin;
		m->fault.error_code = (uint32_t)r & 0xffu;
		m->cr2 = lin;
		return NULL;
	}
	return mmu_phys(m, pa, 1);
}

void mmu_stats_foreach(const struct mmu *m, mmu_stat_fn fn, void *ctx)
{
	fn(ctx, "tlb_lookups", m->lookups);
}
void mmu_stats_reset(struct mmu *m)
{
	m->lookups = 0;
}
