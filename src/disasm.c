/*
 * disasm.c - the capstone wrapper (disasm.h).  Built without capstone, it decodes nothing.
 */
#include "disasm.h"

#include <stdio.h>
#include <string.h>

#ifdef PSE386_HAVE_CAPSTONE
#include <capstone/capstone.h>

static csh handle;
static int opened; /* 1 open, -1 failed */

static int cs_ready(void)
{
	if (!opened) {
		opened = cs_open(CS_ARCH_X86, CS_MODE_32, &handle) == CS_ERR_OK ? 1 : -1;
		if (opened > 0) {
			cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
			cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
		}
	}
	return opened > 0;
}

/* Capstone's register as the ModR/M number (32-bit registers only: 16-bit addressing is not
 * used by the guests of this project), or -1. */
static int gpr(x86_reg r)
{
	static const x86_reg regs[8] = {X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX,
	                                X86_REG_ESP, X86_REG_EBP, X86_REG_ESI, X86_REG_EDI};
	for (int i = 0; i < 8; i++)
		if (regs[i] == r)
			return i;
	return -1;
}

static int sreg(x86_reg r)
{
	static const x86_reg regs[6] = {X86_REG_ES, X86_REG_CS, X86_REG_SS,
	                                X86_REG_DS, X86_REG_FS, X86_REG_GS};
	for (int i = 0; i < 6; i++)
		if (regs[i] == r)
			return i;
	return -1;
}

/* The stack slot PUSH/CALL write (below ESP) or POP/RET read (at ESP). */
static unsigned stack_access(unsigned id, struct disasm_mem *m)
{
	int push = id == X86_INS_PUSH || id == X86_INS_CALL;
	int pop = id == X86_INS_POP || id == X86_INS_RET;
	if (!push && !pop)
		return 0;
	*m = (struct disasm_mem){.seg = 2 /* SS */,
	                         .base = 4 /* ESP */,
	                         .index = -1,
	                         .scale = 1,
	                         .disp = push ? -4 : 0,
	                         .size = 4,
	                         .read = pop,
	                         .write = push};
	return 1;
}

int disasm_available(void)
{
	return cs_ready();
}

unsigned disasm_mem_accesses(const uint8_t *code, size_t len, uint32_t addr, struct disasm_mem *out,
                             unsigned max)
{
	cs_insn *insn;
	if (!cs_ready() || max == 0 || cs_disasm(handle, code, len, addr, 1, &insn) != 1)
		return 0;
	unsigned n = 0, id = insn[0].id;
	const cs_x86 *x = &insn[0].detail->x86;
	if (id != X86_INS_LEA && id != X86_INS_NOP) {
		for (unsigned i = 0; i < x->op_count && n < max; i++) {
			const cs_x86_op *op = &x->operands[i];
			if (op->type != X86_OP_MEM)
				continue;
			int seg = sreg(op->mem.segment);
			int base = gpr(op->mem.base);
			out[n++] = (struct disasm_mem){.seg = seg >= 0                   ? seg
			                                      : (base == 4 || base == 5) ? 2
			                                                                 : 3,
			                               .base = base,
			                               .index = gpr(op->mem.index),
			                               .scale = op->mem.scale,
			                               .disp = (int32_t)op->mem.disp,
			                               .size = op->size,
			                               .read = (op->access & CS_AC_READ) != 0,
			                               .write = (op->access & CS_AC_WRITE) != 0};
		}
	}
	if (n < max)
		n += stack_access(id, &out[n]);
	cs_free(insn, 1);
	return n;
}

unsigned disasm_one(const uint8_t *code, size_t len, uint32_t addr, char *text, size_t tlen,
                    int *is_call)
{
	if (!cs_ready())
		return 0;
	cs_insn *insn;
	size_t n = cs_disasm(handle, code, len, addr, 1, &insn);
	if (n == 0)
		return 0;
	snprintf(text, tlen, "%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
	         insn[0].op_str);
	unsigned size = insn[0].size;
	if (is_call)
		*is_call = insn[0].id == X86_INS_CALL;
	cs_free(insn, n);
	return size;
}
#else
unsigned disasm_one(const uint8_t *code, size_t len, uint32_t addr, char *text, size_t tlen,
                    int *is_call)
{
	(void)code;
	(void)len;
	(void)addr;
	snprintf(text, tlen, "(no disassembler: built without capstone)");
	if (is_call)
		*is_call = 0;
	return 0;
}

int disasm_available(void)
{
	return 0;
}

unsigned disasm_mem_accesses(const uint8_t *code, size_t len, uint32_t addr, struct disasm_mem *out,
                             unsigned max)
{
	(void)code;
	(void)len;
	(void)addr;
	(void)out;
	(void)max;
	return 0;
}
#endif
