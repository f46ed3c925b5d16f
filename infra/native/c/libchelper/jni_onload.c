/*
 * JNI_OnLoad_<lib> for the JDK libraries the image treats as built in (java, nio, net, zip, extnet).
 * The image links the JDK's shared libraries instead of static ones, so each of these runs the shared
 * library's own JNI_OnLoad, if it has one, and answers with the version built-in libraries declare.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>

static jint forward(const char *soname, JavaVM *vm, void *reserved) {
  void *handle = dlopen(soname, RTLD_LAZY | RTLD_NOLOAD);
  if (handle == NULL) {
    fprintf(stderr, "couponflow native toolchain: %s is not loaded: %s\n", soname, dlerror());
    abort();
  }
  jint (*onload)(JavaVM *, void *) = (jint (*)(JavaVM *, void *))dlsym(handle, "JNI_OnLoad");
  if (onload != NULL) {
    jint v = onload(vm, reserved);
    if (v < 0) {
      return v;
    }
  }
  return JNI_VERSION_1_8;
}

#define ONLOAD(lib) \
  JNIEXPORT jint JNICALL JNI_OnLoad_##lib(JavaVM *vm, void *reserved) { return forward("lib" #lib ".so", vm, reserved); }

ONLOAD(java)
ONLOAD(nio)
ONLOAD(net)
ONLOAD(zip)
ONLOAD(extnet)
