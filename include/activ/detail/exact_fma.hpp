// SPDX-License-Identifier: MIT
// exact_fma(a, b, c): a * b + c rounded once to nearest even, in integer arithmetic, so constant
// evaluation gets the bits std::fma gives at run time (float and double, every input).
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_EXACT_FMA_HPP
#define ACTIV_DETAIL_EXACT_FMA_HPP

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "config.hpp"

namespace activ::inline ACTIV_ABI::detail {
namespace exact_fma_impl {

// An unsigned 128-bit integer: a double's exact product needs 106 bits, and MSVC has no __int128.
struct u128 {
  std::uint64_t hi, lo;
};
constexpr bool operator<(u128 a, u128 b) noexcept {
  return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
}
constexpr u128 operator+(u128 a, u128 b) noexcept {
  const std::uint64_t lo = a.lo + b.lo;
  return {a.hi + b.hi + (lo < a.lo ? 1U : 0U), lo};
}
constexpr u128 operator-(u128 a, u128 b) noexcept {  // a >= b
  return {a.hi - b.hi - (a.lo < b.lo ? 1U : 0U), a.lo - b.lo};
}
constexpr u128 shl(u128 a, int n) noexcept {  // 0 <= n < 128
  if (n == 0) return a;
  if (n >= 64) return {a.lo << (n - 64), 0};
  return {(a.hi << n) | (a.lo >> (64 - n)), a.lo << n};
}
constexpr u128 shr(u128 a, int n) noexcept {  // 0 <= n < 128
  if (n == 0) return a;
  if (n >= 64) return {0, a.hi >> (n - 64)};
  return {a.hi >> n, (a.lo >> n) | (a.hi << (64 - n))};
}
// a >> n with the bits shifted out ORed into bit 0 ("sticky"), for any n >= 0: what is lost then
// still shows as "more than zero" when the sum is rounded.
constexpr u128 shr_sticky(u128 a, int n) noexcept {
  if (n >= 128) return {0, (a.hi | a.lo) != 0 ? 1U : 0U};
  const u128 q = shr(a, n);
  const u128 back = shl(q, n);
  return {q.hi, q.lo | (back.hi != a.hi || back.lo != a.lo ? 1U : 0U)};
}
constexpr int bit_width(u128 a) noexcept {
  // (GCC 12's std::bit_width returns the argument's type, not int.)
  return static_cast<int>(a.hi != 0 ? 64 + std::bit_width(a.hi) : std::bit_width(a.lo));
}
constexpr u128 mul(std::uint64_t a, std::uint64_t b) noexcept {  // the full product
  constexpr std::uint64_t low32 = 0xffffffffU;
  const std::uint64_t a0 = a & low32, a1 = a >> 32, b0 = b & low32, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & low32) + (p10 & low32);  // < 3 * 2^32
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & low32)};
}

// A finite nonzero x as sign, integer significand m (subnormals included) and exponent e:
// |x| = m * 2^e.
struct unpacked {
  bool negative;
  std::uint64_t m;
  int e;
};
template <class T> struct format {
  using bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  static constexpr int precision = sizeof(T) == 4 ? 24 : 53;       // significand bits
  static constexpr int min_exponent = sizeof(T) == 4 ? -149 : -1074;  // of the least subnormal
  static constexpr int max_exponent = sizeof(T) == 4 ? 127 : 1023;    // of the top bit
  static constexpr int exponent_shift = precision - 1;
  static constexpr bits sign_bit = bits(1) << (sizeof(T) * 8 - 1);
  static constexpr bits inf = (sign_bit - 1) & ~((bits(1) << exponent_shift) - 1);
};
template <class T> constexpr bool is_finite(T x) noexcept {  // not infinite, not NaN
  return (std::bit_cast<typename format<T>::bits>(x) & format<T>::inf) != format<T>::inf;
}
template <class T> constexpr bool is_nan(T x) noexcept {
  return (std::bit_cast<typename format<T>::bits>(x) & ~format<T>::sign_bit) > format<T>::inf;
}
template <class T> constexpr unpacked unpack(T x) noexcept {
  using F = format<T>;
  const auto bits = std::bit_cast<typename F::bits>(x);
  const auto biased = static_cast<int>((bits << 1) >> (F::exponent_shift + 1));
  std::uint64_t m = bits & ((typename F::bits(1) << F::exponent_shift) - 1);
  if (biased != 0) m |= std::uint64_t(1) << F::exponent_shift;  // the implicit bit
  return {(bits >> (sizeof(T) * 8 - 1)) != 0, m, F::min_exponent + (biased != 0 ? biased - 1 : 0)};
}

// The significands sit with their top bit at bit 125: both fit, a sum cannot carry out of 128
// bits, and a product (at most 106 bits) keeps its 20 low bits zero, so the larger operand is
// even and the sticky bit of the smaller one cannot move the sum across a rounding boundary.
inline constexpr int top_bit = 125;

template <class T> constexpr T exact_fma(T a, T b, T c) noexcept {
  using F = format<T>;
  using bits = typename F::bits;
  // NaNs and infinities without floating-point arithmetic: GCC refuses an inf - inf or an
  // inf * 0 (and any overflow) in constant evaluation. Which NaN comes out is not specified.
  constexpr bits quiet = bits(1) << (F::exponent_shift - 1);
  if (is_nan(a) || is_nan(b) || is_nan(c))
    return std::bit_cast<T>(bits(std::bit_cast<bits>(is_nan(a) ? a : is_nan(b) ? b : c) | quiet));
  const auto negative = [](T x) { return (std::bit_cast<bits>(x) & F::sign_bit) != 0; };
  const bool p_negative = negative(a) != negative(b);
  if (!is_finite(a) || !is_finite(b)) {  // inf * 0 and inf - inf are invalid
    if (a == 0 || b == 0 || (!is_finite(c) && negative(c) != p_negative))
      return std::numeric_limits<T>::quiet_NaN();
    return std::bit_cast<T>(bits(F::inf | (p_negative ? F::sign_bit : 0)));
  }
  if (!is_finite(c)) return c;  // even where a * b alone would overflow
  // A zero factor: an exact zero product, so the sum is exact too (with IEEE's signs of zero).
  if (a == 0 || b == 0) return a * b + c;

  const unpacked ua = unpack(a), ub = unpack(b);
  u128 p = mul(ua.m, ub.m);  // |a * b| = p * 2^pe, exactly
  int pe = ua.e + ub.e;
  const int p_shift = top_bit + 1 - bit_width(p);
  p = shl(p, p_shift);
  pe -= p_shift;

  // The exact sum r * 2^re, signed r_negative.
  u128 r = p;
  int re = pe;
  bool r_negative = p_negative;
  if (c != 0) {
    const unpacked uc = unpack(c);
    u128 q{0, uc.m};
    const int q_shift = top_bit + 1 - bit_width(q);
    q = shl(q, q_shift);
    int qe = uc.e - q_shift;
    bool q_negative = uc.negative;
    // Order by magnitude (both have their top bit at top_bit), then align the smaller.
    if (qe > pe || (qe == pe && p < q)) {
      r = q;
      re = qe;
      r_negative = q_negative;
      q = p;
      qe = pe;
      q_negative = p_negative;
    }
    q = shr_sticky(q, re - qe);
    r = q_negative == r_negative ? r + q : r - q;
    if (r.hi == 0 && r.lo == 0) return T(0);  // x + (-x) is +0 when rounding to nearest
  }

  // Round r * 2^re to `precision` bits, or to the subnormals' fixed last place.
  const int top = bit_width(r) - 1 + re;  // exponent of the leading bit
  const bits sign = r_negative ? F::sign_bit : 0;
  if (top > F::max_exponent) return std::bit_cast<T>(bits(F::inf | sign));
  int last = top - (F::precision - 1);  // exponent of the result's last place
  if (last < F::min_exponent) last = F::min_exponent;
  const int drop = last - re;  // how many of r's low bits are rounded off
  u128 kept{0, 0};
  if (drop <= 0) {
    kept = shl(r, -drop);  // exact: r has at most `precision` bits
  } else if (drop < 128) {
    kept = shr(r, drop);
    const u128 half = shl(u128{0, 1}, drop - 1);
    const u128 rest = r - shl(kept, drop);
    if (half < rest || (!(rest < half) && (kept.lo & 1U) != 0)) kept = kept + u128{0, 1};
  }  // else r < 2^127 <= half the last place: it rounds to zero
  // A normal result's biased exponent is last - min_exponent + 1; its significand (kept, in
  // [2^(precision-1), 2^precision]) brings the implicit bit, which adds the 1, and a carry into
  // the next binade or to infinity. A subnormal's last is min_exponent: kept is its encoding.
  const bits magnitude =
      (static_cast<bits>(last - F::min_exponent) << F::exponent_shift) + static_cast<bits>(kept.lo);
  return std::bit_cast<T>(bits(magnitude | sign));
}

}  // namespace exact_fma_impl

using exact_fma_impl::exact_fma;

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_EXACT_FMA_HPP
