/*
 * x87.c - decoding and execution of the x87 escape opcodes D8..DF (SDM vol. 1, chapter 8;
 * vol. 2, appendix A.5 "Escape opcode instructions", tables ).
 *
 * Every computing instruction runs on the host's own x87 (x87_host.c explains why: it is the
 * oracle that makes results bit-identical, flags and tags included).  This file decides, from
 * two tables, what each encoding is; moves memory operands between guest memory and a host
 * buffer (loads before any state changes, stores before the new state is committed, so a page
 * fault leaves the FPU unchanged); applies the unmasked-exception rules; and keeps the
 * instruction/data pointers.  Control instructions that move the environment live in
 * x87_env.c.
 *
 * Exceptions: the host always runs with every exception masked and reports the flags raised.
 * When the guest has one unmasked (SDM vol. 1, 8.5 and 8.6):
 *  - IE, DE, ZE: the destination and the stack are left unchanged, only the flags are set;
 *  - OE, UE with a memory destination: nothing is stored;
 *  - then ES/B are set and the next waiting x87 instruction (or WAIT) returns EXC_MF.
 * Limitation: with OE/UE unmasked and a register destination the hardware stores the result
 * with its exponent biased by 24576 (SDM vol. 1, 8.5.4/8.5.5); here the masked result is kept.
 */
#include <string.h>

#include "x87_internal.h"

enum x87_kind {
	K_UD,     /* #UD */
	K_HOST,   /* computed on the host x87, registers only */
	K_LOAD,   /* host, reads a memory operand */
	K_STORE,  /* host, writes a memory operand */
	K_FCOMI,  /* host, then ZF PF CF (and OF SF AF cleared) go to EFLAGS */
	K_FCMOV,  /* host, reads ZF PF CF from EFLAGS */
	K_NOP,    /* FENI/FDISI/FSETPM: no-ops since the 80387 (SDM vol. 2, FINIT notes) */
	K_FNCLEX, /* the rest are control instructions done here */
	K_FNINIT,
	K_FNSTSW_AX,
	K_FNSTSW,
	K_FLDCW,
	K_FNSTCW,
	K_FLDENV,
	K_FNSTENV,
	K_FRSTOR,
	K_FNSAVE,
};

struct x87_form {
	uint8_t kind;
	uint8_t size; /* memory operand bytes for K_LOAD/K_STORE */
};

/* Memory forms by opcode and ModR/M reg field (SDM vol. 2, tables, ... A-21).
 * FISTTP (D8+ /1) is SSE3, absent on a P6: #UD. */
/* clang-format off */
#define LD(n) {K_LOAD, n}
#define ST(n) {K_STORE, n}
#define UD    {K_UD, 0}
/* clang-format on */
static const struct x87_form mem_forms[8][8] = {
    /* D8: FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR m32real */
    {LD(4), LD(4), LD(4), LD(4), LD(4), LD(4), LD(4), LD(4)},
    /* D9: FLD m32, -, FST m32, FSTP m32, FLDENV, FLDCW, FNSTENV, FNSTCW */
    {LD(4), UD, ST(4), ST(4), {K_FLDENV, 0}, {K_FLDCW, 2}, {K_FNSTENV, 0}, {K_FNSTCW, 2}},
    /* DA: FIADD .. FIDIVR m32int */
    {LD(4), LD(4), LD(4), LD(4), LD(4), LD(4), LD(4), LD(4)},
    /* DB: FILD m32, FISTTP, FIST m32, FISTP m32, -, FLD m80, -, FSTP m80 */
    {LD(4), UD, ST(4), ST(4), UD, LD(10), UD, ST(10)},
    /* DC: arithmetic m64real */
    {LD(8), LD(8), LD(8), LD(8), LD(8), LD(8), LD(8), LD(8)},
    /* DD: FLD m64, FISTTP, FST m64, FSTP m64, FRSTOR, -, FNSAVE, FNSTSW m16 */
    {LD(8), UD, ST(8), ST(8), {K_FRSTOR, 0}, UD, {K_FNSAVE, 0}, {K_FNSTSW, 2}},
    /* DE: FIADD .. FIDIVR m16int */
    {LD(2), LD(2), LD(2), LD(2), LD(2), LD(2), LD(2), LD(2)},
    /* DF: FILD m16, FISTTP, FIST m16, FISTP m16, FBLD m80, FILD m64, FBSTP m80, FISTP m64 */
    {LD(2), UD, ST(2), ST(2), LD(10), LD(8), ST(10), ST(8)},
};
#undef LD
#undef ST
#undef UD

/*
 * Register forms (mod = 3), one character per ModR/M C0..FF, eight per row (SDM vol. 2,
 * tables A-8 ... A-22): h host, u #UD, m FCMOVcc, i FCOMI family, n no-op, x FNCLEX,
 * I FNINIT, a FNSTSW AX.  The reserved aliases D9 D8+i (FSTP), DC D0/D8+i (FCOM/FCOMP),
 * DD C8+i (FXCH), DE D0+i (FCOMP), DF C0+i (FFREEP), DF C8+i (FXCH), DF D0/D8+i (FSTP)
 * execute on P6 parts and on the host, so they are executed too.
 */
/* clang-format off */
/*                       C0       C8       D0       D8       E0       E8       F0       F8 */
static const char reg_forms[8][65] = {
	/* D8 */ "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh",
	/* D9 */ "hhhhhhhh" "hhhhhhhh" "huuuuuuu" "hhhhhhhh" "hhuuhhuu" "hhhhhhhu" "hhhhhhhh" "hhhhhhhh",
	/* DA */ "mmmmmmmm" "mmmmmmmm" "mmmmmmmm" "mmmmmmmm" "uuuuuuuu" "uhuuuuuu" "uuuuuuuu" "uuuuuuuu",
	/* DB */ "mmmmmmmm" "mmmmmmmm" "mmmmmmmm" "mmmmmmmm" "nnxInuuu" "iiiiiiii" "iiiiiiii" "uuuuuuuu",
	/* DC */ "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh",
	/* DD */ "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "uuuuuuuu" "uuuuuuuu",
	/* DE */ "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "uhuuuuuu" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh",
	/* DF */ "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "hhhhhhhh" "auuuuuuu" "iiiiiiii" "iiiiiiii" "uuuuuuuu",
};
/* clang-format on */

static struct x87_form decode(uint8_t op, uint8_t modrm)
{
	struct x87_form f = {K_UD, 0};
	if ((modrm >> 6) != 3)
		return mem_forms[op - 0xD8][(modrm >> 3) & 7];
	switch (reg_forms[op - 0xD8][modrm & 63]) {
	case 'h': f.kind = K_HOST; break;
	case 'm': f.kind = K_FCMOV; break;
	case 'i': f.kind = K_FCOMI; break;
	case 'n': f.kind = K_NOP; break;
	case 'x': f.kind = K_FNCLEX; break;
	case 'I': f.kind = K_FNINIT; break;
	case 'a': f.kind = K_FNSTSW_AX; break;
	default: break;
	}
	return f;
}

/* The non-waiting instructions do not check for pending exceptions (SDM vol. 1, 8.3.12 and
 * 8.6): FNINIT, FNCLEX, FNSTSW, FNSTCW, FNSTENV, FNSAVE (and the no-op FENI/FDISI/FSETPM). */
static int is_waiting(enum x87_kind k)
{
	switch (k) {
	case K_NOP:
	case K_FNCLEX:
	case K_FNINIT:
	case K_FNSTSW_AX:
	case K_FNSTSW:
	case K_FNSTCW:
	case K_FNSTENV:
	case K_FNSAVE: return 0;
	default: return 1;
	}
}

void x87_init(struct x87 *f)
{
	/* CW 037FH, SW 0, TW FFFFH, pointers 0; the data registers keep their contents
	 * (SDM vol. 2, FINIT/FNINIT). */
	f->cw = CW_DEFAULT;
	f->sw = 0;
	f->top = 0;
	f->tw = 0xFFFF;
	f->fip = f->fdp = 0;
	f->fop = 0;
	f->fcs = f->fds = 0;
}

/* Last-instruction pointers are kept for every non-control instruction (SDM vol. 1, 8.1.8,
 * 8.1.9): FOP holds the low 3 bits of the escape byte and the ModR/M byte. */
static void note_insn(struct cpu *c, uint8_t op, uint8_t modrm, uint32_t ea)
{
	struct x87 *f = &c->fpu;
	f->fip = c->eip;
	f->fcs = c->seg[SEG_CS].sel;
	f->fop = (uint16_t)(((op & 7u) << 8) | modrm);
	if ((modrm >> 6) != 3) {
		f->fdp = ea;
		f->fds = c->seg[SEG_DS].sel;
	}
}

/* Unmasked IE, DE and ZE are pre-computation exceptions: no result is written, the stack does
 * not move (SDM vol. 1, 8.5.1.2, 8.5.2, 8.5.3, and 4.9.2 "If the exception is not masked... the
 * destination and source operands are left unchanged").  Unmasked OE/UE on a store to memory
 * leave the memory operand unchanged as well (SDM vol. 1, 8.5.4, 8.5.5). */
static int unmasked_blocks(uint16_t unmasked, enum x87_kind k)
{
	if (unmasked & (SW_IE | SW_DE | SW_ZE))
		return 1;
	return k == K_STORE && (unmasked & (SW_OE | SW_UE));
}

/* Flags that FCOMI/FUCOMI(P) write (SDM vol. 2, FCOMI: ZF PF CF set, OF SF AF cleared). */
#define FCOMI_FLAGS (FL_ZF | FL_PF | FL_CF | FL_OF | FL_SF | FL_AF)

static void exec_host(struct cpu *c, uint8_t op, uint8_t modrm, uint32_t ea, struct x87_form form)
{
	struct x87 *f = &c->fpu;
	uint8_t mem[16] = {0};
	uint8_t img[X87_IMAGE_SIZE];
	if (form.kind == K_LOAD)
		cpu_load(c, ea, mem, form.size);

	/* The host starts with clean flags (to see what this instruction raises) and everything
	 * masked (so it never traps); condition codes, TOP and tags are the guest's. */
	struct x87 in = *f;
	in.sw &= (uint16_t) ~(SW_FLAGS | SW_ES | SW_B);
	in.cw |= SW_EXC_MASK;
	x87_image_store(&in, img);
	uint32_t eflags = form.kind == K_FCMOV ? cpu_get_eflags(c) : 0;
	uint32_t host_flags = x87_host_exec(op, modrm, img, mem, eflags);

	struct x87 out = *f;
	x87_image_load(&out, img);
	uint16_t raised = out.sw & SW_FLAGS;
	uint16_t unmasked = raised & (uint16_t)~f->cw & SW_EXC_MASK;
	if (unmasked_blocks(unmasked, form.kind)) {
		f->sw |= raised;
		if (raised & SW_SF) /* C1 tells overflow from underflow (SDM vol. 1, 8.5.1.1) */
			f->sw = (uint16_t)((f->sw & ~SW_C1) | (out.sw & SW_C1));
	} else {
		if (form.kind == K_STORE)
			cpu_store(c, ea, mem, form.size); /* may fault: nothing changed yet */
		out.cw = f->cw;
		out.sw = (uint16_t)((out.sw & SW_CC) | (f->sw & SW_FLAGS) | raised);
		out.fip = f->fip;
		out.fcs = f->fcs;
		out.fop = f->fop;
		out.fdp = f->fdp;
		out.fds = f->fds;
		*f = out;
		if (form.kind == K_FCOMI)
			cpu_set_eflags(c, (cpu_get_eflags(c) & ~FCOMI_FLAGS) |
			                      (host_flags & FCOMI_FLAGS));
	}
	x87_update_es(f);
	note_insn(c, op, modrm, ea);
}

static void exec_control(struct cpu *c, enum x87_kind k, uint32_t ea, int opsize16)
{
	struct x87 *f = &c->fpu;
	uint8_t w[2];
	switch (k) {
	case K_FNCLEX: f->sw &= (uint16_t) ~(SW_FLAGS | SW_ES | SW_B); break;
	case K_FNINIT: x87_init(f); break;
	case K_FNSTSW_AX: c->r[EAX] = (c->r[EAX] & 0xFFFF0000u) | x87_sw(f); break;
	case K_FNSTSW:
	case K_FNSTCW: {
		uint16_t v = k == K_FNSTSW ? x87_sw(f) : f->cw;
		w[0] = (uint8_t)v;
		w[1] = (uint8_t)(v >> 8);
		cpu_store(c, ea, w, 2);
		break;
	}
	case K_FLDCW:
		cpu_load(c, ea, w, 2);
		f->cw = CW_FIX(w[0] | (w[1] << 8));
		x87_update_es(f); /* newly unmasked pending flags fault at the next waiting insn */
		break;
	case K_FLDENV: x87_fldenv(c, ea, opsize16); break;
	case K_FNSTENV: x87_fnstenv(c, ea, opsize16); break;
	case K_FRSTOR: x87_frstor(c, ea, opsize16); break;
	case K_FNSAVE: x87_fnsave(c, ea, opsize16); break;
	default: break;
	}
}

int x87_wait(struct cpu *c)
{
	return (c->fpu.sw & SW_ES) ? EXC_MF : 0;
}

int x87_exec(struct cpu *c, uint8_t op, uint8_t modrm, uint32_t ea, int opsize16)
{
	if (op < 0xD8)
		return EXC_UD;
	struct x87_form form = decode(op, modrm);
	enum x87_kind k = (enum x87_kind)form.kind;
	if (k == K_UD)
		return EXC_UD;
	if (is_waiting(k) && x87_wait(c))
		return EXC_MF;
	switch (k) {
	case K_NOP: break;
	case K_HOST:
	case K_LOAD:
	case K_STORE:
	case K_FCOMI:
	case K_FCMOV: exec_host(c, op, modrm, ea, form); break;
	default: exec_control(c, k, ea, opsize16); break;
	}
	return 0;
}

void cpu_fpu_save(struct cpu *c, uint8_t out[CPU_FPU_STATE_SIZE])
{
	x87_image_store(&c->fpu, out);
}

void cpu_fpu_restore(struct cpu *c, const uint8_t in[CPU_FPU_STATE_SIZE])
{
	x87_image_load(&c->fpu, in);
	x87_update_es(&c->fpu);
}
