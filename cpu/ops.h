/*
 * ops.h - the instruction handlers named by the opcode table (optable.c), in alphabetical
 * order; each file's header comment says which family it implements.  Private to cpu/.
 */
#ifndef PSE386_OPS_H
#define PSE386_OPS_H

#include "core.h"

/* Specializers (core.h, op_special), named by the rows of optable.c. */
op_fn alu_special(const struct insn *d);
op_fn grp1_special(const struct insn *d);
op_fn grp2_special(const struct insn *d);
op_fn jcc_special(const struct insn *d);
op_fn mov_special(const struct insn *d);
op_fn mov_imm_special(const struct insn *d);
op_fn lea_special(const struct insn *d);
op_fn movx_special(const struct insn *d);
op_fn stack_special(const struct insn *d);
op_fn test_special(const struct insn *d);

void incdec_rm(struct cpu *c, struct insn *d);
void muldiv_grp3(struct cpu *c, struct insn *d);
void op_aaa(struct cpu *c, struct insn *d);
void op_aad(struct cpu *c, struct insn *d);
void op_aam(struct cpu *c, struct insn *d);
void op_aas(struct cpu *c, struct insn *d);
void op_alu(struct cpu *c, struct insn *d);
void op_arpl(struct cpu *c, struct insn *d);
void op_bound(struct cpu *c, struct insn *d);
void op_bsf_bsr(struct cpu *c, struct insn *d);
void op_bswap(struct cpu *c, struct insn *d);
void op_bt_reg(struct cpu *c, struct insn *d);
void op_call_rel(struct cpu *c, struct insn *d);
void op_cbw(struct cpu *c, struct insn *d);
void op_cmov(struct cpu *c, struct insn *d);
void op_cmps(struct cpu *c, struct insn *d);
void op_cmpxchg(struct cpu *c, struct insn *d);
void op_cpuid(struct cpu *c, struct insn *d);
void op_cwd(struct cpu *c, struct insn *d);
void op_daa(struct cpu *c, struct insn *d);
void op_das(struct cpu *c, struct insn *d);
void op_enter(struct cpu *c, struct insn *d);
void op_esc(struct cpu *c, struct insn *d);
void op_far_imm(struct cpu *c, struct insn *d);
void op_flagop(struct cpu *c, struct insn *d);
void op_grp1(struct cpu *c, struct insn *d);
void op_grp2(struct cpu *c, struct insn *d);
void op_grp3(struct cpu *c, struct insn *d);
void op_grp4(struct cpu *c, struct insn *d);
void op_grp5(struct cpu *c, struct insn *d);
void op_grp6(struct cpu *c, struct insn *d);
void op_grp7(struct cpu *c, struct insn *d);
void op_grp8(struct cpu *c, struct insn *d);
void op_grp9(struct cpu *c, struct insn *d);
void op_imul2(struct cpu *c, struct insn *d);
void op_imul3(struct cpu *c, struct insn *d);
void op_incdec_reg(struct cpu *c, struct insn *d);
void op_int(struct cpu *c, struct insn *d);
void op_int1(struct cpu *c, struct insn *d);
void op_int3(struct cpu *c, struct insn *d);
void op_into(struct cpu *c, struct insn *d);
void op_jcc(struct cpu *c, struct insn *d);
void op_jmp_rel(struct cpu *c, struct insn *d);
void op_lahf(struct cpu *c, struct insn *d);
void op_lea(struct cpu *c, struct insn *d);
void op_leave(struct cpu *c, struct insn *d);
void op_load_far(struct cpu *c, struct insn *d);
void op_lods(struct cpu *c, struct insn *d);
void op_loop(struct cpu *c, struct insn *d);
void op_mov_from_seg(struct cpu *c, struct insn *d);
void op_mov_moffs(struct cpu *c, struct insn *d);
void op_mov_reg_imm(struct cpu *c, struct insn *d);
void op_mov_rm(struct cpu *c, struct insn *d);
void op_mov_rm_imm(struct cpu *c, struct insn *d);
void op_mov_to_seg(struct cpu *c, struct insn *d);
void op_movs(struct cpu *c, struct insn *d);
void op_movx(struct cpu *c, struct insn *d);
void op_nop(struct cpu *c, struct insn *d);
void op_wait(struct cpu *c, struct insn *d);
void op_pop_reg(struct cpu *c, struct insn *d);
void op_pop_rm(struct cpu *c, struct insn *d);
void op_pop_seg(struct cpu *c, struct insn *d);
void op_popa(struct cpu *c, struct insn *d);
void op_popf(struct cpu *c, struct insn *d);
void op_privileged(struct cpu *c, struct insn *d);
void op_push_imm(struct cpu *c, struct insn *d);
void op_push_reg(struct cpu *c, struct insn *d);
void op_push_seg(struct cpu *c, struct insn *d);
void op_pusha(struct cpu *c, struct insn *d);
void op_pushf(struct cpu *c, struct insn *d);
void op_rdtsc(struct cpu *c, struct insn *d);
void op_ret(struct cpu *c, struct insn *d);
void op_retf(struct cpu *c, struct insn *d);
void op_sahf(struct cpu *c, struct insn *d);
void op_scas(struct cpu *c, struct insn *d);
void op_setcc(struct cpu *c, struct insn *d);
void op_shxd(struct cpu *c, struct insn *d);
void op_stos(struct cpu *c, struct insn *d);
void op_test(struct cpu *c, struct insn *d);
void op_ud(struct cpu *c, struct insn *d);
void op_xadd(struct cpu *c, struct insn *d);
void op_xchg_acc(struct cpu *c, struct insn *d);
void op_xchg_rm(struct cpu *c, struct insn *d);
void op_xlat(struct cpu *c, struct insn *d);

#endif
