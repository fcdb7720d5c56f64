// AVX2+FMA float32 activation kernels for DLEnvTensor (see Sources/DLEnvTensor/Kernels/FastActivation.swift).
// Same formulas as the Swift SIMD kernels and torch's AVX2 Vectorized<float> (Abramowitz-Stegun 7.1.26 erf,
// Cephes expf polynomial); only called when dlenv_kernels_available() returns 1.
#ifndef DLENV_KERNELS_H
#define DLENV_KERNELS_H

/// 1 when the CPU has AVX2 and FMA (checked at run time), else 0.
int dlenv_kernels_available(void);

// Forward: dst[i] = f(src[i]) for i in [0, n).
void dlenv_relu_f32(const float *src, float *dst, long n);
void dlenv_sigmoid_f32(const float *src, float *dst, long n);
void dlenv_gelu_f32(const float *src, float *dst, long n);

// Backward: dst[i] = f'(...) * g[i]. relu and sigmoid take the forward output y, gelu takes the input x.
void dlenv_relu_backward_f32(const float *y, const float *g, float *dst, long n);
void dlenv_sigmoid_backward_f32(const float *y, const float *g, float *dst, long n);
void dlenv_gelu_backward_f32(const float *x, const float *g, float *dst, long n);

// tanh, silu and gelu with the tanh approximation; backward: tanh takes the output y, silu and gelu-tanh
// the input x.
void dlenv_tanh_f32(const float *src, float *dst, long n);
void dlenv_silu_f32(const float *src, float *dst, long n);
void dlenv_gelu_tanh_f32(const float *src, float *dst, long n);
void dlenv_tanh_backward_f32(const float *y, const float *g, float *dst, long n);
void dlenv_silu_backward_f32(const float *x, const float *g, float *dst, long n);
void dlenv_gelu_tanh_backward_f32(const float *x, const float *g, float *dst, long n);

// exp and log (within 2 ulp of libm; libm's own results for the edge cases).
void dlenv_exp_f32(const float *src, float *dst, long n);
void dlenv_log_f32(const float *src, float *dst, long n);

// y[i] = fma(x[i], alpha, y[i]) with one rounding (torch's add_ with alpha).
void dlenv_axpy_f32(const float *x, float alpha, float *y, long n);

// The FMA throughput probe (dlenv_fma_peak.c): the widest unit (3 AVX-512, 2 AVX2+FMA, 1 SSE, 0 other), the FLOP
// one iteration does, and `iterations` of 12 independent chains (the result only defeats dead-code removal).
int dlenv_fma_peak_isa(void);
double dlenv_fma_peak_flops_per_iteration(int isa);
float dlenv_fma_peak_run(int isa, long iterations);

#endif
