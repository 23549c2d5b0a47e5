/* Signals and threads (signal(7), pthread_kill(3)): kill() to the process is handled by the one
 * thread that does not block the signal; pthread_kill() reaches the very thread named, which
 * sees itself in the handler; a handler installed by one thread is the process's (CLONE_SIGHAND).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_tid, usr2_tid, usr2_count;
static volatile int ready, stop;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_tid = (sig_atomic_t)syscall(SYS_gettid);
}

static void on_usr2(int sig)
{
	(void)sig;
	usr2_tid = (sig_atomic_t)syscall(SYS_gettid);
	usr2_count++;
}

static pid_t worker_tid;

static void *worker(void *arg)
{
	(void)arg;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL); /* the only thread that takes SIGUSR1 */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL); /* installed here, used for the whole process */
	worker_tid = (pid_t)syscall(SYS_gettid);
	__atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST))
		sched_yield();
	return NULL;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL); /* inherited by the worker, which unblocks it */
	pthread_t t;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
		sched_yield();
	kill(getpid(), SIGUSR1);
	while (!usr1_tid)
		sched_yield();
	pthread_kill(t, SIGUSR2);
	while (usr2_count < 1)
		sched_yield();
	pid_t first_usr2 = usr2_tid;
	pid_t self = (pid_t)syscall(SYS_gettid);
	pthread_kill(pthread_self(), SIGUSR2); /* to ourselves: handled before it returns */
	int main_took_it = usr2_count == 2 && usr2_tid == self;
	__atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);
	printf("kill(getpid()) handled by the worker: %d\n", usr1_tid == worker_tid);
	printf("pthread_kill(worker) handled by the worker, with the worker's handler: %d\n",
	       first_usr2 == worker_tid);
	printf("pthread_kill(self) handled by main: %d\n", main_took_it);
	sigset_t pend;
	sigpending(&pend);
	printf("nothing left pending: %d\n",
	       !sigismember(&pend, SIGUSR1) && !sigismember(&pend, SIGUSR2));
	return 0;
}
