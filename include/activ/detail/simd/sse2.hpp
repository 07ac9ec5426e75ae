// SPDX-License-Identifier: MIT
// SSE2, the x86-64 baseline: 4 floats or 2 doubles per vector, the kernels' operations, then the
// kernels. SSE2 has no fused multiply-add, no blend and no masked load, so those are built
// from other instructions here (fma exactly enough for the kernels' error-free residuals).
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_SIMD_SSE2_HPP
#define ACTIV_DETAIL_SIMD_SSE2_HPP

#include "../config.hpp"

// Compiled only where this instruction set exists (each header also compiles on its own).
#if ACTIV_X86

#include <emmintrin.h>

#include <array>  // the linear kernels' register tiles
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>  // std::index_sequence (the linear kernels); outside the target region

ACTIV_TARGET_PUSH("sse2")
namespace activ::inline ACTIV_ABI::detail::sse2 {

struct f32 {
  __m128 r;
  ACTIV_INLINE explicit f32(float s) noexcept : r(_mm_set1_ps(s)) {}
  ACTIV_INLINE f32(__m128 v) noexcept : r(v) {}
};
struct f64 {
  __m128d r;
  ACTIV_INLINE explicit f64(double s) noexcept : r(_mm_set1_pd(s)) {}
  ACTIV_INLINE f64(__m128d v) noexcept : r(v) {}
};
struct m32 { __m128 m; };
struct m64 { __m128d m; };

template <class V> struct lane_type;
template <> struct lane_type<f32> { using type = float; };
template <> struct lane_type<f64> { using type = double; };
template <class V> using lane_t = typename lane_type<V>::type;
template <class V> inline constexpr std::size_t lanes = 16 / sizeof(lane_t<V>);
template <class T> using vec = std::conditional_t<sizeof(T) == 4, f32, f64>;
// fma() below is emulated in many instructions: a division is cheaper than two of them.
inline constexpr bool native_fma = false;
// Vector registers the compiler can allocate (the linear kernels size their tiles by it).
inline constexpr std::size_t vector_registers = 16;

ACTIV_INLINE f32 operator+(f32 a, f32 b) noexcept { return _mm_add_ps(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a, f32 b) noexcept { return _mm_sub_ps(a.r, b.r); }
ACTIV_INLINE f32 operator*(f32 a, f32 b) noexcept { return _mm_mul_ps(a.r, b.r); }
ACTIV_INLINE f32 operator/(f32 a, f32 b) noexcept { return _mm_div_ps(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a) noexcept { return _mm_xor_ps(a.r, _mm_set1_ps(-0.0f)); }
ACTIV_INLINE m32 operator<(f32 a, f32 b) noexcept { return {_mm_cmplt_ps(a.r, b.r)}; }
ACTIV_INLINE m32 operator<=(f32 a, f32 b) noexcept { return {_mm_cmple_ps(a.r, b.r)}; }
ACTIV_INLINE m32 operator>(f32 a, f32 b) noexcept { return {_mm_cmpgt_ps(a.r, b.r)}; }
ACTIV_INLINE m32 operator>=(f32 a, f32 b) noexcept { return {_mm_cmpge_ps(a.r, b.r)}; }
ACTIV_INLINE f32 min(f32 a, f32 b) noexcept { return _mm_min_ps(a.r, b.r); }
ACTIV_INLINE f32 max(f32 a, f32 b) noexcept { return _mm_max_ps(a.r, b.r); }
ACTIV_INLINE f32 select(m32 m, f32 a, f32 b) noexcept {
  return _mm_or_ps(_mm_and_ps(m.m, a.r), _mm_andnot_ps(m.m, b.r));
}
ACTIV_INLINE f32 abs(f32 a) noexcept { return _mm_andnot_ps(_mm_set1_ps(-0.0f), a.r); }
ACTIV_INLINE f32 copysign(f32 mag, f32 sgn) noexcept {
  const __m128 sign = _mm_set1_ps(-0.0f);
  return _mm_or_ps(_mm_andnot_ps(sign, mag.r), _mm_and_ps(sign, sgn.r));
}
// a * b + c: the float product is exact in double, so one double addition and the conversion
// back round it: exact where the result is representable, otherwise rounded twice, within an
// ulp (1 case in 10^4 of random operands whose factors have few bits). A subnormal result can be
// an ulp off too, rarely: 641 * 2^-91 times 6700417 * 2^-91 is (2^32 + 1) 2^-182, and plus 2^-127
// the double sum drops the 2^-182 and lands halfway between two subnormal floats.
ACTIV_INLINE f32 fma(f32 a, f32 b, f32 c) noexcept {
  const auto half = [](__m128 a2, __m128 b2, __m128 c2) ACTIV_INLINE_LAMBDA {
    return _mm_cvtpd_ps(_mm_add_pd(_mm_mul_pd(_mm_cvtps_pd(a2), _mm_cvtps_pd(b2)), _mm_cvtps_pd(c2)));
  };
  const __m128 lo = half(a.r, b.r, c.r);
  const __m128 hi = half(_mm_movehl_ps(a.r, a.r), _mm_movehl_ps(b.r, b.r), _mm_movehl_ps(c.r, c.r));
  return _mm_movelh_ps(lo, hi);
}

ACTIV_INLINE f64 operator+(f64 a, f64 b) noexcept { return _mm_add_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a, f64 b) noexcept { return _mm_sub_pd(a.r, b.r); }
ACTIV_INLINE f64 operator*(f64 a, f64 b) noexcept { return _mm_mul_pd(a.r, b.r); }
ACTIV_INLINE f64 operator/(f64 a, f64 b) noexcept { return _mm_div_pd(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a) noexcept { return _mm_xor_pd(a.r, _mm_set1_pd(-0.0)); }
ACTIV_INLINE m64 operator<(f64 a, f64 b) noexcept { return {_mm_cmplt_pd(a.r, b.r)}; }
ACTIV_INLINE m64 operator<=(f64 a, f64 b) noexcept { return {_mm_cmple_pd(a.r, b.r)}; }
ACTIV_INLINE m64 operator>(f64 a, f64 b) noexcept { return {_mm_cmpgt_pd(a.r, b.r)}; }
ACTIV_INLINE m64 operator>=(f64 a, f64 b) noexcept { return {_mm_cmpge_pd(a.r, b.r)}; }
ACTIV_INLINE f64 min(f64 a, f64 b) noexcept { return _mm_min_pd(a.r, b.r); }
ACTIV_INLINE f64 max(f64 a, f64 b) noexcept { return _mm_max_pd(a.r, b.r); }
ACTIV_INLINE f64 select(m64 m, f64 a, f64 b) noexcept {
  return _mm_or_pd(_mm_and_pd(m.m, a.r), _mm_andnot_pd(m.m, b.r));
}
ACTIV_INLINE f64 abs(f64 a) noexcept { return _mm_andnot_pd(_mm_set1_pd(-0.0), a.r); }
ACTIV_INLINE f64 copysign(f64 mag, f64 sgn) noexcept {
  const __m128d sign = _mm_set1_pd(-0.0);
  return _mm_or_pd(_mm_andnot_pd(sign, mag.r), _mm_and_pd(sign, sgn.r));
}
// a * b + c from Dekker's exact product (Veltkamp split) and Knuth's two-sums, as hi + lo: hi is
// exact wherever the result is representable, as the kernels' residuals are, and within an ulp
// elsewhere; hi + lo is the exact result (lo rounded, but with the exact sign, zero only when hi
// is exact). That holds where the split and the partial products neither overflow (|a|, |b| <
// 2^995 and |a b| well below the largest double) nor underflow (the low halves' product, about
// 2^-104 |a b|, must not fall below 2^-1074: |a b| >= 2^-968 with a and b normal); fma() below
// scales the operands into that range. `plain` is a * b + c rounded twice.
struct fma_parts { f64 hi, lo, plain; };
ACTIV_INLINE fma_parts fma_split(f64 a, f64 b, f64 c) noexcept {
  const __m128d split = _mm_set1_pd(134217729.0);  // 2^27 + 1
  const __m128d p = _mm_mul_pd(a.r, b.r);
  const __m128d ta = _mm_mul_pd(split, a.r), ah = _mm_sub_pd(ta, _mm_sub_pd(ta, a.r));
  const __m128d al = _mm_sub_pd(a.r, ah);
  const __m128d tb = _mm_mul_pd(split, b.r), bh = _mm_sub_pd(tb, _mm_sub_pd(tb, b.r));
  const __m128d bl = _mm_sub_pd(b.r, bh);
  const __m128d pe = _mm_add_pd(
      _mm_add_pd(_mm_add_pd(_mm_sub_pd(_mm_mul_pd(ah, bh), p), _mm_mul_pd(ah, bl)), _mm_mul_pd(al, bh)),
      _mm_mul_pd(al, bl));                                             // p + pe == a * b
  const auto two_sum_error = [](__m128d x, __m128d y, __m128d sum) {  // x + y - sum, exactly
    const __m128d yv = _mm_sub_pd(sum, x);
    return _mm_add_pd(_mm_sub_pd(x, _mm_sub_pd(sum, yv)), _mm_sub_pd(y, yv));
  };
  const __m128d s = _mm_add_pd(p, c.r), se = two_sum_error(p, c.r, s);  // s + se == p + c
  const __m128d t = _mm_add_pd(se, pe), te = two_sum_error(se, pe, t);
  const __m128d hi = _mm_add_pd(s, t);
  return {hi, _mm_add_pd(two_sum_error(s, t, hi), te), s};
}
// fma_split, on operands scaled by powers of two where it would not be exact. The common case
// (in every lane, factors below 2^995 and a zero factor or a product in [2^-900, 2^1000)) costs a
// few compares and one movemask test. Otherwise, where neither factor is zero:
// - a factor of 2^995 or more, or a product of 2^1000 or more: the larger factor and c are scaled
//   by 2^-128 (exactly, but for a c too small to matter) and the result back by 2^128: a residual
//   such as x - q alpha with a huge alpha stays exact instead of overflowing in the plain
//   product (CELU<double>, fuzz), and a product past the largest double gives +-inf, not NaN;
// - a product below 2^-900 (then the larger factor is below 2^174, the smaller below 2^-450):
//   the smaller factor (normal after it) and c are scaled by 2^512 and the result back by
//   2^-512, so the scaled product is exact down to |a b| = 2^-1480; smaller ones cannot move a
//   nonzero c. A c of 2^511 or more is left as it is (scaled it would overflow; a product below
//   2^-900 cannot change it). A subnormal result is rounded once, at scale, to the multiples of
//   2^-562 (2^-1074 once scaled back) from hi + lo, so it is correctly rounded, as std::fma's
//   is: rounding hi again would be off by an ulp at a tie, and a derivative's one-ulp
//   subnormal error is a large relative one once a gradient multiplies it. (Residuals such as
//   x - q alpha with a tiny alpha and a subnormal x were millions of ulps off: CELU, ELU.)
// Where a factor is still 2^995 or more (the other is zero, or both are huge) or infinite, or
// the scaled product overflows, the plain a * b + c is the result. An infinite or NaN c with
// finite factors is the result itself (the two-sums would make inf - inf = NaN of it, and a
// product that overflows only when rounded must not meet an infinite c of the other sign).
// The lanes' classification: where fma_split alone is exact (and c finite) nothing is set.
struct fma_lanes { __m128d aa, ba, nonzero, big, tiny, c_special; };
ACTIV_INLINE fma_lanes fma_classify(f64 a, f64 b, f64 c) noexcept {
  const __m128d aa = abs(a).r, ba = abs(b).r;
  const __m128d larger = _mm_max_pd(aa, ba), smaller = _mm_min_pd(aa, ba);
  const __m128d pa = abs(a * b).r;  // fma_split's product, shared
  const __m128d huge = _mm_cmpge_pd(larger, _mm_set1_pd(0x1p995));
  const __m128d nonzero = _mm_cmpgt_pd(smaller, _mm_setzero_pd());
  const __m128d big = _mm_or_pd(huge, _mm_cmpge_pd(pa, _mm_set1_pd(0x1p1000)));
  const __m128d tiny = _mm_and_pd(nonzero, _mm_cmplt_pd(pa, _mm_set1_pd(0x1p-900)));
  const __m128d c_zero = _mm_sub_pd(c.r, c.r);                  // NaN where c is inf or NaN
  return {aa, ba, nonzero, big, tiny, _mm_cmpunord_pd(c_zero, c_zero)};
}
// The scaled path, out of line: it is rare at run time, and inlined into every fused
// multiply-add of every double kernel it made tests/kernels/double.cpp compile in 306 s
// (float.cpp: 73 s). A template, so the header may define it without `inline`, which GCC
// refuses beside noinline.
template <int = 0> ACTIV_NOINLINE f64 fma_scaled(f64 a, f64 b, f64 c) noexcept;
ACTIV_INLINE f64 fma(f64 a, f64 b, f64 c) noexcept {
  const fma_lanes k = fma_classify(a, b, c);
  if (_mm_movemask_pd(_mm_or_pd(_mm_or_pd(k.big, k.tiny), k.c_special)) == 0) return fma_split(a, b, c).hi;
  return fma_scaled(a, b, c);
}
template <int> ACTIV_NOINLINE f64 fma_scaled(f64 a, f64 b, f64 c) noexcept {
  const auto [aa, ba, nonzero, big, tiny, c_special] = fma_classify(a, b, c);
  const __m128d max_finite = _mm_set1_pd(0x1.fffffffffffffp1023);
  const m64 c_is_result{_mm_and_pd(c_special, _mm_and_pd(_mm_cmple_pd(aa, max_finite),
                                                         _mm_cmple_pd(ba, max_finite)))};
  const f64 one(1.0);
  const __m128d down = _mm_and_pd(big, nonzero);
  const __m128d up = _mm_and_pd(tiny, _mm_cmplt_pd(abs(c).r, _mm_set1_pd(0x1p511)));
  const f64 of_larger = select(m64{down}, f64(0x1p-128), one);
  const f64 of_smaller = select(m64{up}, f64(0x1p512), one);
  const m64 a_larger{_mm_cmpge_pd(aa, ba)};
  const f64 as = a * select(a_larger, of_larger, of_smaller);
  const f64 bs = b * select(a_larger, of_smaller, of_larger);
  const fma_parts r = fma_split(as, bs, c * (of_larger * of_smaller));  // down and up never meet
  // At 2^512 a subnormal result lies below 2^-510; adding and taking away 2^-510 (with hi's sign)
  // rounds hi to the multiples of 2^-562, ties to even. At a tie (hi halfway) a nonzero lo on
  // the far side carries it one step on.
  const f64 m = copysign(f64(0x1p-510), r.hi);
  const f64 grid = (r.hi + m) - m, rem = r.hi - grid;  // both exact
  const __m128d far = _mm_xor_pd(r.lo.r, _mm_and_pd(rem.r, _mm_set1_pd(-0.0)));  // lo, times rem's sign
  const __m128d carry = _mm_and_pd(_mm_cmpeq_pd(abs(rem).r, _mm_set1_pd(0x1p-563)),
                                   _mm_cmpgt_pd(far, _mm_setzero_pd()));
  const f64 once = grid + f64(_mm_and_pd(carry, (rem + rem).r));
  const m64 subnormal{_mm_and_pd(up, _mm_cmplt_pd(abs(r.hi).r, _mm_set1_pd(0x1p-510)))};
  const m64 split_ok{_mm_and_pd(_mm_cmplt_pd(max(abs(as), abs(bs)).r, _mm_set1_pd(0x1p995)),
                                _mm_cmple_pd(abs(as * bs).r, _mm_set1_pd(0x1.fffffffffffffp1023)))};
  const f64 back = select(m64{down}, f64(0x1p128), select(m64{up}, f64(0x1p-512), one));
  return select(c_is_result, c, select(split_ok, select(subnormal, once, r.hi), r.plain) * back);
}

template <class V> ACTIV_INLINE V load(const lane_t<V>* p) noexcept {
  if constexpr (std::is_same_v<V, f32>) return _mm_loadu_ps(p);
  else return _mm_loadu_pd(p);
}
ACTIV_INLINE void store(float* p, f32 v) noexcept { _mm_storeu_ps(p, v.r); }
ACTIV_INLINE void store(double* p, f64 v) noexcept { _mm_storeu_pd(p, v.r); }

// No masked loads before AVX (partial loads and stores go through a buffer).
#include "tail_by_copy-inl.hpp"

// m * 2^n for integer-valued n, |n| <= 2 * (bias - 1): two normal powers of two, so only the
// last product rounds (into the subnormals where it must).
ACTIV_INLINE f32 ldexp(f32 m, f32 n) noexcept {
  const __m128i k = _mm_cvtps_epi32(n.r);
  const __m128i k1 = _mm_srai_epi32(k, 1);
  const __m128i k2 = _mm_sub_epi32(k, k1);
  const __m128i bias = _mm_set1_epi32(127);
  const __m128 p1 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k1, bias), 23));
  const __m128 p2 = _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k2, bias), 23));
  return _mm_mul_ps(_mm_mul_ps(m.r, p1), p2);
}
ACTIV_INLINE f64 ldexp(f64 m, f64 n) noexcept {
  const __m128i k = _mm_cvtpd_epi32(n.r);
  const __m128i k1 = _mm_srai_epi32(k, 1);
  const __m128i k2 = _mm_sub_epi32(k, k1);
  const auto pow2 = [](__m128i e) {  // two int32 lanes, sign-extended to int64, then biased
    const __m128i wide = _mm_unpacklo_epi32(e, _mm_srai_epi32(e, 31));
    return _mm_castsi128_pd(_mm_slli_epi64(_mm_add_epi64(wide, _mm_set1_epi64x(1023)), 52));
  };
  return _mm_mul_pd(_mm_mul_pd(m.r, pow2(k1)), pow2(k2));
}

// For positive normal s: s = significand * 2^exponent, significand in [1, 2).
template <class V> struct exponent_split_t { V significand, exponent; };
ACTIV_INLINE exponent_split_t<f32> exponent_split(f32 s) noexcept {
  const __m128i bits = _mm_castps_si128(s.r);
  const __m128i e = _mm_sub_epi32(_mm_srli_epi32(bits, 23), _mm_set1_epi32(127));
  const __m128i f = _mm_or_si128(_mm_and_si128(bits, _mm_set1_epi32(0x007fffff)),
                                 _mm_set1_epi32(0x3f800000));
  return {_mm_castsi128_ps(f), _mm_cvtepi32_ps(e)};
}
ACTIV_INLINE exponent_split_t<f64> exponent_split(f64 s) noexcept {
  const __m128i bits = _mm_castpd_si128(s.r);
  const __m128d two52 = _mm_set1_pd(0x1p52);
  const __m128d biased = _mm_sub_pd(
      _mm_castsi128_pd(_mm_or_si128(_mm_srli_epi64(bits, 52), _mm_castpd_si128(two52))), two52);
  const __m128i f = _mm_or_si128(_mm_and_si128(bits, _mm_set1_epi64x(0x000fffffffffffffLL)),
                                 _mm_set1_epi64x(0x3ff0000000000000LL));
  return {_mm_castsi128_pd(f), _mm_sub_pd(biased, _mm_set1_pd(1023.0))};
}

ACTIV_INLINE float reduce_sum(f32 v) noexcept {
  const __m128 s = _mm_add_ps(v.r, _mm_movehl_ps(v.r, v.r));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}
ACTIV_INLINE double reduce_sum(f64 v) noexcept {
  return _mm_cvtsd_f64(_mm_add_sd(v.r, _mm_unpackhi_pd(v.r, v.r)));
}
ACTIV_INLINE float reduce_max(f32 v) noexcept {
  const __m128 s = _mm_max_ps(v.r, _mm_movehl_ps(v.r, v.r));
  return _mm_cvtss_f32(_mm_max_ss(s, _mm_shuffle_ps(s, s, 1)));
}
ACTIV_INLINE double reduce_max(f64 v) noexcept {
  return _mm_cvtsd_f64(_mm_max_sd(v.r, _mm_unpackhi_pd(v.r, v.r)));
}

// ops for the linear kernels
// a * b + c, fused where the instruction set has it and plain otherwise: SSE2 has no FMA, so
// two roundings (fma() above is exact but many instructions; the matrix kernels need speed).
ACTIV_INLINE f32 mul_add(f32 a, f32 b, f32 c) noexcept { return _mm_add_ps(_mm_mul_ps(a.r, b.r), c.r); }
ACTIV_INLINE f64 mul_add(f64 a, f64 b, f64 c) noexcept { return _mm_add_pd(_mm_mul_pd(a.r, b.r), c.r); }
// out[i] = (sum of the lanes of the i-th vector) + add[i], i < 4: four dot products finished at
// once (a transposing sum, far fewer shuffles than four reduce_sum).
ACTIV_INLINE void store_sums4(float* out, const float* add, f32 a, f32 b, f32 c, f32 d) noexcept {
  const __m128 ab = _mm_add_ps(_mm_unpacklo_ps(a.r, b.r), _mm_unpackhi_ps(a.r, b.r));  // a02 b02 a13 b13
  const __m128 cd = _mm_add_ps(_mm_unpacklo_ps(c.r, d.r), _mm_unpackhi_ps(c.r, d.r));
  const __m128 s = _mm_add_ps(_mm_movelh_ps(ab, cd), _mm_movehl_ps(cd, ab));
  _mm_storeu_ps(out, _mm_add_ps(s, _mm_loadu_ps(add)));
}
ACTIV_INLINE void store_sums4(double* out, const double* add, f64 a, f64 b, f64 c, f64 d) noexcept {
  const __m128d ab = _mm_add_pd(_mm_unpacklo_pd(a.r, b.r), _mm_unpackhi_pd(a.r, b.r));
  const __m128d cd = _mm_add_pd(_mm_unpacklo_pd(c.r, d.r), _mm_unpackhi_pd(c.r, d.r));
  _mm_storeu_pd(out, _mm_add_pd(ab, _mm_loadu_pd(add)));
  _mm_storeu_pd(out + 2, _mm_add_pd(cd, _mm_loadu_pd(add + 2)));
}

// ops for the softmax kernels
// Interleave the low (zip_lo) or high (zip_hi) halves of a and b: a0 b0 a1 b1 ...
// log2(lanes) rounds of them transpose a square of vectors.
ACTIV_INLINE f32 zip_lo(f32 a, f32 b) noexcept { return _mm_unpacklo_ps(a.r, b.r); }
ACTIV_INLINE f32 zip_hi(f32 a, f32 b) noexcept { return _mm_unpackhi_ps(a.r, b.r); }
ACTIV_INLINE f64 zip_lo(f64 a, f64 b) noexcept { return _mm_unpacklo_pd(a.r, b.r); }
ACTIV_INLINE f64 zip_hi(f64 a, f64 b) noexcept { return _mm_unpackhi_pd(a.r, b.r); }

// ops for the piecewise kernels
// table[idx] in every lane, for integer-valued idx in [0, 16): lane by lane (SSE2 has no
// variable permute).
ACTIV_INLINE f32 lookup16(f32 idx, const float (&table)[16]) noexcept {
  alignas(16) std::int32_t i[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(i), _mm_cvttps_epi32(idx.r));
  return _mm_setr_ps(table[i[0]], table[i[1]], table[i[2]], table[i[3]]);
}
ACTIV_INLINE f64 lookup16(f64 idx, const double (&table)[16]) noexcept {
  const __m128i i = _mm_cvttpd_epi32(idx.r);
  return _mm_setr_pd(table[_mm_cvtsi128_si32(i)], table[_mm_cvtsi128_si32(_mm_srli_si128(i, 4))]);
}
}  // namespace activ::inline ACTIV_ABI::detail::sse2

#define ACTIV_ISA_NS sse2
#include "../kernels/all-inl.hpp"
#undef ACTIV_ISA_NS
ACTIV_TARGET_POP

#endif  // ACTIV_X86

#endif  // ACTIV_DETAIL_SIMD_SSE2_HPP
