// SPDX-License-Identifier: MIT
// NEON, the AArch64 baseline: 4 floats or 2 doubles per vector, the kernels' operations, then
// the kernels. NEON is always there on AArch64, so there is no target region, only a strict one.
// Its fma is fused; its min and max are not x86's (NaN, signed zeros), so those are built from
// a compare and a bit select here.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_SIMD_NEON_HPP
#define ACTIV_DETAIL_SIMD_NEON_HPP

#include "../config.hpp"

// Compiled only where this instruction set exists (each header also compiles on its own).
#if ACTIV_NEON

#include <arm_neon.h>

#include <array>  // the linear kernels' register tiles
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>  // std::index_sequence (the linear kernels); outside the target region

ACTIV_STRICT_PUSH
namespace activ::inline ACTIV_ABI::detail::neon {

struct f32 {
  float32x4_t r;
  ACTIV_INLINE explicit f32(float s) noexcept : r(vdupq_n_f32(s)) {}
  ACTIV_INLINE f32(float32x4_t v) noexcept : r(v) {}
};
struct f64 {
  float64x2_t r;
  ACTIV_INLINE explicit f64(double s) noexcept : r(vdupq_n_f64(s)) {}
  ACTIV_INLINE f64(float64x2_t v) noexcept : r(v) {}
};
struct m32 { uint32x4_t m; };
struct m64 { uint64x2_t m; };

template <class V> struct lane_type;
template <> struct lane_type<f32> { using type = float; };
template <> struct lane_type<f64> { using type = double; };
template <class V> using lane_t = typename lane_type<V>::type;
template <class V> inline constexpr std::size_t lanes = 16 / sizeof(lane_t<V>);
template <class T> using vec = std::conditional_t<sizeof(T) == 4, f32, f64>;
// A fused multiply-add is one instruction (kernels may trade a division for two of them).
inline constexpr bool native_fma = true;
// Vector registers the compiler can allocate (the linear kernels size their tiles by it).
inline constexpr std::size_t vector_registers = 32;

ACTIV_INLINE f32 operator+(f32 a, f32 b) noexcept { return vaddq_f32(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a, f32 b) noexcept { return vsubq_f32(a.r, b.r); }
ACTIV_INLINE f32 operator*(f32 a, f32 b) noexcept { return vmulq_f32(a.r, b.r); }
ACTIV_INLINE f32 operator/(f32 a, f32 b) noexcept { return vdivq_f32(a.r, b.r); }
ACTIV_INLINE f32 operator-(f32 a) noexcept { return vnegq_f32(a.r); }  // flips the sign bit only
ACTIV_INLINE m32 operator<(f32 a, f32 b) noexcept { return {vcltq_f32(a.r, b.r)}; }
ACTIV_INLINE m32 operator<=(f32 a, f32 b) noexcept { return {vcleq_f32(a.r, b.r)}; }
ACTIV_INLINE m32 operator>(f32 a, f32 b) noexcept { return {vcgtq_f32(a.r, b.r)}; }
ACTIV_INLINE m32 operator>=(f32 a, f32 b) noexcept { return {vcgeq_f32(a.r, b.r)}; }
ACTIV_INLINE f32 fma(f32 a, f32 b, f32 c) noexcept { return vfmaq_f32(c.r, a.r, b.r); }
// x86's min and max: the second operand when either is NaN or both are zero. vminq/vmaxq
// return NaN for any NaN and order -0 < +0, so they are not used.
ACTIV_INLINE f32 min(f32 a, f32 b) noexcept { return vbslq_f32(vcltq_f32(a.r, b.r), a.r, b.r); }
ACTIV_INLINE f32 max(f32 a, f32 b) noexcept { return vbslq_f32(vcgtq_f32(a.r, b.r), a.r, b.r); }
ACTIV_INLINE f32 select(m32 m, f32 a, f32 b) noexcept { return vbslq_f32(m.m, a.r, b.r); }
ACTIV_INLINE f32 abs(f32 a) noexcept { return vabsq_f32(a.r); }  // clears the sign bit only
ACTIV_INLINE f32 copysign(f32 mag, f32 sgn) noexcept {
  return vbslq_f32(vdupq_n_u32(0x80000000u), sgn.r, mag.r);
}

ACTIV_INLINE f64 operator+(f64 a, f64 b) noexcept { return vaddq_f64(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a, f64 b) noexcept { return vsubq_f64(a.r, b.r); }
ACTIV_INLINE f64 operator*(f64 a, f64 b) noexcept { return vmulq_f64(a.r, b.r); }
ACTIV_INLINE f64 operator/(f64 a, f64 b) noexcept { return vdivq_f64(a.r, b.r); }
ACTIV_INLINE f64 operator-(f64 a) noexcept { return vnegq_f64(a.r); }
ACTIV_INLINE m64 operator<(f64 a, f64 b) noexcept { return {vcltq_f64(a.r, b.r)}; }
ACTIV_INLINE m64 operator<=(f64 a, f64 b) noexcept { return {vcleq_f64(a.r, b.r)}; }
ACTIV_INLINE m64 operator>(f64 a, f64 b) noexcept { return {vcgtq_f64(a.r, b.r)}; }
ACTIV_INLINE m64 operator>=(f64 a, f64 b) noexcept { return {vcgeq_f64(a.r, b.r)}; }
ACTIV_INLINE f64 fma(f64 a, f64 b, f64 c) noexcept { return vfmaq_f64(c.r, a.r, b.r); }
ACTIV_INLINE f64 min(f64 a, f64 b) noexcept { return vbslq_f64(vcltq_f64(a.r, b.r), a.r, b.r); }
ACTIV_INLINE f64 max(f64 a, f64 b) noexcept { return vbslq_f64(vcgtq_f64(a.r, b.r), a.r, b.r); }
ACTIV_INLINE f64 select(m64 m, f64 a, f64 b) noexcept { return vbslq_f64(m.m, a.r, b.r); }
ACTIV_INLINE f64 abs(f64 a) noexcept { return vabsq_f64(a.r); }
ACTIV_INLINE f64 copysign(f64 mag, f64 sgn) noexcept {
  return vbslq_f64(vdupq_n_u64(0x8000000000000000u), sgn.r, mag.r);
}

template <class V> ACTIV_INLINE V load(const lane_t<V>* p) noexcept {
  if constexpr (std::is_same_v<V, f32>) return vld1q_f32(p);
  else return vld1q_f64(p);
}
ACTIV_INLINE void store(float* p, f32 v) noexcept { vst1q_f32(p, v.r); }
ACTIV_INLINE void store(double* p, f64 v) noexcept { vst1q_f64(p, v.r); }

// No masked loads in NEON (partial loads and stores go through a buffer).
#include "tail_by_copy-inl.hpp"

// m * 2^n for integer-valued n, |n| <= 2 * (bias - 1): two normal powers of two, so only the
// last product rounds (into the subnormals where it must). The split is x86's (k1 = k >> 1,
// k2 = k - k1), so the products are the same. A NaN n converts to 0 (fcvtns), so the result is
// m, which is NaN wherever the kernels' n is.
ACTIV_INLINE f32 ldexp(f32 m, f32 n) noexcept {
  const int32x4_t k = vcvtnq_s32_f32(n.r);
  const int32x4_t k1 = vshrq_n_s32(k, 1);
  const int32x4_t k2 = vsubq_s32(k, k1);
  const int32x4_t bias = vdupq_n_s32(127);
  const float32x4_t p1 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k1, bias), 23));
  const float32x4_t p2 = vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k2, bias), 23));
  return vmulq_f32(vmulq_f32(m.r, p1), p2);
}
ACTIV_INLINE f64 ldexp(f64 m, f64 n) noexcept {
  const int64x2_t k = vcvtnq_s64_f64(n.r);
  const int64x2_t k1 = vshrq_n_s64(k, 1);
  const int64x2_t k2 = vsubq_s64(k, k1);
  const int64x2_t bias = vdupq_n_s64(1023);
  const float64x2_t p1 = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(k1, bias), 52));
  const float64x2_t p2 = vreinterpretq_f64_s64(vshlq_n_s64(vaddq_s64(k2, bias), 52));
  return vmulq_f64(vmulq_f64(m.r, p1), p2);
}

// For positive normal s: s = significand * 2^exponent, significand in [1, 2).
template <class V> struct exponent_split_t { V significand, exponent; };
ACTIV_INLINE exponent_split_t<f32> exponent_split(f32 s) noexcept {
  const uint32x4_t bits = vreinterpretq_u32_f32(s.r);
  const int32x4_t e =
      vsubq_s32(vreinterpretq_s32_u32(vshrq_n_u32(bits, 23)), vdupq_n_s32(127));
  const uint32x4_t f =
      vorrq_u32(vandq_u32(bits, vdupq_n_u32(0x007fffffu)), vdupq_n_u32(0x3f800000u));
  return {vreinterpretq_f32_u32(f), vcvtq_f32_s32(e)};
}
ACTIV_INLINE exponent_split_t<f64> exponent_split(f64 s) noexcept {
  const uint64x2_t bits = vreinterpretq_u64_f64(s.r);
  const int64x2_t e =
      vsubq_s64(vreinterpretq_s64_u64(vshrq_n_u64(bits, 52)), vdupq_n_s64(1023));
  const uint64x2_t f = vorrq_u64(vandq_u64(bits, vdupq_n_u64(0x000fffffffffffffu)),
                                 vdupq_n_u64(0x3ff0000000000000u));
  return {vreinterpretq_f64_u64(f), vcvtq_f64_s64(e)};  // |e| < 2^11: exact
}

// The same order as sse2.hpp: (v0 + v2) + (v1 + v3), and max likewise with x86's max.
ACTIV_INLINE float reduce_sum(f32 v) noexcept {
  const float32x2_t s = vadd_f32(vget_low_f32(v.r), vget_high_f32(v.r));
  return vget_lane_f32(s, 0) + vget_lane_f32(s, 1);
}
ACTIV_INLINE double reduce_sum(f64 v) noexcept {
  return vgetq_lane_f64(v.r, 0) + vgetq_lane_f64(v.r, 1);
}
ACTIV_INLINE float reduce_max(f32 v) noexcept {
  const float32x2_t lo = vget_low_f32(v.r), hi = vget_high_f32(v.r);
  const float32x2_t s = vbsl_f32(vcgt_f32(lo, hi), lo, hi);
  const float s0 = vget_lane_f32(s, 0), s1 = vget_lane_f32(s, 1);
  return s0 > s1 ? s0 : s1;
}
ACTIV_INLINE double reduce_max(f64 v) noexcept {
  const double s0 = vgetq_lane_f64(v.r, 0), s1 = vgetq_lane_f64(v.r, 1);
  return s0 > s1 ? s0 : s1;
}

// ops for the linear kernels
// a * b + c, fused where the instruction set has it (here: one fmla).
ACTIV_INLINE f32 mul_add(f32 a, f32 b, f32 c) noexcept { return vfmaq_f32(c.r, a.r, b.r); }
ACTIV_INLINE f64 mul_add(f64 a, f64 b, f64 c) noexcept { return vfmaq_f64(c.r, a.r, b.r); }
// out[i] = (sum of the lanes of the i-th vector) + add[i], i < 4: four dot products finished at
// once (a transposing sum, far fewer shuffles than four reduce_sum).
ACTIV_INLINE void store_sums4(float* out, const float* add, f32 a, f32 b, f32 c, f32 d) noexcept {
  const float32x4_t s = vpaddq_f32(vpaddq_f32(a.r, b.r), vpaddq_f32(c.r, d.r));
  vst1q_f32(out, vaddq_f32(s, vld1q_f32(add)));
}
ACTIV_INLINE void store_sums4(double* out, const double* add, f64 a, f64 b, f64 c, f64 d) noexcept {
  vst1q_f64(out, vaddq_f64(vpaddq_f64(a.r, b.r), vld1q_f64(add)));
  vst1q_f64(out + 2, vaddq_f64(vpaddq_f64(c.r, d.r), vld1q_f64(add + 2)));
}

// ops for the softmax kernels
// Interleave the low (zip_lo) or high (zip_hi) halves of a and b: a0 b0 a1 b1 ...
// log2(lanes) rounds of them transpose a square of vectors.
ACTIV_INLINE f32 zip_lo(f32 a, f32 b) noexcept { return vzip1q_f32(a.r, b.r); }
ACTIV_INLINE f32 zip_hi(f32 a, f32 b) noexcept { return vzip2q_f32(a.r, b.r); }
ACTIV_INLINE f64 zip_lo(f64 a, f64 b) noexcept { return vzip1q_f64(a.r, b.r); }
ACTIV_INLINE f64 zip_hi(f64 a, f64 b) noexcept { return vzip2q_f64(a.r, b.r); }

// ops for the piecewise kernels
// table[idx] in every lane, for integer-valued idx in [0, 16): byte table lookups (tbl) over
// the table's 64 bytes (floats) or over each 64-byte half (doubles; an index past a half's
// bytes reads 0 there, so the halves are ORed).
ACTIV_INLINE f32 lookup16(f32 idx, const float (&table)[16]) noexcept {
  const uint8x16x4_t t = vld1q_u8_x4(reinterpret_cast<const std::uint8_t*>(table));
  // Lane i's bytes 4 idx + 0..3.
  const uint32x4_t bytes = vmlaq_n_u32(vdupq_n_u32(0x03020100u), vcvtq_u32_f32(idx.r), 0x04040404u);
  return vreinterpretq_f32_u8(vqtbl4q_u8(t, vreinterpretq_u8_u32(bytes)));
}
ACTIV_INLINE f64 lookup16(f64 idx, const double (&table)[16]) noexcept {
  const auto* p = reinterpret_cast<const std::uint8_t*>(table);
  // Lane i's bytes 8 idx + 0..7: byte 0 of 8 idx copied to the lane's 8 bytes, plus 0..7.
  const uint8x16_t first = vreinterpretq_u8_u64(vshlq_n_u64(vcvtq_u64_f64(idx.r), 3));
  constexpr std::uint8_t spread[16] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8, 8, 8};
  constexpr std::uint8_t offset[16] = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};
  const uint8x16_t bytes = vaddq_u8(vqtbl1q_u8(first, vld1q_u8(spread)), vld1q_u8(offset));
  const uint8x16_t lo = vqtbl4q_u8(vld1q_u8_x4(p), bytes);
  const uint8x16_t hi = vqtbl4q_u8(vld1q_u8_x4(p + 64), vsubq_u8(bytes, vdupq_n_u8(64)));
  return vreinterpretq_f64_u8(vorrq_u8(lo, hi));
}
}  // namespace activ::inline ACTIV_ABI::detail::neon

#define ACTIV_ISA_NS neon
#include "../kernels/all-inl.hpp"
#undef ACTIV_ISA_NS
ACTIV_STRICT_POP

#endif  // ACTIV_NEON

#endif  // ACTIV_DETAIL_SIMD_NEON_HPP
