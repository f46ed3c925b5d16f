/*
 * Fixed-argument forms of C varargs functions: the image calls C functions with a fixed signature, so
 * svm 25.0.2 calls open, openat and fprintf through these names.
 */
#include <fcntl.h>
#include <stdio.h>

int openSII(const char *path, int flags, int mode) {
  return open(path, flags, mode);
}

int openatISII(int dirfd, const char *path, int flags, int mode) {
  return openat(dirfd, path, flags, mode);
}

int fprintfSD(FILE *stream, const char *format, const char *arg0, int arg1) {
  return fprintf(stream, format, arg0, arg1);
}
