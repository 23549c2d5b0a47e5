/*
 * mem.c - guest memory as the CPU sees it at CPL 3: every access one MMU lookup per page it
 * touches (DESIGN.md, "Statistics"), faults unwinding to cpu_run() so the instruction is
 * precise, and exceptions raised from inside an instruction.
 */
#include "core.h"

void exc_record(struct cpu *c, uint8_t vector, uint32_t error_code, int has_error_code)
{
	c->exc.vector = vector;
	c->exc.error_code = error_code;
	c->exc.has_error_code = (uint8_t)(has_error_code != 0);
	c->exc.cr2 = 0;
}

_Noreturn void cpu_raise(struct cpu *c, uint8_t vector, uint32_t error_code, int has_error_code)
{
	exc_record(c, vector, error_code, has_error_code);
	CORE(c)->exit = CPU_EXIT_EXCEPTION;
	longjmp(CORE(c)->unwind, UNWIND_FAULT);
}

_Noreturn void raise_ud(struct cpu *c)
{
	cpu_raise(c, EXC_UD, 0, 0);
}

/* Privileged or I/O instructions at CPL 3 with IOPL 0 (SDM vol. 3, 5.9 and vol. 1, 18.2). */
_Noreturn void raise_gp0(struct cpu *c)
{
	cpu_raise(c, EXC_GP, 0, 1);
}

/* #PF with the error code and CR2 the MMU recorded (SDM vol. 3, 4.7). */
_Noreturn void mem_page_fault(struct cpu *c)
{
	const struct mmu_fault *f = mmu_last_fault(c->mmu);
	c->exc.vector = EXC_PF;
	c->exc.error_code = f->error_code;
	c->exc.has_error_code = 1;
	c->exc.cr2 = f->lin;
	CORE(c)->exit = CPU_EXIT_EXCEPTION;
	longjmp(CORE(c)->unwind, UNWIND_FAULT);
}

_Noreturn void mem_page_fault_ctx(void *cpu)
{
	mem_page_fault(cpu);
}

void cpu_load(struct cpu *c, uint32_t lin, void *dst, unsigned n)
{
	uint8_t *out = dst;
	while (n) {
		unsigned in_page = PAGE_SIZE - (lin & (PAGE_SIZE - 1u));
		unsigned k = n < in_page ? n : in_page;
		memcpy(out, mem_xlate(c, lin, MMU_READ), k);
		out += k;
		lin += k;
		n -= k;
	}
}

/* Translates every page first so that a fault leaves memory untouched. */
void cpu_store(struct cpu *c, uint32_t lin, const void *src, unsigned n)
{
	enum { MAX_PAGES = 3 };
	uint8_t *p[MAX_PAGES];
	unsigned len[MAX_PAGES], np = 0;
	const uint8_t *in = src;
	uint32_t a = lin;
	unsigned left = n;
	while (left) {
		unsigned in_page = PAGE_SIZE - (a & (PAGE_SIZE - 1u));
		unsigned k = left < in_page ? left : in_page;
		if (np == MAX_PAGES) { /* more than two pages: store in page-sized pieces */
			cpu_store(c, lin, src, n - left);
			cpu_store(c, a, in + (n - left), left);
			return;
		}
		p[np] = mem_xlate(c, a, MMU_WRITE);
		len[np++] = k;
		a += k;
		left -= k;
	}
	for (unsigned i = 0; i < np; i++) {
		memcpy(p[i], in, len[i]);
		in += len[i];
	}
}

uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned sz)
{
	uint32_t v = 0;
	cpu_load(c, lin, &v, 1u << sz);
	return v;
}

void mem_write_slow(struct cpu *c, uint32_t lin, unsigned sz, uint32_t v)
{
	cpu_store(c, lin, &v, 1u << sz);
}

uint32_t mem_rmw_read(struct cpu *c, uint32_t lin, unsigned sz, struct mref *m)
{
	uint32_t v = 0;
	m->n = 1u << sz;
	m->p = mem_xlate(c, lin, MMU_WRITE);
	if (LIKELY(!crosses_page(lin, m->n))) {
		m->n1 = m->n;
		m->p2 = NULL;
		memcpy(&v, m->p, m->n);
		return v;
	}
	m->n1 = PAGE_SIZE - (lin & (PAGE_SIZE - 1u));
	m->p2 = mem_xlate(c, lin + m->n1, MMU_WRITE);
	memcpy(&v, m->p, m->n1);
	memcpy((uint8_t *)&v + m->n1, m->p2, m->n - m->n1);
	return v;
}

void mem_rmw_write(const struct mref *m, uint32_t v)
{
	memcpy(m->p, &v, m->n1);
	if (m->p2)
		memcpy(m->p2, (uint8_t *)&v + m->n1, m->n - m->n1);
}
