// The attainable FP32 FMA throughput of one core: 12 independent FMA chains in the widest vector unit the CPU
// has (AVX-512, else AVX2+FMA, else SSE multiply + add), enough to cover the FMA latency (4 cycles) on two pipes. `bench`
// runs it on every core to measure the peak its GEMM figures are judged against (the nominal peak needs the
// clock, which /proc/cpuinfo does not give reliably).
#include "dlenv_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

int dlenv_fma_peak_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 3;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
    return 1;
}

// The loops are inline assembly so that they run at full speed in debug builds too (the package's C targets
// are not optimised there, and intrinsics at -O0 go through memory). Twelve accumulators (registers 0-11) take
// FMAs of registers 14 and 15, all zero: the values never change the speed, and zero is no denormal.
#define XMM_CLOBBERS                                                                                            \
    "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm14", \
        "xmm15"

#define TWELVE(INSN, R)                                                                                         \
    INSN " %%" R "14, %%" R "15, %%" R "0\n\t" INSN " %%" R "14, %%" R "15, %%" R "1\n\t" INSN " %%" R       \
         "14, %%" R "15, %%" R "2\n\t" INSN " %%" R "14, %%" R "15, %%" R "3\n\t" INSN " %%" R "14, %%" R    \
         "15, %%" R "4\n\t" INSN " %%" R "14, %%" R "15, %%" R "5\n\t" INSN " %%" R "14, %%" R "15, %%" R    \
         "6\n\t" INSN " %%" R "14, %%" R "15, %%" R "7\n\t" INSN " %%" R "14, %%" R "15, %%" R "8\n\t" INSN  \
         " %%" R "14, %%" R "15, %%" R "9\n\t" INSN " %%" R "14, %%" R "15, %%" R "10\n\t" INSN " %%" R      \
         "14, %%" R "15, %%" R "11\n\t"

__attribute__((target("avx512f"), noinline)) static float run512(long iterations) {
    if (iterations <= 0) return 0;
    __asm__ volatile(
        "vpxord %%zmm14, %%zmm14, %%zmm14\n\t"
        "vpxord %%zmm15, %%zmm15, %%zmm15\n\t"
        "1:\n\t" TWELVE("vfmadd231ps", "zmm") "dec %0\n\t"
        "jnz 1b\n\t"
        "vzeroupper\n\t"
        : "+r"(iterations)
        :
        : XMM_CLOBBERS, "cc");
    return 0;
}

__attribute__((target("avx2,fma"), noinline)) static float run256(long iterations) {
    if (iterations <= 0) return 0;
    __asm__ volatile(
        "vxorps %%ymm14, %%ymm14, %%ymm14\n\t"
        "vxorps %%ymm15, %%ymm15, %%ymm15\n\t"
        "1:\n\t" TWELVE("vfmadd231ps", "ymm") "dec %0\n\t"
        "jnz 1b\n\t"
        "vzeroupper\n\t"
        : "+r"(iterations)
        :
        : XMM_CLOBBERS, "cc");
    return 0;
}

__attribute__((noinline)) static float run128(long iterations) {
    // No FMA: a multiply and an add per chain (two instructions, 2 FLOP).
    if (iterations <= 0) return 0;
    __asm__ volatile(
        "xorps %%xmm14, %%xmm14\n\t"
        "xorps %%xmm15, %%xmm15\n\t"
        "1:\n\t"
        "mulps %%xmm15, %%xmm0\n\t addps %%xmm14, %%xmm0\n\t mulps %%xmm15, %%xmm1\n\t addps %%xmm14, %%xmm1\n\t"
        "mulps %%xmm15, %%xmm2\n\t addps %%xmm14, %%xmm2\n\t mulps %%xmm15, %%xmm3\n\t addps %%xmm14, %%xmm3\n\t"
        "mulps %%xmm15, %%xmm4\n\t addps %%xmm14, %%xmm4\n\t mulps %%xmm15, %%xmm5\n\t addps %%xmm14, %%xmm5\n\t"
        "mulps %%xmm15, %%xmm6\n\t addps %%xmm14, %%xmm6\n\t mulps %%xmm15, %%xmm7\n\t addps %%xmm14, %%xmm7\n\t"
        "mulps %%xmm15, %%xmm8\n\t addps %%xmm14, %%xmm8\n\t mulps %%xmm15, %%xmm9\n\t addps %%xmm14, %%xmm9\n\t"
        "mulps %%xmm15, %%xmm10\n\t addps %%xmm14, %%xmm10\n\t mulps %%xmm15, %%xmm11\n\t addps %%xmm14, %%xmm11\n\t"
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(iterations)
        :
        : XMM_CLOBBERS, "cc");
    return 0;
}

double dlenv_fma_peak_flops_per_iteration(int isa) {
    // 12 chains × lanes × 2 FLOP (one FMA, or one multiply and one add).
    return 12.0 * (isa == 3 ? 16 : isa == 2 ? 8 : 4) * 2;
}

float dlenv_fma_peak_run(int isa, long iterations) {
    if (isa == 3) return run512(iterations);
    if (isa == 2) return run256(iterations);
    return run128(iterations);
}

#else

int dlenv_fma_peak_isa(void) { return 0; }
double dlenv_fma_peak_flops_per_iteration(int isa) { (void)isa; return 24.0; }
float dlenv_fma_peak_run(int isa, long iterations) {
    (void)isa;
    volatile float c = 1.0f;
    for (long k = 0; k < iterations * 12; k++) c = c * 0.999999f + 1e-6f;
    return c;
}

#endif
