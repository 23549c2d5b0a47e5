/* fs_errors.c - the error numbers of the file system calls: bad user pointers (EFAULT, never a
 * crash), bad descriptors, bad arguments, too-long names, wrong file types.  Raw syscall() is
 * used where the C library would otherwise touch the bad pointer itself. */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#define BAD ((void *)16) /* an address no program maps */

static void rep(const char *what, long r)
{
	if (r < 0)
		printf("%s: %ld %s\n", what, r, strerror(errno));
	else
		printf("%s: %ld\n", what, r);
}

int main(void)
{
	int fd = open("file", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "some data", 9);
	lseek(fd, 0, SEEK_SET);
	mkdir("dir", 0755);

	rep("open bad path", syscall(SYS_open, BAD, O_RDONLY));
	rep("read into bad buffer", syscall(SYS_read, fd, BAD, 9));
	rep("write from bad buffer", syscall(SYS_write, fd, BAD, 9));
	rep("fstat64 to bad buffer", syscall(SYS_fstat64, fd, BAD));
	rep("stat64 bad path", syscall(SYS_stat64, BAD, BAD));
	rep("pipe to bad array", syscall(SYS_pipe, BAD));
	rep("getcwd to bad buffer", syscall(SYS_getcwd, BAD, 100));
	rep("readv bad iovec", syscall(SYS_readv, fd, BAD, 2));
	rep("getdents64 bad buffer", syscall(SYS_getdents64, open("dir", O_RDONLY), BAD, 4096));
	rep("mkdir bad path", syscall(SYS_mkdir, BAD, 0755));
	rep("rename bad path", syscall(SYS_rename, "file", BAD));
	rep("readlink bad path", syscall(SYS_readlink, BAD, BAD, 10));

	rep("close -1", close(-1));
	rep("close 999", close(999));
	rep("read bad fd", read(555, NULL, 0));
	rep("dup2 to -1", dup2(fd, -1));
	rep("fstat bad fd", syscall(SYS_fstat64, 400, BAD));

	struct iovec iov[1] = {{NULL, 0}};
	rep("readv 1025 segments", syscall(SYS_readv, fd, iov, 1025));
	rep("lseek whence 7", lseek(fd, 0, 7));
	rep("fcntl unknown", fcntl(fd, 9999));
	rep("dup3 bad flags", dup3(fd, 30, 12345));
	rep("pipe2 bad flags", pipe2((int[2]){0, 0}, 12345));

	char name[300];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	rep("open long name", open(name, O_RDONLY));
	static char path[5000];
	for (size_t i = 0; i < sizeof(path) - 1; i++)
		path[i] = i % 2 ? '/' : 'd';
	rep("open long path", open(path, O_RDONLY));
	rep("open empty", open("", O_RDONLY));
	rep("mkdir empty", mkdir("", 0755));
	rep("unlink empty", unlink(""));
	rep("symlink empty target", symlink("", "emptylink"));

	rep("open file/", open("file/", O_RDONLY));
	rep("open file/x", open("file/x", O_RDONLY));
	rep("open dir O_WRONLY", open("dir", O_WRONLY));
	rep("open dir O_CREAT", open("dir", O_CREAT | O_RDONLY, 0644));
	rep("mkdir over file", mkdir("file", 0755));
	rep("rmdir .", rmdir("."));
	rep("rmdir dir/.", rmdir("dir/."));
	rep("rename dir into itself", rename("dir", "dir/sub"));
	rep("link missing", link("missing", "y"));
	rep("readlink size 0", readlink("file", name, 0));
	rep("readlink not a link", readlink("file", name, 10));
	rep("getdents64 on a file", syscall(SYS_getdents64, fd, name, sizeof(name)));
	rep("getdents64 tiny buffer", syscall(SYS_getdents64, open("dir", O_RDONLY), name, 4));
	rep("truncate dir", truncate("dir", 0));
	rep("truncate negative", truncate("file", -1));
	int ro = open("file", O_RDONLY);
	rep("ftruncate read-only fd", ftruncate(ro, 0));
	rep("write read-only fd", write(ro, "x", 1));
	rep("pwrite negative offset", pwrite(fd, "x", 1, -5));
	struct termios t;
	rep("tcgetattr on a file", tcgetattr(fd, &t));
	printf("isatty(file): %d\n", isatty(fd));
	int p[2];
	pipe(p);
	rep("pread on a pipe", pread(p[0], name, 1, 0));
	rep("ftruncate pipe", ftruncate(p[1], 0));
	rep("read write end", read(p[1], name, 1));
	rep("write read end", write(p[0], "x", 1));
	return 0;
}
