/*
 * vmscan.c - page-out when the frames run out (Linux 2.5 mm/vmscan.c, reduced to the
 * scan-the-page-tables "swap_out" of 2.4 because there is no reverse map here).
 *
 * A clock: the hand walks the present PTEs of every address space in task order.  A PTE whose
 * accessed bit is set gets a second chance: the bit is cleared and the page's TLB entry is
 * invalidated (INVLPG), as ptep_test_and_clear_young() + flush_tlb_page() do, so that the next
 * access walks the tables and sets A again (SDM vol. 3, 4.8 and 4.10.4.2).  A PTE found with A
 * clear is paged out:
 *   - a page of a MAP_SHARED file mapping goes back to the page cache (filemap.c), which writes
 *     it to the file when nobody maps it any more; a nonlinear page leaves a file PTE;
 *   - a private page that only this PTE maps goes to the swap device and the PTE becomes a swap
 *     entry (swap.c).
 * Never paged out: pages of VM_LOCKED vmas (mlock), huge pages, shared anonymous memory,
 * private frames shared after fork (no swap cache; docs/swap.md), page tables.
 */
#include "filemap.h"
#include "hugetlb.h"
#include "swap.h"

/* Whether v's pages may be paged out at all. */
static int vma_evictable(struct kernel *k, const struct vma *v)
{
	if ((v->flags & VM_LOCKED) || hugetlb_vma(v) || v->shm)
		return 0;
	return filemap_vma(v) || swap_enabled(k);
}

/* One PTE under the hand: 1 when a frame was given up, 0 when kept, -1 when it holds none. */
static int scan_pte(struct kernel *k, struct mm *mm, struct vma *v, uint32_t addr)
{
	uint64_t pte_pa = pte_offset(k, mm, addr, 0);
	if (!pte_pa)
		return -1;
	uint64_t pte = pte_read(k, pte_pa);
	if (!(pte & PTE_P))
		return -1;
	if (pte & PTE_A) {
		pte_write(k, pte_pa, pte & ~(uint64_t)PTE_A);
		flush_tlb_page(k, mm, addr);
		return 0;
	}
	uint32_t pfn = pte_pfn(k, pte);
	if (filemap_vma(v)) {
		filemap_unmap_pte(k, mm, v, addr, pte_pa, pte);
		return 1;
	}
	/* A frame still shared copy-on-write after fork stays: there is no swap cache to share
	 * one slot, and do_wp_page() may be copying it right now (docs/swap.md). */
	if (k->refcnt[pfn] != 1)
		return 0;
	uint32_t slot = swap_out_page(k, pfn);
	if (!slot)
		return 0;
	pte_write(k, pte_pa, swp_entry_to_pte(k, slot));
	flush_tlb_page(k, mm, addr);
	frame_put(k, pfn);
	if (mm->rss)
		mm->rss--;
	return 1;
}

static struct task *task_of_pid(struct kernel *k, int pid)
{
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->pid == pid)
			return t;
	return NULL;
}

static int task_scannable(struct kernel *k, struct task *t)
{
	if (!t->mm || t->state == TASK_ZOMBIE || t->state == TASK_DEAD)
		return 0;
	for (struct task *o = k->tasks; o && o != t; o = o->next)
		if (o->mm == t->mm && o->state != TASK_ZOMBIE && o->state != TASK_DEAD)
			return 0; /* CLONE_VM: visit each address space once */
	return 1;
}

/* Scans one address space from the hand's address; *budget counts down the pages looked at.
 * Returns the frames given up; the hand stays where it stopped. */
static uint32_t scan_mm(struct kernel *k, struct task *t, struct scan_hand *hand, uint32_t want,
                        uint32_t *budget)
{
	uint32_t freed = 0;
	for (struct vma *v = find_vma(t->mm, hand->addr); v; v = v->next) {
		if (!vma_evictable(k, v))
			continue;
		uint32_t a = hand->addr > v->start ? hand->addr & PAGE_MASK : v->start;
		for (; a < v->end; a += PAGE_SIZE) {
			if (freed >= want || *budget == 0) {
				hand->addr = a;
				return freed;
			}
			int r = scan_pte(k, t->mm, v, a);
			if (r >= 0)
				(*budget)--; /* only present pages count: the clock's face */
			if (r > 0)
				freed++;
		}
		hand->addr = v->end;
	}
	hand->addr = TASK_SIZE; /* this mm is done: the next one */
	return freed;
}

uint32_t try_to_free_pages(struct kernel *k, uint32_t want)
{
	struct scan_hand *hand = filemap_scan_hand(k);
	if (!hand)
		return 0;
	uint32_t freed = filemap_shrink(k, want);
	/* Two turns of the clock at most: the first may only clear accessed bits.  A frame shared
	 * by several address spaces is freed only when the last of them lets go, so a turn is
	 * every address space's present pages. */
	uint32_t ntasks = 0;
	for (struct task *t = k->tasks; t; t = t->next)
		ntasks++;
	uint32_t budget = 2 * (k->nframes + 64) * (ntasks < 16 ? ntasks + 1 : 17);
	for (uint32_t step = 0; freed < want && budget > 0 && step <= 3 * ntasks + 3; step++) {
		struct task *t = task_of_pid(k, hand->pid);
		if (!t || hand->addr >= TASK_SIZE) {
			/* The next task in the list (or the first), from address 0. */
			t = t ? t->next : NULL;
			if (!t)
				t = k->tasks;
			if (!t)
				break;
			hand->pid = t->pid;
			hand->addr = 0;
		}
		if (task_scannable(k, t))
			freed += scan_mm(k, t, hand, want - freed, &budget);
		else
			hand->addr = TASK_SIZE;
		freed += filemap_shrink(k, want - freed);
	}
	return freed;
}
