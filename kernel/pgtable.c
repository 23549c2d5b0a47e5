/*
 * pgtable.c - i386 page tables built in emulated RAM, 2-level and PAE 3-level
 * (Linux 2.5 include/asm-i386/pgtable*.h, arch/i386/mm/init.c and pgtable.c).
 *
 * Every page directory maps the kernel's direct map of low memory at PAGE_OFFSET (0xC0000000):
 * with 4 MiB (2 MiB under PAE) global pages when the CPU has PSE/PGE, as pagetable_init() does
 * with cpu_has_pse/cpu_has_pge, otherwise through 4 KiB page tables shared by all processes.
 * Kernel entries never have the U/S bit, so user mode cannot touch them (SDM vol. 3, 4.6).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* _PAGE_TABLE and _KERNPG_TABLE (include/asm-i386/pgtable.h): a PDE pointing to a user page
 * table is user+writable so the PTE alone decides; the kernel's is supervisor only. */
#define PDE_USER_TABLE   (PTE_P | PTE_W | PTE_U | PTE_A | PTE_D)
#define PDE_KERNEL_TABLE (PTE_P | PTE_W | PTE_A | PTE_D)
/* __PAGE_KERNEL: present, writable, accessed and dirty already set. */
#define PAGE_KERNEL (PTE_P | PTE_W | PTE_A | PTE_D)
/* PAE page-directory-pointer entries have only P among the low flags; bits 1, 2 and 5-8 are
 * reserved and loading CR3 with them set is a #GP (SDM vol. 3, 4.4.1). */
#define PDPTE_P 0x1u
/* Physical-address field of an entry: 32-bit entries bits 31:12, PAE entries bits 35:12 for a
 * 36-bit MAXPHYADDR (SDM vol. 3, 4.4.2). */
#define PTE_ADDR_PAE   0x0000000FFFFFF000ull
#define PAE_ENTRIES    512u
#define PAE_PD_SHIFT   21
#define PAE_PDPT_SHIFT 30

uint64_t pte_read(struct kernel *k, uint64_t pte_pa)
{
	uint8_t *p = mmu_phys(k->mmu, pte_pa, k->pae ? 8 : 4);
	uint64_t v = 0;
	memcpy(&v, p, k->pae ? 8 : 4); /* little-endian host, like the emulated RAM */
	return v;
}

void pte_write(struct kernel *k, uint64_t pte_pa, uint64_t v)
{
	uint8_t *p = mmu_phys(k->mmu, pte_pa, k->pae ? 8 : 4);
	memcpy(p, &v, k->pae ? 8 : 4);
}

uint32_t pte_pfn(struct kernel *k, uint64_t pte)
{
	return (uint32_t)((pte & (k->pae ? PTE_ADDR_PAE : PAGE_MASK)) >> PAGE_SHIFT);
}

uint64_t mk_pte(uint32_t pfn, uint32_t bits)
{
	return ((uint64_t)pfn << PAGE_SHIFT) | bits;
}

static uint64_t pfn_pa(uint32_t pfn)
{
	return (uint64_t)pfn << PAGE_SHIFT;
}

/* A page table for one 4 MiB (2 MiB) slice of the direct map, in 4 KiB pages. */
static uint32_t kernel_pt(struct kernel *k, uint64_t base, unsigned entries, unsigned esize,
                          uint32_t glob)
{
	uint32_t pt = frame_alloc(k);
	if (!pt)
		return 0;
	for (unsigned i = 0; i < entries; i++)
		pte_write(k, pfn_pa(pt) + i * esize,
		          (base + (uint64_t)i * PAGE_SIZE) | PAGE_KERNEL | glob);
	return pt;
}

/* Build the direct map once (pagetable_init()); every pgd_alloc() copies or shares it. */
static int kernel_map_init(struct kernel *k)
{
	struct mmu_features f = k->cfg.paging;
	uint32_t glob = f.pge ? PTE_G : 0;
	uint64_t ram = (uint64_t)k->nframes << PAGE_SHIFT;
	k->kernel_map_bytes = (uint32_t)(ram < MAXMEM ? ram : MAXMEM);
	if (!k->pae) {
		uint32_t n = (k->kernel_map_bytes + (4u << 20) - 1) >> 22;
		for (uint32_t j = 0; j < n; j++) {
			uint64_t base = (uint64_t)j << 22;
			if (f.pse) {
				k->kernel_pde[j] = base | PAGE_KERNEL | PTE_PS | glob;
				continue;
			}
			uint32_t pt = kernel_pt(k, base, 1024, 4, glob);
			if (!pt)
				return -1;
			k->kernel_pde[j] = pfn_pa(pt) | PDE_KERNEL_TABLE;
		}
		return 0;
	}
	uint32_t pmd = frame_alloc(k);
	if (!pmd)
		return -1;
	k->kernel_pmd = pfn_pa(pmd);
	uint32_t n = (k->kernel_map_bytes + (2u << 20) - 1) >> PAE_PD_SHIFT;
	for (uint32_t j = 0; j < n; j++) {
		uint64_t base = (uint64_t)j << PAE_PD_SHIFT;
		uint64_t e;
		if (f.pse) {
			e = base | PAGE_KERNEL | PTE_PS | glob;
		} else {
			uint32_t pt = kernel_pt(k, base, PAE_ENTRIES, 8, glob);
			if (!pt)
				return -1;
			e = pfn_pa(pt) | PDE_KERNEL_TABLE;
		}
		pte_write(k, k->kernel_pmd + j * 8u, e);
	}
	return 0;
}

int pgd_alloc(struct kernel *k, struct mm *mm)
{
	uint32_t pgd = frame_alloc(k);
	if (!pgd)
		return -1;
	mm->pgd = pfn_pa(pgd);
	if (!k->pae) {
		for (unsigned j = 0; j < 256; j++)
			pte_write(k, mm->pgd + (768u + j) * 4u, k->kernel_pde[j]);
		return 0;
	}
	/* Linux 2.5's PAE pgd_alloc() allocates all user PMDs up front: the CPU caches the four
	 * PDPTEs at each CR3 load (SDM vol. 3, 4.4.1), so they must not change afterwards. */
	for (unsigned i = 0; i < 3; i++) {
		uint32_t pd = frame_alloc(k);
		if (!pd) {
			pgd_free(k, mm);
			return -1;
		}
		pte_write(k, mm->pgd + i * 8u, pfn_pa(pd) | PDPTE_P);
	}
	pte_write(k, mm->pgd + 3 * 8u, k->kernel_pmd | PDPTE_P);
	return 0;
}

/* Free the user page tables and the directory; the pages they mapped are gone already
 * (zap_page_range). */
void pgd_free(struct kernel *k, struct mm *mm)
{
	if (!mm->pgd)
		return;
	if (!k->pae) {
		for (unsigned i = 0; i < 768; i++) {
			uint64_t pde = pte_read(k, mm->pgd + i * 4u);
			if (pde & PTE_P)
				frame_put(k, pte_pfn(k, pde));
		}
	} else {
		for (unsigned i = 0; i < 3; i++) {
			uint64_t pdpte = pte_read(k, mm->pgd + i * 8u);
			if (!(pdpte & PDPTE_P))
				continue;
			uint64_t pd = pdpte & PTE_ADDR_PAE;
			for (unsigned j = 0; j < PAE_ENTRIES; j++) {
				uint64_t pde = pte_read(k, pd + j * 8u);
				if (pde & PTE_P)
					frame_put(k, pte_pfn(k, pde));
			}
			frame_put(k, (uint32_t)(pd >> PAGE_SHIFT));
		}
	}
	frame_put(k, (uint32_t)(mm->pgd >> PAGE_SHIFT));
	mm->pgd = 0;
}

/* Physical address of the PTE mapping va (pte_offset()), allocating its page table when `alloc`
 * (pte_alloc_map()).  0 when there is none or memory ran out. */
uint64_t pte_offset(struct kernel *k, struct mm *mm, uint32_t va, int alloc)
{
	uint64_t pde_pa, esize;
	unsigned idx;
	if (!k->pae) {
		pde_pa = mm->pgd + PDX(va) * 4u;
		idx = PTX(va);
		esize = 4;
	} else {
		uint64_t pdpte = pte_read(k, mm->pgd + (va >> PAE_PDPT_SHIFT) * 8u);
		pde_pa = (pdpte & PTE_ADDR_PAE) + ((va >> PAE_PD_SHIFT) & (PAE_ENTRIES - 1)) * 8u;
		idx = (va >> PAGE_SHIFT) & (PAE_ENTRIES - 1);
		esize = 8;
	}
	uint64_t pde = pte_read(k, pde_pa);
	if (!(pde & PTE_P)) {
		if (!alloc)
			return 0;
		uint32_t pt = frame_alloc(k);
		if (!pt)
			return 0;
		pde = pfn_pa(pt) | PDE_USER_TABLE;
		/* A not-present entry is never cached (SDM vol. 3, 4.10.2.3): no flush needed. */
		pte_write(k, pde_pa, pde);
	}
	if (pde & PTE_PS)
		return 0; /* a huge page: no PTE */
	return pfn_pa(pte_pfn(k, pde)) + idx * esize;
}

uint32_t mm_cr3(struct kernel *k, struct mm *mm)
{
	(void)k;
	return (uint32_t)mm->pgd;
}

static int is_current_mm(struct kernel *k, struct mm *mm)
{
	return mm && (mmu_cr3(k->mmu) & PAGE_MASK) == (mm_cr3(k, mm) & PAGE_MASK);
}

void flush_tlb_page(struct kernel *k, struct mm *mm, uint32_t va)
{
	if (is_current_mm(k, mm))
		mmu_invlpg(k->mmu, va);
}

/* A CR3 reload flushes every non-global entry (SDM vol. 3, 4.10.4.1), as flush_tlb() does. */
void flush_tlb_mm(struct kernel *k, struct mm *mm)
{
	if (is_current_mm(k, mm))
		mmu_set_cr3(k->mmu, mmu_cr3(k->mmu));
}

int paging_init(struct kernel *k, char *err, size_t errlen)
{
	struct mmu_features f = k->cfg.paging;
	k->pae = k->cfg.pae;
	if (k->pae && !f.pae) {
		snprintf(err, errlen, "--pae: this CPU has no PAE");
		return -1;
	}
	if (kernel_map_init(k) != 0) {
		snprintf(err, errlen, "too little emulated RAM for the kernel page tables");
		return -1;
	}
	k->init_mm = mm_alloc(k);
	if (!k->init_mm) {
		snprintf(err, errlen, "too little emulated RAM for the kernel page tables");
		return -1;
	}
	uint32_t cr4 = (f.pse ? CR4_PSE : 0) | (f.pge ? CR4_PGE : 0) | (k->pae ? CR4_PAE : 0);
	mmu_set_cr4(k->mmu, cr4);
	if (mmu_set_cr3(k->mmu, mm_cr3(k, k->init_mm)) != 0) {
		snprintf(err, errlen, "internal error: CR3 load refused");
		return -1;
	}
	mmu_set_cr0(k->mmu, CR0_PG | CR0_PE | CR0_WP);
	return 0;
}
