// SPDX-License-Identifier: MIT
// SiLU (x sigmoid(x)), forward and derivative, from the double-word sigmoid pieces.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Below lo, |x e^x| is under half the least subnormal (float: 110 e^-110 = 1.9e-46 < 2^-150;
// double: 760 e^-760 = 6.7e-328 < 2^-1075), so silu(x) rounds to -0 and silu'(x) to -0; above
// hi, x e^-x is under half an ulp of x, so silu(x) rounds to x and silu'(x) to 1.
template <class T> struct silu_constants;
template <> struct silu_constants<float> {
  static constexpr float lo = -120.0f, hi = 32.0f;
};
template <> struct silu_constants<double> {
  static constexpr double lo = -760.0, hi = 64.0;
};

// x sigmoid(w) for w of x's sign, from the split p of z = -|w|: x 2^n m (x < 0) or x r.
template <class V> ACTIV_INLINE constexpr V x_sigmoid(V x, const logistic_split<V>& p) noexcept {
  return select(x < V(0), ldexp(fma(x, p.m.hi, x * p.m.lo), p.n), fma(x, p.r.hi, x * p.r.lo));
}

// silu(x) = x sigmoid(x): x 2^n m for x < 0 and x r for x >= 0 (logistic_split), each the
// double-word times x with one fma, so the result is rounded once (twice, the second time
// exactly by 2^n, where it is subnormal). silu(-0) = -0, silu(-inf) = -0 (the limit; PyTorch
// gives NaN), silu(inf) = inf, NaN gives NaN.
template <class V> ACTIV_INLINE constexpr V silu(V x) noexcept {
  using C = silu_constants<lane_t<V>>;
  const V xc = clamp_in_constant_evaluation(x, -C::lo);  // inf * 0 in the unselected lanes
  const V y = x_sigmoid(xc, logistic_unclamped(max(V(C::lo), -abs(x))));
  // silu(x) has x's sign: copysign keeps -0 where SSE2's emulated fma rounds a zero to +0.
  return copysign(select(x < V(C::lo), V(-0.0), select(x > V(C::hi), x, y)), x);
}

// silu'(x) = s(x) (1 + x s(-x)), s = sigmoid, in double-words: x s(-x) exactly to about twice
// the precision (an fma residual), 1 + that by a two-sum (it cancels near the derivative's zero,
// x = -1.2785, and the double-word keeps the bits), times s(x), rounded once at the end. 0 and 1
// are the limits at -inf and +inf (PyTorch: NaN).
// d/dx x sigmoid(w(x)) = s(w) (1 + x w' s(-w)) for w of x's sign, from the split p of
// z = -|w| and xw = x w' as a double-word (SiLU: w = x, xw = x; GELU's tanh form).
template <class V>
ACTIV_INLINE constexpr V x_sigmoid_derivative(V x, dword<V> xw, const logistic_split<V>& p) noexcept {
  const auto neg = x < V(0);
  // s(w) = a 2^(x < 0 ? n : 0), s(-w) = b.
  const dword<V> a{select(neg, p.m.hi, p.r.hi), select(neg, p.m.lo, p.r.lo)};
  const dword<V> b{select(neg, p.r.hi, p.m.hi * p.scale), select(neg, p.r.lo, p.m.lo * p.scale)};
  const dword<V> q = mul(xw, b);
  const dword<V> c0 = two_sum(V(1), q.hi);
  const dword<V> c = two_sum(c0.hi, c0.lo + q.lo);
  const dword<V> d = mul(a, c);
  return ldexp(d.hi + d.lo, select(neg, p.n, V(0)));
}

template <class V> ACTIV_INLINE constexpr V silu_derivative(V x) noexcept {
  using C = silu_constants<lane_t<V>>;
  const V xc = clamp_in_constant_evaluation(x, -C::lo);  // inf * 0 in the unselected lanes
  const V res = x_sigmoid_derivative(xc, dword<V>{xc, V(0)}, logistic_unclamped(max(V(C::lo), -abs(x))));
  return select(x > V(C::hi), V(1), select(x < V(C::lo), V(-0.0), res));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
