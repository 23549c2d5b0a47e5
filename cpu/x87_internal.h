/*
 * x87_internal.h - what the x87 files of cpu/ share (x87.c, x87_env.c, x87_host.c).
 * Facts: Intel SDM vol. 1, chapter 8 ("Programming with the x87 FPU").
 */
#ifndef PSE386_X87_INTERNAL_H
#define PSE386_X87_INTERNAL_H

#include <stdint.h>

#include "cpu_internal.h"

/* Status word (SDM vol. 1, 8.1.3, figure 8-4). */
#define SW_IE        0x0001u /* invalid operation */
#define SW_DE        0x0002u /* denormal operand */
#define SW_ZE        0x0004u /* zero divide */
#define SW_OE        0x0008u /* overflow */
#define SW_UE        0x0010u /* underflow */
#define SW_PE        0x0020u /* precision */
#define SW_SF        0x0040u /* stack fault */
#define SW_ES        0x0080u /* exception summary */
#define SW_C0        0x0100u
#define SW_C1        0x0200u
#define SW_C2        0x0400u
#define SW_TOP_SHIFT 11
#define SW_TOP_MASK  0x3800u
#define SW_C3        0x4000u
#define SW_B         0x8000u /* busy, mirrors ES (SDM vol. 1, 8.1.3.4 note) */
#define SW_EXC_MASK  0x003Fu /* IE..PE, the bits the control word masks */
#define SW_FLAGS     0x007Fu /* exception flags and SF */
#define SW_CC        (SW_C0 | SW_C1 | SW_C2 | SW_C3)

/* Control word (SDM vol. 1, 8.1.5, figure 8-6): bits 0-5 mask IE..PE. */
#define CW_DEFAULT 0x037Fu /* after FNINIT (SDM vol. 1, 8.1.5; vol. 2 FINIT) */
/* Bits 6 and 13-15 are reserved (figure 8-6); a loaded control word reads back with bit 6 set
 * and 13-15 clear (FLDCW 0000H then FNSTCW gives 0040H on the host x87, as on Intel parts). */
#define CW_WRITABLE 0x1F3Fu
#define CW_ONES     0x0040u
#define CW_FIX(v)   ((uint16_t)(((v)&CW_WRITABLE) | CW_ONES))

/* Tag values (SDM vol. 1, 8.1.7, figure 8-7). */
#define TAG_VALID   0u
#define TAG_ZERO    1u
#define TAG_SPECIAL 2u
#define TAG_EMPTY   3u

/* The FNSAVE image, 32-bit protected-mode format (SDM vol. 1, 8.1.10, figures 8-9, 8-10). */
#define X87_ENV32_SIZE 28u
#define X87_ENV16_SIZE 14u
#define X87_IMAGE_SIZE 108u
#define X87_REG_SIZE   10u
#define ENV32_CW       0u
#define ENV32_SW       4u
#define ENV32_TW       8u
#define ENV32_FIP      12u
#define ENV32_FCS_FOP  16u
#define ENV32_FDP      20u
#define ENV32_FDS      24u

/* Full 2-bit tag of a non-empty register from its contents (SDM vol. 1, 8.1.7). */
unsigned x87_tag_of(const long double *reg);
/* Recompute every non-empty tag from the register contents, as the hardware does on
 * FNSTENV/FNSAVE (it keeps only empty/non-empty internally). */
void x87_retag(struct x87 *f);
/* Status word as software sees it: TOP merged in. */
uint16_t x87_sw(const struct x87 *f);

/* Recompute ES and B from the flags and the masks (SDM vol. 1, 8.1.3.4). */
void x87_update_es(struct x87 *f);

/* Whole state <-> 108-byte image in 32-bit format. */
void x87_image_store(const struct x87 *f, uint8_t img[X87_IMAGE_SIZE]);
void x87_image_load(struct x87 *f, const uint8_t img[X87_IMAGE_SIZE]);

/* Control instructions that touch memory (SDM vol. 2: FLDENV, FNSTENV, FRSTOR, FNSAVE).
 * Memory is read before any state changes, written before. */
void x87_fldenv(struct cpu *c, uint32_t ea, int opsize16);
void x87_fnstenv(struct cpu *c, uint32_t ea, int opsize16);
void x87_frstor(struct cpu *c, uint32_t ea, int opsize16);
void x87_fnsave(struct cpu *c, uint32_t ea, int opsize16);

/* Run one instruction form on the host x87 over `image` (see x87_host.c).  `mem` is the memory
 * operand buffer (ignored by register forms).  Returns the host EFLAGS after the instruction
 * (meaningful after FCOMI/FUCOMI). */
uint32_t x87_host_exec(uint8_t op, uint8_t modrm, uint8_t image[X87_IMAGE_SIZE], void *mem,
                       uint32_t eflags);

#endif
