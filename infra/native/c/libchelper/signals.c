/*
 * The queue between native signal handlers and the image's Java signal dispatcher thread
 * (jdk.internal.misc.Signal): the handler counts the signal and posts a semaphore; the dispatcher
 * waits on it and takes one pending signal at a time.
 */
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>

static atomic_int opened;
static sem_t semaphore;
static atomic_int pending[NSIG];

int cSunMiscSignal_open(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&opened, &expected, 1)) {
    return 1;   /* another isolate has it */
  }
  for (int i = 0; i < NSIG; i++) {
    atomic_store(&pending[i], 0);
  }
  return sem_init(&semaphore, 0, 0) == 0 ? 0 : -1;
}

int cSunMiscSignal_close(void) {
  int rc = sem_destroy(&semaphore);
  atomic_store(&opened, 0);
  return rc;
}

int cSunMiscSignal_awaitSemaphore(void) {
  int rc;
  while ((rc = sem_wait(&semaphore)) != 0 && errno == EINTR) {
  }
  return rc;
}

int cSunMiscSignal_signalSemaphore(void) {
  return sem_post(&semaphore);
}

int cSunMiscSignal_signalRangeCheck(int sig) {
  return sig > 0 && sig < NSIG;
}

int cSunMiscSignal_checkPendingSignal(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    int n = atomic_load(&pending[sig]);
    while (n > 0) {
      if (atomic_compare_exchange_weak(&pending[sig], &n, n - 1)) {
        return sig;
      }
    }
  }
  return -1;
}

static void count_signal(int sig) {
  if (cSunMiscSignal_signalRangeCheck(sig)) {
    int saved = errno;
    atomic_fetch_add(&pending[sig], 1);
    sem_post(&semaphore);
    errno = saved;
  }
}

void (*cSunMiscSignal_signalHandlerFunctionPointer(void))(int) {
  return count_signal;
}
