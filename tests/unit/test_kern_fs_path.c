/*
 * test_kern_fs_path.c - the guest's path walk and the confinement of a host directory (--root).
 *
 * Facts: path_resolution(7) (".." in the root directory is the root itself; at most 40 symbolic
 * links in one resolution, then ELOOP; a trailing slash requires a directory, ENOTDIR;
 * a component longer than NAME_MAX gives ENAMETOOLONG), and the confinement rule of this project
 * (docs/files.md): nothing outside --root DIR is reachable, host symbolic links are resolved in
 * the guest's name space with absolute targets relative to DIR.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "vfs.h"
#include "check_run.h"

static char root[128];
static char outside[64];
static struct kernel *kern;

static void write_file(const char *dir, const char *name, const char *text)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void link_at(const char *target, const char *name)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, name);
	ck_assert_int_eq(symlink(target, p), 0);
}

/* Layout: ROOT/{etc/passwd, dir/sub/, links...} and OUTSIDE/secret beside ROOT. */
static void setup_tree(int writable)
{
	char p[512];
	snprintf(outside, sizeof(outside), "/tmp/pse386-fs-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(outside));
	write_file(outside, "secret", "host secret\n");
	snprintf(root, sizeof(root), "%s/root", outside);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	snprintf(p, sizeof(p), "%s/etc", root);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	write_file(p, "passwd", "guest passwd\n");
	snprintf(p, sizeof(p), "%s/dir", root);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/dir/sub", root);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	link_at("../../../../../../etc/passwd", "up");
	link_at("/etc/passwd", "abs");
	link_at("../secret", "sibling");
	link_at("/../../secret", "absup");
	link_at("loop", "loop");
	link_at("b", "a");
	link_at("a", "b");
	link_at("etc/passwd", "rel");
	link_at("newfile", "dangle");
	link_at("/", "slash");
	kern = calloc(1, sizeof(*kern));
	char err[256] = "";
	ck_assert_msg(fs_init(kern, root, writable, err, sizeof(err)) == 0, "%s", err);
}

static void setup_rw(void)
{
	setup_tree(1);
}

static void setup_ro(void)
{
	setup_tree(0);
}

static void teardown(void)
{
	char cmd[600];
	fs_free(kern);
	free(kern);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", outside);
	ck_assert_int_eq(system(cmd), 0);
}

static int walk(const char *base, const char *path, int flags, struct walk_result *w)
{
	return vfs_walk(NULL, kern->fs, base, path, flags, w);
}

/* The host inode number of ROOT/rel (or 0). */
static uint64_t host_ino(const char *rel)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof(p), "%s%s", root, rel);
	return stat(p, &st) == 0 ? st.st_ino : 0;
}

/* Walks path and asserts it names the file DIR/expect of the host (inside the root). */
static void assert_resolves(const char *base, const char *path, const char *expect)
{
	struct walk_result w;
	int err = walk(base, path, WALK_FOLLOW, &w);
	ck_assert_msg(err == 0, "%s: %d", path, err);
	ck_assert_msg(w.inode->ino == host_ino(expect), "%s did not resolve to %s", path, expect);
	walk_release(&w);
}

static void assert_fails(const char *base, const char *path, int flags, int expect)
{
	struct walk_result w;
	int err = walk(base, path, flags, &w);
	ck_assert_msg(err == expect, "%s: got %d, want %d", path, err, expect);
}

START_TEST(dotdot_at_root_stays)
{
	/* path_resolution(7): "/.." is "/"; so is any number of ".." above the root. */
	assert_resolves("/", "/../../..", "/");
	assert_resolves("/", "../../../etc/passwd", "/etc/passwd");
	assert_resolves("/dir/sub", "../../../../../etc/passwd", "/etc/passwd");
	struct walk_result w;
	ck_assert_int_eq(walk("/", "/dir/sub/../..", WALK_FOLLOW, &w), 0);
	ck_assert_str_eq(w.path, "/");
	walk_release(&w);
}
END_TEST

START_TEST(relative_link_escape_stays_inside)
{
	/* "up" -> ../../../../../../etc/passwd: every ".." stops at the guest root. */
	assert_resolves("/", "/up", "/etc/passwd");
	assert_resolves("/dir", "../up", "/etc/passwd");
}
END_TEST

START_TEST(absolute_link_is_relative_to_guest_root)
{
	assert_resolves("/", "/abs", "/etc/passwd");
	assert_resolves("/", "/slash/etc/passwd", "/etc/passwd");
	assert_resolves("/dir/sub", "../../rel", "/etc/passwd");
}
END_TEST

START_TEST(host_file_beside_root_unreachable)
{
	/* OUTSIDE/secret exists on the host, one level above ROOT. */
	assert_fails("/", "/sibling", WALK_FOLLOW, -ENOENT);
	assert_fails("/", "/absup", WALK_FOLLOW, -ENOENT);
	assert_fails("/", "/../secret", WALK_FOLLOW, -ENOENT);
	assert_fails("/dir/sub", "../../../secret", WALK_FOLLOW, -ENOENT);
}
END_TEST

START_TEST(host_system_files_unreachable)
{
	/* The host's /usr and /bin are not in ROOT: the guest sees nothing there. */
	assert_fails("/", "/usr/bin", WALK_FOLLOW, -ENOENT);
	assert_fails("/", "/bin/sh", WALK_FOLLOW, -ENOENT);
}
END_TEST

START_TEST(link_loops_give_eloop)
{
	/* path_resolution(7): too many symbolic links -> ELOOP. */
	assert_fails("/", "/loop", WALK_FOLLOW, -ELOOP);
	assert_fails("/", "/a", WALK_FOLLOW, -ELOOP);
	assert_fails("/", "/a/x", 0, -ELOOP);
}
END_TEST

START_TEST(nofollow_gives_the_link)
{
	struct walk_result w;
	ck_assert_int_eq(walk("/", "/abs", 0, &w), 0);
	ck_assert(S_ISLNK(w.inode->mode));
	walk_release(&w);
}
END_TEST

START_TEST(trailing_slash_needs_directory)
{
	assert_fails("/", "/etc/passwd/", WALK_FOLLOW, -ENOTDIR);
	assert_fails("/", "/rel/", 0, -ENOTDIR);
	assert_fails("/", "/etc/passwd/x", WALK_FOLLOW, -ENOTDIR);
}
END_TEST

START_TEST(long_component_enametoolong)
{
	char name[300];
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	assert_fails("/", name, WALK_FOLLOW, -ENAMETOOLONG);
}
END_TEST

START_TEST(dangling_link_gives_parent_for_create)
{
	/* open(O_CREAT) through a dangling link creates the target (open(2)). */
	struct walk_result w;
	ck_assert_int_eq(walk("/", "/dangle", WALK_FOLLOW | WALK_PARENT, &w), 0);
	ck_assert_ptr_null(w.inode);
	ck_assert_str_eq(w.name, "newfile");
	ck_assert_str_eq(w.path, "/newfile");
	ck_assert_uint_eq(w.parent->ino, host_ino("/"));
	walk_release(&w);
}
END_TEST

START_TEST(mounts_overlay_root)
{
	/* /proc, /dev and /tmp exist although ROOT has none; ".." of a mount root is its parent. */
	struct walk_result w;
	ck_assert_int_eq(walk("/", "/dev/null", WALK_FOLLOW, &w), 0);
	ck_assert(S_ISCHR(w.inode->mode));
	walk_release(&w);
	ck_assert_int_eq(walk("/", "/proc/sys/vm", WALK_FOLLOW, &w), 0);
	ck_assert(S_ISDIR(w.inode->mode));
	walk_release(&w);
	ck_assert_int_eq(walk("/", "/tmp", WALK_FOLLOW, &w), 0);
	ck_assert_uint_eq(w.inode->mode & 07777, 01777);
	walk_release(&w);
	assert_resolves("/", "/proc/../etc/passwd", "/etc/passwd");
	assert_resolves("/", "/dev/shm/../../etc/passwd", "/etc/passwd");
}
END_TEST

START_TEST(read_through_vfs_reads_guest_file)
{
	struct walk_result w;
	struct file *f;
	char buf[64] = "";
	ck_assert_int_eq(walk("/", "/up", WALK_FOLLOW, &w), 0);
	ck_assert_int_eq(vfs_open_inode(NULL, w.inode, w.path, G_O_RDONLY, &f), 0);
	walk_release(&w);
	ck_assert_int_eq(fs_read_at(NULL, f, buf, sizeof(buf) - 1, 0), 13);
	ck_assert_str_eq(buf, "guest passwd\n");
	ck_assert_uint_eq(fs_file_size(f), 13);
	/* Bytes past the end read as zero (fs.h contract for file pages). */
	uint8_t page[32];
	memset(page, 0xff, sizeof(page));
	ck_assert_int_eq(fs_read_file_page(NULL, f, 8, page, sizeof(page)), 5);
	ck_assert_int_eq(page[5], 0);
	ck_assert_int_eq(page[31], 0);
	fs_fput(f);
}
END_TEST

START_TEST(readonly_root_refuses_writes)
{
	/* A read-only mount answers EROFS to writes (open(2), mount(2) MS_RDONLY). */
	struct walk_result w;
	struct file *f;
	ck_assert_int_eq(walk("/", "/etc/passwd", WALK_FOLLOW, &w), 0);
	ck_assert_int_eq(vfs_open_inode(NULL, w.inode, w.path, G_O_WRONLY, &f), -EROFS);
	ck_assert_int_eq(vfs_open_inode(NULL, w.inode, w.path, G_O_RDONLY | G_O_TRUNC, &f), -EROFS);
	ck_assert(w.inode->sb->readonly);
	walk_release(&w);
	/* The tmpfs /tmp stays writable. */
	ck_assert_int_eq(walk("/", "/tmp", WALK_FOLLOW, &w), 0);
	ck_assert(!w.inode->sb->readonly);
	walk_release(&w);
}
END_TEST

START_TEST(host_symlink_created_by_guest_stays_inside)
{
	/* A link the guest makes with an absolute target is stored as written and, when followed,
	 * resolved inside the root: it can not reach OUTSIDE/secret. */
	struct walk_result w;
	ck_assert_int_eq(walk("/", "/", WALK_FOLLOW, &w), 0);
	char target[600];
	snprintf(target, sizeof(target), "%s/secret", outside);
	ck_assert_int_eq(w.inode->op->symlink(w.inode, "mine", target, 0, 0), 0);
	walk_release(&w);
	assert_fails("/", "/mine", WALK_FOLLOW, -ENOENT);
}
END_TEST

static Suite *fs_path_suite(void)
{
	Suite *s = suite_create("fs_path");
	TCase *tc = tcase_create("confined_rw");
	tcase_add_checked_fixture(tc, setup_rw, teardown);
	tcase_add_test(tc, dotdot_at_root_stays);
	tcase_add_test(tc, relative_link_escape_stays_inside);
	tcase_add_test(tc, absolute_link_is_relative_to_guest_root);
	tcase_add_test(tc, host_file_beside_root_unreachable);
	tcase_add_test(tc, host_system_files_unreachable);
	tcase_add_test(tc, link_loops_give_eloop);
	tcase_add_test(tc, nofollow_gives_the_link);
	tcase_add_test(tc, trailing_slash_needs_directory);
	tcase_add_test(tc, long_component_enametoolong);
	tcase_add_test(tc, dangling_link_gives_parent_for_create);
	tcase_add_test(tc, mounts_overlay_root);
	tcase_add_test(tc, read_through_vfs_reads_guest_file);
	tcase_add_test(tc, host_symlink_created_by_guest_stays_inside);
	suite_add_tcase(s, tc);
	TCase *ro = tcase_create("confined_ro");
	tcase_add_checked_fixture(ro, setup_ro, teardown);
	tcase_add_test(ro, readonly_root_refuses_writes);
	suite_add_tcase(s, ro);
	return s;
}

int main(void)
{
	return check_run(fs_path_suite());
}
