/*
 * filemap.c - the page cache (Linux 2.5 mm/filemap.c, much reduced).
 *
 * A page of a regular file that a MAP_SHARED mapping touches is kept in one emulated frame,
 * found by (inode key, page offset) in a hash table and by frame number for the way back.
 * Every shared mapping of that page, linear or nonlinear (remap_file_pages), in any process,
 * maps that frame, so they all see one another's stores at once; the cache holds one
 * reference to the frame and each PTE one more.
 *
 * Coherence with read()/write() (docs/swap.md "Page cache"): the file itself stays the store
 * of the fs code; the cache is written to it (a) at msync, munmap and exit, (b) before any
 * read/write-family call on the same inode, after collecting the dirty bits from the PTEs
 * (the D bit the processor sets, SDM vol. 3, 4.8), and (c) when the page is paged out.  After
 * a call that changed the file, the cached pages of that inode are read again.
 */
#include <stdlib.h>
#include <string.h>

#include "filemap.h"
#include "fs.h"
#include "hugetlb.h"
#include "swap.h"

#define PC_HASH    1024u
#define BUS_ADRERR 2 /* si_code of SIGBUS past the end of a mapped file (asm-generic/siginfo.h) */

struct pc_page {
	uint64_t ino;
	uint32_t pgoff;
	uint32_t pfn;
	int dirty;
	struct vm_file *vf; /* keeps the file open for the write-back */
	struct pc_page *hnext;
};

struct pcache {
	struct pc_page *hash[PC_HASH];
	struct pc_page **by_pfn; /* nframes entries */
	uint32_t count;
	struct scan_hand hand;
};

static struct pcache *pcache(struct kernel *k)
{
	if (k->pcache)
		return k->pcache;
	struct pcache *pc = calloc(1, sizeof *pc);
	if (!pc)
		return NULL;
	pc->by_pfn = calloc(k->nframes, sizeof *pc->by_pfn);
	if (!pc->by_pfn) {
		free(pc);
		return NULL;
	}
	k->pcache = pc;
	return pc;
}

struct scan_hand *filemap_scan_hand(struct kernel *k)
{
	struct pcache *pc = pcache(k);
	return pc ? &pc->hand : NULL;
}

static unsigned pc_hashfn(uint64_t ino, uint32_t pgoff)
{
	return (unsigned)(((ino * 0x9E3779B97F4A7C15ull) >> 40) + pgoff) % PC_HASH;
}

int filemap_vma(const struct vma *v)
{
	return (v->flags & VM_SHARED) && v->file && v->file->file && !hugetlb_vma(v);
}

static struct pc_page *pc_find(struct pcache *pc, uint64_t ino, uint32_t pgoff)
{
	for (struct pc_page *p = pc->hash[pc_hashfn(ino, pgoff)]; p; p = p->hnext)
		if (p->ino == ino && p->pgoff == pgoff)
			return p;
	return NULL;
}

static void pc_remove(struct kernel *k, struct pcache *pc, struct pc_page *p)
{
	struct pc_page **pp = &pc->hash[pc_hashfn(p->ino, p->pgoff)];
	while (*pp != p)
		pp = &(*pp)->hnext;
	*pp = p->hnext;
	pc->by_pfn[p->pfn] = NULL;
	pc->count--;
	frame_put(k, p->pfn);
	vm_file_put(p->vf);
	free(p);
}

/* Write one cached page to its file: only the bytes inside the file (a mapping never extends
 * it, as filemap_sync/writepage do not). */
static void pc_writeback(struct kernel *k, struct pc_page *p)
{
	uint64_t size = fs_file_size(p->vf->file);
	uint64_t off = (uint64_t)p->pgoff << PAGE_SHIFT;
	if (off < size) {
		uint32_t n = size - off < PAGE_SIZE ? (uint32_t)(size - off) : PAGE_SIZE;
		fs_write_at(k, p->vf->file, frame_ptr(k, p->pfn), n, off);
	}
	p->dirty = 0;
}

uint32_t filemap_get_page(struct kernel *k, struct vma *v, uint32_t pgoff, int nonblock, int *major,
                          int *missing)
{
	struct pcache *pc = pcache(k);
	*major = 0;
	*missing = 0;
	if (!pc)
		return 0;
	uint64_t ino = fs_file_inode_key(v->file->file);
	struct pc_page *p = pc_find(pc, ino, pgoff);
	if (p)
		return p->pfn;
	if (nonblock) {
		*missing = 1;
		return 0;
	}
	struct pc_page *n = calloc(1, sizeof *n);
	uint32_t pfn = n ? frame_alloc(k) : 0;
	if (!pfn) {
		free(n);
		return 0;
	}
	fs_read_file_page(k, v->file->file, (uint64_t)pgoff << PAGE_SHIFT, frame_ptr(k, pfn),
	                  PAGE_SIZE);
	n->ino = ino;
	n->pgoff = pgoff;
	n->pfn = pfn;
	n->vf = vm_file_get(v->file);
	unsigned h = pc_hashfn(ino, pgoff);
	n->hnext = pc->hash[h];
	pc->hash[h] = n;
	pc->by_pfn[pfn] = n;
	pc->count++;
	*major = 1;
	return pfn;
}

enum fault_result filemap_fault(struct kernel *k, struct task *t, struct vma *v, uint32_t page,
                                uint64_t pte_pa, uint32_t pgoff)
{
	/* filemap_nopage(): a page wholly past the end of the file is SIGBUS. */
	if (((uint64_t)pgoff << PAGE_SHIFT) >= fs_file_size(v->file->file)) {
		force_sig_fault(k, t, SIGBUS, BUS_ADRERR, page);
		return FAULT_OK;
	}
	int major, missing;
	uint32_t pfn = filemap_get_page(k, v, pgoff, 0, &major, &missing);
	if (!pfn)
		return FAULT_OOM;
	frame_get(k, pfn);
	pte_write(k, pte_pa, mk_pte(pfn, vma_page_prot(v)));
	t->mm->rss++;
	if (major)
		k->st.major_faults++;
	else
		k->st.minor_faults++;
	return FAULT_OK;
}

/* do_file_page() of 2.6.0: the page at the offset the file PTE holds. */
enum fault_result filemap_file_pte_fault(struct kernel *k, struct task *t, struct vma *v,
                                         uint32_t page, uint64_t pte_pa, uint64_t pte, int write)
{
	(void)write;
	if (!filemap_vma(v)) {
		pte_write(k, pte_pa, 0); /* no longer a shared file vma: linear fault next time */
		return FAULT_OK;
	}
	return filemap_fault(k, t, v, page, pte_pa, pte_to_pgoff(k, pte));
}

int64_t filemap_pgoff_of(struct kernel *k, uint32_t pfn)
{
	struct pcache *pc = k->pcache;
	if (!pc || pfn >= k->nframes || !pc->by_pfn[pfn])
		return -1;
	return pc->by_pfn[pfn]->pgoff;
}

/* Moves the D bit of a present PTE to its cache page; returns the page (NULL if none). */
static struct pc_page *pte_collect_dirty(struct kernel *k, struct mm *mm, uint32_t addr,
                                         uint64_t pte_pa, uint64_t pte, int clean)
{
	struct pcache *pc = k->pcache;
	uint32_t pfn = pte_pfn(k, pte);
	struct pc_page *p = pc && pfn < k->nframes ? pc->by_pfn[pfn] : NULL;
	if (!p || !(pte & PTE_D))
		return p;
	p->dirty = 1;
	if (clean) {
		/* The TLB may hold the entry with D set: it must go, so the next store sets D
		 * again in the PTE (SDM vol. 3, 4.8 and 4.10.4.2). */
		pte_write(k, pte_pa, pte & ~(uint64_t)PTE_D);
		flush_tlb_page(k, mm, addr);
	}
	return p;
}

void filemap_writeback_range(struct kernel *k, struct mm *mm, struct vma *v, uint32_t start,
                             uint32_t end, int clean)
{
	for (uint32_t a = start; a < end && a >= start; a += PAGE_SIZE) {
		uint64_t pte_pa = pte_offset(k, mm, a, 0);
		if (!pte_pa)
			continue;
		uint64_t pte = pte_read(k, pte_pa);
		if (!(pte & PTE_P))
			continue;
		struct pc_page *p = pte_collect_dirty(k, mm, a, pte_pa, pte, clean);
		if (p && p->dirty)
			pc_writeback(k, p);
	}
	(void)v;
}

void filemap_unmap_pte(struct kernel *k, struct mm *mm, struct vma *v, uint32_t addr,
                       uint64_t pte_pa, uint64_t pte)
{
	struct pc_page *p = pte_collect_dirty(k, mm, addr, pte_pa, pte, 0);
	uint32_t linear = (uint32_t)(v->pgoff >> PAGE_SHIFT) + ((addr - v->start) >> PAGE_SHIFT);
	/* try_to_unmap_one() of 2.6.0: a page not at its linear offset leaves a file PTE. */
	uint64_t npte = p && p->pgoff != linear ? pgoff_to_pte(k, p->pgoff) : 0;
	pte_write(k, pte_pa, npte);
	flush_tlb_page(k, mm, addr);
	frame_put(k, pte_pfn(k, pte));
	if (mm->rss)
		mm->rss--;
}

uint32_t filemap_shrink(struct kernel *k, uint32_t want)
{
	struct pcache *pc = k->pcache;
	uint32_t freed = 0;
	if (!pc || !pc->count)
		return 0;
	for (unsigned h = 0; h < PC_HASH && freed < want; h++) {
		struct pc_page *p = pc->hash[h];
		while (p && freed < want) {
			struct pc_page *next = p->hnext;
			if (k->refcnt[p->pfn] == 1) {
				if (p->dirty)
					pc_writeback(k, p);
				pc_remove(k, pc, p);
				freed++;
			}
			p = next;
		}
	}
	return freed;
}

/* Whether another task earlier in the list has the same mm (CLONE_VM): visit each mm once. */
static int mm_seen_before(struct kernel *k, struct task *t)
{
	for (struct task *o = k->tasks; o && o != t; o = o->next)
		if (o->mm == t->mm)
			return 1;
	return 0;
}

/* A present PTE of a shared mapping of some file, with the mapping it belongs to. */
typedef void (*mapped_pte_fn)(struct kernel *k, struct mm *mm, struct vma *v, uint32_t a,
                              uint64_t pte_pa, uint64_t pte, void *arg);
struct mapped_walk {
	struct mm *mm;
	struct vma *v;
	mapped_pte_fn fn;
	void *arg;
};

static void visit_mapped(struct kernel *k, uint32_t a, uint64_t pte_pa, uint64_t pte, void *arg)
{
	struct mapped_walk *w = arg;
	if (pte & PTE_P)
		w->fn(k, w->mm, w->v, a, pte_pa, pte, w->arg);
}

/* Call fn on every present PTE of the page-cache mappings of ino, in every address space once
 * (tasks sharing an mm after vfork/CLONE_VM are visited through the first of them). */
static void for_each_mapped_pte(struct kernel *k, uint64_t ino, mapped_pte_fn fn, void *arg)
{
	for (struct task *t = k->tasks; t; t = t->next) {
		if (!t->mm || mm_seen_before(k, t))
			continue;
		for (struct vma *v = t->mm->vmas; v; v = v->next) {
			if (!filemap_vma(v) || fs_file_inode_key(v->file->file) != ino)
				continue;
			struct mapped_walk w = {t->mm, v, fn, arg};
			for_each_pte(k, t->mm, v->start, v->end, visit_mapped, &w);
		}
	}
}

static void collect_dirty(struct kernel *k, struct mm *mm, struct vma *v, uint32_t a,
                          uint64_t pte_pa, uint64_t pte, void *arg)
{
	(void)v;
	(void)arg;
	pte_collect_dirty(k, mm, a, pte_pa, pte, 1);
}

/* The D bits of every PTE mapping a cached page of ino, in every process, move to the cache
 * pages; then the dirty pages are written and the pages nobody maps are dropped. */
static void sync_inode(struct kernel *k, uint64_t ino)
{
	struct pcache *pc = k->pcache;
	for_each_mapped_pte(k, ino, collect_dirty, NULL);
	for (unsigned h = 0; h < PC_HASH; h++) {
		struct pc_page *p = pc->hash[h];
		while (p) {
			struct pc_page *next = p->hnext;
			if (p->ino == ino) {
				if (p->dirty)
					pc_writeback(k, p);
				if (k->refcnt[p->pfn] == 1)
					pc_remove(k, pc, p);
			}
			p = next;
		}
	}
}

static void unmap_past_end(struct kernel *k, struct mm *mm, struct vma *v, uint32_t a,
                           uint64_t pte_pa, uint64_t pte, void *arg)
{
	uint64_t pages = *(const uint64_t *)arg;
	int64_t pgoff = filemap_pgoff_of(k, pte_pfn(k, pte));
	if (pgoff >= 0 && (uint64_t)pgoff >= pages)
		filemap_unmap_pte(k, mm, v, a, pte_pa, pte);
}

/* vmtruncate(): after the file shrank to `pages` pages, no PTE maps a cached page past the end
 * any more, so the next touch faults and gets SIGBUS (filemap_nopage); the pages go. */
static void truncate_mappings(struct kernel *k, uint64_t ino, uint64_t pages)
{
	struct pcache *pc = k->pcache;
	for_each_mapped_pte(k, ino, unmap_past_end, &pages);
	for (unsigned h = 0; h < PC_HASH; h++) {
		struct pc_page *p = pc->hash[h];
		while (p) {
			struct pc_page *next = p->hnext;
			if (p->ino == ino && p->pgoff >= pages && k->refcnt[p->pfn] == 1) {
				p->dirty = 0; /* nothing past the end is written */
				pc_remove(k, pc, p);
			}
			p = next;
		}
	}
}

/* The fd a read/write-family call works on, by i386 number (linux-2.5-syscalls.md App. A);
 * *writes: the call may change the file's bytes. */
static int fs_call_fd(unsigned nr, const uint32_t a[6], int *writes)
{
	*writes = 0;
	switch (nr) {
	case 3:   /* read */
	case 145: /* readv */
	case 180: /* pread64 */ return (int)a[0];
	case 187: /* sendfile: in_fd */
	case 239: /* sendfile64 */ return (int)a[1];
	case 4:   /* write */
	case 146: /* writev */
	case 181: /* pwrite64 */
	case 93:  /* ftruncate */
	case 194: /* ftruncate64 */ *writes = 1; return (int)a[0];
	default: return -1;
	}
}

void filemap_before_fs_call(struct kernel *k, unsigned nr, const uint32_t a[6])
{
	int writes;
	struct pcache *pc = k->pcache;
	if (!pc || !pc->count)
		return;
	int fd = fs_call_fd(nr, a, &writes);
	struct file *f = fd >= 0 ? fs_fget(k, fd) : NULL;
	if (!f)
		return;
	if (fs_file_is_regular(f))
		sync_inode(k, fs_file_inode_key(f));
	fs_fput(f);
}

void filemap_after_fs_call(struct kernel *k, unsigned nr, const uint32_t a[6], long r)
{
	int writes;
	struct pcache *pc = k->pcache;
	if (!pc || !pc->count || r < 0)
		return;
	int fd = fs_call_fd(nr, a, &writes);
	if (!writes)
		return;
	struct file *f = fs_fget(k, fd);
	if (!f)
		return;
	uint64_t ino = fs_file_inode_key(f);
	uint64_t size = fs_file_size(f);
	truncate_mappings(k, ino, (size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	for (unsigned h = 0; h < PC_HASH; h++)
		for (struct pc_page *p = pc->hash[h]; p; p = p->hnext)
			if (p->ino == ino)
				fs_read_file_page(k, f, (uint64_t)p->pgoff << PAGE_SHIFT,
				                  frame_ptr(k, p->pfn), PAGE_SIZE);
	fs_fput(f);
}

int filemap_read_cached(struct kernel *k, struct file *f, uint64_t off, uint8_t *dst, uint32_t len)
{
	struct pcache *pc = k->pcache;
	if (!pc || !pc->count || (off & ~(uint64_t)PAGE_MASK) + len > PAGE_SIZE)
		return 0;
	struct pc_page *p = pc_find(pc, fs_file_inode_key(f), (uint32_t)(off >> PAGE_SHIFT));
	if (!p)
		return 0;
	memcpy(dst, frame_ptr(k, p->pfn) + (off & ~(uint64_t)PAGE_MASK), len);
	return 1;
}

void filemap_free_all(struct kernel *k)
{
	struct pcache *pc = k->pcache;
	if (!pc)
		return;
	for (unsigned h = 0; h < PC_HASH; h++)
		while (pc->hash[h]) {
			struct pc_page *p = pc->hash[h];
			if (p->dirty)
				pc_writeback(k, p);
			pc_remove(k, pc, p);
		}
	free(pc->by_pfn);
	free(pc);
	k->pcache = NULL;
}
