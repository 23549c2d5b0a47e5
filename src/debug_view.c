/*
 * debug_view.c - what the debugger shows of the machine: registers, segments and GDT entries,
 * memory dumps (linear and physical), disassembly and the kernel's VMAs beside the page tables.
 * Memory is reached through mmu_probe()/mmu_phys(): no TLB, statistics or A/D effect.
 *
 * Facts: SDM vol. 1, 3.4.3 (EFLAGS); vol. 3, 3.4.5 (segment descriptors).
 */
#include <inttypes.h>
#include <string.h>

#include "debug_internal.h"
#include "debug_paging.h"
#include "disasm.h"
#include "kdebug.h"

/* Is the PTE of lin empty (never populated: demand paging will create it)?  A swap or file PTE,
 * or a missing page table under a present directory entry, is not. */
static int unpopulated(struct machine *mc, uint32_t lin)
{
	struct mmu_walk_info w;
	if (mmu_walk_describe(mc->mmu, lin, &w) == 0 || !w.nlevels)
		return 0;
	return w.level[w.nlevels - 1].value == 0;
}

/* Copy len bytes at linear lin (split at page boundaries).  0, or -1 if a page is not mapped.
 * Reads of a page the guest has not touched yet give what its first touch will (kdebug.h). */
static int access_lin(struct machine *mc, uint32_t lin, uint8_t *buf, uint32_t len, int write)
{
	while (len) {
		uint64_t pa;
		uint32_t size;
		uint32_t chunk = PAGE_SIZE - (lin & (PAGE_SIZE - 1u));
		if (chunk > len)
			chunk = len;
		if (mmu_probe(mc->mmu, lin, MMU_READ, 0, &pa, &size) != 0) {
			if (write || !unpopulated(mc, lin) ||
			    kdebug_read_unpopulated(mc->kern, lin, buf, chunk) != 0)
				return -1;
			goto next;
		}
		uint8_t *p = mmu_phys(mc->mmu, pa, chunk);
		if (!p)
			return -1;
		if (write)
			memcpy(p, buf, chunk);
		else
			memcpy(buf, p, chunk);
	next:
		lin += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int dbg_read_lin(struct machine *mc, uint32_t lin, void *buf, uint32_t len)
{
	return access_lin(mc, lin, buf, len, 0);
}

int dbg_write_lin(struct machine *mc, uint32_t lin, const void *buf, uint32_t len)
{
	return access_lin(mc, lin, (uint8_t *)(uintptr_t)buf, len, 1);
}

int dbg_read_phys(struct machine *mc, uint64_t pa, void *buf, uint32_t len)
{
	const uint8_t *p = mmu_phys(mc->mmu, pa, len);
	if (!p)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

void dbg_regs(struct machine *mc, FILE *out)
{
	static const char *const names[8] = {"eax", "ecx", "edx", "ebx",
	                                     "esp", "ebp", "esi", "edi"};
	static const struct {
		uint32_t bit;
		const char *name;
	} fl[] = {{FL_OF, "OF"}, {FL_DF, "DF"}, {FL_IF, "IF"}, {FL_TF, "TF"}, {FL_SF, "SF"},
	          {FL_ZF, "ZF"}, {FL_AF, "AF"}, {FL_PF, "PF"}, {FL_CF, "CF"}};
	struct cpu *c = &mc->cpu;
	for (int i = 0; i < 8; i++)
		fprintf(out, "%s=0x%08x%s", names[i], c->r[i], (i % 4 == 3) ? "\n" : "  ");
	uint32_t ef = cpu_get_eflags(c);
	fprintf(out, "eip=0x%08x  eflags=0x%08x [", c->eip, ef);
	for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
		if (ef & fl[i].bit)
			fprintf(out, " %s", fl[i].name);
	fprintf(out, " ]\nicount=%" PRIu64 "  pid=%d\n", c->icount, kdebug_current_pid(mc->kern));
}

/* One segment descriptor decoded (SDM vol. 3, 3.4.5, figure 3-8). */
static void print_desc(uint64_t d, FILE *out)
{
	uint32_t lo = (uint32_t)d, hi = (uint32_t)(d >> 32);
	uint32_t base = (lo >> 16) | ((hi & 0xffu) << 16) | (hi & 0xff000000u);
	uint32_t limit = (lo & 0xffffu) | (hi & 0x000f0000u);
	int g = (hi >> 23) & 1;
	if (g)
		limit = (limit << 12) | 0xfffu;
	unsigned type = (hi >> 8) & 0xfu, s = (hi >> 12) & 1, dpl = (hi >> 13) & 3;
	fprintf(out, "base=0x%08x limit=0x%08x %s %s dpl=%u %s %s%s", base, limit,
	        (hi >> 15) & 1 ? "P" : "p",
	        !s           ? "system"
	        : (type & 8) ? "code"
	                     : "data",
	        dpl, (hi >> 22) & 1 ? "32-bit" : "16-bit", g ? "4K-granular" : "byte-granular",
	        !s           ? ""
	        : (type & 8) ? ((type & 2) ? " readable" : " exec-only")
	                     : ((type & 2) ? " writable" : " read-only"));
}

void dbg_sregs(struct machine *mc, FILE *out)
{
	static const char *const names[SEG_COUNT] = {"es", "cs", "ss", "ds", "fs", "gs"};
	struct cpu *c = &mc->cpu;
	for (int s = 0; s < SEG_COUNT; s++) {
		const struct cpu_seg *sg = &c->seg[s];
		fprintf(out, "%s=0x%04x (index %u, %s, rpl %u) base=0x%08x limit=0x%08x\n",
		        names[s], sg->sel, sg->sel >> 3, (sg->sel & 4) ? "LDT" : "GDT",
		        sg->sel & 3u, sg->base, sg->limit);
	}
}

void dbg_gdt(struct machine *mc, FILE *out)
{
	struct cpu *c = &mc->cpu;
	for (unsigned i = 0; i < GDT_ENTRIES; i++) {
		if (!c->gdt[i])
			continue;
		fprintf(out, "GDT[%2u] sel 0x%04x: 0x%016" PRIx64 "  ", i, i << 3, c->gdt[i]);
		print_desc(c->gdt[i], out);
		fputc('\n', out);
	}
}

static void examine_value(const uint8_t *p, unsigned unit, char fmt, FILE *out)
{
	uint64_t v = 0;
	memcpy(&v, p, unit);
	int64_t sv = unit == 1   ? (int8_t)v
	             : unit == 2 ? (int16_t)v
	             : unit == 4 ? (int32_t)v
	                         : (int64_t)v;
	switch (fmt) {
	case 'd': fprintf(out, " %" PRId64, sv); break;
	case 'u': fprintf(out, " %" PRIu64, v); break;
	case 'o': fprintf(out, " 0%" PRIo64, v); break;
	case 'c': fprintf(out, " %c", (v >= 32 && v < 127) ? (char)v : '.'); break;
	default: fprintf(out, " 0x%0*" PRIx64, (int)unit * 2, v); break;
	}
}

void dbg_examine(struct machine *mc, int phys, uint64_t addr, unsigned count, char fmt,
                 unsigned unit, FILE *out)
{
	if (fmt == 'i' && !phys) {
		dbg_disas(mc, (uint32_t)addr, count, out);
		return;
	}
	if (fmt == 'c')
		unit = 1;
	if (fmt == 's') {
		char buf[256];
		unsigned n = 0;
		for (; n < sizeof buf - 1; n++) {
			int rc = phys ? dbg_read_phys(mc, addr + n, &buf[n], 1)
			              : dbg_read_lin(mc, (uint32_t)(addr + n), &buf[n], 1);
			if (rc != 0 || !buf[n])
				break;
		}
		buf[n] = '\0';
		fprintf(out, "0x%08" PRIx64 ": \"%s\"\n", addr, buf);
		return;
	}
	unsigned per_line = unit >= 16 ? 1 : 16 / unit;
	for (unsigned i = 0; i < count; i++) {
		uint8_t v[8];
		uint64_t a = addr + (uint64_t)i * unit;
		int rc =
		    phys ? dbg_read_phys(mc, a, v, unit) : dbg_read_lin(mc, (uint32_t)a, v, unit);
		if (i % per_line == 0)
			fprintf(out, "%s%s0x%08" PRIx64 ":", i ? "\n" : "", phys ? "phys " : "", a);
		if (rc != 0) {
			fprintf(out, " <not mapped>\n");
			return;
		}
		examine_value(v, unit, fmt, out);
	}
	fputc('\n', out);
}

/* Up to 15 code bytes at lin (fewer at the end of the mapped code). */
static size_t fetch_code(struct machine *mc, uint32_t lin, uint8_t buf[16])
{
	size_t n = 0;
	while (n < 15 && dbg_read_lin(mc, lin + (uint32_t)n, &buf[n], 1) == 0)
		n++;
	return n;
}

unsigned dbg_insn_len(struct machine *mc, uint32_t lin, int *is_call)
{
	uint8_t code[16];
	char text[128];
	size_t n = fetch_code(mc, lin, code);
	*is_call = 0;
	return n ? disasm_one(code, n, lin, text, sizeof text, is_call) : 0;
}

void dbg_disas(struct machine *mc, uint32_t addr, unsigned count, FILE *out)
{
	for (unsigned i = 0; i < count; i++) {
		uint8_t code[16];
		char text[128];
		size_t n = fetch_code(mc, addr, code);
		if (n == 0) {
			fprintf(out, "0x%08x: <not mapped>\n", addr);
			return;
		}
		unsigned len = disasm_one(code, n, addr, text, sizeof text, NULL);
		fprintf(out, "0x%08x:", addr);
		for (unsigned b = 0; b < (len ? len : 1) && b < 8; b++)
			fprintf(out, " %02x", code[b]);
		fprintf(out, "%*s%s\n",
		        (int)(3 * (8 - ((len ? len : 1) < 8 ? (len ? len : 1) : 8))) + 2, "",
		        len ? text : "(bad)");
		addr += len ? len : 1;
	}
}

/* Leaf entries over [start, end): present pages, Linux file and swap PTEs, empty slots. */
struct vma_pages {
	unsigned present, file, swap, none, large;
};

static void count_pages(struct machine *mc, uint32_t start, uint32_t end, struct vma_pages *vp)
{
	int pae = (mmu_cr4(mc->mmu) & CR4_PAE) != 0;
	memset(vp, 0, sizeof *vp);
	for (uint64_t a = start; a < end;) {
		struct mmu_walk_info w;
		int rc = mmu_walk_describe(mc->mmu, (uint32_t)a, &w);
		uint64_t step = PAGE_SIZE;
		if (rc == 0 && w.page_size > PAGE_SIZE) {
			vp->large++;
			step = w.page_size - (a & (w.page_size - 1u));
		} else if (rc == 0) {
			vp->present++;
		} else if (w.nlevels && strcmp(w.level[w.nlevels - 1].name, "PTE") == 0) {
			struct kdebug_pte d;
			kdebug_decode_pte(w.level[w.nlevels - 1].value, pae, &d);
			vp->file += d.kind == KDEBUG_PTE_FILE;
			vp->swap += d.kind == KDEBUG_PTE_SWAP;
			vp->none += d.kind == KDEBUG_PTE_NONE;
		} else {
			vp->none++;
		}
		a += step;
	}
}

void dbg_maps(struct machine *mc, FILE *out)
{
	struct kdebug_vma v[256];
	int n = kdebug_vmas(mc->kern, v, 256);
	fprintf(out,
	        "pid %d, %d VMAs; pages: present 4K / large pages / file PTEs / swap PTEs / "
	        "empty\n",
	        kdebug_current_pid(mc->kern), n);
	for (int i = 0; i < n && i < 256; i++) {
		struct vma_pages vp;
		count_pages(mc, v[i].start, v[i].end, &vp);
		fprintf(out, "0x%08x-0x%08x %c%c%c%c %08" PRIx64 " %-14s pages %u/%u/%u/%u/%u\n",
		        v[i].start, v[i].end, (v[i].flags & KDEBUG_VM_READ) ? 'r' : '-',
		        (v[i].flags & KDEBUG_VM_WRITE) ? 'w' : '-',
		        (v[i].flags & KDEBUG_VM_EXEC) ? 'x' : '-',
		        (v[i].flags & KDEBUG_VM_SHARED) ? 's' : 'p', v[i].pgoff, v[i].file,
		        vp.present, vp.large, vp.file, vp.swap, vp.none);
	}
}

static void print_key(void *ctx, const struct kdebug_hkey *key)
{
	fprintf(ctx, "key %d: %u bytes, %u huge pages, uid %u gid %u prot 0x%x\n", key->key,
	        key->size, key->npages, key->uid, key->gid, key->prot);
}

/* The keys of shared huge page segments, when the kernel exposes them. */
void dbg_huge_keys(struct machine *mc, FILE *out)
{
	if (kdebug_hugetlb_keys(mc->kern, print_key, out) != 0)
		fprintf(out, "keys: not available (kernel/hugetlb.c does not list them)\n");
}

/* The current process's huge page segments: each huge page with the PDE that maps it. */
void dbg_huge_vmas(struct machine *mc, FILE *out)
{
	struct kdebug_vma v[256];
	int n = kdebug_vmas(mc->kern, v, 256), shown = 0;
	for (int i = 0; i < n && i < 256; i++) {
		if (strcmp(v[i].file, "[huge]") != 0)
			continue;
		fprintf(out, "segment 0x%08x-0x%08x %c%c%c\n", v[i].start, v[i].end,
		        (v[i].flags & KDEBUG_VM_READ) ? 'r' : '-',
		        (v[i].flags & KDEBUG_VM_WRITE) ? 'w' : '-',
		        (v[i].flags & KDEBUG_VM_SHARED) ? 's' : 'p');
		shown++;
		for (uint64_t a = v[i].start; a < v[i].end;) {
			struct mmu_walk_info w;
			int rc = mmu_walk_describe(mc->mmu, (uint32_t)a, &w);
			const struct mmu_walk_level *l = w.nlevels ? &w.level[w.nlevels - 1] : NULL;
			if (rc == 0 && l)
				fprintf(out,
				        "  0x%08x -> 0x%09" PRIx64 " (%s at 0x%09" PRIx64 ")\n",
				        (uint32_t)a, w.pa, l->name, l->entry_pa);
			else
				fprintf(out, "  0x%08x not mapped\n", (uint32_t)a);
			a += rc == 0 ? w.page_size : PAGE_SIZE;
		}
	}
	if (!shown)
		fprintf(out, "no huge page segment in pid %d\n", kdebug_current_pid(mc->kern));
}
