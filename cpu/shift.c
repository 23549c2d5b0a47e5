/*
 * shift.c - ROL ROR RCL RCR SHL SHR SAR (group 2: by 1, CL or imm8) and SHLD/SHRD.
 * Facts: SDM vol. 2, "SAL/SAR/SHL/SHR", "RCL/RCR/ROL/ROR", "SHLD", "SHRD".  The count is masked
 * to 5 bits on every processor from the 286 on; a masked count of 0 changes no flag.  OF is
 * defined for 1-bit shifts only; for larger counts we apply the same formula.
 */
#include "ops.h"

enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };

static uint32_t msb(uint32_t v, unsigned sz)
{
	return (v & sz_sign(sz)) != 0;
}

/* Rotates touch only CF and OF. */
static inline __attribute__((always_inline)) uint32_t rotate(struct cpu *c, unsigned kind,
                                                             unsigned sz, uint32_t v, unsigned n)
{
	unsigned bits = 8u << sz;
	uint32_t m = sz_mask(sz), r, cf, of;
	if (kind == SH_ROL || kind == SH_ROR) {
		unsigned k = n % bits;
		if (kind == SH_ROL)
			r = k ? ((v << k) | (v >> (bits - k))) & m : v;
		else
			r = k ? ((v >> k) | (v << (bits - k))) & m : v;
		cf = kind == SH_ROL ? r & 1u : msb(r, sz);
		of = kind == SH_ROL ? msb(r, sz) ^ cf : msb(r, sz) ^ msb(r << 1, sz);
	} else {
		/* RCL/RCR rotate bits+1 bits: the value and CF (count mod 9 or 17 for 8/16 bit). */
		unsigned k = n % (bits + 1u);
		if (k == 0)
			return v;
		uint64_t w = (uint64_t)v | (uint64_t)flag_cf(c) << bits;
		uint64_t wm = ((uint64_t)1 << (bits + 1)) - 1;
		if (kind == SH_RCL)
			w = ((w << k) | (w >> (bits + 1u - k))) & wm;
		else
			w = ((w >> k) | (w << (bits + 1u - k))) & wm;
		r = (uint32_t)w & m;
		cf = (uint32_t)(w >> bits) & 1u;
		of = kind == SH_RCL ? msb(r, sz) ^ cf : msb(r, sz) ^ msb(r << 1, sz);
	}
	flags_set(c, FL_CF | FL_OF, (cf ? FL_CF : 0) | (of ? FL_OF : 0));
	return r;
}

/* Shifts set CF OF SF ZF PF; AF is undefined (0 here). */
static inline __attribute__((always_inline)) uint32_t shift(struct cpu *c, unsigned kind,
                                                            unsigned sz, uint32_t v, unsigned n)
{
	unsigned bits = 8u << sz;
	uint32_t m = sz_mask(sz), r, cf, of;
	if (kind == SH_SHL || kind == SH_SAL) {
		uint64_t w = (uint64_t)v << n;
		r = (uint32_t)w & m;
		cf = (uint32_t)(w >> bits) & 1u;
		of = msb(r, sz) ^ cf;
	} else if (kind == SH_SHR) {
		r = n >= bits ? 0 : v >> n;
		cf = n > bits ? 0 : (v >> (n - 1)) & 1u;
		of = msb(v, sz);
	} else {
		int32_t s = (int32_t)sext(v, sz);
		r = (uint32_t)(s >> n) & m;
		cf = (uint32_t)(s >> (n - 1)) & 1u;
		of = 0;
	}
	lazy_set(c, LF_SHIFT, sz, r, v & m, of, cf);
	return r;
}

/* C0/C1 (imm8), D0/D1 (by 1), D2/D3 (by CL). */
void op_grp2(struct cpu *c, struct insn *d)
{
	unsigned n;
	if (d->op <= 0xc1)
		n = d->imm;
	else if (d->op <= 0xd1)
		n = 1;
	else
		n = c->r[ECX];
	n &= 0x1fu;
	struct mref m;
	uint32_t v = rm_rmw_read(c, d, &m);
	if (n == 0) /* no flag and no value changes, but the access happened */
		return;
	uint32_t r =
	    d->reg < SH_SHL ? rotate(c, d->reg, d->sz, v, n) : shift(c, d->reg, d->sz, v, n);
	rm_rmw_write(c, d, &m, r);
}

/* A 32-bit register shifted or rotated by a count fixed at decode time and not 0 (C1 with an
 * immediate, D1 by one): one handler per operation, chosen by grp2_special. */
#define SH_FIXED(kind)                                                                             \
	static void sh_r32_fixed_##kind(struct cpu *c, struct insn *d)                             \
	{                                                                                          \
		unsigned n = d->op == 0xc1 ? d->imm & 0x1fu : 1u;                                  \
		uint32_t v = c->r[d->rm];                                                          \
		c->r[d->rm] =                                                                      \
		    kind < SH_SHL ? rotate(c, kind, SZ32, v, n) : shift(c, kind, SZ32, v, n);      \
	}
SH_FIXED(SH_ROL)
SH_FIXED(SH_ROR)
SH_FIXED(SH_SHL)
SH_FIXED(SH_SHR)
SH_FIXED(SH_SAR)

op_fn grp2_special(const struct insn *d)
{
	static const op_fn by_kind[8] = {
	    [SH_ROL] = sh_r32_fixed_SH_ROL, [SH_ROR] = sh_r32_fixed_SH_ROR,
	    [SH_SHL] = sh_r32_fixed_SH_SHL, [SH_SHR] = sh_r32_fixed_SH_SHR,
	    [SH_SAL] = sh_r32_fixed_SH_SHL, [SH_SAR] = sh_r32_fixed_SH_SAR};
	if (d->sz != SZ32 || d->mod != 3)
		return NULL;
	if (!(d->op == 0xd1 || (d->op == 0xc1 && (d->imm & 0x1fu))))
		return NULL;
	return by_kind[d->reg];
}

/*
 * SHLD/SHRD: the destination shifted with bits coming in from the source.  For 16-bit operands
 * with a count above 16 the result is undefined; we shift through dest:src:dest as Intel
 * hosts do.
 */
static uint32_t double_shift(struct cpu *c, int right, unsigned sz, uint32_t dst, uint32_t src,
                             unsigned n)
{
	uint64_t w;
	uint32_t r, cf;
	if (sz == SZ32) {
		if (right) {
			w = (uint64_t)src << 32 | dst;
			r = (uint32_t)(w >> n);
			cf = (uint32_t)(w >> (n - 1)) & 1u;
		} else {
			w = (uint64_t)dst << 32 | src;
			r = (uint32_t)(w << n >> 32);
			cf = (uint32_t)(w >> (64 - n)) & 1u;
		}
	} else {
		if (right) {
			w = (uint64_t)dst << 32 | (uint64_t)src << 16 | dst;
			r = (uint32_t)(w >> n) & 0xffffu;
			cf = (uint32_t)(w >> (n - 1)) & 1u;
		} else {
			w = (uint64_t)dst << 32 | (uint64_t)src << 16 | dst;
			r = (uint32_t)(w << n >> 32) & 0xffffu;
			cf = (uint32_t)(w >> (48 - n)) & 1u;
		}
	}
	uint32_t of = msb(r, sz) ^ msb(dst, sz);
	lazy_set(c, LF_SHIFT, sz, r, dst & sz_mask(sz), of, cf);
	return r;
}

/* 0F A4/A5 SHLD, 0F AC/AD SHRD: Ev, Gv, imm8 or CL. */
void op_shxd(struct cpu *c, struct insn *d)
{
	unsigned n = ((d->op & 1u) ? c->r[ECX] : d->imm) & 0x1fu;
	struct mref m;
	uint32_t v = rm_rmw_read(c, d, &m);
	if (n == 0)
		return;
	rm_rmw_write(c, d, &m,
	             double_shift(c, d->op >= 0x1ac, d->sz, v, reg_get(c, d->reg, d->sz), n));
}
