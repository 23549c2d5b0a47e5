/*
 * disasm.h - one i386 instruction as text (capstone, AT&T syntax as gdb prints it).
 */
#ifndef PSE386_DISASM_H
#define PSE386_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* Disassemble the instruction in code[0..len) at address `addr`.  Returns its length and writes
 * "mnemonic operands" into text, or returns 0 (undecodable, or no capstone in this build).
 * *is_call is set for CALL instructions when is_call is not NULL. */
unsigned disasm_one(const uint8_t *code, size_t len, uint32_t addr, char *text, size_t tlen,
                    int *is_call);

/* 1 when this build has a disassembler (capstone). */
int disasm_available(void);

/* A memory access an instruction makes: linear address = base of segment `seg` + base register
 * + index register * scale + disp (registers in the ModR/M order EAX ECX EDX EBX ESP EBP ESI
 * EDI, -1 for none; segments in the sreg order ES CS SS DS FS GS). */
struct disasm_mem {
	int seg, base, index, scale;
	int32_t disp;
	unsigned size;
	int read, write;
};
/* The memory accesses of the instruction in code[0..len): its explicit memory operands (LEA and
 * NOP excluded: they access nothing) and the stack slot of PUSH, POP, CALL and RET.  Returns how
 * many were written into out (at most max); 0 without capstone. */
unsigned disasm_mem_accesses(const uint8_t *code, size_t len, uint32_t addr, struct disasm_mem *out,
                             unsigned max);

#endif
