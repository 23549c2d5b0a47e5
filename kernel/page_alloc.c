/*
 * page_alloc.c - the frames of emulated RAM (Linux 2.5 mm/page_alloc.c, much reduced).
 *
 * Physical memory is managed in 4 KiB frames with a reference count each (page_count()):
 * a frame mapped by two address spaces after fork, or held by a shared anonymous object and
 * its mappings, is freed when its last user lets go.  Frame 0 and the first MiB stay reserved
 * as on a PC (BIOS data area, VGA memory, option ROMs), like Linux's reserve of low memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "swap.h"

/* Frames page-out frees at once when none is left, as SWAP_CLUSTER_MAX (32) in 2.5. */
#define RECLAIM_BATCH 32u

int frames_init(struct kernel *k, char *err, size_t errlen)
{
	uint64_t ram = mmu_ram_size(k->mmu);
	if (ram > 0xFFFFF000ull)
		ram = 0xFFFFF000ull; /* frame numbers fit in a 32-bit PTE without PAE */
	k->nframes = (uint32_t)(ram >> PAGE_SHIFT);
	uint32_t first = LOW_RESERVED_BYTES >> PAGE_SHIFT;
	if (k->nframes <= first + 64) {
		snprintf(err, errlen, "too little emulated RAM (%llu bytes)",
		         (unsigned long long)mmu_ram_size(k->mmu));
		return -1;
	}
	k->refcnt = calloc(k->nframes, sizeof *k->refcnt);
	k->freelist = malloc(sizeof *k->freelist * k->nframes);
	if (!k->refcnt || !k->freelist) {
		snprintf(err, errlen, "out of host memory");
		return -1;
	}
	for (uint32_t i = 0; i < first; i++)
		k->refcnt[i] = 1; /* reserved forever */
	/* Pushed high to low so that allocation starts at the lowest free frame. */
	k->nfree = 0;
	for (uint32_t pfn = k->nframes; pfn-- > first;)
		k->freelist[k->nfree++] = pfn;
	return 0;
}

void frames_free_all(struct kernel *k)
{
	free(k->refcnt);
	free(k->freelist);
	k->refcnt = NULL;
	k->freelist = NULL;
}

uint8_t *frame_ptr(struct kernel *k, uint32_t pfn)
{
	return mmu_phys(k->mmu, (uint64_t)pfn << PAGE_SHIFT, PAGE_SIZE);
}

uint32_t frame_alloc(struct kernel *k)
{
	if (k->nfree == 0)
		try_to_free_pages(k, RECLAIM_BATCH); /* page out (vmscan.c) */
	if (k->nfree == 0)
		return 0;
	uint32_t pfn = k->freelist[--k->nfree];
	k->refcnt[pfn] = 1;
	memset(frame_ptr(k, pfn), 0, PAGE_SIZE);
	uint32_t used = k->nframes - k->nfree;
	if (used > k->st.frames_peak)
		k->st.frames_peak = used;
	return pfn;
}

void frame_get(struct kernel *k, uint32_t pfn)
{
	if (pfn < k->nframes && k->refcnt[pfn] < UINT16_MAX)
		k->refcnt[pfn]++;
}

void frame_put(struct kernel *k, uint32_t pfn)
{
	if (pfn < (LOW_RESERVED_BYTES >> PAGE_SHIFT) || pfn >= k->nframes || k->refcnt[pfn] == 0)
		return;
	if (--k->refcnt[pfn] == 0)
		k->freelist[k->nfree++] = pfn;
}
