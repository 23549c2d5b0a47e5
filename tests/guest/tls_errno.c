/* Thread-local storage (__thread variables through the TLS segment) and errno from failing calls.
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

static __thread int tls_counter = 5;
static __thread char tls_name[32] = "initial";
static __thread long long tls_big[16];

static void bump(int n)
{
	for (int i = 0; i < n; i++) {
		tls_counter += i;
		tls_big[i % 16] += (long long)i << 33;
	}
}

int main(void)
{
	bump(100);
	long long s = 0;
	for (int i = 0; i < 16; i++)
		s += tls_big[i];
	printf("tls_counter %d tls_name %s tls_big sum %lld\n", tls_counter, tls_name, s);
	snprintf(tls_name, sizeof(tls_name), "changed-%d", tls_counter);
	printf("tls_name now %s\n", tls_name);
	errno = 0;
	int fd = open("/this/path/does/not/exist", O_RDONLY);
	printf("open missing: fd %d errno ENOENT %d\n", fd, errno == ENOENT);
	errno = 0;
	ssize_t n = read(-1, tls_name, 1);
	printf("read(-1): %zd errno EBADF %d\n", n, errno == EBADF);
	errno = 0;
	long v = strtol("99999999999999999999", NULL, 10);
	printf("strtol overflow %ld errno ERANGE %d\n", v, errno == ERANGE);
	printf("strerror(ENOENT) = %s\n", strerror(ENOENT));
	return 0;
}
