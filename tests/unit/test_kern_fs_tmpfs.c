/*
 * test_kern_fs_tmpfs.c - the in-memory file system, the name space without --root, and pipes,
 * driven through the VFS's inode and file operations.
 *
 * Facts: unlink(2) (an open file stays readable after its last name is gone), rmdir(2)
 * (ENOTEMPTY), rename(2) (replaces the target atomically; EISDIR / ENOTDIR on type mismatch),
 * pipe(7) (read returns 0 at end of file once no writer is left; write with no reader gives
 * EPIPE; O_NONBLOCK read of an empty pipe gives EAGAIN), and this kernel's contract (fs.h): a
 * read that must wait returns KERN_EAGAIN_BLOCK.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "vfs.h"
#include "check_run.h"

static struct kernel *kern;

static void setup(void)
{
	char err[256] = "";
	kern = calloc(1, sizeof(*kern));
	ck_assert_msg(fs_init(kern, NULL, 0, err, sizeof(err)) == 0, "%s", err);
}

static void teardown(void)
{
	fs_free(kern);
	free(kern);
}

static struct inode *lookup(const char *path)
{
	struct walk_result w;
	if (vfs_walk(NULL, kern->fs, "/", path, WALK_FOLLOW, &w))
		return NULL;
	struct inode *ino = iget(w.inode);
	walk_release(&w);
	return ino;
}

static struct file *open_path(const char *path, uint32_t flags)
{
	struct inode *ino = lookup(path);
	struct file *f = NULL;
	ck_assert_ptr_nonnull(ino);
	ck_assert_int_eq(vfs_open_inode(NULL, ino, path, flags, &f), 0);
	iput(ino);
	return f;
}

static void create(const char *dir, const char *name)
{
	struct inode *d = lookup(dir), *ino = NULL;
	ck_assert_int_eq(d->op->create(d, name, 0644, 0, 0, &ino), 0);
	iput(ino);
	iput(d);
}

START_TEST(empty_root_has_mount_points)
{
	/* Without --root, / is an empty tmpfs with /tmp, /dev and /proc (docs/files.md). */
	struct inode *ino = lookup("/tmp");
	ck_assert(ino && S_ISDIR(ino->mode));
	iput(ino);
	ino = lookup("/dev/zero");
	ck_assert(ino && S_ISCHR(ino->mode));
	iput(ino);
	ck_assert_ptr_null(lookup("/etc"));
}
END_TEST

START_TEST(write_then_read_back)
{
	create("/tmp", "f");
	struct file *f = open_path("/tmp/f", G_O_RDWR);
	ck_assert_int_eq(fs_write_at(NULL, f, "hello", 5, 0), 5);
	ck_assert_int_eq(fs_write_at(NULL, f, "!", 1, 10), 1); /* a hole reads as zeros */
	char buf[16];
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(fs_read_at(NULL, f, buf, sizeof(buf), 0), 11);
	ck_assert_int_eq(memcmp(buf, "hello\0\0\0\0\0!", 11), 0);
	ck_assert_uint_eq(fs_file_size(f), 11);
	fs_fput(f);
}
END_TEST

START_TEST(unlinked_open_file_stays_readable)
{
	create("/tmp", "g");
	struct file *f = open_path("/tmp/g", G_O_RDWR);
	ck_assert_int_eq(fs_write_at(NULL, f, "data", 4, 0), 4);
	struct inode *tmp = lookup("/tmp");
	ck_assert_int_eq(tmp->op->unlink(tmp, "g"), 0);
	ck_assert_ptr_null(lookup("/tmp/g"));
	char buf[8] = "";
	ck_assert_int_eq(fs_read_at(NULL, f, buf, 4, 0), 4);
	ck_assert_str_eq(buf, "data");
	iput(tmp);
	fs_fput(f);
}
END_TEST

START_TEST(rmdir_nonempty_and_rename_rules)
{
	struct inode *tmp = lookup("/tmp");
	ck_assert_int_eq(tmp->op->mkdir(tmp, "d", 0755, 0, 0), 0);
	create("/tmp/d", "x");
	ck_assert_int_eq(tmp->op->rmdir(tmp, "d"), -ENOTEMPTY);
	create("/tmp", "y");
	ck_assert_int_eq(tmp->op->rename(tmp, "y", tmp, "d"), -EISDIR);
	ck_assert_int_eq(tmp->op->rename(tmp, "d", tmp, "y"), -ENOTDIR);
	struct inode *x = lookup("/tmp/d/x");
	struct inode *d = lookup("/tmp/d");
	ck_assert_int_eq(d->op->rename(d, "x", tmp, "y"), 0); /* replaces y */
	struct inode *y = lookup("/tmp/y");
	ck_assert_ptr_eq(x, y);
	ck_assert_int_eq(tmp->op->rmdir(tmp, "d"), 0);
	iput(x);
	iput(y);
	iput(d);
	iput(tmp);
}
END_TEST

START_TEST(pipe_semantics)
{
	struct file *rd, *wr;
	char buf[8];
	ck_assert_int_eq(pipe_create(kern->fs, &rd, &wr), 0);
	uint64_t pos = 0, before = fs_wakeup_count(kern);
	ck_assert_int_eq(rd->fop->read(rd, buf, sizeof(buf), &pos), KERN_EAGAIN_BLOCK);
	rd->flags |= G_O_NONBLOCK;
	ck_assert_int_eq(rd->fop->read(rd, buf, sizeof(buf), &pos), -EAGAIN);
	ck_assert_int_eq(wr->fop->write(wr, "abc", 3, &pos), 3);
	ck_assert_uint_gt(fs_wakeup_count(kern), before);
	ck_assert_int_eq(rd->fop->read(rd, buf, 2, &pos), 2);
	ck_assert_int_eq(memcmp(buf, "ab", 2), 0);
	fs_fput(wr);
	ck_assert_int_eq(rd->fop->read(rd, buf, sizeof(buf), &pos), 1);
	ck_assert_int_eq(rd->fop->read(rd, buf, sizeof(buf), &pos), 0); /* EOF */
	fs_fput(rd);
	ck_assert_int_eq(pipe_create(kern->fs, &rd, &wr), 0);
	fs_fput(rd);
	ck_assert_int_eq(wr->fop->write(wr, "x", 1, &pos), -EPIPE);
	fs_fput(wr);
}
END_TEST

START_TEST(pipe_atomic_write_blocks_when_full)
{
	/* pipe(7): a write of at most PIPE_BUF bytes is all-or-nothing. */
	struct file *rd, *wr;
	static char big[65536 - 100];
	uint64_t pos = 0;
	ck_assert_int_eq(pipe_create(kern->fs, &rd, &wr), 0);
	ck_assert_int_eq(wr->fop->write(wr, big, sizeof(big), &pos), (long)sizeof(big));
	ck_assert_int_eq(wr->fop->write(wr, big, 200, &pos), KERN_EAGAIN_BLOCK);
	ck_assert_int_eq(rd->fop->read(rd, big, 100, &pos), 100);
	ck_assert_int_eq(wr->fop->write(wr, big, 200, &pos), 200);
	fs_fput(rd);
	fs_fput(wr);
}
END_TEST

START_TEST(proc_and_dev_listing)
{
	struct inode *proc = lookup("/proc/self");
	ck_assert_ptr_nonnull(proc);
	struct inode *maps = lookup("/proc/self/maps");
	ck_assert(maps && S_ISREG(maps->mode));
	struct inode *nr = lookup("/proc/sys/vm/nr_hugepages");
	ck_assert(nr && (nr->mode & 0777) == 0644); /* mode 0644 (linux-2.5-syscalls.md 2.5) */
	iput(proc);
	iput(maps);
	iput(nr);
}
END_TEST

static Suite *tmpfs_suite(void)
{
	Suite *s = suite_create("fs_tmpfs");
	TCase *tc = tcase_create("tmpfs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, empty_root_has_mount_points);
	tcase_add_test(tc, write_then_read_back);
	tcase_add_test(tc, unlinked_open_file_stays_readable);
	tcase_add_test(tc, rmdir_nonempty_and_rename_rules);
	tcase_add_test(tc, pipe_semantics);
	tcase_add_test(tc, pipe_atomic_write_blocks_when_full);
	tcase_add_test(tc, proc_and_dev_listing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(tmpfs_suite());
}
