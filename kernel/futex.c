/*
 * futex.c - fast user-space locking (Linux 2.5 kernel/futex.c, and the later operations glibc
 * 2.36's static pthread code asks for): FUTEX_WAIT puts the caller to sleep on a key if the word
 * still holds the expected value, FUTEX_WAKE wakes sleepers on that key.  Semantics and errors
 * from futex(2) (man-pages 6.x, FUTEX_WAIT(2const), FUTEX_WAKE(2const)).
 *
 * A sleeper is a TASK_BLOCKED task whose EIP is back on its INT 0x80 (the kernel's restart
 * convention, sched.c).  It leaves the queue in one of three ways: a wake sets its result (0)
 * and steps EIP past the INT; its timeout sets -ETIMEDOUT likewise; a signal it can take makes
 * it runnable as it is, and do_signal() turns the call into -EINTR (signal.c).
 */
#include <errno.h>
#include <time.h>

#include "fs.h"
#include "internal.h"

#define FUTEX_WAIT           0
#define FUTEX_WAKE           1
#define FUTEX_REQUEUE        3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP        5
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK       (~(uint32_t)(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY     0xFFFFFFFFu

/* FUTEX_WAKE_OP's encoded operation (include/uapi/linux/futex.h). */
#define FUTEX_OP_SET         0
#define FUTEX_OP_ADD         1
#define FUTEX_OP_OR          2
#define FUTEX_OP_ANDN        3
#define FUTEX_OP_XOR         4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ      0
#define FUTEX_OP_CMP_NE      1
#define FUTEX_OP_CMP_LT      2
#define FUTEX_OP_CMP_LE      3
#define FUTEX_OP_CMP_GT      4
#define FUTEX_OP_CMP_GE      5

/* Keys (get_futex_key()): a private futex, or a shared one in a private mapping, is named by
 * its address space and address; a shared futex in a shared mapping by the physical address of
 * the word, which every process that maps the page sees alike.  Private and shared keys of one
 * word differ (Linux marks the shared kind with FUT_OFF_MMSHARED). */
enum { FUTEX_KEY_PRIVATE, FUTEX_KEY_MMSHARED, FUTEX_KEY_PHYS, FUTEX_KEY_SIGWAIT };

#define HZ             100 /* the virtual clock's jiffies per second (itimer.c) */
#define NSEC_PER_JIFFY (1000000000ll / HZ)
#define NSEC_PER_SEC   1000000000ll
#define INT80_LEN      2

static int futex_key(struct kernel *k, struct mm *mm, uint32_t uaddr, int private,
                     struct futex_key *key)
{
	key->obj = mm;
	key->off = uaddr;
	key->kind = private ? FUTEX_KEY_PRIVATE : FUTEX_KEY_MMSHARED;
	if (private)
		return 0;
	struct vma *v = find_vma(mm, uaddr);
	if (!v || v->start > uaddr)
		return -EFAULT;
	uint64_t pa;
	uint32_t ps;
	/* The word has just been read through the loaded page tables, so the page is present. */
	if ((v->flags & VM_SHARED) &&
	    (mmu_cr3(k->mmu) & PAGE_MASK) == (mm_cr3(k, mm) & PAGE_MASK) &&
	    mmu_probe(k->mmu, uaddr, MMU_READ, 1, &pa, &ps) == 0) {
		key->kind = FUTEX_KEY_PHYS;
		key->obj = NULL;
		key->off = pa;
	}
	return 0;
}

static int key_match(const struct futex_q *q, const struct futex_key *key)
{
	return q->queued && q->key.kind == key->kind && q->key.obj == key->obj &&
	       q->key.off == key->off;
}

void futex_unqueue(struct task *t)
{
	t->futex.queued = 0;
}

/* End t's FUTEX_WAIT with `result`: the INT 0x80 is done. */
static void futex_finish(struct task *t, long result)
{
	futex_unqueue(t);
	t->state = TASK_RUNNING;
	t->restart_nr = 0;
	t->tf.eip += INT80_LEN;
	t->tf.r[KERN_TF_EAX] = (uint32_t)result;
}

/* The waiter on key that came first (and matches bitset), or NULL. */
static struct task *first_waiter(struct kernel *k, const struct futex_key *key, uint32_t bitset)
{
	struct task *best = NULL;
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->state == TASK_BLOCKED && key_match(&t->futex, key) &&
		    (t->futex.bitset & bitset) && (!best || t->futex.seq < best->futex.seq))
			best = t;
	return best;
}

/* Wake up to nr waiters (at least one if there is any, as futex_wake() does). */
static long wake_key(struct kernel *k, const struct futex_key *key, int nr, uint32_t bitset)
{
	long woken = 0;
	struct task *t;
	while ((t = first_waiter(k, key, bitset)) != NULL) {
		futex_finish(t, 0);
		if (++woken >= nr)
			break;
	}
	return woken;
}

/* mm_release(): a thread with a clear_child_tid word wakes one waiter on it (the word is in
 * mm, which the caller has loaded).  Linux wakes it as a shared futex. */
void futex_wake_word(struct kernel *k, struct mm *mm, uint32_t uaddr)
{
	struct futex_key key;
	if (futex_key(k, mm, uaddr, 0, &key) == 0)
		wake_key(k, &key, 1, FUTEX_BITSET_ANY);
}

/* A timespec (32-bit tv_sec, tv_nsec) in jiffies from now, rounded up; <= 0 when past. */
static long timeout_jiffies(struct kernel *k, uint32_t uts, int absolute, int realtime,
                            int64_t *out)
{
	int32_t ts[2];
	if (copy_from_user(k, ts, uts, sizeof ts) != 0)
		return -EFAULT;
	if (ts[0] < 0 || ts[1] < 0 || ts[1] >= NSEC_PER_SEC)
		return -EINVAL;
	int64_t ns = (int64_t)ts[0] * NSEC_PER_SEC + ts[1];
	if (absolute) {
		/* Guest clocks are the host's (docs/kernel.md "Time"). */
		struct timespec now;
		clock_gettime(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC, &now);
		ns -= (int64_t)now.tv_sec * NSEC_PER_SEC + now.tv_nsec;
	}
	*out = ns <= 0 ? 0 : (ns + NSEC_PER_JIFFY - 1) / NSEC_PER_JIFFY;
	return 0;
}

/* Check that uaddr is a readable word (get_futex_key() faults the page in) and name it. */
static long lookup(struct kernel *k, uint32_t uaddr, int private, struct futex_key *key,
                   uint32_t *val)
{
	uint32_t v;
	if (copy_from_user(k, &v, uaddr, 4) != 0)
		return -EFAULT;
	if (val)
		*val = v;
	return futex_key(k, current_task(k)->mm, uaddr, private, key);
}

/* Queue t on key until a wake, a signal, or jiffies_left jiffies (< 0: no timeout) pass. */
static long sleep_on(struct kernel *k, struct task *t, const struct futex_key *key, uint32_t bitset,
                     int64_t jiffies_left)
{
	t->futex = (struct futex_q){
	    .queued = 1,
	    .key = *key,
	    .bitset = bitset,
	    .deadline = jiffies_left > 0 ? k->jiffies + (uint64_t)jiffies_left : 0,
	    .seq = ++k->futex_seq,
	};
	return KERN_EAGAIN_BLOCK;
}

static long futex_wait(struct kernel *k, const uint32_t a[6], int private, uint32_t bitset,
                       int absolute)
{
	int64_t jiffies_left = -1;
	if (!bitset)
		return -EINVAL;
	if (a[3]) {
		long r = timeout_jiffies(k, a[3], absolute, (a[1] & FUTEX_CLOCK_REALTIME) != 0,
		                         &jiffies_left);
		if (r)
			return r;
	}
	struct futex_key key;
	uint32_t val;
	long r = lookup(k, a[0], private, &key, &val);
	if (r)
		return r;
	if (val != a[2])
		return -EAGAIN;
	if (jiffies_left == 0)
		return -ETIMEDOUT;
	return sleep_on(k, current_task(k), &key, bitset, jiffies_left);
}

/* FUTEX_REQUEUE / FUTEX_CMP_REQUEUE: wake nr_wake waiters of uaddr, move up to nr_requeue
 * others to uaddr2; returns how many were woken or moved. */
static long futex_requeue(struct kernel *k, const uint32_t a[6], int private, int cmp)
{
	struct futex_key key1, key2;
	uint32_t val;
	long r = lookup(k, a[0], private, &key1, &val);
	if (!r)
		r = lookup(k, a[4], private, &key2, NULL);
	if (r)
		return r;
	if (cmp && val != a[5])
		return -EAGAIN;
	if ((int32_t)a[2] < 0 || (int32_t)a[3] < 0)
		return -EINVAL;
	long done = wake_key(k, &key1, (int)a[2], FUTEX_BITSET_ANY);
	for (int32_t moved = 0; moved < (int32_t)a[3]; moved++) {
		struct task *t = first_waiter(k, &key1, FUTEX_BITSET_ANY);
		if (!t)
			break;
		t->futex.key = key2;
		done++;
	}
	return done;
}

static int32_t sign_extend12(uint32_t v)
{
	return (int32_t)(v << 20) >> 20;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(old, oparg); wake nr on uaddr, and nr2 on uaddr2 when
 * cmp(old, cmparg) holds (futex(2)). */
static long futex_wake_op(struct kernel *k, const uint32_t a[6], int private)
{
	uint32_t e = a[5];
	uint32_t op = (e >> 28) & 0xf, cmp = (e >> 24) & 0xf;
	int32_t oparg = sign_extend12(e >> 12), cmparg = sign_extend12(e);
	if (op & FUTEX_OP_OPARG_SHIFT) {
		if (oparg < 0 || oparg > 31)
			return -EINVAL;
		oparg = (int32_t)(1u << oparg);
	}
	struct futex_key key1, key2;
	uint32_t old;
	long r = lookup(k, a[0], private, &key1, NULL);
	if (!r)
		r = lookup(k, a[4], private, &key2, &old);
	if (r)
		return r;
	uint32_t nv;
	switch (op & 7) {
	case FUTEX_OP_SET: nv = (uint32_t)oparg; break;
	case FUTEX_OP_ADD: nv = old + (uint32_t)oparg; break;
	case FUTEX_OP_OR: nv = old | (uint32_t)oparg; break;
	case FUTEX_OP_ANDN: nv = old & ~(uint32_t)oparg; break;
	case FUTEX_OP_XOR: nv = old ^ (uint32_t)oparg; break;
	default: return -ENOSYS;
	}
	int hit;
	int32_t o = (int32_t)old;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: hit = o == cmparg; break;
	case FUTEX_OP_CMP_NE: hit = o != cmparg; break;
	case FUTEX_OP_CMP_LT: hit = o < cmparg; break;
	case FUTEX_OP_CMP_LE: hit = o <= cmparg; break;
	case FUTEX_OP_CMP_GT: hit = o > cmparg; break;
	case FUTEX_OP_CMP_GE: hit = o >= cmparg; break;
	default: return -ENOSYS;
	}
	if (copy_to_user(k, a[4], &nv, 4) != 0)
		return -EFAULT;
	long woken = wake_key(k, &key1, (int)a[2], FUTEX_BITSET_ANY);
	if (hit)
		woken += wake_key(k, &key2, (int)a[3], FUTEX_BITSET_ANY);
	return woken;
}

/* futex (240): uaddr, op, val, timeout (or val2), uaddr2, val3. */
long sys_futex(struct kernel *k, const uint32_t a[6])
{
	uint32_t cmd = a[1] & FUTEX_CMD_MASK;
	int private = (a[1] & FUTEX_PRIVATE_FLAG) != 0;
	struct futex_key key;
	long r;
	if ((a[1] & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS; /* futex(2): only FUTEX_WAIT_BITSET takes it here */
	if (a[0] & 3)
		return -EINVAL; /* the word must be 4-byte aligned */
	switch (cmd) {
	case FUTEX_WAIT: return futex_wait(k, a, private, FUTEX_BITSET_ANY, 0);
	case FUTEX_WAIT_BITSET: return futex_wait(k, a, private, a[5], 1);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		uint32_t bitset = cmd == FUTEX_WAKE ? FUTEX_BITSET_ANY : a[5];
		if (!bitset)
			return -EINVAL;
		if ((r = lookup(k, a[0], private, &key, NULL)) != 0)
			return r;
		return wake_key(k, &key, (int)a[2], bitset);
	}
	case FUTEX_REQUEUE: return futex_requeue(k, a, private, 0);
	case FUTEX_CMP_REQUEUE: return futex_requeue(k, a, private, 1);
	case FUTEX_WAKE_OP: return futex_wake_op(k, a, private);
	default: return -ENOSYS;
	}
}

/* rt_sigtimedwait's sleep (signal.c): a queue entry no futex key matches, holding the awaited
 * signal set; it ends with a signal of the set (the call is made again and takes it), a
 * deliverable signal, or the timeout (-EAGAIN). */
long futex_sigwait(struct kernel *k, struct task *t, uint64_t set, uint32_t uts)
{
	int64_t jiffies_left = -1;
	if (uts) {
		long r = timeout_jiffies(k, uts, 0, 0, &jiffies_left);
		if (r)
			return r;
		if (jiffies_left == 0)
			return -EAGAIN;
	}
	struct futex_key key = {FUTEX_KEY_SIGWAIT, t, set};
	return sleep_on(k, t, &key, 0, jiffies_left);
}

/* Called by the scheduler for a queued sleeper: its timeout (-ETIMEDOUT, -EAGAIN for
 * rt_sigtimedwait) ends the call; a signal it can take, or for rt_sigtimedwait one of its set,
 * makes it runnable with the call still to finish (do_signal() turns it into -EINTR, or the
 * call runs again). */
void futex_check_wake(struct kernel *k, struct task *t)
{
	struct futex_q *q = &t->futex;
	if (!q->queued)
		return;
	int sigwait = q->key.kind == FUTEX_KEY_SIGWAIT;
	if (q->deadline && k->jiffies >= q->deadline) {
		futex_finish(t, sigwait ? -EAGAIN : -ETIMEDOUT);
		return;
	}
	if (signal_deliverable(k, t) || (sigwait && (signal_pending_all(k, t) & q->key.off))) {
		futex_unqueue(t);
		t->state = TASK_RUNNING;
	}
}

/* The earliest timeout among the sleepers, 0 = none (sched.c jumps the clock to it when
 * nothing else can run). */
uint64_t futex_next_deadline(struct kernel *k)
{
	uint64_t next = 0;
	for (struct task *t = k->tasks; t; t = t->next)
		if (t->state == TASK_BLOCKED && t->futex.queued && t->futex.deadline &&
		    (!next || t->futex.deadline < next))
			next = t->futex.deadline;
	return next;
}
