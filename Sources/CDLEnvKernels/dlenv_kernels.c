// AVX2+FMA versions of DLEnvTensor's SIMD activation kernels. The functions carry target attributes, so the
// package needs no unsafe compiler flags; callers check dlenv_kernels_available() first.
#include "dlenv_kernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define DLENV_TARGET __attribute__((target("avx2,fma")))
#define DLENV_INLINE static inline __attribute__((always_inline)) DLENV_TARGET

int dlenv_kernels_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

// e^x: Cephes expf polynomial (as avx_mathfun's exp256_ps) with round-to-nearest range reduction; NaN
// propagates (see the clamp).
DLENV_INLINE __m256 exp256(__m256 x0) {
    const __m256 lo = _mm256_set1_ps(-87.33654f), hi = _mm256_set1_ps(88.37626f);
    // maxps/minps return their second operand when either is NaN, so NaN lanes pass through unclamped.
    __m256 x = _mm256_min_ps(hi, _mm256_max_ps(lo, x0));
    __m256 fx = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(0.693359375f), x);
    x = _mm256_fnmadd_ps(fx, _mm256_set1_ps(-2.12194440e-4f), x);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 y = _mm256_set1_ps(1.9875691500e-4f);
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
    y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
    y = _mm256_add_ps(_mm256_fmadd_ps(y, z, x), _mm256_set1_ps(1.0f));
    // NaN lanes: cvtps gives INT_MIN, pow2 becomes garbage, but y is NaN so the product stays NaN.
    const __m256i n = _mm256_cvtps_epi32(fx);
    const __m256 pow2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
    // Overflow gives +inf as SLEEF's expf (torch): silu(-inf) is then NaN and sigmoid(-100) exactly 0, as in torch.
    const __m256 overflow = _mm256_cmp_ps(x0, _mm256_set1_ps(88.72283935546875f), _CMP_GT_OQ);
    return _mm256_blendv_ps(_mm256_mul_ps(y, pow2), _mm256_set1_ps(__builtin_inff()), overflow);
}

DLENV_INLINE __m256 neg256(__m256 x) { return _mm256_xor_ps(x, _mm256_set1_ps(-0.0f)); }

DLENV_INLINE __m256 sigmoid256(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_div_ps(one, _mm256_add_ps(one, exp256(neg256(x))));
}

// erf with torch's AVX2 formula: sign(x)·(1 − r(t)·t·e^(−x²)), t = 1/(1 + 0.3275911|x|).
DLENV_INLINE __m256 erf256(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 a = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    const __m256 t = _mm256_div_ps(one, _mm256_fmadd_ps(a, _mm256_set1_ps(0.3275911f), one));
    __m256 r = _mm256_fmadd_ps(_mm256_set1_ps(1.061405429f), t, _mm256_set1_ps(-1.453152027f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(1.421413741f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(-0.284496736f));
    r = _mm256_fmadd_ps(r, t, _mm256_set1_ps(0.254829592f));
    const __m256 ex = exp256(neg256(_mm256_mul_ps(x, x)));
    const __m256 e = _mm256_fnmadd_ps(_mm256_mul_ps(r, t), ex, one);
    return _mm256_blendv_ps(e, neg256(e), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
}

DLENV_INLINE __m256 relu256(__m256 v) {
    const __m256 zero = _mm256_setzero_ps();
    return _mm256_blendv_ps(v, zero, _mm256_cmp_ps(v, zero, _CMP_LT_OQ));
}

DLENV_INLINE __m256 gelu256(__m256 v) {
    const __m256 half = _mm256_mul_ps(v, _mm256_set1_ps(0.5f));
    const __m256 e = erf256(_mm256_mul_ps(v, _mm256_set1_ps(0.70710678118654752440f)));
    return _mm256_mul_ps(half, _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

DLENV_INLINE __m256 relu_backward256(__m256 y, __m256 g) {
    return _mm256_blendv_ps(g, _mm256_setzero_ps(), _mm256_cmp_ps(y, _mm256_setzero_ps(), _CMP_LE_OQ));
}

DLENV_INLINE __m256 sigmoid_backward256(__m256 y, __m256 g) {
    return _mm256_mul_ps(_mm256_mul_ps(g, _mm256_sub_ps(_mm256_set1_ps(1.0f), y)), y);
}

// 1/sqrt(2π), as ActivationMath.geluPdf (2/sqrt(π) · 1/sqrt(2) · 1/2).
DLENV_INLINE __m256 gelu_backward256(__m256 x, __m256 g) {
    const __m256 e = erf256(_mm256_mul_ps(x, _mm256_set1_ps(0.70710678118654752440f)));
    const __m256 cdf = _mm256_mul_ps(_mm256_set1_ps(0.5f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
    const __m256 pdf =
        _mm256_mul_ps(_mm256_set1_ps(0.398942280401432677940f), exp256(_mm256_mul_ps(_mm256_mul_ps(x, x), _mm256_set1_ps(-0.5f))));
    return _mm256_mul_ps(g, _mm256_fmadd_ps(x, pdf, cdf));
}

// tanh: Cephes tanhf (≤ 2 ulp): an odd polynomial below |x| = 0.625, else sign(x)·(1 − 2/(e^{2|x|} + 1));
// NaN propagates through exp. torch vectorises tanh with SLEEF's 1-ulp tanhf8; results agree to float32
// rounding.
DLENV_INLINE __m256 tanh256(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f), one = _mm256_set1_ps(1.0f);
    const __m256 a = _mm256_andnot_ps(sign, x);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(-5.70498872745e-3f), z, _mm256_set1_ps(2.06390887954e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-5.37397155531e-2f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(1.33314422036e-1f));
    p = _mm256_fmadd_ps(p, z, _mm256_set1_ps(-3.33332819422e-1f));
    const __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(x, z), p, x);
    const __m256 e = exp256(_mm256_add_ps(a, a));
    const __m256 large = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
    const __m256 signed_large = _mm256_or_ps(large, _mm256_and_ps(sign, x));
    return _mm256_blendv_ps(signed_large, small, _mm256_cmp_ps(a, _mm256_set1_ps(0.625f), _CMP_LT_OQ));
}

// silu: x / (1 + e^-x), as torch's vectorised kernel.
DLENV_INLINE __m256 silu256(__m256 x) {
    return _mm256_div_ps(x, _mm256_add_ps(_mm256_set1_ps(1.0f), exp256(neg256(x))));
}

// gelu with the tanh approximation: 0.5·x·(1 + tanh(kBeta·(x + kKappa·x³))) (torch's Gelu.h).
#define DLENV_GELU_BETA 0.79788456080286535588f
#define DLENV_GELU_KAPPA 0.044715f
DLENV_INLINE __m256 gelu_tanh256(__m256 x) {
    const __m256 x3 = _mm256_mul_ps(_mm256_mul_ps(x, x), x);
    const __m256 inner = _mm256_mul_ps(_mm256_set1_ps(DLENV_GELU_BETA), _mm256_fmadd_ps(_mm256_set1_ps(DLENV_GELU_KAPPA), x3, x));
    const __m256 t = tanh256(inner);
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), x), _mm256_add_ps(_mm256_set1_ps(1.0f), t));
}

// tanh'(x)·g from the output: g·(1 − y²).
DLENV_INLINE __m256 tanh_backward256(__m256 y, __m256 g) {
    return _mm256_mul_ps(g, _mm256_fnmadd_ps(y, y, _mm256_set1_ps(1.0f)));
}

// silu'(x)·g = g·s·(1 + x·(1 − s)), s = sigmoid(x).
DLENV_INLINE __m256 silu_backward256(__m256 x, __m256 g) {
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 s = sigmoid256(x);
    return _mm256_mul_ps(_mm256_mul_ps(g, s), _mm256_fmadd_ps(x, _mm256_sub_ps(one, s), one));
}

// gelu-tanh'(x)·g: g·(0.5·(1 + t) + 0.5·x·(1 − t²)·kBeta·(1 + 3·kKappa·x²)), t = tanh(inner).
DLENV_INLINE __m256 gelu_tanh_backward256(__m256 x, __m256 g) {
    const __m256 one = _mm256_set1_ps(1.0f), half = _mm256_set1_ps(0.5f);
    const __m256 x2 = _mm256_mul_ps(x, x);
    const __m256 inner =
        _mm256_mul_ps(_mm256_set1_ps(DLENV_GELU_BETA), _mm256_fmadd_ps(_mm256_set1_ps(DLENV_GELU_KAPPA), _mm256_mul_ps(x2, x), x));
    const __m256 t = tanh256(inner);
    const __m256 inner_d =
        _mm256_mul_ps(_mm256_set1_ps(DLENV_GELU_BETA), _mm256_fmadd_ps(_mm256_set1_ps(3.0f * DLENV_GELU_KAPPA), x2, one));
    const __m256 right_d = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(half, x), _mm256_fnmadd_ps(t, t, one)), inner_d);
    return _mm256_mul_ps(g, _mm256_fmadd_ps(half, _mm256_add_ps(one, t), right_d));
}

// Lanes [0, k) set in the mask for the tail (k < 8); masked loads read zeros elsewhere.
DLENV_INLINE __m256i tail_mask(long k) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)k), idx);
}

// Results of at least this many floats (4 MiB, beyond the per-core caches) are written with streaming stores:
// the cache lines are not read first (write-allocate), which saves a third of the memory traffic of relu.
#define DLENV_STREAM_MIN (1L << 20)

#define DLENV_UNARY(name, f)                                                                         \
    DLENV_TARGET void name(const float *src, float *dst, long n) {                                  \
        long i = 0;                                                                                  \
        if (n >= DLENV_STREAM_MIN && ((unsigned long)dst & 31) == 0) {                              \
            for (; i + 8 <= n; i += 8) _mm256_stream_ps(dst + i, f(_mm256_loadu_ps(src + i)));      \
            _mm_sfence();                                                                            \
        }                                                                                            \
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(dst + i, f(_mm256_loadu_ps(src + i)));          \
        if (i < n) {                                                                                 \
            const __m256i m = tail_mask(n - i);                                                      \
            _mm256_maskstore_ps(dst + i, m, f(_mm256_maskload_ps(src + i, m)));                      \
        }                                                                                            \
    }

#define DLENV_BINARY(name, f)                                                                        \
    DLENV_TARGET void name(const float *a, const float *b, float *dst, long n) {                    \
        long i = 0;                                                                                  \
        for (; i + 8 <= n; i += 8)                                                                   \
            _mm256_storeu_ps(dst + i, f(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));           \
        if (i < n) {                                                                                 \
            const __m256i m = tail_mask(n - i);                                                      \
            _mm256_maskstore_ps(dst + i, m, f(_mm256_maskload_ps(a + i, m), _mm256_maskload_ps(b + i, m))); \
        }                                                                                            \
    }

DLENV_UNARY(dlenv_relu_f32, relu256)
DLENV_UNARY(dlenv_sigmoid_f32, sigmoid256)
DLENV_UNARY(dlenv_gelu_f32, gelu256)
DLENV_BINARY(dlenv_relu_backward_f32, relu_backward256)
DLENV_BINARY(dlenv_sigmoid_backward_f32, sigmoid_backward256)
DLENV_BINARY(dlenv_gelu_backward_f32, gelu_backward256)
DLENV_UNARY(dlenv_tanh_f32, tanh256)
DLENV_UNARY(dlenv_silu_f32, silu256)
DLENV_UNARY(dlenv_gelu_tanh_f32, gelu_tanh256)
DLENV_BINARY(dlenv_tanh_backward_f32, tanh_backward256)
DLENV_BINARY(dlenv_silu_backward_f32, silu_backward256)
DLENV_BINARY(dlenv_gelu_tanh_backward_f32, gelu_tanh_backward256)

// ln x: Cephes logf (≤ 2 ulp) for positive normal x: x = m·2^e with m in [√½, √2), ln x = ln m + e·ln 2.
DLENV_INLINE __m256 log256(__m256 x) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256i bits = _mm256_castps_si256(x);
    __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(126)));
    // m in [0.5, 1)
    __m256 m = _mm256_castsi256_ps(
        _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007FFFFF)), _mm256_set1_epi32(0x3F000000)));
    const __m256 small = _mm256_cmp_ps(m, _mm256_set1_ps(0.707106781186547524f), _CMP_LT_OQ);
    // m < √½: use 2m − 1 and e − 1; else m − 1.
    e = _mm256_sub_ps(e, _mm256_and_ps(one, small));
    m = _mm256_sub_ps(_mm256_add_ps(m, _mm256_and_ps(m, small)), one);
    const __m256 z = _mm256_mul_ps(m, m);
    __m256 y = _mm256_set1_ps(7.0376836292e-2f);
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-1.1514610310e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(1.1676998740e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-1.2420140846e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(1.4249322787e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-1.6668057665e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(2.0000714765e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(-2.4999993993e-1f));
    y = _mm256_fmadd_ps(y, m, _mm256_set1_ps(3.3333331174e-1f));
    y = _mm256_mul_ps(_mm256_mul_ps(y, m), z);
    y = _mm256_fmadd_ps(e, _mm256_set1_ps(-2.12194440e-4f), y);
    y = _mm256_fnmadd_ps(z, _mm256_set1_ps(0.5f), y);
    return _mm256_fmadd_ps(e, _mm256_set1_ps(0.693359375f), _mm256_add_ps(m, y));
}

// exp and log over arrays. Lanes outside the polynomial's range (exp: |x| > 87.3, where results turn subnormal or
// overflow, and NaN; log: zero, negative, subnormal, inf, NaN) are recomputed with libm's expf/logf, so the edge
// cases are exactly libm's and the rest is within 2 ulp of it.
#define DLENV_MATH(name, vf, sf, special)                                                            \
    DLENV_TARGET void name(const float *src, float *dst, long n) {                                  \
        long i = 0;                                                                                  \
        for (; i + 8 <= n; i += 8) {                                                                 \
            const __m256 v = _mm256_loadu_ps(src + i);                                               \
            _mm256_storeu_ps(dst + i, vf(v));                                                        \
            if (_mm256_movemask_ps(special(v)))                                                      \
                for (int k = 0; k < 8; k++) dst[i + k] = sf(src[i + k]);                             \
        }                                                                                            \
        for (; i < n; i++) dst[i] = sf(src[i]);                                                      \
    }

DLENV_INLINE __m256 exp_special(__m256 v) {
    // true for NaN (unordered) and outside [-87.3, 87.3]
    return _mm256_cmp_ps(_mm256_and_ps(v, _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF))),
                         _mm256_set1_ps(87.3f), _CMP_NLE_UQ);
}
DLENV_INLINE __m256 log_special(__m256 v) {
    // true for NaN, x < FLT_MIN (zero, negative, subnormal) and inf
    const __m256 lo = _mm256_cmp_ps(v, _mm256_set1_ps(1.17549435e-38f), _CMP_NGE_UQ);
    const __m256 hi = _mm256_cmp_ps(v, _mm256_set1_ps(3.40282347e+38f), _CMP_GT_OQ);
    return _mm256_or_ps(lo, hi);
}

DLENV_MATH(dlenv_exp_f32, exp256, expf, exp_special)
DLENV_MATH(dlenv_log_f32, log256, logf, log_special)

// y[i] = fma(x[i], alpha, y[i]): torch's add_(x, alpha=) on AVX2 (vec::fmadd), one rounding per element.
DLENV_TARGET void dlenv_axpy_f32(const float *x, float alpha, float *y, long n) {
    const __m256 a = _mm256_set1_ps(alpha);
    long i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(_mm256_loadu_ps(x + i), a, _mm256_loadu_ps(y + i)));
    for (; i < n; i++) y[i] = __builtin_fmaf(x[i], alpha, y[i]);
}

#else
// Other architectures: never available; the stubs only satisfy the linker.
int dlenv_kernels_available(void) { return 0; }
void dlenv_relu_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_sigmoid_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_gelu_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_relu_backward_f32(const float *y, const float *g, float *dst, long n) { (void)y; (void)g; (void)dst; (void)n; }
void dlenv_sigmoid_backward_f32(const float *y, const float *g, float *dst, long n) { (void)y; (void)g; (void)dst; (void)n; }
void dlenv_gelu_backward_f32(const float *x, const float *g, float *dst, long n) { (void)x; (void)g; (void)dst; (void)n; }
void dlenv_axpy_f32(const float *x, float alpha, float *y, long n) { (void)x; (void)alpha; (void)y; (void)n; }
void dlenv_exp_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_log_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_tanh_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_silu_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_gelu_tanh_f32(const float *src, float *dst, long n) { (void)src; (void)dst; (void)n; }
void dlenv_tanh_backward_f32(const float *y, const float *g, float *dst, long n) { (void)y; (void)g; (void)dst; (void)n; }
void dlenv_silu_backward_f32(const float *x, const float *g, float *dst, long n) { (void)x; (void)g; (void)dst; (void)n; }
void dlenv_gelu_tanh_backward_f32(const float *x, const float *g, float *dst, long n) { (void)x; (void)g; (void)dst; (void)n; }
#endif
