/*
 * Runtime of the differential CPU tester's generated programs (included by every generated .S).
 * The generated code defines DIFF_BLOCKS and the `blocks' routine; this file provides the data
 * area (scratch buffer and private stack, both filled by the generator), the per-block recorder
 * and the final hex dump.  Only two system calls are used, through int $0x80 with the i386
 * numbers (linux-2.5-syscalls.md: write = 4, exit = 1).
 */
#define SYS_exit 1
#define SYS_write 4
#define REC_WORDS 10 /* eax ecx edx ebx esp ebp esi edi eflags memsum */
/* Arithmetic flags (CF PF AF ZF SF OF) and DF: the bits a user program defines (SDM vol. 1, 3.4.3). */
#define EFLAGS_CMP_MASK 0x0cd5

	.text
	.globl _start
_start:
	cld
	movl $stack_top, %esp /* a private stack whose contents both runs know */
	jmp blocks /* not call: a return address would sit where blocks may write */
	.globl blocks_done
blocks_done:
	call dump
	movl $SYS_exit, %eax
	xorl %ebx, %ebx
	int $0x80

/* record: called as `pushl $rec+N*40; call record' after block N; stores all registers, EFLAGS
 * and a checksum of the data area there.  Every register and EFLAGS are preserved.  The return
 * address is a code address, which differs between variants of a program (see --perturb), so
 * it is taken off the stack and wiped before the checksum reads the stack. */
record:
	popl rec_ret
	popl rec_ptr /* now ESP is the block's ESP again */
	movl $0, -4(%esp)
	movl $0, -8(%esp)
	pushl %esi /* 0(%esp)=esi */
	movl rec_ptr, %esi
	movl %eax, 0(%esi)
	movl %ecx, 4(%esi)
	movl %edx, 8(%esi)
	movl %ebx, 12(%esi)
	leal 4(%esp), %eax
	movl %eax, 16(%esi)
	movl %ebp, 20(%esi)
	movl 0(%esp), %eax
	movl %eax, 24(%esi)
	movl %edi, 28(%esi)
	pushfl
	popl 32(%esi)
	/* Checksum of the data area (scratch + stack), computed after the registers were saved. */
	movl $data_area, %ecx
	xorl %eax, %eax
1:	roll $5, %eax
	xorl (%ecx), %eax
	addl $4, %ecx
	cmpl $data_area_end, %ecx
	jb 1b
	movl %eax, 36(%esi)
	pushl 32(%esi)
	movl 0(%esi), %eax
	movl 4(%esi), %ecx
	popfl
	popl %esi
	jmp *rec_ret

/* hex32: write %eax as 8 lower-case hex digits at (%edi), advancing %edi; clobbers ecx, edx. */
hex32:
	movl $8, %ecx
1:	roll $4, %eax
	movl %eax, %edx
	andl $15, %edx
	movb hexdigits(%edx), %dl
	movb %dl, (%edi)
	incl %edi
	decl %ecx
	jnz 1b
	ret

/* dump: one line per block "index: eax ecx edx ebx esp ebp esi edi eflags memsum", then the
 * data area as 8 words per line, written with one write(1, out, len) per 64 KiB chunk. */
dump:
	movl $out, %edi
	xorl %ebx, %ebx
2:	cmpl $DIFF_BLOCKS, %ebx
	jae 4f
	movl %ebx, %eax
	call hex32
	movb $':', (%edi)
	incl %edi
	imull $REC_WORDS * 4, %ebx, %esi
	addl $rec, %esi
	xorl %ebp, %ebp
3:	movb $' ', (%edi)
	incl %edi
	movl (%esi,%ebp,4), %eax
	cmpl $8, %ebp
	jne 5f
	andl $EFLAGS_CMP_MASK, %eax
5:	call hex32
	incl %ebp
	cmpl $REC_WORDS, %ebp
	jb 3b
	movb $'\n', (%edi)
	incl %edi
	call flush_if_full
	incl %ebx
	jmp 2b
4:	movl $data_area, %esi
6:	movb $'m', (%edi)
	incl %edi
	movl $8, %ebp
7:	movb $' ', (%edi)
	incl %edi
	movl (%esi), %eax
	call hex32
	addl $4, %esi
	decl %ebp
	jnz 7b
	movb $'\n', (%edi)
	incl %edi
	call flush_if_full
	cmpl $data_area_end, %esi
	jb 6b
	call flush
	ret

flush_if_full:
	cmpl $out + 60000, %edi
	jb 1f
	call flush
1:	ret

/* flush: write(1, out, edi - out), looping on short writes; resets %edi to out. */
flush:
	pushl %ebx
	pushl %esi
	movl $out, %ecx
1:	movl %edi, %edx
	subl %ecx, %edx
	jz 2f
	movl $SYS_write, %eax
	movl $1, %ebx
	int $0x80
	testl %eax, %eax
	jle 3f
	addl %eax, %ecx
	jmp 1b
3:	movl $SYS_exit, %eax /* a failed write: exit 2 so the runner notices */
	movl $2, %ebx
	int $0x80
2:	movl $out, %edi
	popl %esi
	popl %ebx
	ret

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"

	.bss
	.balign 16
rec_ret:
	.space 4
rec_ptr:
	.space 4
rec:
	.space DIFF_BLOCKS * REC_WORDS * 4
out:
	.space 65536
