/*
 * swap.c - the swap device and the swap/file PTEs (Linux 2.5 mm/swapfile.c, mm/memory.c
 * do_swap_page, much reduced).
 *
 * The device is host memory of --swap SIZE bytes split in 4 KiB slots with a use count each
 * (swap_map[] of mm/swapfile.c).  Slot 0 is never handed out: on a real device it holds the
 * swap header, and here it keeps a swap PTE of type 0 from ever being all zero (pte_none).
 * There is no swap cache: a page read back frees its slot at once (see docs/swap.md).
 */
#include <stdlib.h>
#include <string.h>

#include "filemap.h"
#include "mman.h"
#include "swap.h"

struct swap_state {
	uint8_t *data;
	uint16_t *count; /* PTEs that refer to each slot; 0 = free */
	uint32_t nslots;
	uint32_t used;
	uint32_t hint; /* where the next search for a free slot starts */
};

uint64_t swp_entry_to_pte(const struct kernel *k, uint32_t offset)
{
	if (k->pae)
		return (uint64_t)(offset << 5) << 32; /* type 0 in bits 0-4 of the high word */
	return (uint64_t)offset << 8;                 /* type 0 in bits 1-5 */
}

uint32_t pte_to_swp_offset(const struct kernel *k, uint64_t pte)
{
	return k->pae ? (uint32_t)(pte >> 32) >> 5 : (uint32_t)pte >> 8;
}

uint64_t pgoff_to_pte(const struct kernel *k, uint32_t pgoff)
{
	if (k->pae)
		return ((uint64_t)pgoff << 32) | PTE_FILE;
	return ((pgoff & 0x1fu) << 1) | ((uint64_t)(pgoff >> 5) << 8) | PTE_FILE;
}

uint32_t pte_to_pgoff(const struct kernel *k, uint64_t pte)
{
	if (k->pae)
		return (uint32_t)(pte >> 32);
	uint32_t lo = (uint32_t)pte;
	return ((lo >> 1) & 0x1fu) + ((lo >> 8) << 5);
}

/* pte_present() of 2.5.66+ is P or PROTNONE; pte_none() is all zero (both words with PAE). */
int pte_is_file(uint64_t pte)
{
	return !(pte & (PTE_P | PTE_PROTNONE)) && (pte & PTE_FILE);
}

int pte_is_swap(uint64_t pte)
{
	return pte != 0 && !(pte & (PTE_P | PTE_PROTNONE)) && !(pte & PTE_FILE);
}

static struct swap_state *swap_state(struct kernel *k)
{
	if (k->swap || !k->cfg.swap_bytes)
		return k->swap;
	struct swap_state *s = calloc(1, sizeof *s);
	uint64_t n = k->cfg.swap_bytes >> PAGE_SHIFT;
	uint32_t maxslots = k->pae ? (UINT32_MAX >> 5) : (UINT32_MAX >> 8);
	if (!s)
		return NULL;
	s->nslots = n > maxslots ? maxslots : (uint32_t)n;
	s->data = calloc(s->nslots, PAGE_SIZE);
	s->count = calloc(s->nslots, sizeof *s->count);
	if (!s->data || !s->count || s->nslots < 2) {
		free(s->data);
		free(s->count);
		free(s);
		return NULL;
	}
	s->count[0] = 1; /* the header slot */
	s->hint = 1;
	k->swap = s;
	return s;
}

int swap_enabled(struct kernel *k)
{
	return swap_state(k) != NULL;
}

uint32_t swap_out_page(struct kernel *k, uint32_t pfn)
{
	struct swap_state *s = swap_state(k);
	if (!s || s->used + 1 >= s->nslots)
		return 0;
	for (uint32_t i = 0; i < s->nslots; i++) {
		uint32_t slot = (s->hint + i) % s->nslots;
		if (s->count[slot])
			continue;
		s->count[slot] = 1;
		s->used++;
		s->hint = slot + 1;
		memcpy(s->data + (uint64_t)slot * PAGE_SIZE, frame_ptr(k, pfn), PAGE_SIZE);
		return slot;
	}
	return 0;
}

void swap_in_page(struct kernel *k, uint32_t slot, uint32_t pfn)
{
	struct swap_state *s = swap_state(k);
	if (s && slot > 0 && slot < s->nslots)
		memcpy(frame_ptr(k, pfn), s->data + (uint64_t)slot * PAGE_SIZE, PAGE_SIZE);
}

void swap_dup(struct kernel *k, uint32_t slot)
{
	struct swap_state *s = swap_state(k);
	if (s && slot > 0 && slot < s->nslots && s->count[slot] && s->count[slot] < UINT16_MAX)
		s->count[slot]++;
}

void swap_put(struct kernel *k, uint32_t slot)
{
	struct swap_state *s = swap_state(k);
	if (!s || slot == 0 || slot >= s->nslots || !s->count[slot])
		return;
	if (--s->count[slot] == 0) {
		s->used--;
		if (slot < s->hint)
			s->hint = slot;
	}
}

uint32_t swap_used_pages(struct kernel *k)
{
	struct swap_state *s = k->swap;
	return s ? s->used : 0;
}

uint32_t swap_total_pages(struct kernel *k)
{
	struct swap_state *s = swap_state(k);
	return s ? s->nslots - 1 : 0;
}

void swap_free_all(struct kernel *k)
{
	struct swap_state *s = k->swap;
	if (!s)
		return;
	free(s->data);
	free(s->count);
	free(s);
	k->swap = NULL;
}

uint32_t vma_page_prot(const struct vma *v)
{
	if (!(v->flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return PTE_PROTNONE;
	return PTE_P | PTE_U | ((v->flags & VM_WRITE) ? PTE_W : 0);
}

/* do_swap_page(): a private page comes back from its slot into a new frame (a major fault).
 * The frame is the task's own, so a writable vma maps it writable as do_no_page() does. */
static enum fault_result do_swap_page(struct kernel *k, struct mm *mm, struct vma *v,
                                      uint64_t pte_pa, uint64_t pte)
{
	uint32_t slot = pte_to_swp_offset(k, pte);
	uint32_t pfn = frame_alloc(k);
	if (!pfn)
		return FAULT_OOM;
	/* frame_alloc() may have paged other pages out: the entry itself stays as it was. */
	swap_in_page(k, slot, pfn);
	swap_put(k, slot);
	pte_write(k, pte_pa, mk_pte(pfn, vma_page_prot(v)));
	mm->rss++;
	k->st.major_faults++;
	return FAULT_OK;
}

enum fault_result swap_fault(struct kernel *k, struct task *t, struct vma *v, uint32_t page,
                             uint64_t pte_pa, uint64_t pte, int write)
{
	if (!pte) {
		/* An empty PTE of a page-cache vma: the page at its linear offset. */
		uint32_t pgoff =
		    (uint32_t)(v->pgoff >> PAGE_SHIFT) + ((page - v->start) >> PAGE_SHIFT);
		return filemap_fault(k, t, v, page, pte_pa, pgoff);
	}
	if (pte_is_file(pte))
		return filemap_file_pte_fault(k, t, v, page, pte_pa, pte, write);
	return do_swap_page(k, t->mm, v, pte_pa, pte);
}

static void zap_swap_pte(struct kernel *k, uint32_t a, uint64_t pte_pa, uint64_t pte, void *arg)
{
	(void)a;
	(void)arg;
	if (pte_is_swap(pte))
		swap_put(k, pte_to_swp_offset(k, pte));
	if (pte_is_swap(pte) || pte_is_file(pte))
		pte_write(k, pte_pa, 0); /* not present: no TLB entry to flush */
}

void swap_zap_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end)
{
	for_each_pte(k, mm, start, end, zap_swap_pte, NULL);
}

void swap_copy_pte(struct kernel *k, uint64_t dpte_pa, uint64_t pte)
{
	if (pte_is_swap(pte))
		swap_dup(k, pte_to_swp_offset(k, pte));
	if (pte_is_swap(pte) || pte_is_file(pte))
		pte_write(k, dpte_pa, pte);
}
