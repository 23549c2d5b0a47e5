/*
 * core.h - the integer core's private vocabulary, shared by the files of cpu/ only: the decoded
 * instruction, the opcode table row, lazy flags, register and operand accessors, and the
 * memory helpers that every instruction family uses.
 *
 * Facts: Intel IA-32 SDM vol. 2, chapter 2 (instruction format, ModR/M and SIB), vol. 1, 3.4.3
 * (EFLAGS).
 */
#ifndef PSE386_CORE_H
#define PSE386_CORE_H

#include <setjmp.h>
#include <string.h>

#include "cpu_internal.h"

#define LIKELY(x)   __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Operand size index: 0 byte, 1 word, 2 dword. */
enum { SZ8, SZ16, SZ32 };

/* The arithmetic status flags, the ones kept lazily. */
#define FL_STATUS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* What produced the status flags, so they can be computed only when read. */
enum lf_op { LF_NONE, LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC, LF_SHIFT };

struct lazy_flags {
	uint32_t res, a, b; /* result and operands, already truncated to the size */
	uint8_t op;         /* enum lf_op; LF_NONE: c->eflags holds the flags */
	uint8_t sz;
	uint8_t cin; /* carry in (ADC/SBB), the preserved CF (INC/DEC), CF out (LF_SHIFT, whose
	                OF is in b) */
};

/* A decoded instruction (SDM vol. 2, 2.1). */
struct insn {
	uint32_t ea;   /* linear address of the ModR/M memory operand (segment base added) */
	uint32_t off;  /* its offset (what LEA loads) */
	uint32_t imm;  /* first immediate, extended as the form says */
	uint32_t imm2; /* second immediate: ENTER's level, a far pointer's selector */
	uint16_t op;   /* 0x000-0x0ff one-byte map, 0x100-0x1ff the 0F map */
	uint8_t modrm, mod, reg, rm;
	uint8_t sz;       /* operand size index of this row */
	uint8_t opsize16; /* 0x66 seen */
	uint8_t adsize16; /* 0x67 seen */
	int8_t seg;       /* segment of the memory operand: override or default */
	int8_t seg_ovr;   /* the override prefix, or -1 */
	uint8_t rep;      /* 0, REP_Z (F3) or REP_NZ (F2) */
	uint8_t lock;
	uint8_t esp_base; /* the ModR/M address uses ESP as its base register */
	uint8_t len;      /* instruction length in bytes, prefixes included */
	uint8_t has_ea;   /* a memory operand: ModR/M with mod != 3, or moffs */
	/* The address recipe: disp + base + (index << scale), -1 for an absent register. */
	int8_t base, index;
	uint8_t scale;
	uint32_t disp;
};
/* Handlers must not change the decoded fields of *d other than ea/off: it may be a cached
 * decoding executed again (decode.c). */
enum { REP_NONE, REP_Z, REP_NZ };

typedef void (*op_fn)(struct cpu *c, struct insn *d);
/* A row's specializer: a handler for this decoded form only (say, ADD with two 32-bit registers),
 * or NULL when the row's general handler is to run.  Chosen once per decoding. */
typedef op_fn (*op_special)(const struct insn *d);

/* One row of the opcode table: the instruction set as data (STYLE.md, "Lua lopcodes"). */
struct opcode {
	const char *name;
	uint16_t form;      /* F_* below: what the decoder reads after the opcode */
	op_fn fn;           /* NULL: undefined, #UD */
	op_special special; /* NULL: none */
};
#define F_MODRM  0x0001 /* a ModR/M byte (and SIB/displacement) follows */
#define F_BYTE   0x0002 /* byte operands; otherwise 16/32 by the operand-size prefix */
#define F_IB     0x0004 /* imm8, zero-extended */
#define F_IBS    0x0008 /* imm8, sign-extended (also rel8) */
#define F_IZ     0x0010 /* imm16 or imm32 by operand size (also rel16/32) */
#define F_IW     0x0020 /* imm16 (with F_IB: ENTER's imm16, imm8) */
#define F_MOFFS  0x0040 /* a 32-bit (16 with 0x67) memory offset */
#define F_FAR    0x0080 /* ptr16:32 (ptr16:16 with 0x66) */
#define F_GRP3   0x0100 /* F6/F7: the immediate exists only for /0 and /1 (TEST) */
#define F_PREFIX 0x0200 /* a prefix byte, not an instruction */

extern const struct opcode cpu_opcodes[512];

/* A cached decoding (decode.c). */
struct dcache_entry {
	uint32_t lin;               /* linear EIP, DCACHE_INVALID if none */
	uint64_t bytes[2], mask[2]; /* the instruction bytes, masked to insn.len */
	op_fn fn;                   /* the handler: the row's, or its specializer's choice */
	struct dcache_entry *next;  /* the entry executed after this one last time, or NULL */
	struct insn insn;
};
#define DCACHE_SIZE    2048u
#define DCACHE_INVALID 0xffffffffu /* never cached: no 16 bytes remain in its page */

/* The core's private state, behind c->priv. */
struct core {
	struct dcache_entry dcache[DCACHE_SIZE];
	struct insn scratch; /* decoding of instructions near a page end */
	struct lazy_flags lf;
	uint32_t insn_eip; /* EIP of the instruction executing, restored on a fault */
	enum cpu_exit exit;
	jmp_buf unwind;
};
#define CORE(c) ((struct core *)(c)->priv)

/* How an instruction leaves cpu_run() early (longjmp values). */
enum { UNWIND_FAULT = 1, UNWIND_COMMIT = 2 };

/* ---- sizes and registers ---- */

static inline uint32_t sz_mask(unsigned sz)
{
	return sz == SZ32 ? 0xffffffffu : (1u << (8u << sz)) - 1u;
}
static inline uint32_t sz_sign(unsigned sz)
{
	return 1u << ((8u << sz) - 1u);
}
static inline uint32_t sext(uint32_t v, unsigned sz)
{
	return sz == SZ8    ? (uint32_t)(int32_t)(int8_t)v
	       : sz == SZ16 ? (uint32_t)(int32_t)(int16_t)v
	                    : v;
}

/* Byte registers 4..7 are AH CH DH BH (SDM vol. 2, table 2-2). */
static inline uint32_t reg_get(const struct cpu *c, unsigned i, unsigned sz)
{
	if (sz == SZ32)
		return c->r[i];
	if (sz == SZ16)
		return c->r[i] & 0xffffu;
	return i < 4 ? c->r[i] & 0xffu : (c->r[i - 4] >> 8) & 0xffu;
}
static inline void reg_set(struct cpu *c, unsigned i, unsigned sz, uint32_t v)
{
	if (sz == SZ32)
		c->r[i] = v;
	else if (sz == SZ16)
		c->r[i] = (c->r[i] & 0xffff0000u) | (v & 0xffffu);
	else if (i < 4)
		c->r[i] = (c->r[i] & 0xffffff00u) | (v & 0xffu);
	else
		c->r[i - 4] = (c->r[i - 4] & 0xffff00ffu) | ((v & 0xffu) << 8);
}

/* ---- memory (mem.c) ---- */

_Noreturn void mem_page_fault(struct cpu *c);
_Noreturn void mem_page_fault_ctx(void *cpu); /* mem_page_fault() as an mmu_fault_fn */
uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned sz);
void mem_write_slow(struct cpu *c, uint32_t lin, unsigned sz, uint32_t v);

/* A translated read-modify-write destination: one lookup with MMU_WRITE (two if it crosses a
 * page), read through and written back through the same host pointers. */
struct mref {
	uint8_t *p, *p2;
	unsigned n1, n;
};
uint32_t mem_rmw_read(struct cpu *c, uint32_t lin, unsigned sz, struct mref *m);
void mem_rmw_write(const struct mref *m, uint32_t v);

/* A user-mode translation, raising #PF on failure. */
static inline uint8_t *mem_xlate(struct cpu *c, uint32_t lin, enum mmu_kind kind)
{
	return mmu_translate_or_fault(c->mmu, lin, kind, 1, mem_page_fault_ctx, c);
}
static inline int crosses_page(uint32_t lin, unsigned n)
{
	return (lin & (PAGE_SIZE - 1u)) + n > PAGE_SIZE;
}
static inline uint32_t mem_read(struct cpu *c, uint32_t lin, unsigned sz)
{
	unsigned n = 1u << sz;
	if (UNLIKELY(crosses_page(lin, n)))
		return mem_read_slow(c, lin, sz);
	const uint8_t *p = mem_xlate(c, lin, MMU_READ);
	if (sz == SZ32) {
		uint32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	if (sz == SZ16) {
		uint16_t v;
		memcpy(&v, p, 2);
		return v;
	}
	return *p;
}
static inline void mem_write(struct cpu *c, uint32_t lin, unsigned sz, uint32_t v)
{
	unsigned n = 1u << sz;
	if (UNLIKELY(crosses_page(lin, n))) {
		mem_write_slow(c, lin, sz, v);
		return;
	}
	uint8_t *p = mem_xlate(c, lin, MMU_WRITE);
	if (sz == SZ32)
		memcpy(p, &v, 4);
	else if (sz == SZ16) {
		uint16_t w = (uint16_t)v;
		memcpy(p, &w, 2);
	} else
		*p = (uint8_t)v;
}

/* ---- the ModR/M operand E and the register operand G ---- */

static inline uint32_t rm_read(struct cpu *c, const struct insn *d)
{
	return d->mod == 3 ? reg_get(c, d->rm, d->sz) : mem_read(c, d->ea, d->sz);
}
/* The E operand read at a size other than the row's (MOVZX/MOVSX sources, selectors). */
static inline uint32_t rm_read_sz(struct cpu *c, const struct insn *d, unsigned sz)
{
	return d->mod == 3 ? reg_get(c, d->rm, sz) : mem_read(c, d->ea, sz);
}
static inline void rm_write(struct cpu *c, const struct insn *d, uint32_t v)
{
	if (d->mod == 3)
		reg_set(c, d->rm, d->sz, v);
	else
		mem_write(c, d->ea, d->sz, v);
}
static inline uint32_t rm_rmw_read(struct cpu *c, const struct insn *d, struct mref *m)
{
	return d->mod == 3 ? reg_get(c, d->rm, d->sz) : mem_rmw_read(c, d->ea, d->sz, m);
}
static inline void rm_rmw_write(struct cpu *c, const struct insn *d, const struct mref *m,
                                uint32_t v)
{
	if (d->mod == 3)
		reg_set(c, d->rm, d->sz, v);
	else
		mem_rmw_write(m, v);
}
static inline uint32_t seg_base(const struct cpu *c, const struct insn *d, int dflt)
{
	return c->seg[d->seg_ovr >= 0 ? d->seg_ovr : dflt].base;
}

/* ---- stack (stack.c) ---- */

void push(struct cpu *c, unsigned sz, uint32_t v);
uint32_t pop(struct cpu *c, unsigned sz);
void push_many(struct cpu *c, unsigned sz, const uint32_t *v, unsigned n);
void pop_many(struct cpu *c, unsigned sz, uint32_t *out, unsigned n);
/* Operand size of pushes/pops: 16 with 0x66, else 32. */
static inline unsigned stack_sz(const struct insn *d)
{
	return d->opsize16 ? SZ16 : SZ32;
}

/* ---- flags (flags.c) ---- */

uint32_t flags_compute(const struct cpu *c); /* EFLAGS with the lazy status flags folded in */
void flags_materialize(struct cpu *c);       /* fold them into c->eflags, leave LF_NONE */
int flag_cf(const struct cpu *c);
int cond_general(const struct cpu *c, unsigned cc); /* from the flags, for cond_true() */
uint32_t flags_szp(uint32_t res, unsigned sz);      /* SF, ZF and PF of a result */

static inline void lazy_set(struct cpu *c, enum lf_op op, unsigned sz, uint32_t res, uint32_t a,
                            uint32_t b, unsigned cin)
{
	struct lazy_flags *lf = &CORE(c)->lf;
	lf->op = (uint8_t)op;
	lf->sz = (uint8_t)sz;
	lf->res = res;
	lf->a = a;
	lf->b = b;
	lf->cin = (uint8_t)cin;
}
/* Set the status flags in `mask` to `bits`, keeping the others as they are. */
static inline void flags_set(struct cpu *c, uint32_t mask, uint32_t bits)
{
	if (CORE(c)->lf.op != LF_NONE && mask != FL_STATUS)
		flags_materialize(c);
	CORE(c)->lf.op = LF_NONE;
	c->eflags = (c->eflags & ~mask) | (bits & mask);
}

/*
 * Condition code tttn (SDM vol. 2, B.1.4.7) straight from the lazy state where that is a plain
 * comparison: E/NE test the result; after CMP/SUB the others compare the operands (B: a < b
 * unsigned, L: a < b signed...); after a logic operation CF = OF = 0.  Returns -1 otherwise.
 * With a constant cc the switch folds away.
 */
static inline __attribute__((always_inline)) int cond_lazy(const struct lazy_flags *lf, unsigned cc)
{
	int t;
	if ((cc >> 1) == 2 && lf->op != LF_NONE)
		return (lf->res == 0) ^ (int)(cc & 1);
	if (lf->op == LF_SUB) {
		uint32_t s = sz_sign(lf->sz);
		int32_t sa = (int32_t)((lf->a ^ s) - s), sb = (int32_t)((lf->b ^ s) - s);
		switch (cc >> 1) {
		case 1: t = lf->a < lf->b; break;
		case 3: t = lf->a <= lf->b; break;
		case 6: t = sa < sb; break;
		case 7: t = sa <= sb; break;
		default: return -1;
		}
		return t ^ (int)(cc & 1);
	}
	if (lf->op == LF_LOGIC) {
		uint32_t s = sz_sign(lf->sz);
		switch (cc >> 1) {
		case 0:
		case 1: t = 0; break;
		case 3: t = lf->res == 0; break;
		case 4:
		case 6: t = (lf->res & s) != 0; break;
		case 7: t = lf->res == 0 || (lf->res & s); break;
		default: return -1;
		}
		return t ^ (int)(cc & 1);
	}
	return -1;
}
static inline __attribute__((always_inline)) int cond_true(const struct cpu *c, unsigned cc)
{
	int t = cond_lazy(&CORE(c)->lf, cc);
	return t >= 0 ? t : cond_general(c, cc);
}

/* ---- shared by the families ---- */

uint32_t alu_op(struct cpu *c, unsigned op, unsigned sz, uint32_t a, uint32_t b);
/* The instruction completed and stops cpu_run (INT 0x80, INT3, INTO): EIP is already past it. */
_Noreturn void cpu_exit_after(struct cpu *c, enum cpu_exit why);
void exc_record(struct cpu *c, uint8_t vector, uint32_t error_code, int has_error_code);
_Noreturn void raise_ud(struct cpu *c);
_Noreturn void raise_gp0(struct cpu *c);

/* ---- decoding (decode.c; the cache-hit path is here so the run loop inlines it) ---- */

op_fn decode_miss(struct cpu *c, struct insn **dp, uint32_t lin, const uint8_t *p,
                  struct dcache_entry *e);

/* The operand's offset and linear address from the recipe and the registers of now. */
static inline void ea_compute(const struct cpu *c, struct insn *d)
{
	uint32_t off = d->disp;
	if (d->base >= 0)
		off += c->r[d->base];
	if (d->index >= 0)
		off += c->r[d->index] << d->scale;
	if (d->adsize16)
		off &= 0xffffu;
	d->off = off;
	d->ea = off + c->seg[d->seg].base;
}

/* Whether the bytes at p are still those the entry was decoded from (code may be rewritten or
 * the page remapped).  16 bytes may be read: the entry exists only when 16 remain in the page. */
static inline int dcache_same_bytes(const struct dcache_entry *e, const uint8_t *p)
{
	uint64_t w[2];
	memcpy(w, p, 16);
	return (((w[0] ^ e->bytes[0]) & e->mask[0]) | ((w[1] ^ e->bytes[1]) & e->mask[1])) == 0;
}

/*
 * Decode the instruction at `eip`; returns its handler and sets *dp, or raises #UD/#PF/#GP.  The
 * fetch is translated every time (the statistics contract); the decoding itself is looked up in a
 * direct-mapped cache keyed by the linear EIP and checked against the bytes, and only the
 * operand address is recomputed from the registers.  *prev is the entry of the instruction before
 * (NULL after a miss); its `next` names the entry that followed it last time, so the usual
 * lookup is one load instead of hashing EIP (the hash is then off the chain of dependent loads
 * from one instruction to the next); a wrong guess is only a lookup by hash.
 */
static inline __attribute__((always_inline)) op_fn
decode(struct cpu *c, struct core *k, uint32_t eip, struct insn **dp, struct dcache_entry **prev)
{
	uint32_t lin = c->seg[SEG_CS].base + eip;
	const uint8_t *p = mem_xlate(c, lin, MMU_FETCH);
	struct dcache_entry *e = NULL;
	if (LIKELY((lin & (PAGE_SIZE - 1u)) <= PAGE_SIZE - 16)) { /* 16 bytes in this page */
		e = *prev ? (*prev)->next : NULL;
		if (UNLIKELY(!e || e->lin != lin)) {
			e = &k->dcache[(lin ^ (lin >> 10)) & (DCACHE_SIZE - 1u)];
			if (*prev)
				(*prev)->next = e;
		}
		if (LIKELY(e->lin == lin && dcache_same_bytes(e, p))) {
			struct insn *d = &e->insn;
			if (d->has_ea)
				ea_compute(c, d);
			*dp = d;
			*prev = e;
			return e->fn;
		}
	}
	*prev = NULL;
	return decode_miss(c, dp, lin, p, e);
}

#endif
