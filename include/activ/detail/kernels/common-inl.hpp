// SPDX-License-Identifier: MIT
// Building blocks of the kernels: polynomial evaluation and error-free transformations.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// v clamped to [-limit, limit] (NaN kept) in constant evaluation; v itself at run time, so no
// ISA pays for it. Constant evaluation refuses an operation that overflows (GCC) or makes a
// NaN from numbers (GCC, Clang), even in a lane that select() then discards; a kernel passes
// the operands of such discarded work through this, with a limit past which its selected
// result no longer changes, so compile time still gives the run time's bits.
template <class V>
ACTIV_INLINE constexpr V clamp_in_constant_evaluation(V v, lane_t<V> limit) noexcept {
  if (std::is_constant_evaluated()) return min(V(limit), max(V(-limit), v));
  return v;
}

// c0 + x * (c1 + x * (c2 + ...)), one fused multiply-add per coefficient.
template <class V, class... C>
ACTIV_INLINE constexpr V horner(V x, lane_t<V> c0, C... c) noexcept {
  if constexpr (sizeof...(C) == 0) {
    return V(c0);
  } else {
    return fma(horner(x, c...), x, V(c0));
  }
}

// An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2: twice the working precision.
template <class V> struct dword { V hi, lo; };

// a + b exactly, for |a| >= |b| or a == 0 (Dekker).
template <class V> ACTIV_INLINE constexpr dword<V> fast_two_sum(V a, V b) noexcept {
  const V s = a + b;
  return {s, (a - s) + b};
}

// a + b exactly, for any finite a and b (Knuth).
template <class V> ACTIV_INLINE constexpr dword<V> two_sum(V a, V b) noexcept {
  const V s = a + b;
  const V bb = s - a;
  return {s, (a - (s - bb)) + (b - bb)};
}

// 1 / (s.hi + s.lo) as a dword: the rounded quotient and one Newton step whose residual
// 1 - r * s.hi is exact with a fused multiply-add (Markstein).
template <class V> ACTIV_INLINE constexpr dword<V> reciprocal(dword<V> s) noexcept {
  const V r = V(1) / s.hi;
  return {r, r * (fma(-r, s.hi, V(1)) - r * s.lo)};
}

// a * b for dwords, to about twice the working precision (the lo * lo term is dropped).
template <class V> ACTIV_INLINE constexpr dword<V> mul(dword<V> a, dword<V> b) noexcept {
  const V p = a.hi * b.hi;
  return {p, fma(a.hi, b.hi, -p) + fma(a.hi, b.lo, a.lo * b.hi)};
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
