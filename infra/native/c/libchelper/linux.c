/*
 * Small Linux helpers the image calls by name (svm 25.0.2's LinuxLibCHelper, LibCHelper,
 * CodeSynchronizationOperations and AttachHelper), for images built by couponflow's verification
 * toolchain. The attach mechanism (jcmd) is not provided: its entry points report failure.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int getThreadId(void) {
  return (int)syscall(SYS_gettid);
}

/* user CPU time of a thread in nanoseconds, from field 14 (utime, clock ticks) of its stat file */
long getThreadUserTimeSlow(int tid) {
  char path[64], buf[1024];
  snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    return -1;
  }
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[n] = '\0';
  char *p = strrchr(buf, ')');   /* the command name may hold spaces */
  if (p == NULL) {
    return -1;
  }
  unsigned long utime;
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &utime) != 1) {
    return -1;
  }
  return (long)(utime * (1000000000L / sysconf(_SC_CLK_TCK)));
}

void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
  return mremap(old_address, old_size, new_size, flags, new_address);
}

char **getEnviron(void) {
  return environ;
}

void codeSynchronization_clearCache(long start, long size) {
  (void)start;   /* x86-64 keeps instruction caches coherent */
  (void)size;
}

/* the time zone id: TZ, else the target of /etc/localtime below a zoneinfo folder, else NULL (GMT) */
char *SVM_FindJavaTZmd(const char *mappings, int length) {
  (void)mappings;
  (void)length;
  const char *tz = getenv("TZ");
  if (tz != NULL && *tz != '\0') {
    return strdup(*tz == ':' ? tz + 1 : tz);
  }
  char target[4096];
  ssize_t n = readlink("/etc/localtime", target, sizeof(target) - 1);
  if (n > 0) {
    target[n] = '\0';
    char *z = strstr(target, "zoneinfo/");
    if (z != NULL) {
      return strdup(z + strlen("zoneinfo/"));
    }
  }
  return NULL;
}

void svm_attach_startup(const char *path) { (void)path; }
void svm_attach_listener_cleanup(int socket, const char *path) { (void)socket; (void)path; }
int svm_attach_check_socket_file(const char *path) { (void)path; return 0; }
int svm_attach_is_init_trigger(const char *path) { (void)path; return 0; }
int svm_attach_create_listener(const char *path) { (void)path; return -1; }
int svm_attach_wait_for_request(int socket) { (void)socket; return -1; }
void svm_attach_shutdown_socket(int socket) { (void)socket; }
