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

#endif
