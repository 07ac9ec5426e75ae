// SPDX-License-Identifier: MIT
// The scalar "instruction set": the kernels' vector operations for V = float or double, all
// constexpr, so the same kernel text serves constant evaluation, the scalar fallback and the
// element-by-element reference the SIMD paths are tested against.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_SIMD_SCALAR_HPP
#define ACTIV_DETAIL_SIMD_SCALAR_HPP

#include <array>  // the linear kernels' register tiles
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>  // std::index_sequence (the linear kernels); outside the target region

#include "../config.hpp"
#include "../exact_fma.hpp"

ACTIV_STRICT_PUSH
namespace activ::inline ACTIV_ABI::detail::scalar {

template <class V> struct lane_type { using type = V; };
template <class V> using lane_t = typename lane_type<V>::type;
template <class V> inline constexpr std::size_t lanes = 1;
template <class V> using mask_t = bool;
template <class T> using vec = T;  // the vector of T this ISA's entry points use
// fma() is one instruction at run time only with ACTIV_HAS_NATIVE_FMA (else a libm call), and
// never in constant evaluation (emulated there in integer arithmetic, slowly but correctly
// rounded: the same bits as at run time).
inline constexpr bool native_fma = ACTIV_HAS_NATIVE_FMA != 0;
// Registers for the linear kernels' tiles (here scalar ones).
inline constexpr std::size_t vector_registers = 16;

template <class T> using uint_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
template <class T> inline constexpr int mantissa_bits = sizeof(T) == 4 ? 23 : 52;
template <class T> inline constexpr int exponent_bias = sizeof(T) == 4 ? 127 : 1023;

template <class V> ACTIV_INLINE constexpr V load(const V* p) noexcept { return *p; }
template <class V> ACTIV_INLINE constexpr void store(V* p, V v) noexcept { *p = v; }

// Partial loads and stores never happen with one lane; they exist so kernels compile alike.
// load_n fills the lanes past n with `fill`.
template <class V>
ACTIV_INLINE constexpr V load_n(const V* p, std::size_t n, V fill = V(0)) noexcept {
  return n ? *p : fill;
}
template <class V> ACTIV_INLINE constexpr void store_n(V* p, V v, std::size_t n) noexcept {
  if (n) *p = v;
}

// Fused multiply-add, a * b + c rounded once. The kernels' error bounds rely on it being fused
// (exact residuals such as 1 - r * s), so constant evaluation, where the instruction is not
// available, computes it in integer arithmetic (exact_fma): the same bits as at run time.
template <class T> ACTIV_INLINE constexpr T fma(T a, T b, T c) noexcept {
  if (std::is_constant_evaluated()) {
    return exact_fma(a, b, c);
  } else {
#if ACTIV_HAS_NATIVE_FMA
    if constexpr (sizeof(T) == 4) return __builtin_fmaf(a, b, c);
    else return __builtin_fma(a, b, c);
#else
    return std::fma(a, b, c);  // glibc: the hardware instruction through ifunc where present
#endif
  }
}

// min and max with x86's operand order: the second operand is returned when either is NaN or
// both are zero, so kernels put the value whose NaN (or sign of zero) must survive second.
template <class T> ACTIV_INLINE constexpr T min(T a, T b) noexcept { return a < b ? a : b; }
template <class T> ACTIV_INLINE constexpr T max(T a, T b) noexcept { return a > b ? a : b; }

template <class T> ACTIV_INLINE constexpr T select(bool m, T a, T b) noexcept { return m ? a : b; }

template <class T> ACTIV_INLINE constexpr T abs(T x) noexcept {
  constexpr uint_of<T> sign = uint_of<T>(1) << (sizeof(T) * 8 - 1);
  return std::bit_cast<T>(std::bit_cast<uint_of<T>>(x) & ~sign);
}
// The magnitude of `mag` with the sign bit of `sgn`.
template <class T> ACTIV_INLINE constexpr T copysign(T mag, T sgn) noexcept {
  constexpr uint_of<T> sign = uint_of<T>(1) << (sizeof(T) * 8 - 1);
  return std::bit_cast<T>((std::bit_cast<uint_of<T>>(mag) & ~sign) |
                          (std::bit_cast<uint_of<T>>(sgn) & sign));
}

// 2^k for an integer k in the normal exponent range.
template <class T> ACTIV_INLINE constexpr T pow2_normal(std::int64_t k) noexcept {
  return std::bit_cast<T>(static_cast<uint_of<T>>(k + exponent_bias<T>) << mantissa_bits<T>);
}

// m * 2^n for an integer-valued n with |n| <= 2 * bias, as two normal factors 2^floor(n/2) and
// 2^(n - floor(n/2)) like every ISA's ldexp: rounded once where m 2^floor(n/2) is normal (AVX-512's
// scalef always rounds once, so kernels keep m and n in that range). A NaN n gives NaN.
template <class T> ACTIV_INLINE constexpr T ldexp(T m, T n) noexcept {
  if (!(n == n)) return n;  // NOLINT(misc-redundant-expression): NaN test, constexpr
  const auto k = static_cast<std::int64_t>(n);
  const std::int64_t k1 = k >> 1;
  return m * pow2_normal<T>(k1) * pow2_normal<T>(k - k1);
}

// For a positive normal s: the exponent k (as T) and the significand f = s / 2^k in [1, 2).
template <class T> struct exponent_split_t { T significand, exponent; };
template <class T> ACTIV_INLINE constexpr exponent_split_t<T> exponent_split(T s) noexcept {
  const auto bits = std::bit_cast<uint_of<T>>(s);
  const auto biased = static_cast<std::int64_t>(bits >> mantissa_bits<T>);
  constexpr uint_of<T> mantissa_mask = (uint_of<T>(1) << mantissa_bits<T>) - 1;
  const T f = std::bit_cast<T>((bits & mantissa_mask) |
                               (static_cast<uint_of<T>>(exponent_bias<T>) << mantissa_bits<T>));
  return {f, static_cast<T>(biased - exponent_bias<T>)};
}

template <class T> ACTIV_INLINE constexpr T reduce_sum(T v) noexcept { return v; }
template <class T> ACTIV_INLINE constexpr T reduce_max(T v) noexcept { return v; }

// ops for the linear kernels
// a * b + c, fused where the instruction set has it and plain otherwise: the matrix kernels
// need speed, not the exact residuals fma() guarantees (SSE2 emulates those slowly). Here, in
// the scalar path, the plain two-rounding form (the compiler may not contract it).
template <class T> ACTIV_INLINE constexpr T mul_add(T a, T b, T c) noexcept { return a * b + c; }
// out[i] = (sum of the lanes of the i-th vector) + add[i], i < 4: four dot products finished at
// once (a transposing sum, far fewer shuffles than four reduce_sum).
template <class T>
ACTIV_INLINE constexpr void store_sums4(T* out, const T* add, T a, T b, T c, T d) noexcept {
  out[0] = a + add[0];
  out[1] = b + add[1];
  out[2] = c + add[2];
  out[3] = d + add[3];
}

// ops for the softmax kernels
// Interleave the low (zip_lo) or high (zip_hi) halves of a and b; with one lane, a and b.
template <class V> ACTIV_INLINE constexpr V zip_lo(V a, V) noexcept { return a; }
template <class V> ACTIV_INLINE constexpr V zip_hi(V, V b) noexcept { return b; }

// ops for the piecewise kernels
// table[idx] for an integer-valued idx in [0, 16): a piecewise polynomial's coefficient of the
// piece idx (a plain index, so constant evaluation works).
template <class T> ACTIV_INLINE constexpr T lookup16(T idx, const T (&table)[16]) noexcept {
  return table[static_cast<std::size_t>(idx)];
}
}  // namespace activ::inline ACTIV_ABI::detail::scalar

#define ACTIV_ISA_NS scalar
#define ACTIV_ISA_IS_SCALAR 1
#include "../kernels/all-inl.hpp"
#undef ACTIV_ISA_IS_SCALAR
#undef ACTIV_ISA_NS
ACTIV_STRICT_POP

#endif  // ACTIV_DETAIL_SIMD_SCALAR_HPP
