/*
 * tls.c - set_thread_area/get_thread_area (Linux 2.5 arch/i386/kernel/process.c): a user_desc
 * (include/asm-i386/ldt.h) becomes one of the three GDT TLS descriptors, slots 6..8, kept in
 * the task's trap frame in the hardware format of SDM vol. 3, 3.4.5 "Segment descriptors".
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

/* struct user_desc: entry_number, base_addr, limit, then flag bits (include/asm-i386/ldt.h). */
struct user_desc {
	uint32_t entry_number;
	uint32_t base_addr;
	uint32_t limit;
	uint32_t flags;
};
#define UD_SEG_32BIT       (1u << 0)
#define UD_CONTENTS_SHIFT  1 /* 2 bits: 0 data, 1 expand-down data, 2 code */
#define UD_READ_EXEC_ONLY  (1u << 3)
#define UD_LIMIT_IN_PAGES  (1u << 4)
#define UD_SEG_NOT_PRESENT (1u << 5)
#define UD_USEABLE         (1u << 6)

/* Descriptor fields (SDM vol. 3, figure 3-8), as bit positions in the 64-bit descriptor. */
#define DESC_TYPE_WR    (1ull << 41) /* data: writable; code: readable */
#define DESC_TYPE_SHIFT 42           /* type bits 2..3: expand-down/conforming, code */
#define DESC_S          (1ull << 44) /* code or data, not system */
#define DESC_DPL3       (3ull << 45)
#define DESC_P          (1ull << 47)
#define DESC_AVL        (1ull << 52)
#define DESC_DB         (1ull << 54)
#define DESC_G          (1ull << 55)

/* LDT_empty(): the user_desc that clears a slot. */
static int desc_empty(const struct user_desc *u)
{
	return u->base_addr == 0 && u->limit == 0 &&
	       (u->flags & 0x7fu) == (UD_READ_EXEC_ONLY | UD_SEG_NOT_PRESENT);
}

static uint64_t tls_encode(const struct user_desc *u)
{
	if (desc_empty(u))
		return 0;
	uint64_t b = u->base_addr, l = u->limit, d = 0;
	d |= l & 0xffffu;               /* limit 15:0 -> bits 15:0 */
	d |= (b & 0xffffffu) << 16;     /* base 23:0 -> bits 39:16 */
	d |= ((l >> 16) & 0xfu) << 48;  /* limit 19:16 -> bits 51:48 */
	d |= ((b >> 24) & 0xffu) << 56; /* base 31:24 -> bits 63:56 */
	d |= (u->flags & UD_READ_EXEC_ONLY) ? 0 : DESC_TYPE_WR;
	d |= (uint64_t)((u->flags >> UD_CONTENTS_SHIFT) & 3u) << DESC_TYPE_SHIFT;
	d |= DESC_S | DESC_DPL3;
	d |= (u->flags & UD_SEG_NOT_PRESENT) ? 0 : DESC_P;
	d |= (u->flags & UD_USEABLE) ? DESC_AVL : 0;
	d |= (u->flags & UD_SEG_32BIT) ? DESC_DB : 0;
	d |= (u->flags & UD_LIMIT_IN_PAGES) ? DESC_G : 0;
	return d;
}

static void tls_decode(uint64_t d, struct user_desc *u)
{
	u->base_addr = (uint32_t)(((d >> 16) & 0xffffffu) | (((d >> 56) & 0xffu) << 24));
	u->limit = (uint32_t)((d & 0xffffu) | (((d >> 48) & 0xfu) << 16));
	u->flags = ((d & DESC_DB) ? UD_SEG_32BIT : 0) |
	           (uint32_t)(((d >> DESC_TYPE_SHIFT) & 3u) << UD_CONTENTS_SHIFT) |
	           ((d & DESC_TYPE_WR) ? 0 : UD_READ_EXEC_ONLY) |
	           ((d & DESC_G) ? UD_LIMIT_IN_PAGES : 0) |
	           ((d & DESC_P) ? 0 : UD_SEG_NOT_PRESENT) | ((d & DESC_AVL) ? UD_USEABLE : 0);
}

/* Read a user_desc and pick its slot; returns the GDT index (6..8) or -errno.  An entry_number
 * of -1 asks for a free slot, written back to user memory (linux-2.5-syscalls.md 1.2, 243). */
int tls_from_user(struct kernel *k, uint32_t uinfo, uint64_t *desc)
{
	struct user_desc u;
	struct kern_tf *tf = &current_task(k)->tf;
	if (copy_from_user(k, &u, uinfo, sizeof u) != 0)
		return -EFAULT;
	int idx = (int)u.entry_number;
	if (idx == -1) {
		for (int i = 0; i < GDT_TLS_COUNT && idx == -1; i++)
			if (tf->tls[i] == 0)
				idx = GDT_TLS_FIRST + i;
		if (idx == -1)
			return -ESRCH;
		u.entry_number = (uint32_t)idx;
		if (copy_to_user(k, uinfo, &u.entry_number, 4) != 0)
			return -EFAULT;
	}
	if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_COUNT)
		return -EINVAL;
	*desc = tls_encode(&u);
	return idx;
}

long sys_set_thread_area(struct kernel *k, uint32_t uinfo)
{
	uint64_t d;
	int idx = tls_from_user(k, uinfo, &d);
	if (idx < 0)
		return idx;
	current_task(k)->tf.tls[idx - GDT_TLS_FIRST] = d;
	return 0;
}

long sys_get_thread_area(struct kernel *k, uint32_t uinfo)
{
	uint32_t idx;
	if (copy_from_user(k, &idx, uinfo, 4) != 0)
		return -EFAULT;
	if (idx < GDT_TLS_FIRST || idx >= GDT_TLS_FIRST + GDT_TLS_COUNT)
		return -EINVAL;
	struct user_desc u = {.entry_number = idx};
	tls_decode(current_task(k)->tf.tls[idx - GDT_TLS_FIRST], &u);
	return copy_to_user(k, uinfo, &u, sizeof u) != 0 ? -EFAULT : 0;
}
