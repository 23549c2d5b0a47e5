/*
 * decode.c - instruction fetch and decode: prefixes, opcode, ModR/M, SIB, displacement and
 * immediates, driven by the form flags of the opcode table (SDM vol. 2, chapter 2).
 *
 * Fetch translates EIP once (one ITLB lookup per instruction) and translates the next page only
 * when a byte beyond the page end is actually needed (DESIGN.md, "Statistics").
 */
#include "core.h"

#define MAX_INSN_LEN 15 /* longer is #GP(0) (SDM vol. 2, 2.3.11) */

struct fetch {
	const uint8_t *p, *lim; /* next byte; end of what may be read before refilling */
	const uint8_t *start;   /* first byte of the current window */
	unsigned done;          /* bytes consumed in previous windows */
	uint32_t lin;           /* linear address of the instruction */
	int last_window;        /* no refill possible: the 15-byte limit is inside this window */
};

/* The instruction continues on the next page: translate it (a second ITLB lookup). */
static void fetch_refill(struct cpu *c, struct fetch *f)
{
	if (f->last_window)
		raise_gp0(c);
	uint32_t next = (f->lin & PAGE_MASK) + PAGE_SIZE;
	f->done += (unsigned)(f->p - f->start);
	f->start = f->p = mem_xlate(c, next, MMU_FETCH);
	f->lim = f->p + (MAX_INSN_LEN - f->done);
	f->last_window = 1;
}

/*
 * The decoder is instantiated twice (decode_body with `checked` constant): when 15 bytes remain
 * in the page no byte needs a bounds check, which is nearly always; otherwise every byte is
 * checked and the next page is translated on demand.
 */
#define INLINE static inline __attribute__((always_inline))

INLINE uint8_t f8(struct cpu *c, struct fetch *f, const int checked)
{
	if (checked && UNLIKELY(f->p == f->lim))
		fetch_refill(c, f);
	return *f->p++;
}
INLINE uint32_t f16(struct cpu *c, struct fetch *f, const int checked)
{
	if (!checked || LIKELY(f->lim - f->p >= 2)) {
		uint16_t v;
		memcpy(&v, f->p, 2);
		f->p += 2;
		return v;
	}
	uint32_t lo = f8(c, f, checked);
	return lo | (uint32_t)f8(c, f, checked) << 8;
}
INLINE uint32_t f32(struct cpu *c, struct fetch *f, const int checked)
{
	if (!checked || LIKELY(f->lim - f->p >= 4)) {
		uint32_t v;
		memcpy(&v, f->p, 4);
		f->p += 4;
		return v;
	}
	uint32_t lo = f16(c, f, checked);
	return lo | f16(c, f, checked) << 16;
}

/* 16-bit addressing forms (0x67), SDM vol. 2, table 2-1. */
INLINE void modrm16(struct cpu *c, struct fetch *f, struct insn *d, const int checked)
{
	static const int8_t base[8] = {EBX, EBX, EBP, EBP, -1, -1, EBP, EBX};
	static const int8_t index[8] = {ESI, EDI, ESI, EDI, ESI, EDI, -1, -1};
	if (d->mod == 0 && d->rm == 6) {
		d->disp = f16(c, f, checked);
		return;
	}
	d->base = base[d->rm];
	d->index = index[d->rm];
	if (d->base == EBP)
		d->seg = SEG_SS;
	if (d->mod == 1)
		d->disp = (uint32_t)(int8_t)f8(c, f, checked);
	else if (d->mod == 2)
		d->disp = f16(c, f, checked);
}

/* 32-bit addressing forms, SDM vol. 2, tables 2-2 and 2-3.  EBP/ESP as base default to SS. */
INLINE void modrm32(struct cpu *c, struct fetch *f, struct insn *d, const int checked)
{
	unsigned b = d->rm;
	if (b == 4) {
		uint8_t sib = f8(c, f, checked);
		unsigned idx = (sib >> 3) & 7u;
		b = sib & 7u;
		if (idx != ESP) {
			d->index = (int8_t)idx;
			d->scale = sib >> 6;
		}
		if (b == EBP && d->mod == 0) {
			d->disp = f32(c, f, checked);
			return;
		}
	} else if (b == EBP && d->mod == 0) {
		d->disp = f32(c, f, checked);
		return;
	}
	d->base = (int8_t)b;
	if (b == ESP || b == EBP)
		d->seg = SEG_SS;
	d->esp_base = b == ESP;
	if (d->mod == 1)
		d->disp = (uint32_t)(int8_t)f8(c, f, checked);
	else if (d->mod == 2)
		d->disp = f32(c, f, checked);
}

INLINE void decode_modrm(struct cpu *c, struct fetch *f, struct insn *d, const int checked)
{
	uint8_t m = f8(c, f, checked);
	d->modrm = m;
	d->mod = m >> 6;
	d->reg = (m >> 3) & 7u;
	d->rm = m & 7u;
	if (d->mod == 3)
		return;
	d->has_ea = 1;
	d->seg = SEG_DS;
	d->esp_base = 0;
	d->base = d->index = -1;
	d->scale = 0;
	d->disp = 0;
	if (d->adsize16)
		modrm16(c, f, d, checked);
	else
		modrm32(c, f, d, checked);
	if (d->seg_ovr >= 0)
		d->seg = d->seg_ovr;
	ea_compute(c, d);
}

static void apply_prefix(struct insn *d, uint8_t b)
{
	switch (b) {
	case 0x26: d->seg_ovr = SEG_ES; break;
	case 0x2e: d->seg_ovr = SEG_CS; break;
	case 0x36: d->seg_ovr = SEG_SS; break;
	case 0x3e: d->seg_ovr = SEG_DS; break;
	case 0x64: d->seg_ovr = SEG_FS; break;
	case 0x65: d->seg_ovr = SEG_GS; break;
	case 0x66: d->opsize16 = 1; break;
	case 0x67: d->adsize16 = 1; break;
	case 0xf0: d->lock = 1; break;
	case 0xf2: d->rep = REP_NZ; break;
	default: d->rep = REP_Z; break; /* 0xf3 */
	}
}

INLINE void decode_imm(struct cpu *c, struct fetch *f, struct insn *d, unsigned form,
                       const int checked)
{
	if (form & F_IW) {
		d->imm = f16(c, f, checked);
		if (form & F_IB)
			d->imm2 = f8(c, f, checked);
	} else if (form & F_IB) {
		d->imm = f8(c, f, checked);
	} else if (form & F_IBS) {
		d->imm = (uint32_t)(int8_t)f8(c, f, checked);
	} else if (form & F_IZ) {
		d->imm = d->opsize16 ? (uint32_t)(int16_t)f16(c, f, checked) : f32(c, f, checked);
	} else if (form & F_MOFFS) { /* as a ModR/M address with only a displacement */
		d->has_ea = 1;
		d->disp = d->adsize16 ? f16(c, f, checked) : f32(c, f, checked);
		d->base = d->index = -1;
		d->scale = 0;
		d->seg = d->seg_ovr >= 0 ? d->seg_ovr : SEG_DS;
		ea_compute(c, d);
	} else if (form & F_FAR) {
		d->imm = d->opsize16 ? f16(c, f, checked) : f32(c, f, checked);
		d->imm2 = f16(c, f, checked);
	} else if ((form & F_GRP3) && d->reg < 2) {
		d->imm = d->sz == SZ8    ? f8(c, f, checked)
		         : d->sz == SZ16 ? f16(c, f, checked)
		                         : f32(c, f, checked);
	}
}

/*
 * LOCK is allowed only on ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG NOT OR SBB SUB XOR
 * XADD XCHG, and only with a memory destination; anything else is #UD (SDM vol. 2, "LOCK").
 */
static int lock_allowed(const struct insn *d)
{
	unsigned op = d->op;
	if (!(cpu_opcodes[op].form & F_MODRM) || d->mod == 3)
		return 0;
	if (op < 0x40) /* the E,G forms of the ALU operations but CMP */
		return (op & 7u) < 2 && ((op >> 3) & 7u) != 7;
	switch (op) {
	case 0x80:
	case 0x81:
	case 0x82:
	case 0x83: return d->reg != 7; /* not CMP */
	case 0x86:
	case 0x87: return 1; /* XCHG */
	case 0xf6:
	case 0xf7: return d->reg == 2 || d->reg == 3; /* NOT, NEG */
	case 0xfe:
	case 0xff: return d->reg < 2; /* INC, DEC */
	case 0x1ab:
	case 0x1b3:
	case 0x1bb: return 1;           /* BTS, BTR, BTC */
	case 0x1ba: return d->reg >= 5; /* BTS, BTR, BTC imm8 */
	case 0x1b0:
	case 0x1b1:
	case 0x1c0:
	case 0x1c1: return 1;           /* CMPXCHG, XADD */
	case 0x1c7: return d->reg == 1; /* CMPXCHG8B */
	default: return 0;
	}
}

INLINE const struct opcode *decode_body(struct cpu *c, struct insn *d, struct fetch *f,
                                        const int checked)
{
	d->seg_ovr = -1;
	d->opsize16 = d->adsize16 = d->rep = d->lock = d->has_ea = 0;
	unsigned op = f8(c, f, checked);
	while (cpu_opcodes[op].form & F_PREFIX) {
		apply_prefix(d, (uint8_t)op);
		/* Unchecked, at most 3 prefixes: the longest rest (0F op, ModR/M, SIB, disp32,
		 * imm32) is 12 bytes, so nothing beyond the 15 bytes known to be in the page is
		 * read. */
		if (!checked && f->p - f->start > 3)
			return NULL;
		op = f8(c, f, checked);
	}
	if (op == 0x0f)
		op = 0x100u | f8(c, f, checked);
	const struct opcode *row = &cpu_opcodes[op];
	if (UNLIKELY(!row->fn))
		raise_ud(c);
	unsigned form = row->form;
	d->op = (uint16_t)op;
	d->sz = (form & F_BYTE) ? SZ8 : d->opsize16 ? SZ16 : SZ32;
	if (form & F_MODRM)
		decode_modrm(c, f, d, checked);
	if (form & ~(F_MODRM | F_BYTE))
		decode_imm(c, f, d, form, checked);
	if (UNLIKELY(d->lock) && !lock_allowed(d))
		raise_ud(c);
	d->len = (uint8_t)(f->done + (unsigned)(f->p - f->start));
	return row;
}

static void dcache_fill(struct dcache_entry *e, uint32_t lin, const uint8_t *p, unsigned len)
{
	uint8_t m[16] = {0};
	memset(m, 0xff, len);
	memcpy(e->bytes, p, 16);
	memcpy(e->mask, m, 16);
	e->bytes[0] &= e->mask[0];
	e->bytes[1] &= e->mask[1];
	e->lin = lin;
}

/* Decode the instruction at lin (host bytes at p) into its cache entry e or, near a page end
 * (e == NULL) or with many prefixes, into the scratch insn; sets *dp.  Called by decode() in
 * core.h when the cache misses. */
/* The handler for decoded instruction d of row `row`. */
static op_fn handler(const struct opcode *row, const struct insn *d)
{
	op_fn fn = row->special ? row->special(d) : NULL;
	return fn ? fn : row->fn;
}

op_fn decode_miss(struct cpu *c, struct insn **dp, uint32_t lin, const uint8_t *p,
                  struct dcache_entry *e)
{
	struct core *k = CORE(c);
	struct fetch f;
	f.lin = lin;
	f.start = f.p = p;
	f.done = 0;
	if (e) {
		struct insn *d = &e->insn;
		e->lin = DCACHE_INVALID; /* decode_body may raise half-way */
		f.lim = f.p + MAX_INSN_LEN;
		const struct opcode *row = decode_body(c, d, &f, 0);
		if (LIKELY(row != NULL)) {
			dcache_fill(e, lin, p, (unsigned)(f.p - f.start));
			e->fn = handler(row, d);
			*dp = d;
			return e->fn;
		}
		f.p = f.start; /* many prefixes: start again, checking each byte */
		f.last_window = 1;
	} else {
		f.lim = f.p + (PAGE_SIZE - (lin & (PAGE_SIZE - 1u)));
		f.last_window = 0;
	}
	*dp = &k->scratch;
	return handler(decode_body(c, &k->scratch, &f, 1), &k->scratch);
}
