// SPDX-License-Identifier: MIT
// AVX-512 (F, BW, DQ, VL): 16 floats or 8 doubles per vector, the kernels' operations, then the
// kernels. Masks are k-registers; partial loads and stores are masked, so they never fault.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_SIMD_AVX512_HPP
#define ACTIV_DETAIL_SIMD_AVX512_HPP

#include "../config.hpp"

// Compiled only where this instruction set exists (each header also compiles on its own).
#if ACTIV_X86

#include <immintrin.h>

#include <array>  // the linear kernels' register tiles
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>  // std::index_sequence (the linear kernels); outside the target region

ACTIV_TARGET_PUSH("avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")
namespace activ::inline ACTIV_ABI::detail::avx512 {

struct f32 {
  __m512 r;
  ACTIV_INLINE explicit f32(float s) noexcept : r(_mm512_set1_ps(s)) {}
  ACTIV_INLINE f32(__m512 v) noexcept : r(v) {}
};
struct f64 {
  __m512d r;
  ACTIV_INLINE explicit f64(double s) noexcept : r(_mm512_set1_pd(s)) {}
  ACTIV_INLINE f64(__m512d v) noexcept : r(v) {}
};
struct m32 { __mmask16 k; };
struct m64 { __mmask8 k; };

template <class V> struct lane_type;
template <> struct lane_type<f32> { using type = float; };
template <> struct lane_type<f64> { using type = double; };
template <class V> using lane_t = typename lane_type<V>::type;
template <class V> inline constexpr std::size_t lanes = 64 / sizeof(lane_t<V>);
template <class T> using vec = std::conditional_t<sizeof(T) == 4, f32, f64>;
// A fused multiply-add is one instruction (kernels may trade a division for two of them).
inline constexpr bool native_fma = true;
// Vector registers the compiler can allocate (the linear kernels size their tiles by it).
inline constexpr std::size_t vector_registers = 32;

ACTIV_INLINE f32 operator+(f32 a, f32 b) noexcept { return _mm512_add_ps(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a, f32 b) noexcept { return _mm512_sub_ps(a.r, b.r); }
ACTIV_INLINE f32 operator*(f32 a, f32 b) noexcept { return _mm512_mul_ps(a.r, b.r); }
ACTIV_INLINE f32 operator/(f32 a, f32 b) noexcept { return _mm512_div_ps(a.r, b.r); }
// The compiler's own negation (a sign flip, as the xor with -0 it emits): unlike an xor
// intrinsic, it is folded into vfmsub / vfnmadd where an fma takes it, with the same result.
ACTIV_INLINE f32 operator-(f32 a) noexcept { return -a.r; }
ACTIV_INLINE m32 operator<(f32 a, f32 b) noexcept { return {_mm512_cmp_ps_mask(a.r, b.r, _CMP_LT_OQ)}; }
ACTIV_INLINE m32 operator<=(f32 a, f32 b) noexcept { return {_mm512_cmp_ps_mask(a.r, b.r, _CMP_LE_OQ)}; }
ACTIV_INLINE m32 operator>(f32 a, f32 b) noexcept { return {_mm512_cmp_ps_mask(a.r, b.r, _CMP_GT_OQ)}; }
ACTIV_INLINE m32 operator>=(f32 a, f32 b) noexcept { return {_mm512_cmp_ps_mask(a.r, b.r, _CMP_GE_OQ)}; }
ACTIV_INLINE f32 fma(f32 a, f32 b, f32 c) noexcept { return _mm512_fmadd_ps(a.r, b.r, c.r); }
ACTIV_INLINE f32 min(f32 a, f32 b) noexcept { return _mm512_min_ps(a.r, b.r); }
ACTIV_INLINE f32 max(f32 a, f32 b) noexcept { return _mm512_max_ps(a.r, b.r); }
ACTIV_INLINE f32 select(m32 m, f32 a, f32 b) noexcept { return _mm512_mask_blend_ps(m.k, b.r, a.r); }
ACTIV_INLINE f32 abs(f32 a) noexcept { return _mm512_abs_ps(a.r); }
ACTIV_INLINE f32 copysign(f32 mag, f32 sgn) noexcept {
  // Ternary logic 0xCA = a ? b : c bitwise, with a the sign bit, b = sgn and c = mag.
  return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(
      _mm512_set1_epi32(INT32_MIN), _mm512_castps_si512(sgn.r), _mm512_castps_si512(mag.r), 0xCA));
}

ACTIV_INLINE f64 operator+(f64 a, f64 b) noexcept { return _mm512_add_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a, f64 b) noexcept { return _mm512_sub_pd(a.r, b.r); }
ACTIV_INLINE f64 operator*(f64 a, f64 b) noexcept { return _mm512_mul_pd(a.r, b.r); }
ACTIV_INLINE f64 operator/(f64 a, f64 b) noexcept { return _mm512_div_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a) noexcept { return -a.r; }
ACTIV_INLINE m64 operator<(f64 a, f64 b) noexcept { return {_mm512_cmp_pd_mask(a.r, b.r, _CMP_LT_OQ)}; }
ACTIV_INLINE m64 operator<=(f64 a, f64 b) noexcept { return {_mm512_cmp_pd_mask(a.r, b.r, _CMP_LE_OQ)}; }
ACTIV_INLINE m64 operator>(f64 a, f64 b) noexcept { return {_mm512_cmp_pd_mask(a.r, b.r, _CMP_GT_OQ)}; }
ACTIV_INLINE m64 operator>=(f64 a, f64 b) noexcept { return {_mm512_cmp_pd_mask(a.r, b.r, _CMP_GE_OQ)}; }
ACTIV_INLINE f64 fma(f64 a, f64 b, f64 c) noexcept { return _mm512_fmadd_pd(a.r, b.r, c.r); }
ACTIV_INLINE f64 min(f64 a, f64 b) noexcept { return _mm512_min_pd(a.r, b.r); }
ACTIV_INLINE f64 max(f64 a, f64 b) noexcept { return _mm512_max_pd(a.r, b.r); }
ACTIV_INLINE f64 select(m64 m, f64 a, f64 b) noexcept { return _mm512_mask_blend_pd(m.k, b.r, a.r); }
ACTIV_INLINE f64 abs(f64 a) noexcept { return _mm512_abs_pd(a.r); }
ACTIV_INLINE f64 copysign(f64 mag, f64 sgn) noexcept {
  return _mm512_castsi512_pd(_mm512_ternarylogic_epi64(
      _mm512_set1_epi64(INT64_MIN), _mm512_castpd_si512(sgn.r), _mm512_castpd_si512(mag.r), 0xCA));
}

template <class V> ACTIV_INLINE V load(const lane_t<V>* p) noexcept {
  if constexpr (std::is_same_v<V, f32>) return _mm512_loadu_ps(p);
  else return _mm512_loadu_pd(p);
}
ACTIV_INLINE void store(float* p, f32 v) noexcept { _mm512_storeu_ps(p, v.r); }
ACTIV_INLINE void store(double* p, f64 v) noexcept { _mm512_storeu_pd(p, v.r); }

template <class V>
ACTIV_INLINE V load_n(const lane_t<V>* p, std::size_t n, V fill = V(0)) noexcept {
  if constexpr (std::is_same_v<V, f32>) {
    return _mm512_mask_loadu_ps(fill.r, static_cast<__mmask16>((1u << n) - 1), p);
  } else {
    return _mm512_mask_loadu_pd(fill.r, static_cast<__mmask8>((1u << n) - 1), p);
  }
}
ACTIV_INLINE void store_n(float* p, f32 v, std::size_t n) noexcept {
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), v.r);
}
ACTIV_INLINE void store_n(double* p, f64 v, std::size_t n) noexcept {
  _mm512_mask_storeu_pd(p, static_cast<__mmask8>((1u << n) - 1), v.r);
}

// vscalef: m * 2^floor(n), rounded once, subnormals included; NaN n gives NaN.
ACTIV_INLINE f32 ldexp(f32 m, f32 n) noexcept { return _mm512_scalef_ps(m.r, n.r); }
ACTIV_INLINE f64 ldexp(f64 m, f64 n) noexcept { return _mm512_scalef_pd(m.r, n.r); }

// For positive normal s: s = significand * 2^exponent, significand in [1, 2).
template <class V> struct exponent_split_t { V significand, exponent; };
ACTIV_INLINE exponent_split_t<f32> exponent_split(f32 s) noexcept {
  return {_mm512_getmant_ps(s.r, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src), _mm512_getexp_ps(s.r)};
}
ACTIV_INLINE exponent_split_t<f64> exponent_split(f64 s) noexcept {
  return {_mm512_getmant_pd(s.r, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src), _mm512_getexp_pd(s.r)};
}

// Halving trees written out (GCC 12's _mm512_reduce_* warn of uninitialised lanes here).
ACTIV_INLINE float reduce_sum(f32 v) noexcept {
  const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v.r), _mm512_extractf32x8_ps(v.r, 1));
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
ACTIV_INLINE double reduce_sum(f64 v) noexcept {
  const __m256d h = _mm256_add_pd(_mm512_castpd512_pd256(v.r), _mm512_extractf64x4_pd(v.r, 1));
  const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
ACTIV_INLINE float reduce_max(f32 v) noexcept {
  const __m256 h = _mm256_max_ps(_mm512_castps512_ps256(v.r), _mm512_extractf32x8_ps(v.r, 1));
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}
ACTIV_INLINE double reduce_max(f64 v) noexcept {
  const __m256d h = _mm256_max_pd(_mm512_castpd512_pd256(v.r), _mm512_extractf64x4_pd(v.r, 1));
  const __m128d s = _mm_max_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  return _mm_cvtsd_f64(_mm_max_sd(s, _mm_unpackhi_pd(s, s)));
}

// ops for the linear kernels
// a * b + c, fused where the instruction set has it (here: one vfmadd).
ACTIV_INLINE f32 mul_add(f32 a, f32 b, f32 c) noexcept { return _mm512_fmadd_ps(a.r, b.r, c.r); }
ACTIV_INLINE f64 mul_add(f64 a, f64 b, f64 c) noexcept { return _mm512_fmadd_pd(a.r, b.r, c.r); }
// out[i] = (sum of the lanes of the i-th vector) + add[i], i < 4: four dot products finished at
// once (a transposing sum, far fewer shuffles than four reduce_sum).
// Each vector is first folded to 256 bits, then as in avx2.hpp.
ACTIV_INLINE __m256 fold256(__m512 v) noexcept {
  return _mm256_add_ps(_mm512_castps512_ps256(v), _mm512_extractf32x8_ps(v, 1));
}
ACTIV_INLINE __m256d fold256(__m512d v) noexcept {
  return _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_extractf64x4_pd(v, 1));
}
ACTIV_INLINE void store_sums4(float* out, const float* add, f32 a, f32 b, f32 c, f32 d) noexcept {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(fold256(a.r), fold256(b.r)),
                                  _mm256_hadd_ps(fold256(c.r), fold256(d.r)));
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  _mm_storeu_ps(out, _mm_add_ps(s, _mm_loadu_ps(add)));
}
ACTIV_INLINE void store_sums4(double* out, const double* add, f64 a, f64 b, f64 c, f64 d) noexcept {
  const __m256d ab = _mm256_hadd_pd(fold256(a.r), fold256(b.r));
  const __m256d cd = _mm256_hadd_pd(fold256(c.r), fold256(d.r));
  const __m256d s = _mm256_add_pd(_mm256_permute2f128_pd(ab, cd, 0x20), _mm256_permute2f128_pd(ab, cd, 0x31));
  _mm256_storeu_pd(out, _mm256_add_pd(s, _mm256_loadu_pd(add)));
}

// ops for the softmax kernels
// Interleave the low (zip_lo) or high (zip_hi) halves of a and b: a0 b0 a1 b1 ... (one
// two-source permute each). log2(lanes) rounds of them transpose a square of vectors.
ACTIV_INLINE f32 zip_lo(f32 a, f32 b) noexcept {
  return _mm512_permutex2var_ps(a.r, _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), b.r);
}
ACTIV_INLINE f32 zip_hi(f32 a, f32 b) noexcept {
  return _mm512_permutex2var_ps(a.r, _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), b.r);
}
ACTIV_INLINE f64 zip_lo(f64 a, f64 b) noexcept {
  return _mm512_permutex2var_pd(a.r, _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), b.r);
}
ACTIV_INLINE f64 zip_hi(f64 a, f64 b) noexcept {
  return _mm512_permutex2var_pd(a.r, _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), b.r);
}

// ops for the piecewise kernels
// table[idx] in every lane, for integer-valued idx in [0, 16): one permute across the table
// (one register of floats, two of doubles).
ACTIV_INLINE f32 lookup16(f32 idx, const float (&table)[16]) noexcept {
  return _mm512_permutexvar_ps(_mm512_cvttps_epi32(idx.r), _mm512_loadu_ps(table));
}
ACTIV_INLINE f64 lookup16(f64 idx, const double (&table)[16]) noexcept {
  return _mm512_permutex2var_pd(_mm512_loadu_pd(table), _mm512_cvttpd_epi64(idx.r),
                                _mm512_loadu_pd(table + 8));
}
}  // namespace activ::inline ACTIV_ABI::detail::avx512

#define ACTIV_ISA_NS avx512
#include "../kernels/all-inl.hpp"
#undef ACTIV_ISA_NS
ACTIV_TARGET_POP

#endif  // ACTIV_X86

#endif  // ACTIV_DETAIL_SIMD_AVX512_HPP
