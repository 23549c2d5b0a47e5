/*
 * kdebug.c - read-only introspection of the kernel for the debugger (kdebug.h).
 */
#include "kdebug.h"

#include <stdio.h>
#include <string.h>

#include "hugetlb.h"
#include "internal.h"

/* Bits of a not-present i386 PTE as Linux uses them (linux-2.5-syscalls.md 3.2, from
 * include/asm-i386/pgtable.h of 2.5.66..2.6.0). */
#define LINUX_PAGE_FILE     0x040u
#define LINUX_PAGE_PROTNONE 0x080u

int kdebug_current_pid(const struct kernel *k)
{
	return k->current ? k->current->pid : 0;
}

uint64_t kdebug_current_pgd(const struct kernel *k)
{
	return k->current && k->current->mm ? k->current->mm->pgd : 0;
}

static void vma_name(const struct vma *v, char *out, size_t len)
{
	if (hugetlb_vma(v))
		snprintf(out, len, "[huge]");
	else if (v->shm)
		snprintf(out, len, "[shared anon]");
	else if (!v->file)
		snprintf(out, len, (v->flags & VM_GROWSDOWN) ? "[stack]" : "[anon]");
	else /* the file's name belongs to fs/ (vfs.h is private to it) */
		snprintf(out, len, v->file->file ? "[file]" : "[exe]");
}

int kdebug_vmas(const struct kernel *k, struct kdebug_vma *out, int max)
{
	int n = 0;
	if (!k->current || !k->current->mm)
		return 0;
	for (const struct vma *v = k->current->mm->vmas; v; v = v->next, n++) {
		if (n >= max)
			continue;
		struct kdebug_vma *o = &out[n];
		o->start = v->start;
		o->end = v->end;
		o->flags = v->flags;
		o->pgoff = v->file ? v->pgoff : 0;
		vma_name(v, o->file, sizeof o->file);
	}
	return n;
}

void kdebug_decode_pte(uint64_t pte, int pae, struct kdebug_pte *out)
{
	memset(out, 0, sizeof *out);
	uint32_t low = (uint32_t)pte, high = (uint32_t)(pte >> 32);
	if (pte == 0)
		out->kind = KDEBUG_PTE_NONE;
	else if (low & PTE_P)
		out->kind = KDEBUG_PTE_PRESENT;
	else if (low & LINUX_PAGE_PROTNONE)
		out->kind = KDEBUG_PTE_PROTNONE;
	else if (low & LINUX_PAGE_FILE) {
		out->kind = KDEBUG_PTE_FILE;
		/* 2-level: pgoff[4:0] in bits 1-5, pgoff[28:5] in bits 8-31 (pte_to_pgoff);
		 * 3-level: the whole offset in the high word. */
		out->pgoff = pae ? high : ((low >> 1) & 0x1fu) + ((uint64_t)(low >> 8) << 5);
	} else {
		out->kind = KDEBUG_PTE_SWAP;
		/* 2-level: __swp_type = (val >> 1) & 0x1f, __swp_offset = val >> 8; 3-level: the
		 * swap entry is the high word, type in its bits 0-4, offset above. */
		uint32_t val = pae ? high : low;
		out->swap_type = pae ? (val & 0x1fu) : ((val >> 1) & 0x1fu);
		out->swap_off = pae ? (val >> 5) : (val >> 8);
	}
}

int kdebug_hugepages(const struct kernel *k, char *buf, size_t len)
{
	/* The pool of alloc_hugepages (linux-2.5-syscalls.md 2.4), kernel/hugetlb.h. */
	snprintf(buf, len, "total %u, free %u, page size %u kB (hugepages=%u at boot)",
	         hugetlb_total(k), hugetlb_free_count(k), hugetlb_page_size(k) / 1024u,
	         k->cfg.hugepages);
	return 0;
}

const char *kdebug_syscall_name(unsigned nr)
{
	return syscall_name(nr);
}

int kdebug_syscall_number(const char *name)
{
	for (unsigned nr = 0; nr < NR_SYSCALLS_MAX; nr++) {
		const char *n = syscall_name(nr);
		if (n && strcmp(n, name) == 0)
			return (int)nr;
	}
	return -1;
}

uint64_t kdebug_signal_count(const struct kernel *k)
{
	return k->st.signals;
}

int kdebug_handler_signal(const struct kernel *k, uint32_t eip)
{
	const struct task *t = k->current;
	if (!t)
		return 0;
	/* SIG_DFL is 0 and SIG_IGN 1 (include/asm-i386/signal.h): never code addresses here */
	for (int sig = 1; sig <= NSIG; sig++)
		if (t->sigaction[sig].handler > 1 && t->sigaction[sig].handler == eip)
			return sig;
	return 0;
}

int kdebug_fault_segv(const struct kernel *k, uint32_t addr, int write)
{
	const struct task *t = k->current;
	if (!t || !t->mm || addr >= TASK_SIZE)
		return 1;
	const struct vma *v = find_vma(t->mm, addr);
	if (!v || (v->start > addr && !(v->flags & VM_GROWSDOWN)))
		return 1;
	/* i386 pages have no execute permission: readable means executable (SDM vol. 3, 4.6) */
	if (write ? !(v->flags & VM_WRITE) : !(v->flags & (VM_READ | VM_EXEC | VM_WRITE)))
		return 2;
	return 0;
}

int kdebug_read_unpopulated(const struct kernel *k, uint32_t addr, void *buf, uint32_t len)
{
	const struct task *t = k->current;
	if (!t || !t->mm || len > PAGE_SIZE - (addr & (PAGE_SIZE - 1u)))
		return -1;
	const struct vma *v = find_vma(t->mm, addr);
	if (!v || v->start > addr || v->shm || hugetlb_vma(v))
		return -1;
	uint8_t *out = buf;
	memset(out, 0, len);
	if (!v->file)
		return 0; /* do_anonymous_page(): a zeroed page */
	if (!v->file->data)
		return -1;
	/* do_no_page() of memory.c: the image's bytes up to file_end, zeros after (bss) */
	for (uint32_t i = 0; i < len; i++) {
		uint32_t a = addr + i;
		uint64_t off = v->pgoff + (a - v->start);
		if (a < v->file_end && off < v->file->size)
			out[i] = v->file->data[off];
	}
	return 0;
}

__attribute__((weak)) int kdebug_hugetlb_keys(const struct kernel *k, kdebug_hkey_fn fn, void *ctx)
{
	(void)k;
	(void)fn;
	(void)ctx;
	return -1;
}
