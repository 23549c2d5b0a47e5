/*
 * debug_paging.c - `page`, `ptdump`, `tlb` and `creg` (debug_paging.h).
 *
 * Facts: SDM vol. 3, 4.3 (32-bit paging: table 4-4 PDE of a 4 MiB page, 4-5 PDE of a table, 4-6
 * PTE), 4.4 (PAE: table 4-8 PDPTE, 4-9 PDE of a 2 MiB page, 4-10 PDE of a table, 4-11 PTE),
 * 2.5 (control registers).  The letters follow Bochs' `page` command
 * (../shared/reference/tlb-and-debugger.md section 3).
 */
#include "debug_paging.h"

#include <inttypes.h>
#include <string.h>

#include "kdebug.h"

#define PAT_4K     0x080u  /* PAT of a 4 KiB PTE: bit 7 (table 4-6) */
#define PAT_LARGE  0x1000u /* PAT of a 4 MiB / 2 MiB PDE: bit 12 (tables 4-4, 4-9) */
#define SIZE_4M    (4u << 20)
#define SIZE_2M    (2u << 20)
#define PAE_FRAME  UINT64_C(0x0000000ffffff000) /* 36-bit physical addresses of the era */
#define NOT_MAPPED 0x80000000u                  /* mmu_probe(): "not present" marker */

struct flag_bit {
	uint32_t bit;
	const char *name;
};

static const struct flag_bit pdpte_bits[] = {{PTE_PCD, "pcd"}, {PTE_PWT, "pwt"}, {PTE_P, "p"}};
static const struct flag_bit table_bits[] = {{PTE_PS, "ps"},   {PTE_A, "a"}, {PTE_PCD, "pcd"},
                                             {PTE_PWT, "pwt"}, {PTE_U, "u"}, {PTE_W, "w"},
                                             {PTE_P, "p"}};
static const struct flag_bit large_bits[] = {
    {PTE_PS, "ps"},   {PTE_G, "g"},     {PAT_LARGE, "pat"}, {PTE_D, "d"}, {PTE_A, "a"},
    {PTE_PCD, "pcd"}, {PTE_PWT, "pwt"}, {PTE_U, "u"},       {PTE_W, "w"}, {PTE_P, "p"}};
static const struct flag_bit pte_bits[] = {{PTE_G, "g"}, {PAT_4K, "pat"},  {PTE_D, "d"},
                                           {PTE_A, "a"}, {PTE_PCD, "pcd"}, {PTE_PWT, "pwt"},
                                           {PTE_U, "u"}, {PTE_W, "w"},     {PTE_P, "p"}};

static void letters(const struct flag_bit *b, size_t n, uint64_t v, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && at + 5 < len; i++) {
		if (i)
			buf[at++] = ' ';
		for (const char *p = b[i].name; *p; p++)
			buf[at++] = (v & b[i].bit) ? (char)(*p - 'a' + 'A') : *p;
	}
	buf[at] = '\0';
}

void dbg_entry_flags(const char *level, int leaf, uint64_t value, char *buf, size_t len)
{
#define LETTERS(t) letters(t, sizeof t / sizeof t[0], value, buf, len)
	if (strcmp(level, "PDPTE") == 0)
		LETTERS(pdpte_bits);
	else if (strcmp(level, "PDE") == 0 && leaf)
		LETTERS(large_bits);
	else if (strcmp(level, "PDE") == 0)
		LETTERS(table_bits);
	else
		LETTERS(pte_bits);
#undef LETTERS
}

/* Does this PDE map a large page?  PS counts only with CR4.PSE under 32-bit paging, always under
 * PAE (SDM vol. 3, 4.3 table 4-5; 4.4.2). */
static int pde_is_leaf(const struct mmu *m, uint64_t pde)
{
	int pae = (mmu_cr4(m) & CR4_PAE) != 0;
	return (pde & PTE_PS) && (pae || (mmu_cr4(m) & CR4_PSE));
}

/* Why a not-present leaf entry is there, for Linux (kdebug.h). */
static void describe_absent(uint64_t v, int pae, char *buf, size_t len)
{
	struct kdebug_pte d;
	kdebug_decode_pte(v, pae, &d);
	switch (d.kind) {
	case KDEBUG_PTE_NONE: snprintf(buf, len, "not present (empty)"); break;
	case KDEBUG_PTE_FILE:
		snprintf(buf, len,
		         "not present: file pte, pgoff 0x%" PRIx64 " (file offset 0x%" PRIx64 ")",
		         d.pgoff, d.pgoff * PAGE_SIZE);
		break;
	case KDEBUG_PTE_SWAP:
		snprintf(buf, len, "not present: swap pte, type %u, offset 0x%" PRIx64, d.swap_type,
		         d.swap_off);
		break;
	case KDEBUG_PTE_PROTNONE:
		snprintf(buf, len, "not present: PROT_NONE page, frame 0x%" PRIx64,
		         (v & (pae ? PAE_FRAME : PAGE_MASK)) >> PAGE_SHIFT);
		break;
	case KDEBUG_PTE_PRESENT: buf[0] = '\0'; break;
	}
}

static const char *size_name(uint32_t size)
{
	return size == SIZE_4M ? "4M" : size == SIZE_2M ? "2M" : "4K";
}

void dbg_print_level(FILE *out, const char *name, uint64_t entry_pa, uint64_t value, int pae,
                     int leaf)
{
	char flags[96];
	if (!(value & PTE_P)) {
		if (strcmp(name, "PTE") == 0)
			describe_absent(value, pae, flags, sizeof flags);
		else
			snprintf(flags, sizeof flags, "not present");
	} else {
		dbg_entry_flags(name, leaf, value, flags, sizeof flags);
	}
	if (pae)
		fprintf(out, "%s: 0x%09" PRIx64 " : 0x%016" PRIx64 "  %s\n", name, entry_pa, value,
		        flags);
	else
		fprintf(out, "%s: 0x%08" PRIx64 " : 0x%08" PRIx64 "  %s\n", name, entry_pa, value,
		        flags);
}

void dbg_page(struct mmu *m, uint32_t lin, FILE *out)
{
	struct mmu_walk_info w;
	int rc = mmu_walk_describe(m, lin, &w);
	int pae = (mmu_cr4(m) & CR4_PAE) != 0;
	if (!w.paging) {
		fprintf(out, "paging is off (CR0.PG clear): linear 0x%08x is physical 0x%08x\n",
		        lin, lin);
		return;
	}
	for (unsigned i = 0; i < w.nlevels; i++) {
		const struct mmu_walk_level *l = &w.level[i];
		int last = i + 1 == w.nlevels;
		dbg_print_level(out, l->name, l->entry_pa, l->value, pae,
		                last && strcmp(l->name, "PDE") == 0);
	}
	if (rc == 0) {
		uint32_t off = lin & (w.page_size - 1u);
		fprintf(out,
		        "linear page 0x%08x maps to physical page 0x%09" PRIx64 " (%s page); "
		        "0x%08x -> 0x%09" PRIx64 "\n",
		        lin - off, w.pa - off, size_name(w.page_size), lin, w.pa);
	} else if ((uint32_t)rc & NOT_MAPPED) {
		fprintf(out, "linear page 0x%08x is not mapped (page fault, not present)\n",
		        lin & PAGE_MASK);
	} else {
		fprintf(out, "linear page 0x%08x is not mapped (page fault, error code 0x%x%s)\n",
		        lin & PAGE_MASK, (unsigned)rc & 0xfu,
		        ((unsigned)rc & PF_RSVD) ? ": reserved bit set" : "");
	}
}

/* ---- ptdump ---- */

static uint64_t entry_at(struct mmu *m, uint64_t pa, unsigned width)
{
	uint64_t v = 0;
	const uint8_t *p = mmu_phys(m, pa, width);
	if (p)
		memcpy(&v, p, width); /* little-endian guest and host */
	return v;
}

/* One run of pages with the same attributes, linear and physical addresses both contiguous. */
struct range {
	int open;
	uint32_t lin, end; /* [lin, end] inclusive */
	uint64_t pa;
	uint32_t size, perm, global;
	unsigned pages, accessed, dirty;
};

struct dump {
	struct mmu *m;
	const struct dbg_ptdump_filter *f;
	FILE *out;
	struct range r;
	unsigned ranges;
};

static void range_flush(struct dump *d)
{
	struct range *r = &d->r;
	if (!r->open)
		return;
	fprintf(d->out,
	        "0x%08x-0x%08x -> 0x%09" PRIx64 "-0x%09" PRIx64
	        "  %s  %c %c %c  pages %u A %u D %u\n",
	        r->lin, r->end, r->pa, r->pa + (r->end - r->lin), size_name(r->size),
	        (r->perm & PTE_U) ? 'U' : 'u', (r->perm & PTE_W) ? 'W' : 'w', r->global ? 'G' : 'g',
	        r->pages, r->accessed, r->dirty);
	r->open = 0;
	d->ranges++;
}

/* A present leaf mapping [lin, lin+size) -> pa with combined permissions perm. */
static void emit(struct dump *d, uint32_t lin, uint64_t pa, uint32_t size, uint32_t perm,
                 uint64_t leaf)
{
	const struct dbg_ptdump_filter *f = d->f;
	uint32_t last = lin + (size - 1u);
	if (last < f->lo || lin > f->hi || (f->only_user && !(perm & PTE_U)) ||
	    (f->only_super && (perm & PTE_U)) || (f->only_write && !(perm & PTE_W)))
		return;
	uint32_t global = (leaf & PTE_G) != 0;
	struct range *r = &d->r;
	if (!(r->open && r->end + 1u == lin && r->pa + (lin - r->lin) == pa && r->size == size &&
	      r->perm == perm && r->global == global)) {
		range_flush(d);
		*r = (struct range){
		    .open = 1, .lin = lin, .pa = pa, .size = size, .perm = perm, .global = global};
	}
	r->end = last;
	r->pages++;
	r->accessed += (leaf & PTE_A) != 0;
	r->dirty += (leaf & PTE_D) != 0;
}

static void dump_table(struct dump *d, uint64_t table, uint32_t base, unsigned n, unsigned width,
                       uint32_t perm)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t e = entry_at(d->m, table + (uint64_t)i * width, width);
		if (e & PTE_P)
			emit(d, base + i * PAGE_SIZE, e & (width == 8 ? PAE_FRAME : PAGE_MASK),
			     PAGE_SIZE, perm & (uint32_t)e, e);
		else
			range_flush(d);
	}
}

static void dump_32(struct dump *d)
{
	uint64_t pd = mmu_cr3(d->m) & PAGE_MASK;
	for (uint32_t i = 0; i < 1024; i++) {
		uint32_t base = i << 22;
		if (base + (SIZE_4M - 1u) < d->f->lo || base > d->f->hi)
			continue;
		uint64_t pde = entry_at(d->m, pd + i * 4u, 4);
		if (!(pde & PTE_P))
			range_flush(d);
		else if (pde_is_leaf(d->m, pde))
			emit(d, base, pde & 0xffc00000u, SIZE_4M, (uint32_t)pde & (PTE_U | PTE_W),
			     pde);
		else
			dump_table(d, pde & PAGE_MASK, base, 1024, 4,
			           (uint32_t)pde & (PTE_U | PTE_W));
	}
}

static void dump_pae(struct dump *d)
{
	uint64_t pdpt = mmu_cr3(d->m) & ~0x1fu;
	for (uint32_t i = 0; i < 4; i++) {
		uint64_t pdpte = entry_at(d->m, pdpt + i * 8u, 8);
		if (!(pdpte & PTE_P)) {
			range_flush(d);
			continue;
		}
		for (uint32_t j = 0; j < 512; j++) {
			uint32_t base = (i << 30) | (j << 21);
			if (base + (SIZE_2M - 1u) < d->f->lo || base > d->f->hi)
				continue;
			uint64_t pde = entry_at(d->m, (pdpte & PAE_FRAME) + j * 8u, 8);
			uint32_t perm = (uint32_t)pde & (PTE_U | PTE_W);
			if (!(pde & PTE_P))
				range_flush(d);
			else if (pde & PTE_PS)
				emit(d, base, pde & PAE_FRAME & ~(uint64_t)(SIZE_2M - 1u), SIZE_2M,
				     perm, pde);
			else
				dump_table(d, pde & PAE_FRAME, base, 512, 8, perm);
		}
	}
}

void dbg_ptdump(struct mmu *m, const struct dbg_ptdump_filter *f, FILE *out)
{
	struct dump d = {.m = m, .f = f, .out = out};
	if (!(mmu_cr0(m) & CR0_PG)) {
		fprintf(out, "paging is off (CR0.PG clear)\n");
		return;
	}
	if (mmu_cr4(m) & CR4_PAE)
		dump_pae(&d);
	else
		dump_32(&d);
	range_flush(&d);
	fprintf(out, "%u range%s\n", d.ranges, d.ranges == 1 ? "" : "s");
}

/* ---- tlb ---- */

static void print_entry(const struct mmu_tlb_entry *e, unsigned way, FILE *out)
{
	fprintf(out, "    way %2u rank %2u: 0x%08x -> 0x%09" PRIx64 " %s%s %c%c%c%c\n", way,
	        e->rank, e->lin, e->pa, size_name(e->page_size),
	        (e->flags & MMU_TLBE_PIECE) ? " piece" : "", (e->flags & PTE_U) ? 'U' : 'u',
	        (e->flags & PTE_W) ? 'W' : 'w', (e->flags & PTE_G) ? 'G' : 'g',
	        (e->flags & PTE_D) ? 'D' : 'd');
}

/* The valid entries of one set, most recently used first. */
static unsigned print_set(struct mmu *m, unsigned a, unsigned set, unsigned ways, FILE *out)
{
	unsigned shown = 0;
	for (unsigned rank = 0; rank < ways; rank++) {
		for (unsigned w = 0; w < ways; w++) {
			struct mmu_tlb_entry e;
			if (mmu_tlb_entry(m, a, set, w, &e) != 0 || !e.valid || e.rank != rank)
				continue;
			if (!shown++)
				fprintf(out, "  set %u:\n", set);
			print_entry(&e, w, out);
		}
	}
	return shown;
}

/* Which set of array `a` lin would use, and whether an entry there translates it. */
static void print_lookup(struct mmu *m, unsigned a, const struct mmu_tlb_info *ti, uint32_t lin,
                         uint32_t page_size, FILE *out)
{
	int large_as_large =
	    page_size > PAGE_SIZE && strstr(ti->holds, "large") && !strstr(ti->holds, "pieces");
	if (strcmp(ti->holds, "large") == 0 && page_size == PAGE_SIZE) {
		fprintf(out, "  0x%08x is in a 4K page: never held here\n", lin);
		return;
	}
	if (strcmp(ti->holds, "4k") == 0 && page_size > PAGE_SIZE) {
		fprintf(out, "  0x%08x is in a large page: never held here\n", lin);
		return;
	}
	unsigned shift = !large_as_large ? PAGE_SHIFT : page_size == SIZE_4M ? 22 : 21;
	unsigned set = (lin >> shift) & (ti->sets - 1u); /* low bits of the page number */
	fprintf(out, "  0x%08x would use set %u", lin, set);
	for (unsigned w = 0; w < ti->ways; w++) {
		struct mmu_tlb_entry e;
		if (mmu_tlb_entry(m, a, set, w, &e) != 0 || !e.valid)
			continue;
		uint32_t span = (e.flags & MMU_TLBE_PIECE) ? PAGE_SIZE : e.page_size;
		if ((lin & ~(span - 1u)) == e.lin) {
			fprintf(out, ": hit, way %u (rank %u)\n", w, e.rank);
			return;
		}
	}
	fprintf(out, ": no entry (a lookup would miss)\n");
}

void dbg_tlb(struct mmu *m, int have_addr, uint32_t lin, FILE *out)
{
	uint64_t pa;
	uint32_t page_size = PAGE_SIZE;
	if (have_addr && mmu_probe(m, lin, MMU_READ, 0, &pa, &page_size) != 0)
		page_size = PAGE_SIZE;
	for (unsigned a = 0; a < mmu_tlb_count(m); a++) {
		struct mmu_tlb_info ti;
		if (mmu_tlb_info(m, a, &ti) != 0)
			continue;
		fprintf(out, "array %u %s: %u sets x %u ways, holds %s, %s replacement\n", a,
		        ti.name, ti.sets, ti.ways, ti.holds, ti.policy);
		if (have_addr) {
			print_lookup(m, a, &ti, lin, page_size, out);
			continue;
		}
		unsigned valid = 0;
		for (unsigned s = 0; s < ti.sets; s++)
			valid += print_set(m, a, s, ti.ways, out);
		fprintf(out, "  %u valid of %u\n", valid, ti.sets * ti.ways);
	}
}

/* ---- creg ---- */

static void bits_line(FILE *out, const char *name, uint32_t v, const struct flag_bit *b, size_t n)
{
	char buf[128];
	letters(b, n, v, buf, sizeof buf);
	fprintf(out, "%s=0x%08x  %s\n", name, v, buf);
}

void dbg_creg(struct mmu *m, FILE *out)
{
	/* SDM vol. 3, 2.5: CR0 PG CD NW AM WP NE ET TS EM MP PE; CR4 of the era: PGE PAE PSE DE
	 * TSD PVI VME (and MCE, PCE, OSFXSR not modelled). */
	static const struct flag_bit cr0[] = {
	    {CR0_PG, "pg"}, {0x40000000u, "cd"}, {0x20000000u, "nw"}, {0x00040000u, "am"},
	    {CR0_WP, "wp"}, {0x20u, "ne"},       {0x10u, "et"},       {0x8u, "ts"},
	    {0x4u, "em"},   {0x2u, "mp"},        {CR0_PE, "pe"}};
	static const struct flag_bit cr4[] = {{CR4_PGE, "pge"}, {0x40u, "mce"}, {CR4_PAE, "pae"},
	                                      {CR4_PSE, "pse"}, {0x8u, "de"},   {0x4u, "tsd"},
	                                      {0x2u, "pvi"},    {0x1u, "vme"}};
	static const struct flag_bit cr3[] = {{CR3_PCD, "pcd"}, {CR3_PWT, "pwt"}};
	bits_line(out, "CR0", mmu_cr0(m), cr0, sizeof cr0 / sizeof cr0[0]);
	fprintf(out, "CR2=0x%08x  last page-fault linear address\n", mmu_cr2(m));
	bits_line(out, "CR3", mmu_cr3(m), cr3, sizeof cr3 / sizeof cr3[0]);
	fprintf(out, "     %s base 0x%08x\n", (mmu_cr4(m) & CR4_PAE) ? "PDPT" : "page directory",
	        mmu_cr3(m) & ((mmu_cr4(m) & CR4_PAE) ? ~0x1fu : PAGE_MASK));
	bits_line(out, "CR4", mmu_cr4(m), cr4, sizeof cr4 / sizeof cr4[0]);
}
