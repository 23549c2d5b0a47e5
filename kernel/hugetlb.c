/*
 * hugetlb.c - huge pages of Linux 2.5.53 (arch/i386/mm/hugetlbpage.c, arch/i386/kernel/sys_i386.c):
 * the pool, private (key 0) and shared (key > 0) segments, their release, and fork.
 * Facts: linux-2.5-syscalls.md "Decisions" 2 and sections 2.1-2.5; differences in
 * docs/hugepages.md.
 *
 * Each pool page is a physically contiguous, naturally aligned run of frames taken out of the
 * frame allocator (their refcnt is held at 1 so nothing else uses them).  A page counts the PDEs
 * mapping it; a private page goes back to the pool when that count reaches 0, a key's pages when
 * no PDE maps any of them any more (the last attacher, forked children included, released it:
 * section 2.4.4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hugetlb.h"
#include "internal.h"
#include "kdebug.h"
#include "mman.h"
#include "personality.h"

/* PAE: the page-directory-pointer index is bits 31:30, the directory index bits 29:21, entries
 * are 8 bytes and addresses reach bit 35 (SDM vol. 3, 4.4.1-4.4.2). */
#define PAE_PD_SHIFT   21
#define PAE_PDPT_SHIFT 30
#define PAE_ADDR       0x0000000FFFFFF000ull

struct hpage {
	uint32_t pfn; /* first frame; 0 = unused slot */
	int mapcount; /* PDEs mapping it */
	int key;      /* index+1 in keys[] when owned by a shared key, 0 otherwise */
	int in_use;   /* taken from the pool */
};

/* struct hugetlb_key (section 2.4.2): uid/gid/size of the creator, its pages by index. */
struct hkey {
	int key; /* 0 = free slot */
	uint32_t uid, gid, size, prot;
	uint32_t npages;
	int *pages; /* hpage indexes */
};

struct hugetlb {
	struct hpage *pages;
	uint32_t nslots;
	uint32_t total, nfree;
	struct hkey keys[HUGETLB_MAX_KEYS];
	uint64_t allocs, frees, segments;
};

static struct hugetlb *H(const struct kernel *k)
{
	return k->hugetlb;
}

uint32_t hugetlb_page_size(const struct kernel *k)
{
	return k->pae ? (2u << 20) : (4u << 20);
}

static uint32_t hpage_frames(const struct kernel *k)
{
	return hugetlb_page_size(k) >> PAGE_SHIFT;
}

int hugetlb_vma(const struct vma *v)
{
	return v && (v->flags & VM_HUGETLB);
}

uint64_t pde_offset(struct kernel *k, struct mm *mm, uint32_t va)
{
	if (!k->pae)
		return mm->pgd + PDX(va) * 4u;
	uint64_t pdpte = pte_read(k, mm->pgd + (va >> PAE_PDPT_SHIFT) * 8u);
	return (pdpte & PAE_ADDR) + ((va >> PAE_PD_SHIFT) & 511u) * 8u;
}

/* ---- the pool ---- */

/* Whether the run of frames at pfn is free in the frame allocator. */
static int run_free(struct kernel *k, uint32_t pfn, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (k->refcnt[pfn + i])
			return 0;
	return 1;
}

/* Drop the frames the pool took from the allocator's free stack. */
static void freelist_compact(struct kernel *k)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i < k->nfree; i++)
		if (k->refcnt[k->freelist[i]] == 0)
			k->freelist[j++] = k->freelist[i];
	k->nfree = j;
}

static int slot_new(struct hugetlb *h)
{
	for (uint32_t i = 0; i < h->nslots; i++)
		if (!h->pages[i].pfn)
			return (int)i;
	struct hpage *p = realloc(h->pages, (h->nslots + 16) * sizeof *p);
	if (!p)
		return -1;
	memset(p + h->nslots, 0, 16 * sizeof *p);
	h->pages = p;
	h->nslots += 16;
	return (int)(h->nslots - 16);
}

/* Add up to n pages to the pool from the highest free aligned runs (alloc_pages(order 10) in
 * set_hugetlb_mem_size() stops at the first failure, section 2.5).  Returns how many. */
static uint32_t pool_grow(struct kernel *k, uint32_t n)
{
	struct hugetlb *h = H(k);
	uint32_t fr = hpage_frames(k), got = 0;
	uint32_t first = LOW_RESERVED_BYTES >> PAGE_SHIFT;
	for (uint32_t base = (k->nframes / fr) * fr; got < n && base >= fr;) {
		base -= fr;
		if (base < first || !run_free(k, base, fr))
			continue;
		int s = slot_new(h);
		if (s < 0)
			break;
		for (uint32_t i = 0; i < fr; i++)
			k->refcnt[base + i] = 1;
		h->pages[s] = (struct hpage){.pfn = base};
		h->total++;
		h->nfree++;
		got++;
	}
	if (got)
		freelist_compact(k);
	return got;
}

/* Give up to n free pool pages back to the frame allocator (update_and_free_page()). */
static void pool_shrink(struct kernel *k, uint32_t n)
{
	struct hugetlb *h = H(k);
	uint32_t fr = hpage_frames(k);
	for (uint32_t i = 0; i < h->nslots && n; i++) {
		struct hpage *p = &h->pages[i];
		if (!p->pfn || p->in_use)
			continue;
		for (uint32_t f = 0; f < fr; f++) {
			k->refcnt[p->pfn + f] = 0;
			k->freelist[k->nfree++] = p->pfn + f;
		}
		*p = (struct hpage){0};
		h->total--;
		h->nfree--;
		n--;
	}
}

long hugetlb_set_pool_size(struct kernel *k, long count)
{
	struct hugetlb *h = H(k);
	if (!h)
		return 0;
	long delta = count >= 0 ? count - (long)h->total : count;
	if (delta > 0)
		pool_grow(k, (uint32_t)delta);
	else if (delta < 0)
		pool_shrink(k,
		            (uint32_t)-delta); /* in-use pages stay: never below the in-use count */
	return (long)h->total;
}

int hugetlb_init(struct kernel *k, char *err, size_t errlen)
{
	struct hugetlb *h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(err, errlen, "out of host memory");
		return -1;
	}
	k->hugetlb = h;
	/* hugetlb_init(): as many as fit, silently fewer (section 2.5). */
	pool_grow(k, k->cfg.hugepages);
	return 0;
}

void hugetlb_free(struct kernel *k)
{
	struct hugetlb *h = H(k);
	if (!h)
		return;
	for (int i = 0; i < HUGETLB_MAX_KEYS; i++)
		free(h->keys[i].pages);
	free(h->pages);
	free(h);
	k->hugetlb = NULL;
}

/* alloc_hugetlb_page(): a zero-filled page off the free list, or -1. */
static int page_alloc(struct kernel *k)
{
	struct hugetlb *h = H(k);
	for (uint32_t i = 0; i < h->nslots; i++) {
		struct hpage *p = &h->pages[i];
		if (!p->pfn || p->in_use)
			continue;
		uint8_t *mem =
		    mmu_phys(k->mmu, (uint64_t)p->pfn << PAGE_SHIFT, hugetlb_page_size(k));
		if (mem)
			memset(mem, 0, hugetlb_page_size(k));
		p->in_use = 1;
		p->mapcount = 0;
		p->key = 0;
		h->nfree--;
		h->allocs++;
		return (int)i;
	}
	return -1;
}

/* free_huge_page(): back on the free list. */
static void page_release(struct kernel *k, int idx)
{
	struct hugetlb *h = H(k);
	struct hpage *p = &h->pages[idx];
	p->in_use = 0;
	p->mapcount = 0;
	p->key = 0;
	h->nfree++;
	h->frees++;
}

static int page_by_pfn(const struct hugetlb *h, uint32_t pfn)
{
	for (uint32_t i = 0; i < h->nslots; i++)
		if (h->pages[i].pfn && h->pages[i].pfn == pfn)
			return (int)i;
	return -1;
}

uint32_t hugetlb_total(const struct kernel *k)
{
	return H(k) ? H(k)->total : 0;
}

uint32_t hugetlb_free_count(const struct kernel *k)
{
	return H(k) ? H(k)->nfree : 0;
}

/* ---- keys ---- */

static void key_free(struct kernel *k, struct hkey *key)
{
	for (uint32_t i = 0; i < key->npages; i++)
		if (key->pages[i] >= 0)
			page_release(k, key->pages[i]);
	free(key->pages);
	*key = (struct hkey){0};
}

/* hugetlb_release_key() when the count drops to 0: here, no PDE maps any of its pages. */
static void key_maybe_free(struct kernel *k, int keyno)
{
	struct hugetlb *h = H(k);
	struct hkey *key = &h->keys[keyno - 1];
	for (uint32_t i = 0; i < key->npages; i++)
		if (key->pages[i] >= 0 && h->pages[key->pages[i]].mapcount > 0)
			return;
	key_free(k, key);
}

static struct hkey *key_find(struct hugetlb *h, int key)
{
	for (int i = 0; i < HUGETLB_MAX_KEYS; i++)
		if (h->keys[i].key == key)
			return &h->keys[i];
	return NULL;
}

/* capable(): uid 0 has every capability; in_group_p(0): fsgid 0 (no supplementary groups here). */
static int capable(const struct task *t)
{
	return t->euid == 0;
}

static int in_group_0(const struct task *t)
{
	return t->fsgid == 0;
}

/* alloc_key() of 2.5.53 (section 2.4.2). */
static long key_get(struct kernel *k, struct task *t, int keyval, uint32_t len, uint32_t prot,
                    uint32_t flag, struct hkey **out)
{
	struct hugetlb *h = H(k);
	struct hkey *key = key_find(h, keyval);
	if (key) {
		/* check_size_prot(): prot is not compared; no IPC_EXCL, so never EEXIST. */
		if (key->uid != t->fsuid || key->gid != t->fsgid || key->size != len)
			return -EINVAL;
		*out = key;
		return 0;
	}
	/* 2.5.53: creating needs CAP_SYS_ADMIN and CAP_IPC_LOCK and group 0. */
	if (!capable(t) || !in_group_0(t))
		return -EPERM;
	if (!(flag & HUGETLB_IPC_CREAT))
		return -ENOENT;
	key = key_find(h, 0);
	if (!key)
		return -ENOMEM;
	uint32_t n = len / hugetlb_page_size(k);
	int *pages = malloc(n * sizeof *pages);
	if (!pages)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		pages[i] = -1;
	*key = (struct hkey){.key = keyval,
	                     .uid = t->fsuid,
	                     .gid = t->fsgid,
	                     .size = len,
	                     .prot = prot,
	                     .npages = n,
	                     .pages = pages};
	*out = key;
	return 0;
}

/* ---- mapping ---- */

/* set_huge_pte(): P|PS, user unless PROT_NONE, writable and dirty if the VMA is writable,
 * accessed (pte_mkyoung) (section 2.1). */
static uint64_t huge_pde(const struct vma *v, uint32_t pfn)
{
	uint32_t bits = PTE_P | PTE_PS | PTE_A;
	if (v->flags & (VM_READ | VM_WRITE | VM_EXEC))
		bits |= PTE_U;
	if (v->flags & VM_WRITE)
		bits |= PTE_W | PTE_D;
	return mk_pte(pfn, bits);
}

/* Free an empty page table left in the PDE by earlier 4 KiB mappings (no VMA covers it now, so
 * its entries are all clear).  -1 if it still maps something. */
static int drop_empty_table(struct kernel *k, struct mm *mm, uint64_t pde_pa, uint64_t pde)
{
	uint32_t pt = pte_pfn(k, pde);
	unsigned n = k->pae ? 512 : 1024, esize = k->pae ? 8 : 4;
	for (unsigned i = 0; i < n; i++)
		if (pte_read(k, ((uint64_t)pt << PAGE_SHIFT) + i * esize))
			return -1;
	pte_write(k, pde_pa, 0);
	frame_put(k, pt);
	flush_tlb_mm(k, mm); /* the paging-structure caches may hold the old PDE (SDM 4.10.3) */
	return 0;
}

static int map_page(struct kernel *k, struct mm *mm, struct vma *v, uint32_t va, int idx)
{
	uint64_t pde_pa = pde_offset(k, mm, va);
	uint64_t pde = pte_read(k, pde_pa);
	if ((pde & PTE_P) && ((pde & PTE_PS) || drop_empty_table(k, mm, pde_pa, pde) != 0))
		return -1; /* "it must be pte_none" (section 2.4.1) */
	struct hugetlb *h = H(k);
	pte_write(k, pde_pa, huge_pde(v, h->pages[idx].pfn));
	h->pages[idx].mapcount++;
	mm->rss += hpage_frames(k);
	return 0;
}

/* Drop one PDE's use of a huge page (huge_page_release / hugetlb_release_key). */
static void unmap_page(struct kernel *k, struct mm *mm, uint32_t va, uint64_t pde_pa, uint64_t pde)
{
	struct hugetlb *h = H(k);
	pte_write(k, pde_pa, 0);
	flush_tlb_page(k, mm, va); /* INVLPG of any address in the page drops it (SDM 4.10.4.1) */
	mm->rss = mm->rss > hpage_frames(k) ? mm->rss - hpage_frames(k) : 0;
	int idx = page_by_pfn(h, pte_pfn(k, pde));
	if (idx < 0)
		return;
	struct hpage *p = &h->pages[idx];
	if (p->mapcount > 0)
		p->mapcount--;
	if (p->key)
		key_maybe_free(k, p->key);
	else if (p->mapcount == 0)
		page_release(k, idx);
}

void hugetlb_zap_range(struct kernel *k, struct mm *mm, uint32_t start, uint32_t end)
{
	if (!H(k) || !mm->pgd)
		return;
	uint32_t hs = hugetlb_page_size(k);
	uint32_t va = (start + hs - 1) & ~(hs - 1);
	for (; va >= start && va < end && end - va >= hs && va < TASK_SIZE; va += hs) {
		uint64_t pde_pa = pde_offset(k, mm, va);
		uint64_t pde = pte_read(k, pde_pa);
		if ((pde & PTE_P) && (pde & PTE_PS))
			unmap_page(k, mm, va, pde_pa, pde);
	}
}

int hugetlb_copy_range(struct kernel *k, struct mm *dst, struct mm *src, struct vma *v)
{
	struct hugetlb *h = H(k);
	uint32_t hs = hugetlb_page_size(k);
	for (uint32_t va = v->start; va < v->end; va += hs) {
		uint64_t pde = pte_read(k, pde_offset(k, src, va));
		if (!(pde & PTE_P) || !(pde & PTE_PS))
			continue;
		/* copy_hugetlb_page_range(): the same PDE, no COW (section 2.4.3). */
		pte_write(k, pde_offset(k, dst, va), pde);
		int idx = page_by_pfn(h, pte_pfn(k, pde));
		if (idx >= 0)
			h->pages[idx].mapcount++;
		dst->rss += hpage_frames(k);
	}
	return 0;
}

long hugetlb_munmap_check(struct kernel *k, struct mm *mm, uint32_t addr, uint32_t len)
{
	uint32_t hs = hugetlb_page_size(k);
	uint32_t end = addr + PAGE_ALIGN(len);
	for (struct vma *v = find_vma(mm, addr); v && v->start < end; v = v->next)
		if (hugetlb_vma(v) && ((addr & (hs - 1)) || (end & (hs - 1))))
			return -EINVAL; /* is_aligned_hugepage_range() of 2.5.6x (section 2.4.4) */
	return 0;
}

int hugetlb_fault_ok(struct kernel *k, struct mm *mm, uint32_t addr)
{
	uint64_t pde = pte_read(k, pde_offset(k, mm, addr));
	if ((pde & PTE_P) && (pde & PTE_PS)) {
		flush_tlb_page(k, mm, addr); /* spurious: a stale TLB entry */
		return 1;
	}
	return 0; /* no huge page there: SIGBUS in 2.5.60+, a BUG() in 2.5.53 (section 2.4.4) */
}

/* ---- the system calls ---- */

/* get_addr() of 2.5.53 (section 2.4): the hint rounded up, else the first hole from
 * TASK_UNMAPPED_BASE; note the ">=": a range must end strictly before the next VMA. */
static uint32_t get_addr(struct kernel *k, struct mm *mm, uint32_t addr, uint32_t len)
{
	uint32_t hs = hugetlb_page_size(k);
	if (addr) {
		uint64_t a = ((uint64_t)addr + hs - 1) & ~(uint64_t)(hs - 1);
		struct vma *v = find_vma(mm, (uint32_t)a);
		if (TASK_SIZE > a + len && !(v && a + len >= v->start))
			return (uint32_t)a;
	}
	uint64_t a = TASK_UNMAPPED_BASE;
	for (struct vma *v = find_vma(mm, (uint32_t)a); TASK_SIZE > a + len; v = v->next) {
		if (!v || a + len < v->start)
			return (uint32_t)a;
		a = ((uint64_t)v->end + hs - 1) & ~(uint64_t)(hs - 1);
	}
	return 0;
}

/* Map the segment's pages at v; a failure unmaps what was mapped (Decisions 2: no half-mapped
 * segment). */
static long populate(struct kernel *k, struct mm *mm, struct vma *v, struct hkey *key)
{
	struct hugetlb *h = H(k);
	uint32_t hs = hugetlb_page_size(k);
	int keyno = key ? (int)(key - h->keys) + 1 : 0;
	for (uint32_t va = v->start, i = 0; va < v->end; va += hs, i++) {
		int idx = key ? key->pages[i] : -1;
		if (idx < 0) {
			idx = page_alloc(k);
			if (idx >= 0 && key) {
				key->pages[i] = idx; /* key_add_page() */
				h->pages[idx].key = keyno;
			}
		}
		if (idx < 0 || map_page(k, mm, v, va, idx) != 0) {
			if (idx >= 0 && !key)
				page_release(k, idx);
			hugetlb_zap_range(k, mm, v->start, va);
			if (key)
				key_maybe_free(k, keyno);
			return -ENOMEM;
		}
	}
	return 0;
}

static void vma_remove(struct kernel *k, struct mm *mm, struct vma *v)
{
	for (struct vma **pp = &mm->vmas; *pp; pp = &(*pp)->next)
		if (*pp == v) {
			*pp = v->next;
			break;
		}
	vma_free(k, v);
}

long sys_alloc_hugepages(struct kernel *k, int key, uint32_t addr, uint32_t len, uint32_t prot,
                         uint32_t flag)
{
	struct task *t = current_task(k);
	struct mm *mm = t->mm;
	uint32_t hs = hugetlb_page_size(k);
	/* !cpu_has_pse, key < 0, len not a multiple of HPAGE_SIZE; len 0 (Decisions 2). */
	if (!k->cfg.paging.pse || key < 0 || (len & (hs - 1)) || len == 0 || !H(k))
		return -EINVAL;
	uint32_t raddr = get_addr(k, mm, addr, len);
	if (!raddr)
		return -ENOMEM;
	struct hkey *hk = NULL;
	if (key == 0) {
		/* 2.5.53 alloc_private_hugetlb_pages(): CAP_IPC_LOCK or group 0 (section 2.4.1). */
		if (!capable(t) && !in_group_0(t))
			return -EPERM;
		if (len / hs > H(k)->nfree)
			return -ENOMEM;
	} else {
		long r = key_get(k, t, key, len, prot, flag, &hk);
		if (r < 0)
			return r;
	}
	uint32_t vmf = prot_to_vmflags(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_HUGETLB |
	               VM_RESERVED;
	/* Key 0 segments are not inherited (the man page; Decisions 2), whatever flag holds. */
	if (key == 0)
		vmf |= VM_DONTCOPY;
	struct vma *v = vma_new(raddr, raddr + len, vmf);
	if (!v || vma_insert(mm, v) != 0) {
		free(v);
		if (hk)
			key_maybe_free(k, (int)(hk - H(k)->keys) + 1);
		return -ENOMEM;
	}
	long r = populate(k, mm, v, hk);
	if (r < 0) {
		vma_remove(k, mm, v);
		return r;
	}
	H(k)->segments++;
	return (long)raddr;
}

long sys_free_hugepages(struct kernel *k, uint32_t addr)
{
	struct mm *mm = current_task(k)->mm;
	struct vma *v = find_vma(mm, addr);
	/* 2.5.53 (section 2.4.4): addr must be the start of a huge VMA; the whole VMA goes. */
	if (!v || !hugetlb_vma(v) || v->start != addr)
		return -EINVAL;
	return do_munmap(k, mm, addr, v->end - addr);
}

/* ---- /proc and statistics ---- */

int hugetlb_report_meminfo(const struct kernel *k, char *buf, size_t len)
{
	unsigned long total = hugetlb_total(k), nfree = hugetlb_free_count(k);
	unsigned long kb = hugetlb_page_size(k) / 1024;
	long v = personality_version(k);
	if (v < KERNEL_VERSION_NUM(2, 5, 36)) /* no huge pages before 2.5.36 (section 2.3) */
		return snprintf(buf, len, "%s", "");
	if (v < KERNEL_VERSION_NUM(2, 5, 43)) /* 2.5.36 fs/proc/proc_misc.c (section 2.5) */
		return snprintf(buf, len,
		                "HugePages:    %8lu\n"
		                "Available:    %8lu\n"
		                "Size:         %8lu kB\n",
		                total, nfree, kb);
	/* hugetlb_report_meminfo() of 2.5.47+, the 2.5.43+ text: exact spacing (section 2.5). */
	return snprintf(buf, len,
	                "HugePages_Total: %5lu\n"
	                "HugePages_Free:  %5lu\n"
	                "Hugepagesize:    %5lu kB\n",
	                total, nfree, kb);
}

void hugetlb_stats_foreach(const struct kernel *k, mmu_stat_fn fn, void *ctx)
{
	const struct hugetlb *h = H(k);
	if (!h)
		return;
	fn(ctx, "hugepages.total", h->total);
	fn(ctx, "hugepages.alloc", h->allocs);
	fn(ctx, "hugepages.free", h->frees);
	fn(ctx, "hugepages.segments", h->segments);
}

/* The one writable /proc file (fs.h contract): /proc/sys/vm/nr_hugepages, mode 0644, written by
 * root only; hugetlb_sysctl_handler() -> set_hugetlb_mem_size() (section 2.5). */
int kern_proc_write(struct kernel *k, const char *name, const char *buf, size_t len)
{
	if (strcmp(name, "sys/vm/nr_hugepages") != 0)
		return -EACCES;
	struct task *t = current_task(k);
	if (t && t->fsuid != 0)
		return -EACCES;
	char tmp[32];
	size_t n = len < sizeof tmp - 1 ? len : sizeof tmp - 1;
	memcpy(tmp, buf, n);
	tmp[n] = 0;
	char *end;
	long v = strtol(tmp, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (end == tmp || *end)
		return -EINVAL; /* proc_dointvec() refuses what is not a number */
	hugetlb_set_pool_size(k, v);
	return 0;
}

/* Rows 250 and 251 of syscall.c's table (ABI: linux-2.5-syscalls.md 1.1 and 2.2). */
long w_alloc_hugepages(struct kernel *k, const uint32_t a[6])
{
	return sys_alloc_hugepages(k, (int)a[0], a[1], a[2], a[3], a[4]);
}

long w_free_hugepages(struct kernel *k, const uint32_t a[6])
{
	return sys_free_hugepages(k, a[0]);
}

/* For the debugger's `hugepages` command (kdebug.h): the keys in use, in table order. */
int kdebug_hugetlb_keys(const struct kernel *k, kdebug_hkey_fn fn, void *ctx)
{
	const struct hugetlb *h = H(k);
	if (!h)
		return -1;
	for (int i = 0; i < HUGETLB_MAX_KEYS; i++) {
		const struct hkey *key = &h->keys[i];
		if (!key->key)
			continue;
		struct kdebug_hkey out = {.key = key->key,
		                          .size = key->size,
		                          .npages = key->npages,
		                          .uid = key->uid,
		                          .gid = key->gid,
		                          .prot = key->prot};
		fn(ctx, &out);
	}
	return 0;
}
