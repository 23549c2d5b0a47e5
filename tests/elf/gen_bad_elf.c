/*
 * gen_bad_elf.c - writes malformed variants of one valid static i386 ELF executable, one defect
 * each, for the loader's validation tests (run_bad_elf.sh).
 *
 *   gen_bad_elf VALID_ELF OUT_DIR
 *
 * Field layouts and constants: System V ABI, ELF header and program header chapters, via the
 * host's <elf.h>.  Each case is named after the defect; the expected error text is in
 * run_bad_elf.sh.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct image {
	unsigned char *data;
	size_t size;
};

static Elf32_Ehdr *ehdr(struct image *im)
{
	return (Elf32_Ehdr *)im->data;
}

static Elf32_Phdr *phdr(struct image *im, unsigned i)
{
	return (Elf32_Phdr *)(im->data + ehdr(im)->e_phoff) + i;
}

/* The i-th PT_LOAD, or NULL. */
static Elf32_Phdr *load(struct image *im, int nth)
{
	for (unsigned i = 0; i < ehdr(im)->e_phnum; i++)
		if (phdr(im, i)->p_type == PT_LOAD && nth-- == 0)
			return phdr(im, i);
	return NULL;
}

static void put(const char *dir, const char *name, const struct image *im)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(im->data, 1, im->size, f) != im->size || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static struct image copy(const struct image *orig)
{
	struct image im = {malloc(orig->size), orig->size};
	if (!im.data)
		exit(1);
	memcpy(im.data, orig->data, orig->size);
	return im;
}

typedef void (*mutate_fn)(struct image *im);

static void truncated(struct image *im)
{
	im->size = 20; /* shorter than the 52-byte Elf32_Ehdr */
}
static void empty(struct image *im)
{
	im->size = 0;
}
static void bad_magic(struct image *im)
{
	im->data[EI_MAG1] = 'X';
}
static void bad_class(struct image *im)
{
	im->data[EI_CLASS] = ELFCLASS64;
}
static void bad_data(struct image *im)
{
	im->data[EI_DATA] = ELFDATA2MSB;
}
static void bad_version(struct image *im)
{
	im->data[EI_VERSION] = 2;
}
static void bad_machine(struct image *im)
{
	ehdr(im)->e_machine = EM_X86_64; /* 62 */
}
static void bad_type(struct image *im)
{
	ehdr(im)->e_type = ET_REL;
}
static void bad_phentsize(struct image *im)
{
	ehdr(im)->e_phentsize = 16;
}
static void phdrs_outside(struct image *im)
{
	ehdr(im)->e_phoff = (Elf32_Off)im->size - 8;
}
static void zero_phnum(struct image *im)
{
	ehdr(im)->e_phnum = 0;
}
static void no_load(struct image *im)
{
	for (unsigned i = 0; i < ehdr(im)->e_phnum; i++)
		if (phdr(im, i)->p_type == PT_LOAD)
			phdr(im, i)->p_type = PT_NULL;
}
static void overlapping(struct image *im)
{
	Elf32_Phdr *a = load(im, 0), *b = load(im, 1);
	/* b moved onto a's first page, keeping p_vaddr congruent with p_offset. */
	b->p_vaddr = (a->p_vaddr & ~0xfffu) + (b->p_offset & 0xfffu);
	b->p_paddr = b->p_vaddr;
}
static void kernel_space(struct image *im)
{
	Elf32_Phdr *b = load(im, 1);
	b->p_vaddr = 0xC0000000u + (b->p_offset & 0xfffu);
	b->p_paddr = b->p_vaddr;
}
static void segment_past_eof(struct image *im)
{
	Elf32_Phdr *a = load(im, 0);
	a->p_filesz = (Elf32_Word)im->size + 0x1000; /* past the end of the file */
	a->p_memsz = a->p_filesz;
}
static void filesz_gt_memsz(struct image *im)
{
	Elf32_Phdr *b = load(im, 1);
	b->p_memsz = b->p_filesz / 2;
}
static void interp(struct image *im)
{
	for (unsigned i = 0; i < ehdr(im)->e_phnum; i++)
		if (phdr(im, i)->p_type == PT_NOTE || phdr(im, i)->p_type == PT_GNU_STACK) {
			phdr(im, i)->p_type = PT_INTERP;
			return;
		}
}

static const struct {
	const char *name;
	mutate_fn fn;
} cases[] = {
    {"truncated", truncated},
    {"empty", empty},
    {"bad_magic", bad_magic},
    {"bad_class", bad_class},
    {"bad_data", bad_data},
    {"bad_version", bad_version},
    {"bad_machine", bad_machine},
    {"bad_type", bad_type},
    {"bad_phentsize", bad_phentsize},
    {"phdrs_outside", phdrs_outside},
    {"zero_phnum", zero_phnum},
    {"no_load", no_load},
    {"overlapping", overlapping},
    {"kernel_space", kernel_space},
    {"segment_past_eof", segment_past_eof},
    {"filesz_gt_memsz", filesz_gt_memsz},
    {"interp", interp},
};

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_bad_elf VALID_ELF OUT_DIR\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	struct image orig = {NULL, 0};
	if (!f || fseek(f, 0, SEEK_END) != 0 ||
	    (orig.size = (size_t)ftell(f)) < sizeof(Elf32_Ehdr) || fseek(f, 0, SEEK_SET) != 0 ||
	    !(orig.data = malloc(orig.size)) || fread(orig.data, 1, orig.size, f) != orig.size) {
		fprintf(stderr, "gen_bad_elf: cannot read %s\n", argv[1]);
		return 1;
	}
	fclose(f);
	if (!load(&orig, 1)) {
		fprintf(stderr, "gen_bad_elf: %s needs two PT_LOAD segments\n", argv[1]);
		return 1;
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct image im = copy(&orig);
		cases[i].fn(&im);
		put(argv[2], cases[i].name, &im);
		free(im.data);
	}
	put(argv[2], "valid", &orig);
	free(orig.data);
	return 0;
}
