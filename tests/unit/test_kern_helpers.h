/*
 * test_kern_helpers.h - a kernel on a real MMU for the kernel core's unit tests, a tiny static
 * ELF executable written on the fly, and system calls made the way INT 0x80 makes them (number
 * in EAX, arguments in EBX ECX EDX ESI EDI EBP, result in EAX: linux-2.5-syscalls.md 1.1).
 */
#ifndef TEST_KERN_HELPERS_H
#define TEST_KERN_HELPERS_H

#include <check.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* <elf.h>'s segment flags collide with mmu.h's page-fault bits. */
enum { TK_PF_X = PF_X, TK_PF_W = PF_W, TK_PF_R = PF_R };
#undef PF_X
#undef PF_W
#undef PF_R

#include "internal.h"
#include "kernel.h"
#include "mmu.h"

#define TK_TEXT_VA 0x08048000u
#define TK_DATA_VA 0x08049000u
#define TK_BSS_LEN 0x3000u /* the data segment's memsz beyond its one file page */

struct tk {
	struct mmu *m;
	struct kernel *k;
	char path[64];
};

/* exit(7): mov $1,%eax; mov $7,%ebx; int $0x80 */
static const uint8_t tk_code[] = {0xb8, 1, 0, 0, 0, 0xbb, 7, 0, 0, 0, 0xcd, 0x80};

/* An ET_EXEC (or ET_DYN) with a text segment (R+X, the headers and the code) at TK_TEXT_VA and a
 * data segment (R+W, one file page holding 0x11 bytes, then TK_BSS_LEN of bss) at TK_DATA_VA. */
static inline void tk_write_elf(const char *path, uint16_t type)
{
	uint8_t img[2 * 4096];
	memset(img, 0, sizeof img);
	Elf32_Ehdr *eh = (Elf32_Ehdr *)img;
	Elf32_Phdr *ph = (Elf32_Phdr *)(img + sizeof *eh);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = type;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof *eh;
	eh->e_ehsize = sizeof *eh;
	eh->e_phentsize = sizeof *ph;
	eh->e_phnum = 2;
	uint32_t code_off = 0x100;
	eh->e_entry = TK_TEXT_VA + code_off;
	memcpy(img + code_off, tk_code, sizeof tk_code);
	ph[0] =
	    (Elf32_Phdr){PT_LOAD, 0, TK_TEXT_VA, TK_TEXT_VA, 0x200, 0x200, TK_PF_R | TK_PF_X, 4096};
	memset(img + 4096, 0x11, 4096);
	ph[1] =
	    (Elf32_Phdr){PT_LOAD,           4096, TK_DATA_VA, TK_DATA_VA, 4096, 4096 + TK_BSS_LEN,
	                 TK_PF_R | TK_PF_W, 4096};
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fwrite(img, 1, sizeof img, f), sizeof img);
	fclose(f);
}

static inline struct kern_config tk_config(struct mmu *m, int pae)
{
	struct kern_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.version = "2.5.53";
	cfg.timeslice = 1000000;
	cfg.paging = mmu_features(m);
	cfg.pae = pae;
	return cfg;
}

/* A kernel on `preset` with one process running the test ELF (argv "prog" "arg1", one env). */
static inline void tk_start(struct tk *t, const char *preset, int pae, uint16_t type)
{
	char err[256];
	memset(t, 0, sizeof *t);
	t->m = mmu_new(64u << 20, preset, NULL, err, sizeof err);
	ck_assert_msg(t->m != NULL, "%s", err);
	struct kern_config cfg = tk_config(t->m, pae);
	t->k = kern_new(t->m, &cfg, err, sizeof err);
	ck_assert_msg(t->k != NULL, "%s", err);
	snprintf(t->path, sizeof t->path, "/tmp/pse386-kern-XXXXXX");
	int fd = mkstemp(t->path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	tk_write_elf(t->path, type);
	char *argv[] = {"prog", "arg1", NULL};
	char *envp[] = {"HOME=/", NULL};
	ck_assert_msg(kern_spawn(t->k, t->path, 2, argv, envp, err, sizeof err) == 0, "%s", err);
}

static inline void tk_stop(struct tk *t)
{
	kern_free(t->k);
	mmu_free(t->m);
	unlink(t->path);
}

/* One system call by the current process; returns EAX as a signed value. */
static inline long tk_syscall(struct tk *t, uint32_t nr, uint32_t b, uint32_t c, uint32_t d,
                              uint32_t si, uint32_t di, uint32_t bp)
{
	struct kern_tf *tf = kern_current_tf(t->k);
	tf->r[KERN_TF_EAX] = nr;
	tf->r[KERN_TF_EBX] = b;
	tf->r[KERN_TF_ECX] = c;
	tf->r[KERN_TF_EDX] = d;
	tf->r[KERN_TF_ESI] = si;
	tf->r[KERN_TF_EDI] = di;
	tf->r[KERN_TF_EBP] = bp;
	kern_syscall(t->k);
	return (int32_t)kern_current_tf(t->k)->r[KERN_TF_EAX];
}

/* An anonymous read/write page for syscall arguments (mmap2: linux-2.5-syscalls.md 1.2). */
static inline uint32_t tk_scratch(struct tk *t)
{
	long a = tk_syscall(t, 192, 0, 4096, 3 /* PROT_READ|PROT_WRITE */,
	                    0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, (uint32_t)-1, 0);
	ck_assert_int_gt(a, 0);
	return (uint32_t)a;
}

#endif
