/*
 * fs.h - files of the simulated kernel: the VFS (path walk, mounts, open files, fd tables), the
 * file systems (tmpfs, a confined host directory, /proc, /dev, pipes) and the file-related system
 * calls by their historical i386 numbers.
 *
 * The kernel core calls fs_init() once, fs_files_*() on task creation, fork, exec and exit, and
 * fs_syscall() for every system call it does not handle itself.  Everything the guest passes in
 * is reached through uaccess.h (copy_from_user...), so a bad pointer gives -EFAULT.
 *
 * Facts: ../shared/reference/linux-2.5-syscalls.md (numbers), docs/files.md (behaviour).
 */
#ifndef PSE386_FS_H
#define PSE386_FS_H

#include <stddef.h>
#include <stdint.h>

struct kernel;
struct task;
struct file;
struct files_struct;
struct fs_state; /* kept in struct kernel's `void *fs` */

/* A system call that must wait (read of an empty pipe with writers, write to a full pipe...)
 * returns this: the core switches to another task and re-executes the same system call later
 * with the same arguments.  ERESTARTSYS is 512 in Linux (include/linux/errno.h). */
#define KERN_EAGAIN_BLOCK (-512)

/* Set up the name space: / is an empty tmpfs, or host_root (a host directory, confined) when it
 * is not NULL, modifiable only when writable; /tmp and /dev/shm are tmpfs, /dev holds null, zero,
 * full, urandom; /proc is synthetic.  Stores its state in k->fs.  Returns 0, or -1 with one line
 * in err (host_root missing or not a directory). */
int fs_init(struct kernel *k, const char *host_root, int writable, char *err, size_t errlen);
void fs_free(struct kernel *k);

/* File descriptor tables.  fs_files_new(): fds 0, 1, 2 are the host's stdin, stdout and stderr
 * passed through.  fs_files_dup(): fork (a copy sharing the open files, as dup_fd() does).
 * fs_files_get(): one more user (CLONE_FILES).  fs_files_put(): drop one user; the last one closes
 * every fd.  fs_files_exec(): close the close-on-exec fds.  The umask lives here too (Linux keeps
 * it in fs_struct, which is copied and kept at the same moments). */
struct files_struct *fs_files_new(void);
struct files_struct *fs_files_dup(struct files_struct *files);
struct files_struct *fs_files_get(struct files_struct *files);
void fs_files_put(struct files_struct *files);
void fs_files_exec(struct files_struct *files);

/* Handles every file-related system call (read, write, open, stat64, getdents64, pipe, dup2,
 * fcntl64, ioctl, poll...) by its i386 number: sets *handled = 1 and returns the result (>= 0 or
 * -errno, or KERN_EAGAIN_BLOCK).  Any other number: *handled = 0, returns 0.
 * When write/writev/pwrite64 returns -EPIPE the core raises SIGPIPE on the current task, as
 * pipe_write() does (fs/pipe.c). */
long fs_syscall(struct kernel *k, unsigned nr, const uint32_t a[6], int *handled);

/* Counts every event that may unblock a task waiting on KERN_EAGAIN_BLOCK (data written to or read
 * from a pipe, an end closed).  When every task is blocked and this did not change over a whole
 * round, nothing can ever wake them: the core may report a deadlock. */
uint64_t fs_wakeup_count(struct kernel *k);

/* Open files for execve and file mappings.  fs_fget: +1 reference, NULL for a bad fd.
 * fs_open_exec: a guest path, following symlinks; -ENOENT, -EACCES (not executable, or not a
 * regular file), -ENOTDIR, -ELOOP...; on success *out holds one reference (release it with
 * fs_fput).  fs_read_file_page: reads len bytes at off into dst, bytes past the end of the file
 * read as 0; returns the number of bytes that were inside the file, or -errno.  fs_read_at /
 * fs_write_at: positioned I/O that does not move the file position (like pread/pwrite). */
struct file *fs_fget(struct kernel *k, int fd);
void fs_fput(struct file *f);
int fs_open_exec(struct kernel *k, const char *path, struct file **out);
int fs_read_file_page(struct kernel *k, struct file *f, uint64_t off, uint8_t *dst, uint32_t len);
long fs_read_at(struct kernel *k, struct file *f, void *buf, uint32_t len, uint64_t off);
long fs_write_at(struct kernel *k, struct file *f, const void *buf, uint32_t len, uint64_t off);
uint64_t fs_file_size(struct file *f);
int fs_file_is_regular(struct file *f);
/* Access mode of an open file: O_RDONLY, O_WRONLY or O_RDWR (mmap checks PROT_WRITE on a
 * MAP_SHARED mapping against it), and a stable identity of the file's inode (for shared file
 * pages: two opens of one file give the same key). */
int fs_file_accmode(struct file *f);
uint64_t fs_file_inode_key(struct file *f);
/* The guest path the file was opened by ("" if none), and its inode number (for /proc maps). */
const char *fs_file_path(const struct file *f);
uint32_t fs_file_ino(const struct file *f);

/* Hooks the kernel core provides for /proc files that show kernel data.  name is relative to
 * /proc: "meminfo", "self/maps", "self/status", "self/stat", "self/cmdline",
 * "sys/vm/nr_hugepages".  kern_proc_read: *buf gets a malloc'ed text of *len bytes (the caller
 * frees it); returns 0 or -errno.  kern_proc_write: the text written (a whole write(2) buffer);
 * returns 0 or -errno.  fs/ has weak defaults returning -ENOENT (read) and -EACCES (write) until
 * the core defines them. */
int kern_proc_read(struct kernel *k, const char *name, char **buf, size_t *len);
int kern_proc_write(struct kernel *k, const char *name, const char *buf, size_t len);

#endif
