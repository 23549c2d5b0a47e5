#define _FILE_OFFSET_BITS 64
/* fs_dirs.c - directories: mkdir, rmdir, rename, listing with readdir (sorted here, since the
 * order is the file system's), chdir/getcwd relative to the start, error numbers. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Prints a call's result, and errno's text when it failed (the call runs before errno is read). */
static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		printf("opendir %s: %s\n", dir, strerror(errno));
		return;
	}
	char *names[256];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < 256) {
		char t = e->d_type == DT_DIR   ? 'd'
		         : e->d_type == DT_REG ? 'f'
		         : e->d_type == DT_LNK ? 'l'
		                               : '?';
		char *s = malloc(strlen(e->d_name) + 3);
		sprintf(s, "%s:%c", e->d_name, t);
		names[n++] = s;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("%s:", dir);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void touch(const char *p)
{
	int fd = open(p, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	umask(022);
	printf("mkdir a: %d\n", mkdir("a", 0755));
	rep("mkdir a again", mkdir("a", 0755));
	rep("mkdir a/b/c", mkdir("a/b/c", 0755));
	mkdir("a/b", 0700);
	mkdir("a/b/c", 0755);
	for (int i = 0; i < 40; i++) {
		char p[64];
		snprintf(p, sizeof(p), "a/file%02d", i);
		touch(p);
	}
	touch("a/b/inner");
	list("a");
	list("a/b");
	struct stat st;
	stat("a/b", &st);
	printf("a/b mode %o nlink %lu\n", (unsigned)(st.st_mode & 0777),
	       (unsigned long)st.st_nlink);
	rep("rmdir a/b", rmdir("a/b"));
	rep("rmdir a/file00", rmdir("a/file00"));
	rep("unlink a/b", unlink("a/b"));
	printf("rename a/b a/bb: %d\n", rename("a/b", "a/bb"));
	rep("rename a/bb into itself", rename("a/bb", "a/bb/c/x"));
	rep("rename file over dir", rename("a/file01", "a/bb"));
	rep("rename dir over file", rename("a/bb", "a/file01"));
	printf("rename file over file: %d\n", rename("a/file01", "a/file02"));
	rep("rename missing", rename("a/nope", "a/x"));
	for (int i = 3; i < 40; i++) {
		char p[64];
		snprintf(p, sizeof(p), "a/file%02d", i);
		unlink(p);
	}
	list("a");
	list("a/bb/c");

	char start[4096], here[4096];
	getcwd(start, sizeof(start));
	printf("chdir a/bb: %d\n", chdir("a/bb"));
	getcwd(here, sizeof(here));
	char want[4200];
	snprintf(want, sizeof(want), "%s/a/bb", strcmp(start, "/") == 0 ? "" : start);
	printf("cwd is start + /a/bb: %d\n", strcmp(here, want) == 0);
	list(".");
	printf("stat ../file02: %d\n", stat("../file02", &st));
	printf("chdir c/..: %d\n", chdir("c/.."));
	rep("chdir inner (file)", chdir("inner"));
	printf("chdir ../..: %d\n", chdir("../.."));
	getcwd(here, sizeof(here));
	printf("back at start: %d\n", strcmp(here, start) == 0);
	char small[2];
	rep("getcwd small", getcwd(small, 1) ? 0 : -1); /* even "/" needs 2 bytes */

	int dfd = open("a", O_RDONLY | O_DIRECTORY);
	printf("openat: %d\n", openat(dfd, "bb/inner", O_RDONLY) >= 0);
	printf("mkdirat: %d\n", mkdirat(dfd, "viaat", 0755));
	printf("fstatat dir: %d\n", fstatat(dfd, "viaat", &st, 0) == 0 && S_ISDIR(st.st_mode));
	printf("unlinkat rmdir: %d\n", unlinkat(dfd, "viaat", AT_REMOVEDIR));
	rep("read on dir", read(dfd, small, 1));
	close(dfd);
	rep("O_DIRECTORY on file", open("a/file02", O_RDONLY | O_DIRECTORY));
	rep("rmdir a", rmdir("a"));
	return 0;
}
