#define _FILE_OFFSET_BITS 64
/* fs_links.c - names: symbolic links (readlink, lstat against stat, dangling links, loops),
 * hard links and link counts, access(), umask, chmod, fchmod. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

static void show(const char *p)
{
	struct stat st, lst;
	int s = stat(p, &st), l = lstat(p, &lst);
	printf("%-10s stat=%d lstat=%d", p, s == 0 ? 0 : errno, l);
	if (s == 0)
		printf(" size=%lld nlink=%lu mode=%o", (long long)st.st_size,
		       (unsigned long)st.st_nlink, (unsigned)(st.st_mode & 07777));
	if (l == 0)
		printf(" lnk=%d", S_ISLNK(lst.st_mode));
	printf("\n");
}

int main(void)
{
	char buf[256];
	umask(027);
	int fd = open("target", O_CREAT | O_WRONLY, 0777);
	write(fd, "0123456789", 10);
	close(fd);
	show("target");
	printf("symlink: %d\n", symlink("target", "soft"));
	rep("symlink exists", symlink("x", "soft"));
	ssize_t n = readlink("soft", buf, sizeof(buf));
	printf("readlink: %zd '%.*s'\n", n, (int)n, buf);
	n = readlink("soft", buf, 3);
	printf("readlink short: %zd '%.*s'\n", n, (int)n, buf);
	rep("readlink file", readlink("target", buf, sizeof(buf)));
	show("soft");
	symlink("nowhere", "dangling");
	show("dangling");
	symlink("loop1", "loop2");
	symlink("loop2", "loop1");
	rep("open loop", open("loop1", O_RDONLY));
	rep("open nofollow", open("soft", O_RDONLY | O_NOFOLLOW));
	fd = open("dangling", O_CREAT | O_WRONLY, 0644);
	printf("create through dangling link: %d\n", fd >= 0);
	close(fd);
	show("nowhere");

	printf("link: %d\n", link("target", "hard"));
	show("target");
	show("hard");
	rep("link exists", link("target", "hard"));
	mkdir("d", 0755);
	rep("link dir", link("d", "d2"));
	unlink("target");
	show("hard");
	show("soft");

	printf("access hard R_OK: %d\n", access("hard", R_OK));
	rep("access missing", access("missing", F_OK));
	rep("access soft (dangling now)", access("soft", F_OK));
	printf("chmod: %d\n", chmod("hard", 0600));
	show("hard");
	fd = open("hard", O_RDONLY);
	printf("fchmod: %d\n", fchmod(fd, 0444));
	close(fd);
	show("hard");
	symlink("d", "dlink");
	fd = open("dlink/inside", O_CREAT | O_WRONLY, 0666);
	close(fd);
	show("d/inside");
	printf("trailing slash on link to dir: %d\n", access("dlink/", F_OK));
	rep("trailing slash on file", access("hard/", F_OK));
	int u = unlink("dlink");
	printf("unlink symlink keeps dir: %d %d\n", u, access("d/inside", F_OK));
	printf("rename over hard link: %d\n", rename("nowhere", "hard"));
	show("hard");
	return 0;
}
