/*
 * The part of HotSpot's JVM_* interface that the JDK's shared libraries (libjava, libnio, libnet,
 * libzip, libextnet) call inside an image built by couponflow's verification toolchain. The image
 * replaces nearly all of libjava's native methods with its own code; what remains reaches these.
 * Every other JVM_ function the libraries import is a generated stub (stubs.c) that reports its
 * name and aborts, so a gap shows up as a named failure, not as undefined behaviour.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <jni.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT jlong JVM_CurrentTimeMillis(JNIEnv *env, jclass ignored) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (jlong)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

EXPORT jlong JVM_NanoTime(JNIEnv *env, jclass ignored) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (jlong)t.tv_sec * 1000000000L + t.tv_nsec;
}

EXPORT jlong JVM_GetNanoTimeAdjustment(JNIEnv *env, jclass ignored, jlong offset_secs) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  jlong diff = (jlong)t.tv_sec - offset_secs;
  if (diff >= 0x100000000LL || diff <= -0x100000000LL) {
    return -1;   /* as HotSpot: the offset is too far off */
  }
  return diff * 1000000000L + t.tv_nsec;
}

EXPORT jint JVM_ActiveProcessorCount(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (jint)n : 1;
}

EXPORT char *JVM_NativePath(char *path) {
  return path;
}

EXPORT jboolean JVM_IsSupportedJNIVersion(jint version) {
  return version >= JNI_VERSION_1_1 && version <= JNI_VERSION_24;
}

EXPORT void *JVM_LoadLibrary(const char *name, jboolean throw_exception) {
  return dlopen(name, RTLD_LAZY);
}

EXPORT void JVM_UnloadLibrary(void *handle) {
  dlclose(handle);
}

EXPORT void *JVM_FindLibraryEntry(void *handle, const char *name) {
  return dlsym(handle, name);
}

EXPORT void *JVM_RawMonitorCreate(void) {
  pthread_mutex_t *m = malloc(sizeof(pthread_mutex_t));
  if (m != NULL) {
    pthread_mutex_init(m, NULL);
  }
  return m;
}

EXPORT void JVM_RawMonitorDestroy(void *m) {
  pthread_mutex_destroy((pthread_mutex_t *)m);
  free(m);
}

EXPORT jint JVM_RawMonitorEnter(void *m) {
  return pthread_mutex_lock((pthread_mutex_t *)m);
}

EXPORT void JVM_RawMonitorExit(void *m) {
  pthread_mutex_unlock((pthread_mutex_t *)m);
}

EXPORT jint JVM_FindSignal(const char *name) {
  static const struct { const char *name; int number; } names[] = {
      {"HUP", SIGHUP}, {"INT", SIGINT}, {"QUIT", SIGQUIT}, {"ILL", SIGILL}, {"TRAP", SIGTRAP},
      {"ABRT", SIGABRT}, {"BUS", SIGBUS}, {"FPE", SIGFPE}, {"KILL", SIGKILL}, {"USR1", SIGUSR1},
      {"SEGV", SIGSEGV}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
      {"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
      {"TTOU", SIGTTOU}, {"URG", SIGURG}, {"XCPU", SIGXCPU}, {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM},
      {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO}, {"PWR", SIGPWR}, {"SYS", SIGSYS}};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if (strcmp(name, names[i].name) == 0) {
      return names[i].number;
    }
  }
  return -1;
}

EXPORT jboolean JVM_RaiseSignal(jint sig) {
  return raise(sig) == 0;
}

EXPORT void JVM_BeforeHalt(void) {
}

EXPORT void JVM_Halt(jint code) {
  exit(code);
}

EXPORT jboolean JVM_IsContainerized(void) {
  return JNI_FALSE;
}

EXPORT jboolean JVM_IsUseContainerSupport(void) {
  return JNI_FALSE;
}

EXPORT int jio_vsnprintf(char *str, size_t count, const char *fmt, va_list args) {
  if ((intptr_t)count <= 0) {
    return -1;
  }
  int result = vsnprintf(str, count, fmt, args);
  if (result > 0 && (size_t)result >= count) {
    result = -1;   /* HotSpot's contract: -1 when truncated */
  }
  return result;
}

EXPORT int jio_snprintf(char *str, size_t count, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int r = jio_vsnprintf(str, count, fmt, args);
  va_end(args);
  return r;
}

EXPORT int jio_fprintf(FILE *f, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int r = vfprintf(f, fmt, args);
  va_end(args);
  return r;
}

EXPORT int jio_vfprintf(FILE *f, const char *fmt, va_list args) {
  return vfprintf(f, fmt, args);
}
