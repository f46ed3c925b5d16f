/*
 * The builder's progress reporter asks, through JNI, for the terminal width and the builder's peak RSS
 * (com.oracle.svm.hosted.ProgressReporterCHelper in svm 25.0.2).
 */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass c) {
  (void)env;
  (void)c;
  struct winsize w;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) {
    return w.ws_col;
  }
  return 80;
}

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass c) {
  (void)env;
  (void)c;
  struct rusage u;
  if (getrusage(RUSAGE_SELF, &u) != 0) {
    return -1;
  }
  return (jlong)u.ru_maxrss * 1024;   /* kilobytes on Linux */
}
