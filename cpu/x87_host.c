/*
 * x87_host.c - the host's own x87 as the oracle for every computing x87 instruction.
 *
 * Design: the guest must get results BIT-IDENTICAL to a real x87 (guest programs are compared
 * with native runs).  The host is x86-64 with a real x87 whose 80-bit format is the guest's, so
 * instead of a software float library each computing instruction is executed on the host:
 * the guest state is loaded with FRSTOR, the very same opcode runs, and FNSAVE reads the whole
 * state back (registers, TOP, tags, C0-C3, exception flags, C1 on stack faults and round-up).
 * Memory operands are copied between guest memory and a host buffer by x87.c.  An emulator for
 * a non-x86 host would need a softfloat here instead; that is not this project's host.
 *
 * One stub per instruction form, each 16 bytes (SDM vol. 2, FRSTOR/FNSAVE/PUSHF/POPF):
 *     endbr64; frstor (%rdi); push %rdx; popfq; <op> <modrm>; pushfq; pop %rax;
 *     fnsave (%rdi); ret
 * %rdi = 108-byte FNSAVE image (32-bit format: no REX.W prefix, SDM vol. 1, 8.1.10),
 * %rsi = memory operand buffer (modrm mod=00 rm=110 is [rsi] in 64-bit mode, SDM vol. 2
 * table 2-2 with REX rules), %rdx = EFLAGS for FCMOVcc, %rax = EFLAGS after (FCOMI).
 * FNSAVE ends with an implicit FNINIT, which leaves the host x87 in the state the x86-64 ABI
 * requires at a call boundary (empty stack, CW 0x037F).
 * Stubs 0..511: register forms, (op - 0xD8) * 64 + (modrm & 63), modrm = 0xC0 | low bits.
 * Stubs 512..575: memory forms, 512 + (op - 0xD8) * 8 + reg.
 */
#include "x87_internal.h"

#if !defined(__x86_64__)
#error "x87_host.c runs guest x87 instructions on the host x87: it needs an x86-64 host"
#endif

/* clang-format off */
__asm__(".pushsection .text\n"
	".macro X87_STUB op, modrm\n"
	".balign 16\n"
	".byte 0xf3, 0x0f, 0x1e, 0xfa\n" /* endbr64 */
	".byte 0xdd, 0x27\n"             /* frstor (%rdi) */
	".byte 0x52, 0x9d\n"             /* push %rdx; popfq */
	".byte \\op, \\modrm\n"
	".byte 0x9c, 0x58\n"             /* pushfq; pop %rax */
	".byte 0xdd, 0x37\n"             /* fnsave (%rdi) */
	".byte 0xc3\n"                   /* ret */
	".endm\n"
	".balign 16\n"
	".globl x87_host_stubs\n"
	".hidden x87_host_stubs\n"
	"x87_host_stubs:\n"
	".irp op, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf\n"
	".irp hi, 0xc0, 0xc8, 0xd0, 0xd8, 0xe0, 0xe8, 0xf0, 0xf8\n"
	".irp lo, 0, 1, 2, 3, 4, 5, 6, 7\n"
	"X87_STUB \\op, (\\hi + \\lo)\n"
	".endr\n.endr\n.endr\n"
	".irp op, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf\n"
	".irp reg, 0, 1, 2, 3, 4, 5, 6, 7\n"
	"X87_STUB \\op, ((\\reg << 3) | 6)\n"
	".endr\n.endr\n"
	".purgem X87_STUB\n"
	".popsection\n");
/* clang-format on */

#define X87_STUB_SIZE 16u
#define X87_STUB_MEM  512u

extern const char x87_host_stubs[];

typedef uint64_t x87_stub_fn(uint8_t *image, void *mem, uint64_t eflags);

uint32_t x87_host_exec(uint8_t op, uint8_t modrm, uint8_t image[X87_IMAGE_SIZE], void *mem,
                       uint32_t eflags)
{
	unsigned idx;
	if ((modrm >> 6) == 3)
		idx = (unsigned)(op - 0xD8) * 64u + (modrm & 63u);
	else
		idx = X87_STUB_MEM + (unsigned)(op - 0xD8) * 8u + ((modrm >> 3) & 7u);
	x87_stub_fn *stub = (x87_stub_fn *)(uintptr_t)(x87_host_stubs + idx * X87_STUB_SIZE);
	/* Only the arithmetic flags reach the host; bit 1 is always 1 (SDM vol. 1, 3.4.3), DF/TF/AC
	 * stay 0 as the ABI and safety require. */
	uint64_t in = (eflags & (FL_CF | FL_PF | FL_ZF | FL_AF | FL_SF | FL_OF)) | 0x2u;
	return (uint32_t)stub(image, mem, in);
}
