/*
 * binfmt_elf.c - the ELF32 loader for static i386 executables (Linux 2.5 fs/binfmt_elf.c):
 * validation of the headers, PT_LOAD segments as file-backed private VMAs with a zero-filled
 * bss, the brk start, and the initial stack of create_elf_tables() (argc, argv, envp, auxv and
 * the strings at the top, below TASK_SIZE).
 *
 * Facts: System V ABI, Intel386 supplement (ELF header, program headers, auxiliary vector);
 * <elf.h> supplies the structure layouts and constants.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* <elf.h>'s segment permission bits share their names with mmu.h's page-fault bits. */
enum { SEG_X = PF_X, SEG_W = PF_W, SEG_R = PF_R };
#undef PF_X
#undef PF_W
#undef PF_R

#include "internal.h"

#define MAX_PHNUM     (65536 / sizeof(Elf32_Phdr)) /* load_elf_binary's size > 65536 check */
#define MAX_ARG_BYTES (32u * PAGE_SIZE)            /* MAX_ARG_PAGES = 32 (linux/binfmts.h) */
#define STACK_GUARD   (4u * PAGE_SIZE)             /* extra stack mapped at exec */

/* CPUID.1 EDX of a Pentium II (Intel AP-485): FPU, DE, TSC, MSR, CX8, CMOV, plus the paging
 * features of the preset (PSE bit 3, PAE bit 6, PGE bit 13). */
#define HWCAP_FPU  (1u << 0)
#define HWCAP_DE   (1u << 2)
#define HWCAP_PSE  (1u << 3)
#define HWCAP_TSC  (1u << 4)
#define HWCAP_MSR  (1u << 5)
#define HWCAP_PAE  (1u << 6)
#define HWCAP_CX8  (1u << 8)
#define HWCAP_PGE  (1u << 13)
#define HWCAP_CMOV (1u << 15)

struct elf_layout {
	const Elf32_Ehdr *eh;
	const Elf32_Phdr *ph;
	uint32_t bias;    /* added to every p_vaddr (ET_DYN) */
	uint32_t brk;     /* end of the highest segment */
	uint32_t phdr_va; /* where the program headers are in memory (AT_PHDR) */
	int exec_stack;   /* PT_GNU_STACK with PF_X */
};

static int fail(char *err, size_t errlen, const char *name, const char *what)
{
	snprintf(err, errlen, "%s: %s", name, what);
	return -1;
}

static int check_ident(const Elf32_Ehdr *eh, const char *name, char *err, size_t errlen)
{
	char msg[96];
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return fail(err, errlen, name, "not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32) {
		snprintf(msg, sizeof msg, "not a 32-bit ELF file (class %u)",
		         eh->e_ident[EI_CLASS]);
		return fail(err, errlen, name, msg);
	}
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen, name, "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return fail(err, errlen, name, "unknown ELF version");
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		snprintf(msg, sizeof msg, "not an executable (e_type %u)", eh->e_type);
		return fail(err, errlen, name, msg);
	}
	if (eh->e_machine != EM_386) {
		snprintf(msg, sizeof msg, "not an i386 ELF executable (e_machine %u)",
		         eh->e_machine);
		return fail(err, errlen, name, msg);
	}
	return 0;
}

static int check_load(const Elf32_Phdr *p, uint64_t size, uint32_t bias, const char *name,
                      char *err, size_t errlen)
{
	if (p->p_filesz > p->p_memsz)
		return fail(err, errlen, name, "PT_LOAD segment with p_filesz > p_memsz");
	if ((uint64_t)p->p_offset + p->p_filesz > size)
		return fail(err, errlen, name, "PT_LOAD segment extends past the end of the file");
	if ((p->p_vaddr & ~PAGE_MASK) != (p->p_offset & ~PAGE_MASK))
		return fail(err, errlen, name,
		            "PT_LOAD segment not congruent with its file offset");
	uint64_t end = (uint64_t)p->p_vaddr + bias + p->p_memsz;
	if (end > TASK_SIZE)
		return fail(err, errlen, name,
		            "PT_LOAD segment in kernel space (above 0xC0000000)");
	return 0;
}

/* Validate and lay out the image; returns 0 or -1 with one line in err. */
static int elf_layout(const uint8_t *data, uint64_t size, const char *name, struct elf_layout *lo,
                      char *err, size_t errlen)
{
	memset(lo, 0, sizeof *lo);
	if (size < sizeof(Elf32_Ehdr))
		return fail(err, errlen, name, "truncated ELF file (shorter than its header)");
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)data;
	if (check_ident(eh, name, err, errlen) != 0)
		return -1;
	if (eh->e_phentsize != sizeof(Elf32_Phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHNUM)
		return fail(err, errlen, name, "bad program header table (e_phentsize/e_phnum)");
	if ((uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size ||
	    (eh->e_phoff & 3))
		return fail(err, errlen, name, "program headers outside the file");
	const Elf32_Phdr *ph = (const Elf32_Phdr *)(data + eh->e_phoff);
	lo->eh = eh;
	lo->ph = ph;
	uint32_t lowest = 0xFFFFFFFFu;
	int loads = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return fail(err, errlen, name,
			            "dynamically linked (PT_INTERP); only static programs run");
		if (ph[i].p_type == PT_LOAD) {
			loads++;
			if (ph[i].p_vaddr < lowest)
				lowest = ph[i].p_vaddr;
		}
		if (ph[i].p_type == PT_GNU_STACK)
			lo->exec_stack = (ph[i].p_flags & SEG_X) != 0;
	}
	if (loads == 0)
		return fail(err, errlen, name, "no PT_LOAD segment");
	if (eh->e_type == ET_DYN)
		lo->bias = ET_DYN_LOAD_BASE - (lowest & PAGE_MASK);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (check_load(p, size, lo->bias, name, err, errlen) != 0)
			return -1;
		for (unsigned j = 0; j < i; j++) {
			const Elf32_Phdr *q = &ph[j];
			if (q->p_type == PT_LOAD && p->p_memsz && q->p_memsz &&
			    p->p_vaddr < q->p_vaddr + q->p_memsz &&
			    q->p_vaddr < p->p_vaddr + p->p_memsz)
				return fail(err, errlen, name, "overlapping PT_LOAD segments");
		}
		uint32_t end = p->p_vaddr + lo->bias + p->p_memsz;
		if (end > lo->brk)
			lo->brk = end;
		if (eh->e_phoff >= p->p_offset && eh->e_phoff < (uint64_t)p->p_offset + p->p_filesz)
			lo->phdr_va = p->p_vaddr + lo->bias + (eh->e_phoff - p->p_offset);
	}
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			lo->phdr_va = ph[i].p_vaddr + lo->bias;
	return 0;
}

int elf_check(const uint8_t *data, uint64_t size, const char *name, char *err, size_t errlen)
{
	struct elf_layout lo;
	return elf_layout(data, size, name, &lo, err, errlen);
}

/* One VMA per PT_LOAD: file pages up to p_vaddr + p_filesz, zeros after (the bss). */
static int map_segments(struct kernel *k, struct mm *mm, struct vm_file *img,
                        const struct elf_layout *lo)
{
	for (unsigned i = 0; i < lo->eh->e_phnum; i++) {
		const Elf32_Phdr *p = &lo->ph[i];
		if (p->p_type != PT_LOAD || p->p_memsz == 0)
			continue;
		uint32_t va = p->p_vaddr + lo->bias;
		uint32_t start = va & PAGE_MASK;
		uint32_t end = PAGE_ALIGN(va + p->p_memsz);
		uint32_t flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
		flags |= (p->p_flags & SEG_R) ? VM_READ : 0;
		flags |= (p->p_flags & SEG_W) ? VM_WRITE : 0;
		flags |= (p->p_flags & SEG_X) ? VM_EXEC : 0;
		/* Segments sharing a page: the later one starts at the next page boundary (its
		 * first bytes then come from the earlier mapping, see docs/kernel.md). */
		struct vma *prev = find_vma(mm, start);
		if (prev && prev->start < end && prev->end > start)
			start = prev->end;
		if (start >= end)
			continue;
		struct vma *v = vma_new(start, end, flags);
		if (!v)
			return -ENOMEM;
		v->file = vm_file_get(img);
		v->pgoff = (p->p_offset & PAGE_MASK) + (start - (va & PAGE_MASK));
		v->file_end = va + p->p_filesz;
		if (vma_insert(mm, v) != 0) {
			vma_free(k, v);
			return -ENOMEM;
		}
	}
	mm->start_brk = mm->brk = PAGE_ALIGN(lo->brk);
	return 0;
}

struct stack_builder {
	struct kernel *k;
	uint32_t sp;
	int bad;
};

static uint32_t push_bytes(struct stack_builder *sb, const void *p, uint32_t n)
{
	sb->sp -= n;
	if (copy_to_user(sb->k, sb->sp, p, n) != 0)
		sb->bad = 1;
	return sb->sp;
}

static uint32_t push_str(struct stack_builder *sb, const char *s)
{
	return push_bytes(sb, s, (uint32_t)strlen(s) + 1);
}

static uint32_t hwcap(const struct kernel *k)
{
	const struct mmu_features *f = &k->cfg.paging;
	return HWCAP_FPU | HWCAP_DE | HWCAP_TSC | HWCAP_MSR | HWCAP_CX8 | HWCAP_CMOV |
	       (f->pse ? HWCAP_PSE : 0) | (f->pae ? HWCAP_PAE : 0) | (f->pge ? HWCAP_PGE : 0);
}

static int count_strings(char *const v[], uint32_t *bytes)
{
	int n = 0;
	for (; v && v[n]; n++)
		*bytes += (uint32_t)strlen(v[n]) + 1;
	return n;
}

/* create_elf_tables(): strings at the top (execfn, envp, argv), then "i686" and the AT_RANDOM
 * bytes, then argc/argv/envp/auxv with the final esp 16-byte aligned. */
static int build_stack(struct kernel *k, struct task *t, const struct elf_layout *lo,
                       const char *execfn, int argc, char *const argv[], char *const envp[])
{
	struct mm *mm = t->mm;
	uint32_t bytes = (uint32_t)strlen(execfn) + 1;
	int envc = count_strings(envp, &bytes);
	int nargv = count_strings(argv, &bytes);
	if (argc > nargv || argc < 0)
		argc = nargv;
	if (bytes > MAX_ARG_BYTES)
		return -E2BIG;
	uint32_t top = TASK_SIZE;
	uint32_t need = PAGE_ALIGN(bytes + 64 + (uint32_t)(argc + envc + 48) * 4) + STACK_GUARD;
	struct vma *v = vma_new(top - need, top,
	                        VM_READ | VM_WRITE | VM_EXEC | VM_MAYREAD | VM_MAYWRITE |
	                            VM_MAYEXEC | VM_GROWSDOWN);
	if (!v || vma_insert(mm, v) != 0) {
		vma_free(k, v);
		return -ENOMEM;
	}
	mm->stack_top = top;
	struct stack_builder sb = {k, top - 4, 0};
	uint32_t zero = 0;
	push_bytes(&sb, &zero, 4);
	uint32_t execfn_va = push_str(&sb, execfn);
	uint32_t envp_va[envc + 1], argv_va[argc + 1];
	for (int i = envc; i-- > 0;)
		envp_va[i] = push_str(&sb, envp[i]);
	for (int i = argc; i-- > 0;)
		argv_va[i] = push_str(&sb, argv[i]);
	envp_va[envc] = argv_va[argc] = 0;
	mm->arg_start = argc ? argv_va[0] : sb.sp;
	mm->arg_end = argc ? argv_va[argc - 1] + (uint32_t)strlen(argv[argc - 1]) + 1 : sb.sp;
	sb.sp &= ~15u;
	uint32_t platform_va = push_str(&sb, "i686");
	uint8_t rnd[16];
	for (int i = 0; i < 16; i++)
		rnd[i] = (uint8_t)(0x5a ^ (i * 37)); /* deterministic: runs must be reproducible */
	uint32_t random_va = push_bytes(&sb, rnd, sizeof rnd);
	uint32_t entry = lo->eh->e_entry + lo->bias;
	uint32_t auxv[] = {
	    AT_PHDR,     lo->phdr_va,
	    AT_PHENT,    sizeof(Elf32_Phdr),
	    AT_PHNUM,    lo->eh->e_phnum,
	    AT_PAGESZ,   PAGE_SIZE,
	    AT_BASE,     0,
	    AT_FLAGS,    0,
	    AT_ENTRY,    entry,
	    AT_UID,      t->uid,
	    AT_EUID,     t->euid,
	    AT_GID,      t->gid,
	    AT_EGID,     t->egid,
	    AT_HWCAP,    hwcap(k),
	    AT_CLKTCK,   100,
	    AT_SECURE,   0,
	    AT_RANDOM,   random_va,
	    AT_EXECFN,   execfn_va,
	    AT_PLATFORM, platform_va,
	    AT_NULL,     0,
	};
	uint32_t words = 1 + (uint32_t)(argc + 1 + envc + 1) + (uint32_t)(sizeof auxv / 4);
	uint32_t sp = (sb.sp - words * 4) & ~15u;
	uint32_t argc32 = (uint32_t)argc;
	/* Written upwards from the final esp: argc, argv[], NULL, envp[], NULL, auxv pairs. */
	sb.sp = sp + words * 4;
	push_bytes(&sb, auxv, sizeof auxv);
	push_bytes(&sb, envp_va, (uint32_t)(envc + 1) * 4);
	push_bytes(&sb, argv_va, (uint32_t)(argc + 1) * 4);
	push_bytes(&sb, &argc32, 4);
	if (sb.bad || sb.sp != sp)
		return -EFAULT;
	mm->start_stack = sp;
	t->tf.r[KERN_TF_ESP] = sp;
	t->tf.eip = entry;
	return 0;
}

/* The register state ELF_PLAT_INIT and start_thread() leave: general registers 0 (EDX 0 means
 * no rtld_fini for glibc), flat user segments, IF set, the x87 as after FNINIT. */
static void start_thread(struct task *t)
{
	struct kern_tf *tf = &t->tf;
	uint32_t esp = tf->r[KERN_TF_ESP], eip = tf->eip;
	memset(tf, 0, sizeof *tf);
	tf->r[KERN_TF_ESP] = esp;
	tf->eip = eip;
	tf->eflags = 0x202;   /* IF (bit 9) and the always-one bit 1 (SDM vol. 1, 3.4.3) */
	tf->seg[0] = USER_DS; /* ES */
	tf->seg[1] = USER_CS;
	tf->seg[2] = USER_DS; /* SS */
	tf->seg[3] = USER_DS; /* DS */
	kern_fpu_reset(tf->fpu);
}

int elf_load(struct kernel *k, struct task *t, struct vm_file *img, const char *name, int argc,
             char *const argv[], char *const envp[], char *err, size_t errlen)
{
	struct elf_layout lo;
	if (elf_layout(img->data, img->size, name, &lo, err, errlen) != 0)
		return -ENOEXEC;
	int r = map_segments(k, t->mm, img, &lo);
	if (r == 0)
		r = build_stack(k, t, &lo, name, argc, argv, envp);
	if (r != 0) {
		snprintf(err, errlen, "%s: %s", name,
		         r == -E2BIG ? "argument list too long"
		                     : "out of memory loading the program");
		return r;
	}
	start_thread(t);
	return 0;
}
