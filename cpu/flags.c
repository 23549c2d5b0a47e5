/*
 * flags.c - lazy status flags.  Arithmetic records its operands and result (lazy_set) and the
 * six status flags are computed only when something reads them: a branch, PUSHF, LAHF, ADC, or
 * the end of cpu_run().  Definitions: SDM vol. 1, 3.4.3.1 and appendix A (EFLAGS cross
 * reference); each instruction's page in SDM vol. 2 for which flags it sets.
 */
#include "core.h"

/* Writable at CPL 3 with IOPL 0 by POPF/sigreturn: the status flags, TF, DF, NT, AC, ID.
 * IF and IOPL are silently kept (SDM vol. 2, POPF "Operation"). */
#define FL_USER_MASK (FL_STATUS | FL_TF | FL_DF | 0x4000u | 0x40000u | FL_ID)
#define FL_FIXED1    0x2u /* bit 1 of EFLAGS always reads 1 */

static int lf_cf(const struct lazy_flags *lf)
{
	switch (lf->op) {
	case LF_ADD: return lf->res < lf->a;
	case LF_ADC: return lf->cin ? lf->res <= lf->a : lf->res < lf->a;
	case LF_SUB: return lf->a < lf->b;
	case LF_SBB: return lf->cin ? lf->a <= lf->b : lf->a < lf->b;
	case LF_INC:
	case LF_DEC: return lf->cin; /* INC/DEC preserve CF (SDM vol. 2, INC) */
	case LF_SHIFT: return lf->cin;
	default: return 0;
	}
}

static int lf_of(const struct lazy_flags *lf)
{
	uint32_t sign = sz_sign(lf->sz);
	switch (lf->op) {
	case LF_ADD:
	case LF_ADC:
	case LF_INC: return ((lf->a ^ lf->res) & (lf->b ^ lf->res) & sign) != 0;
	case LF_SUB:
	case LF_SBB:
	case LF_DEC: return ((lf->a ^ lf->b) & (lf->a ^ lf->res) & sign) != 0;
	case LF_SHIFT: return lf->b != 0;
	default: return 0;
	}
}

uint32_t flags_szp(uint32_t res, unsigned sz)
{
	uint32_t f = 0;
	if ((res & sz_mask(sz)) == 0)
		f |= FL_ZF;
	if (res & sz_sign(sz))
		f |= FL_SF;
	if (!__builtin_parity(res & 0xffu)) /* PF: even number of 1s in the low byte */
		f |= FL_PF;
	return f;
}

static uint32_t lf_status(const struct lazy_flags *lf)
{
	uint32_t f = flags_szp(lf->res, lf->sz);
	if (lf_cf(lf))
		f |= FL_CF;
	if (lf_of(lf))
		f |= FL_OF;
	/* AF: carry out of bit 3; logical instructions and shifts leave it 0 as Intel hosts do. */
	if (lf->op != LF_LOGIC && lf->op != LF_SHIFT && ((lf->a ^ lf->b ^ lf->res) & 0x10u))
		f |= FL_AF;
	return f;
}

uint32_t flags_compute(const struct cpu *c)
{
	const struct lazy_flags *lf = &CORE(c)->lf;
	if (lf->op == LF_NONE)
		return c->eflags | FL_FIXED1;
	return (c->eflags & ~FL_STATUS) | lf_status(lf) | FL_FIXED1;
}

void flags_materialize(struct cpu *c)
{
	c->eflags = flags_compute(c);
	CORE(c)->lf.op = LF_NONE;
}

int flag_cf(const struct cpu *c)
{
	const struct lazy_flags *lf = &CORE(c)->lf;
	return lf->op == LF_NONE ? (c->eflags & FL_CF) != 0 : lf_cf(lf);
}

static int flag_zf(const struct cpu *c)
{
	const struct lazy_flags *lf = &CORE(c)->lf;
	return lf->op == LF_NONE ? (c->eflags & FL_ZF) != 0 : lf->res == 0;
}

static int flag_sf(const struct cpu *c)
{
	const struct lazy_flags *lf = &CORE(c)->lf;
	return lf->op == LF_NONE ? (c->eflags & FL_SF) != 0 : (lf->res & sz_sign(lf->sz)) != 0;
}

static int flag_of(const struct cpu *c)
{
	const struct lazy_flags *lf = &CORE(c)->lf;
	return lf->op == LF_NONE ? (c->eflags & FL_OF) != 0 : lf_of(lf);
}

/* SDM vol. 2, appendix B.1.4.7, table B-10: conditions in pairs, the odd one negated. */
int cond_general(const struct cpu *c, unsigned cc)
{
	int t;
	switch (cc >> 1) {
	case 0: t = flag_of(c); break;
	case 1: t = flag_cf(c); break;
	case 2: t = flag_zf(c); break;
	case 3: t = flag_cf(c) || flag_zf(c); break;
	case 4: t = flag_sf(c); break;
	case 5: t = (flags_compute(c) & FL_PF) != 0; break;
	case 6: t = flag_sf(c) != flag_of(c); break;
	default: t = flag_zf(c) || flag_sf(c) != flag_of(c); break;
	}
	return t ^ (int)(cc & 1);
}

uint32_t cpu_get_eflags(struct cpu *c)
{
	return flags_compute(c);
}

void cpu_set_eflags(struct cpu *c, uint32_t v)
{
	CORE(c)->lf.op = LF_NONE;
	c->eflags = (c->eflags & ~FL_USER_MASK) | (v & FL_USER_MASK) | FL_FIXED1;
}
