/*
 * CPU features for images built by couponflow's verification toolchain (x86-64 only): read with CPUID
 * (bit positions from the Intel and AMD manuals) into the byte-per-feature struct the builder laid out
 * from include/amd64cpufeatures.h, and the start-up check against the features the image was
 * compiled for.
 */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amd64cpufeatures.h"

#define BIT(reg, n) (((reg) >> (n)) & 1u)

static unsigned long long xgetbv0(void) {
  unsigned int eax, edx;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

void determineCPUFeatures(CPUFeatures *f) {
  unsigned int eax, ebx, ecx, edx;
  unsigned int max_leaf = __get_cpuid_max(0, 0);
  unsigned int max_ext = __get_cpuid_max(0x80000000u, 0);
  memset(f, 0, sizeof(*f));
  if (max_leaf < 1) {
    return;
  }
  __cpuid(1, eax, ebx, ecx, edx);
  f->fCX8 = BIT(edx, 8);
  f->fCMOV = BIT(edx, 15);
  f->fFLUSH = BIT(edx, 19);
  f->fMMX = BIT(edx, 23);
  f->fFXSR = BIT(edx, 24);
  f->fSSE = BIT(edx, 25);
  f->fSSE2 = BIT(edx, 26);
  f->fHT = BIT(edx, 28);
  f->fTSC = BIT(edx, 4);
  f->fSSE3 = BIT(ecx, 0);
  f->fCLMUL = BIT(ecx, 1);
  f->fSSSE3 = BIT(ecx, 9);
  f->fFMA = BIT(ecx, 12);
  f->fSSE4_1 = BIT(ecx, 19);
  f->fSSE4_2 = BIT(ecx, 20);
  f->fPOPCNT = BIT(ecx, 23);
  f->fAES = BIT(ecx, 25);
  f->fF16C = BIT(ecx, 29);
  f->fHV = BIT(ecx, 31);
  /* AVX state must be enabled by the OS (OSXSAVE and XCR0 bits 1, 2) */
  int os_avx = BIT(ecx, 27) && (xgetbv0() & 0x6) == 0x6;
  int os_avx512 = os_avx && (xgetbv0() & 0xe0) == 0xe0;
  f->fAVX = BIT(ecx, 28) && os_avx;
  f->fVZEROUPPER = f->fAVX;
  if (max_leaf >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    f->fBMI1 = BIT(ebx, 3);
    f->fAVX2 = BIT(ebx, 5) && os_avx;
    f->fBMI2 = BIT(ebx, 8);
    f->fERMS = BIT(ebx, 9);
    f->fRTM = BIT(ebx, 11);
    f->fADX = BIT(ebx, 19);
    f->fFLUSHOPT = BIT(ebx, 23);
    f->fCLWB = BIT(ebx, 24);
    f->fSHA = BIT(ebx, 29);
    if (os_avx512) {
      f->fAVX512F = BIT(ebx, 16);
      f->fAVX512DQ = BIT(ebx, 17);
      f->fAVX512_IFMA = BIT(ebx, 21);
      f->fAVX512PF = BIT(ebx, 26);
      f->fAVX512ER = BIT(ebx, 27);
      f->fAVX512CD = BIT(ebx, 28);
      f->fAVX512BW = BIT(ebx, 30);
      f->fAVX512VL = BIT(ebx, 31);
      f->fAVX512_VBMI = BIT(ecx, 1);
      f->fAVX512_VBMI2 = BIT(ecx, 6);
      f->fAVX512_VAES = BIT(ecx, 9) && f->fAVX512F;
      f->fAVX512_VPCLMULQDQ = BIT(ecx, 10) && f->fAVX512F;
      f->fAVX512_VNNI = BIT(ecx, 11);
      f->fAVX512_BITALG = BIT(ecx, 12);
      f->fAVX512_VPOPCNTDQ = BIT(ecx, 14);
      f->fAVX512_FP16 = BIT(edx, 23);
    }
    f->fGFNI = BIT(ecx, 8);
    f->fPKU = BIT(ecx, 3);
    f->fOSPKE = BIT(ecx, 4);
    f->fCET_SS = BIT(ecx, 7);
    f->fRDPID = BIT(ecx, 22);
    f->fFSRM = BIT(edx, 4);
    f->fSERIALIZE = BIT(edx, 14);
    f->fCET_IBT = BIT(edx, 20);
  }
  if (max_ext >= 0x80000001u) {
    __cpuid(0x80000001u, eax, ebx, ecx, edx);
    f->fLZCNT = BIT(ecx, 5);
    f->fSSE4A = BIT(ecx, 6);
    f->fAMD_3DNOW_PREFETCH = BIT(ecx, 8);
    f->fRDTSCP = BIT(edx, 27);
  }
  if (max_ext >= 0x80000007u) {
    __cpuid(0x80000007u, eax, ebx, ecx, edx);
    f->fTSCINV_BIT = BIT(edx, 8);
    f->fTSCINV = f->fTSCINV_BIT;
  }
}

/* The mask holds, per struct byte, ~1 where the image needs the feature and 0xff elsewhere. */
int checkCPUFeatures(const unsigned char *mask) {
  CPUFeatures host;
  determineCPUFeatures(&host);
  const unsigned char *have = (const unsigned char *)&host;
  for (size_t i = 0; i < sizeof(host); i++) {
    if ((unsigned char)(have[i] | mask[i]) != 0xff) {
      return -1;
    }
  }
  return 0;
}

int checkCPUFeaturesOrExit(const unsigned char *mask, const char *message) {
  if (checkCPUFeatures(mask) != 0) {
    fprintf(stderr, "%s\n", message);
    exit(1);
  }
  return 0;
}
