/*
 * The image calls initialize() from the library it knows as "jvm" only to make sure that library is
 * linked (svm 25.0.2, com.oracle.svm.core.jdk.Jvm). Here "jvm" is this archive plus the shared
 * libjvm.so built from jvm.c, which the JDK's shared libraries resolve their JVM_ imports against.
 */
void initialize(void) {
}
