// SPDX-License-Identifier: MIT
// AVX2 + FMA: 8 floats or 4 doubles per vector, the kernels' operations, then the kernels.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_SIMD_AVX2_HPP
#define ACTIV_DETAIL_SIMD_AVX2_HPP

#include "../config.hpp"

// Compiled only where this instruction set exists (each header also compiles on its own).
#if ACTIV_X86

#include <immintrin.h>

#include <array>  // the linear kernels' register tiles
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>  // std::index_sequence (the linear kernels); outside the target region

ACTIV_TARGET_PUSH("avx2,fma")
namespace activ::inline ACTIV_ABI::detail::avx2 {

struct f32 {
  __m256 r;
  ACTIV_INLINE explicit f32(float s) noexcept : r(_mm256_set1_ps(s)) {}
  ACTIV_INLINE f32(__m256 v) noexcept : r(v) {}
};
struct f64 {
  __m256d r;
  ACTIV_INLINE explicit f64(double s) noexcept : r(_mm256_set1_pd(s)) {}
  ACTIV_INLINE f64(__m256d v) noexcept : r(v) {}
};
struct m32 { __m256 m; };
struct m64 { __m256d m; };

template <class V> struct lane_type;
template <> struct lane_type<f32> { using type = float; };
template <> struct lane_type<f64> { using type = double; };
template <class V> using lane_t = typename lane_type<V>::type;
template <class V> inline constexpr std::size_t lanes = 32 / sizeof(lane_t<V>);
template <class T> using vec = std::conditional_t<sizeof(T) == 4, f32, f64>;
// A fused multiply-add is one instruction (kernels may trade a division for two of them).
inline constexpr bool native_fma = true;
// Vector registers the compiler can allocate (the linear kernels size their tiles by it).
inline constexpr std::size_t vector_registers = 16;

ACTIV_INLINE f32 operator+(f32 a, f32 b) noexcept { return _mm256_add_ps(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a, f32 b) noexcept { return _mm256_sub_ps(a.r, b.r); }
ACTIV_INLINE f32 operator*(f32 a, f32 b) noexcept { return _mm256_mul_ps(a.r, b.r); }
ACTIV_INLINE f32 operator/(f32 a, f32 b) noexcept { return _mm256_div_ps(a.r, b.r); }
// The compiler's own negation (a sign flip, as the xor with -0 it emits): unlike an xor
// intrinsic, it is folded into vfmsub / vfnmadd where an fma takes it, with the same result.
ACTIV_INLINE f32 operator-(f32 a) noexcept { return -a.r; }
ACTIV_INLINE m32 operator<(f32 a, f32 b) noexcept { return {_mm256_cmp_ps(a.r, b.r, _CMP_LT_OQ)}; }
ACTIV_INLINE m32 operator<=(f32 a, f32 b) noexcept { return {_mm256_cmp_ps(a.r, b.r, _CMP_LE_OQ)}; }
ACTIV_INLINE m32 operator>(f32 a, f32 b) noexcept { return {_mm256_cmp_ps(a.r, b.r, _CMP_GT_OQ)}; }
ACTIV_INLINE m32 operator>=(f32 a, f32 b) noexcept { return {_mm256_cmp_ps(a.r, b.r, _CMP_GE_OQ)}; }
ACTIV_INLINE f32 fma(f32 a, f32 b, f32 c) noexcept { return _mm256_fmadd_ps(a.r, b.r, c.r); }
ACTIV_INLINE f32 min(f32 a, f32 b) noexcept { return _mm256_min_ps(a.r, b.r); }
ACTIV_INLINE f32 max(f32 a, f32 b) noexcept { return _mm256_max_ps(a.r, b.r); }
ACTIV_INLINE f32 select(m32 m, f32 a, f32 b) noexcept { return _mm256_blendv_ps(b.r, a.r, m.m); }
ACTIV_INLINE f32 abs(f32 a) noexcept { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a.r); }
ACTIV_INLINE f32 copysign(f32 mag, f32 sgn) noexcept {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  return _mm256_or_ps(_mm256_andnot_ps(sign, mag.r), _mm256_and_ps(sign, sgn.r));
}

ACTIV_INLINE f64 operator+(f64 a, f64 b) noexcept { return _mm256_add_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a, f64 b) noexcept { return _mm256_sub_pd(a.r, b.r); }
ACTIV_INLINE f64 operator*(f64 a, f64 b) noexcept { return _mm256_mul_pd(a.r, b.r); }
ACTIV_INLINE f64 operator/(f64 a, f64 b) noexcept { return _mm256_div_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a) noexcept { return -a.r; }
ACTIV_INLINE m64 operator<(f64 a, f64 b) noexcept { return {_mm256_cmp_pd(a.r, b.r, _CMP_LT_OQ)}; }
ACTIV_INLINE m64 operator<=(f64 a, f64 b) noexcept { return {_mm256_cmp_pd(a.r, b.r, _CMP_LE_OQ)}; }
ACTIV_INLINE m64 operator>(f64 a, f64 b) noexcept { return {_mm256_cmp_pd(a.r, b.r, _CMP_GT_OQ)}; }
ACTIV_INLINE m64 operator>=(f64 a, f64 b) noexcept { return {_mm256_cmp_pd(a.r, b.r, _CMP_GE_OQ)}; }
ACTIV_INLINE f64 fma(f64 a, f64 b, f64 c) noexcept { return _mm256_fmadd_pd(a.r, b.r, c.r); }
ACTIV_INLINE f64 min(f64 a, f64 b) noexcept { return _mm256_min_pd(a.r, b.r); }
ACTIV_INLINE f64 max(f64 a, f64 b) noexcept { return _mm256_max_pd(a.r, b.r); }
ACTIV_INLINE f64 select(m64 m, f64 a, f64 b) noexcept { return _mm256_blendv_pd(b.r, a.r, m.m); }
ACTIV_INLINE f64 abs(f64 a) noexcept { return _mm256_andnot_pd(_mm256_set1_pd(-0.0), a.r); }
ACTIV_INLINE f64 copysign(f64 mag, f64 sgn) noexcept {
  const __m256d sign = _mm256_set1_pd(-0.0);
  return _mm256_or_pd(_mm256_andnot_pd(sign, mag.r), _mm256_and_pd(sign, sgn.r));
}

// Lane i of the result is all ones for i < n: the masks of the partial loads and stores.
ACTIV_INLINE __m256i first_n_32(std::size_t n) noexcept {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
ACTIV_INLINE __m256i first_n_64(std::size_t n) noexcept {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(n)),
                            _mm256_setr_epi64x(0, 1, 2, 3));
}

template <class V> ACTIV_INLINE V load(const lane_t<V>* p) noexcept {
  if constexpr (std::is_same_v<V, f32>) return _mm256_loadu_ps(p);
  else return _mm256_loadu_pd(p);
}
ACTIV_INLINE void store(float* p, f32 v) noexcept { _mm256_storeu_ps(p, v.r); }
ACTIV_INLINE void store(double* p, f64 v) noexcept { _mm256_storeu_pd(p, v.r); }

// vmaskmov neither reads nor faults on the masked-off lanes.
template <class V>
ACTIV_INLINE V load_n(const lane_t<V>* p, std::size_t n, V fill = V(0)) noexcept {
  if constexpr (std::is_same_v<V, f32>) {
    const __m256i m = first_n_32(n);
    return _mm256_blendv_ps(fill.r, _mm256_maskload_ps(p, m), _mm256_castsi256_ps(m));
  } else {
    const __m256i m = first_n_64(n);
    return _mm256_blendv_pd(fill.r, _mm256_maskload_pd(p, m), _mm256_castsi256_pd(m));
  }
}
ACTIV_INLINE void store_n(float* p, f32 v, std::size_t n) noexcept {
  _mm256_maskstore_ps(p, first_n_32(n), v.r);
}
ACTIV_INLINE void store_n(double* p, f64 v, std::size_t n) noexcept {
  _mm256_maskstore_pd(p, first_n_64(n), v.r);
}

// m * 2^n for integer-valued n, |n| <= 2 * (bias - 1): two normal powers of two, so only the
// last product rounds (into the subnormals where it must).
ACTIV_INLINE f32 ldexp(f32 m, f32 n) noexcept {
  const __m256i k = _mm256_cvtps_epi32(n.r);
  const __m256i k1 = _mm256_srai_epi32(k, 1);
  const __m256i k2 = _mm256_sub_epi32(k, k1);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 p1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, bias), 23));
  const __m256 p2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k2, bias), 23));
  return _mm256_mul_ps(_mm256_mul_ps(m.r, p1), p2);
}
ACTIV_INLINE f64 ldexp(f64 m, f64 n) noexcept {
  const __m128i k = _mm256_cvtpd_epi32(n.r);
  const __m128i k1 = _mm_srai_epi32(k, 1);
  const __m128i k2 = _mm_sub_epi32(k, k1);
  const __m256i bias = _mm256_set1_epi64x(1023);
  const __m256d p1 = _mm256_castsi256_pd(
      _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k1), bias), 52));
  const __m256d p2 = _mm256_castsi256_pd(
      _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(k2), bias), 52));
  return _mm256_mul_pd(_mm256_mul_pd(m.r, p1), p2);
}

// For positive normal s: s = significand * 2^exponent, significand in [1, 2).
template <class V> struct exponent_split_t { V significand, exponent; };
ACTIV_INLINE exponent_split_t<f32> exponent_split(f32 s) noexcept {
  const __m256i bits = _mm256_castps_si256(s.r);
  const __m256i e = _mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127));
  const __m256i f = _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)),
                                    _mm256_set1_epi32(0x3f800000));
  return {_mm256_castsi256_ps(f), _mm256_cvtepi32_ps(e)};
}
ACTIV_INLINE exponent_split_t<f64> exponent_split(f64 s) noexcept {
  const __m256i bits = _mm256_castpd_si256(s.r);
  // The biased exponent as a double: OR it into the significand of 2^52, then subtract.
  const __m256d two52 = _mm256_set1_pd(0x1p52);
  const __m256d biased = _mm256_sub_pd(
      _mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(bits, 52), _mm256_castpd_si256(two52))),
      two52);
  const __m256i f =
      _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi64x(0x000fffffffffffffLL)),
                      _mm256_set1_epi64x(0x3ff0000000000000LL));
  return {_mm256_castsi256_pd(f), _mm256_sub_pd(biased, _mm256_set1_pd(1023.0))};
}

ACTIV_INLINE float reduce_sum(f32 v) noexcept {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v.r), _mm256_extractf128_ps(v.r, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
ACTIV_INLINE double reduce_sum(f64 v) noexcept {
  __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v.r), _mm256_extractf128_pd(v.r, 1));
  s = _mm_add_sd(s, _mm_unpackhi_pd(s, s));
  return _mm_cvtsd_f64(s);
}
ACTIV_INLINE float reduce_max(f32 v) noexcept {
  __m128 s = _mm_max_ps(_mm256_castps256_ps128(v.r), _mm256_extractf128_ps(v.r, 1));
  s = _mm_max_ps(s, _mm_movehl_ps(s, s));
  s = _mm_max_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
ACTIV_INLINE double reduce_max(f64 v) noexcept {
  __m128d s = _mm_max_pd(_mm256_castpd256_pd128(v.r), _mm256_extractf128_pd(v.r, 1));
  s = _mm_max_sd(s, _mm_unpackhi_pd(s, s));
  return _mm_cvtsd_f64(s);
}

// ops for the linear kernels
// a * b + c, fused where the instruction set has it (here: one vfmadd).
ACTIV_INLINE f32 mul_add(f32 a, f32 b, f32 c) noexcept { return _mm256_fmadd_ps(a.r, b.r, c.r); }
ACTIV_INLINE f64 mul_add(f64 a, f64 b, f64 c) noexcept { return _mm256_fmadd_pd(a.r, b.r, c.r); }
// out[i] = (sum of the lanes of the i-th vector) + add[i], i < 4: four dot products finished at
// once (a transposing sum, far fewer shuffles than four reduce_sum).
ACTIV_INLINE void store_sums4(float* out, const float* add, f32 a, f32 b, f32 c, f32 d) noexcept {
  const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a.r, b.r), _mm256_hadd_ps(c.r, d.r));
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  _mm_storeu_ps(out, _mm_add_ps(s, _mm_loadu_ps(add)));
}
ACTIV_INLINE void store_sums4(double* out, const double* add, f64 a, f64 b, f64 c, f64 d) noexcept {
  const __m256d ab = _mm256_hadd_pd(a.r, b.r), cd = _mm256_hadd_pd(c.r, d.r);  // a01 b01 a23 b23
  const __m256d s = _mm256_add_pd(_mm256_permute2f128_pd(ab, cd, 0x20), _mm256_permute2f128_pd(ab, cd, 0x31));
  _mm256_storeu_pd(out, _mm256_add_pd(s, _mm256_loadu_pd(add)));
}

// ops for the softmax kernels
// Interleave the low (zip_lo) or high (zip_hi) halves of a and b: a0 b0 a1 b1 ... (across the
// 128-bit halves). log2(lanes) rounds of them transpose a square of vectors.
ACTIV_INLINE f32 zip_lo(f32 a, f32 b) noexcept {
  return _mm256_permute2f128_ps(_mm256_unpacklo_ps(a.r, b.r), _mm256_unpackhi_ps(a.r, b.r), 0x20);
}
ACTIV_INLINE f32 zip_hi(f32 a, f32 b) noexcept {
  return _mm256_permute2f128_ps(_mm256_unpacklo_ps(a.r, b.r), _mm256_unpackhi_ps(a.r, b.r), 0x31);
}
ACTIV_INLINE f64 zip_lo(f64 a, f64 b) noexcept {
  return _mm256_permute2f128_pd(_mm256_unpacklo_pd(a.r, b.r), _mm256_unpackhi_pd(a.r, b.r), 0x20);
}
ACTIV_INLINE f64 zip_hi(f64 a, f64 b) noexcept {
  return _mm256_permute2f128_pd(_mm256_unpacklo_pd(a.r, b.r), _mm256_unpackhi_pd(a.r, b.r), 0x31);
}

// ops for the piecewise kernels
// table[idx] in every lane, for integer-valued idx in [0, 16). Floats: a permute of each half
// of the table, then bit 3 of idx (shifted to the sign) picks the half. Doubles: one gather.
ACTIV_INLINE f32 lookup16(f32 idx, const float (&table)[16]) noexcept {
  const __m256i i = _mm256_cvttps_epi32(idx.r);
  const __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), i);
  const __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8), i);
  return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}
ACTIV_INLINE f64 lookup16(f64 idx, const double (&table)[16]) noexcept {
  return _mm256_i32gather_pd(table, _mm256_cvttpd_epi32(idx.r), 8);
}
}  // namespace activ::inline ACTIV_ABI::detail::avx2

#define ACTIV_ISA_NS avx2
#include "../kernels/all-inl.hpp"
#undef ACTIV_ISA_NS
ACTIV_TARGET_POP

#endif  // ACTIV_X86

#endif  // ACTIV_DETAIL_SIMD_AVX2_HPP
