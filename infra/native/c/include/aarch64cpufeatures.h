/* CPU feature flags the native-image builder reads by field name (svm 25.0.2 @CStruct CPUFeatures of
   com.oracle.svm.core.aarch64.AArch64LibCHelper); one byte each, 1 = present. Written for couponflow's verification toolchain. */
#ifndef COUPONFLOW_AARCH64CPUFEATURES_H
#define COUPONFLOW_AARCH64CPUFEATURES_H

typedef struct {
  unsigned char fFP;
  unsigned char fASIMD;
  unsigned char fEVTSTRM;
  unsigned char fAES;
  unsigned char fPMULL;
  unsigned char fSHA1;
  unsigned char fSHA2;
  unsigned char fCRC32;
  unsigned char fLSE;
  unsigned char fDCPOP;
  unsigned char fSHA3;
  unsigned char fSHA512;
  unsigned char fSVE;
  unsigned char fSVE2;
  unsigned char fSTXR_PREFETCH;
  unsigned char fA53MAC;
  unsigned char fDMB_ATOMICS;
  unsigned char fPACA;
  unsigned char fSVEBITPERM;
  unsigned char fFPHP;
  unsigned char fASIMDHP;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const unsigned char *buildtimeFeatureMask);
int checkCPUFeaturesOrExit(const unsigned char *buildtimeFeatureMask, const char *errorMessage);

#endif
