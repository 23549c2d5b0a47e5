/*
 * x87_env.c - the x87 environment and state images: tags, FLDENV/FNSTENV, FRSTOR/FNSAVE and
 * the 108-byte image the kernel saves on context switches and in signal frames.
 * Facts: Intel SDM vol. 1, 8.1.7 (tag word), 8.1.10 (saving the x87 state, figures 8-9 to
 * 8-12); SDM vol. 2, FLDENV, FSTENV/FNSTENV, FRSTOR, FSAVE/FNSAVE.
 */
#include <string.h>

#include "x87_internal.h"

#define REG_EXP_OFF 8 /* 64-bit significand, then sign and 15-bit exponent */
#define EXP_MAX     0x7FFFu
#define SIG_J       (1ull << 63) /* explicit integer bit */
/* Reserved halves of the 32-bit image read back as ones on the host x87 and on Intel parts. */
#define RESERVED16 0xFFFFu

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | ((uint32_t)get16(p + 2) << 16);
}

unsigned x87_tag_of(const long double *reg)
{
	uint64_t sig;
	uint16_t se;
	memcpy(&sig, reg, 8);
	memcpy(&se, (const uint8_t *)reg + REG_EXP_OFF, 2);
	unsigned exp = se & EXP_MAX;
	if (exp == EXP_MAX)
		return TAG_SPECIAL; /* infinity, NaN */
	if (exp == 0)
		return sig == 0 ? TAG_ZERO : TAG_SPECIAL; /* zero; denormal, pseudo-denormal */
	return (sig & SIG_J) ? TAG_VALID : TAG_SPECIAL;   /* unnormal is "special" */
}

void x87_retag(struct x87 *f)
{
	uint16_t tw = 0;
	for (unsigned r = 0; r < 8; r++) {
		unsigned t = (f->tw >> (2 * r)) & 3u;
		if (t != TAG_EMPTY)
			t = x87_tag_of(&f->st[r]);
		tw |= (uint16_t)(t << (2 * r));
	}
	f->tw = tw;
}

uint16_t x87_sw(const struct x87 *f)
{
	return (uint16_t)((f->sw & ~SW_TOP_MASK) | ((f->top & 7u) << SW_TOP_SHIFT));
}

static void sw_load(struct x87 *f, uint16_t sw)
{
	f->top = (uint8_t)((sw & SW_TOP_MASK) >> SW_TOP_SHIFT);
	f->sw = (uint16_t)(sw & ~SW_TOP_MASK);
}

/* The 28-byte (32-bit operand size) or 14-byte (16-bit) environment, figures 8-9 and 8-11. */
static unsigned env_store(const struct x87 *f, uint8_t *p, int opsize16)
{
	struct x87 t = *f;
	x87_retag(&t);
	if (opsize16) {
		put16(p + 0, t.cw);
		put16(p + 2, x87_sw(&t));
		put16(p + 4, t.tw);
		put16(p + 6, t.fip);
		put16(p + 8, t.fcs);
		put16(p + 10, t.fdp);
		put16(p + 12, t.fds);
		return X87_ENV16_SIZE;
	}
	put32(p + ENV32_CW, t.cw | (RESERVED16 << 16));
	put32(p + ENV32_SW, x87_sw(&t) | (RESERVED16 << 16));
	put32(p + ENV32_TW, t.tw | (RESERVED16 << 16));
	put32(p + ENV32_FIP, t.fip);
	/* FOP is the 11 low bits of the opcode (figure 8-9). */
	put32(p + ENV32_FCS_FOP, t.fcs | ((uint32_t)(t.fop & 0x7FFu) << 16));
	put32(p + ENV32_FDP, t.fdp);
	put32(p + ENV32_FDS, t.fds | (RESERVED16 << 16));
	return X87_ENV32_SIZE;
}

static unsigned env_load(struct x87 *f, const uint8_t *p, int opsize16)
{
	if (opsize16) {
		f->cw = CW_FIX(get16(p + 0));
		sw_load(f, get16(p + 2));
		f->tw = get16(p + 4);
		f->fip = get16(p + 6);
		f->fcs = get16(p + 8);
		f->fdp = get16(p + 10);
		f->fds = get16(p + 12);
		return X87_ENV16_SIZE;
	}
	f->cw = CW_FIX(get16(p + ENV32_CW));
	sw_load(f, get16(p + ENV32_SW));
	f->tw = get16(p + ENV32_TW);
	f->fip = get32(p + ENV32_FIP);
	f->fcs = get16(p + ENV32_FCS_FOP);
	f->fop = (uint16_t)(get16(p + ENV32_FCS_FOP + 2) & 0x7FFu);
	f->fdp = get32(p + ENV32_FDP);
	f->fds = get16(p + ENV32_FDS);
	return X87_ENV32_SIZE;
}

/* Registers follow the environment in ST order, ST(0) first (figure 8-10). */
static void regs_store(const struct x87 *f, uint8_t *p)
{
	for (unsigned i = 0; i < 8; i++)
		memcpy(p + i * X87_REG_SIZE, &f->st[(f->top + i) & 7u], X87_REG_SIZE);
}

static void regs_load(struct x87 *f, const uint8_t *p)
{
	for (unsigned i = 0; i < 8; i++) {
		long double *r = &f->st[(f->top + i) & 7u];
		memset(r, 0, sizeof(*r));
		memcpy(r, p + i * X87_REG_SIZE, X87_REG_SIZE);
	}
}

/* ES and B summarise the unmasked exception flags (SDM vol. 1, 8.1.3.4). */
void x87_update_es(struct x87 *f)
{
	if (f->sw & ~f->cw & SW_EXC_MASK)
		f->sw |= SW_ES | SW_B;
	else
		f->sw &= (uint16_t) ~(SW_ES | SW_B);
}

void x87_image_store(const struct x87 *f, uint8_t img[X87_IMAGE_SIZE])
{
	regs_store(f, img + env_store(f, img, 0));
}

void x87_image_load(struct x87 *f, const uint8_t img[X87_IMAGE_SIZE])
{
	regs_load(f, img + env_load(f, img, 0));
	x87_retag(f);
}

void x87_fldenv(struct cpu *c, uint32_t ea, int opsize16)
{
	uint8_t buf[X87_ENV32_SIZE];
	cpu_load(c, ea, buf, opsize16 ? X87_ENV16_SIZE : X87_ENV32_SIZE);
	env_load(&c->fpu, buf, opsize16);
	x87_retag(&c->fpu);
	x87_update_es(&c->fpu);
}

void x87_fnstenv(struct cpu *c, uint32_t ea, int opsize16)
{
	uint8_t buf[X87_ENV32_SIZE];
	unsigned n = env_store(&c->fpu, buf, opsize16);
	cpu_store(c, ea, buf, n);
	/* FNSTENV then masks all exceptions (SDM vol. 2, FSTENV/FNSTENV). */
	c->fpu.cw |= SW_EXC_MASK;
	x87_update_es(&c->fpu);
}

void x87_frstor(struct cpu *c, uint32_t ea, int opsize16)
{
	uint8_t buf[X87_IMAGE_SIZE];
	unsigned env = opsize16 ? X87_ENV16_SIZE : X87_ENV32_SIZE;
	cpu_load(c, ea, buf, env + 8 * X87_REG_SIZE);
	env_load(&c->fpu, buf, opsize16);
	regs_load(&c->fpu, buf + env);
	x87_retag(&c->fpu);
	x87_update_es(&c->fpu);
}

void x87_fnsave(struct cpu *c, uint32_t ea, int opsize16)
{
	uint8_t buf[X87_IMAGE_SIZE];
	unsigned env = env_store(&c->fpu, buf, opsize16);
	regs_store(&c->fpu, buf + env);
	cpu_store(c, ea, buf, env + 8 * X87_REG_SIZE);
	/* FNSAVE then initialises the FPU like FNINIT (SDM vol. 2, FSAVE/FNSAVE). */
	x87_init(&c->fpu);
}
