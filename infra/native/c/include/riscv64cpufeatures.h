/* CPU feature flags the native-image builder reads by field name (svm 25.0.2 @CStruct CPUFeatures of
   com.oracle.svm.core.riscv64.RISCV64LibCHelper); one byte each, 1 = present. Written for couponflow's verification toolchain. */
#ifndef COUPONFLOW_RISCV64CPUFEATURES_H
#define COUPONFLOW_RISCV64CPUFEATURES_H

typedef struct {
  unsigned char fI;
  unsigned char fM;
  unsigned char fA;
  unsigned char fF;
  unsigned char fD;
  unsigned char fC;
  unsigned char fV;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const unsigned char *buildtimeFeatureMask);
int checkCPUFeaturesOrExit(const unsigned char *buildtimeFeatureMask, const char *errorMessage);

#endif
