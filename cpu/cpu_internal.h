/*
 * cpu_internal.h - what the files of cpu/ share with each other and nobody else.
 */
#ifndef PSE386_CPU_INTERNAL_H
#define PSE386_CPU_INTERNAL_H

#include "cpu.h"

/*
 * Guest memory through the MMU at CPL 3.  `lin` is a linear address (segment base already
 * added).  An access crossing a page boundary is two TLB lookups.  On a fault these functions do
 * not return: they record the exception in c->exc and unwind to cpu_run(), which restores the
 * architectural state of the start of the instruction (precise exceptions).  cpu_store checks
 * that every byte is writable before it writes any.
 */
void cpu_load(struct cpu *c, uint32_t lin, void *dst, unsigned n);
void cpu_store(struct cpu *c, uint32_t lin, const void *src, unsigned n);

/* Raise an exception from inside an instruction; does not return. */
_Noreturn void cpu_raise(struct cpu *c, uint8_t vector, uint32_t error_code, int has_error_code);

#endif
