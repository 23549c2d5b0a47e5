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

unsigned disasm_one(const uint8_t *code, size_t len, uint32_t addr, char *text, size_t tlen,
                    int *is_call)
{
	if (!opened) {
		opened = cs_open(CS_ARCH_X86, CS_MODE_32, &handle) == CS_ERR_OK ? 1 : -1;
		if (opened > 0)
			cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_ATT);
	}
	if (opened < 0)
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
#endif
