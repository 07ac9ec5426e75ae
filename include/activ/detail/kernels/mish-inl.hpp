// SPDX-License-Identifier: MIT
// Mish x tanh(softplus(x)), forward and derivative, as rational functions of e = e^-|x|.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Below lo, |mish(x)| ~ |x| e^x and |mish'(x)| ~ |x| e^x are under half the least subnormal
// (float: 120 e^-120 = 2^-166; double: 760 e^-760 = 2^-1087): both round to -0. Above hi,
// 1 - tanh(softplus(x)) ~ 2 e^-2x is under 2^-46 (float) / 2^-115 (double): mish(x) rounds to
// x and mish'(x) to 1.
template <class T> struct mish_constants;
template <> struct mish_constants<float> {
  static constexpr float lo = -120.0f, hi = 16.0f;
};
template <> struct mish_constants<double> {
  static constexpr double lo = -760.0, hi = 40.0;
};

// With e = e^-|x| = 2^n u: tanh(softplus(x)) = N/(N + 2), N = e^x (e^x + 2), which is
//   x <= 0: t = e (e + 2) / (e (e + 2) + 2),
//   x > 0:  t = (1 + 2e) / (1 + 2e + 2e^2)         (N / (N + 2) divided by e^2x),
// and sech^2(softplus(x)) sigmoid(x) = 4 e^x (1 + e^x) / (N + 2)^2, which is
//   x <= 0: s = 4 e (1 + e) / den^2,  x > 0: s = 4 e^2 (1 + e) / den^2,
// den the denominator of t. For x <= 0 the numerators carry u instead of e (scaled by 2^-n), so
// the tiny tail x e^x stays accurate down to the subnormals and is scaled once at the end. All
// in double-words: t to about 2^-2p relative, so mish(x) = x t rounds once.
template <class V> struct mish_parts {
  V k;            // the power of two still to apply: n for x <= 0, else 0
  dword<V> t, s;  // t and s, times 2^-k
};

template <class V> ACTIV_INLINE constexpr mish_parts<V> mish_split(V x) noexcept {
  using C = mish_constants<lane_t<V>>;
  const auto pos = x > V(0);
  const auto [n, u] = exp_reduce(max(V(C::lo), -abs(x)));  // keeps NaN
  const V scale = ldexp(V(1), n);
  const dword<V> e{u.hi * scale, u.lo * scale};
  const dword<V> e2 = mul(e, e);
  // x <= 0: u (e + 2), and that times 2^n; x > 0: 1 + 2e.
  const dword<V> two_e = fast_two_sum(V(2), e.hi);
  const dword<V> num_left = mul(u, dword<V>{two_e.hi, two_e.lo + e.lo});
  const dword<V> one_2e = fast_two_sum(V(1), V(2) * e.hi);
  const dword<V> num_right{one_2e.hi, one_2e.lo + V(2) * e.lo};
  const dword<V> num{select(pos, num_right.hi, num_left.hi * scale),
                     select(pos, num_right.lo, num_left.lo * scale)};
  // den = num + (x <= 0 ? 2 : 2e^2).
  const V add_hi = select(pos, V(2) * e2.hi, V(2));
  const dword<V> d = two_sum(num.hi, add_hi);
  const dword<V> den{d.hi, d.lo + (num.lo + select(pos, V(2) * e2.lo, V(0)))};
  const dword<V> inv = reciprocal(den);
  const dword<V> t = mul(dword<V>{select(pos, num_right.hi, num_left.hi),
                                  select(pos, num_right.lo, num_left.lo)},
                         inv);
  // s = 4 v (1 + e) / den^2, v = x <= 0 ? u : e^2.
  const dword<V> one_e = fast_two_sum(V(1), e.hi);
  const dword<V> v{select(pos, e2.hi, u.hi), select(pos, e2.lo, u.lo)};
  const dword<V> sv = mul(mul(v, dword<V>{one_e.hi, one_e.lo + e.lo}), mul(inv, inv));
  return {select(pos, V(0), n), t, {V(4) * sv.hi, V(4) * sv.lo}};
}

// mish(x) = x t, rounded once (the scaling by 2^n is exact but where the result is
// subnormal). mish(-0) = -0, mish(-inf) = -0 (the limit; PyTorch: NaN), mish(inf) = inf, NaN
// gives NaN; no flush of the tail before the subnormals end (PyTorch: -0 from x = -102.87, float).
template <class V> ACTIV_INLINE constexpr V mish(V x) noexcept {
  using C = mish_constants<lane_t<V>>;
  const V xc = clamp_in_constant_evaluation(x, -C::lo);  // inf * 0 in the unselected lanes
  const auto p = mish_split(xc);
  const V y = ldexp(fma(xc, p.t.hi, xc * p.t.lo), p.k);
  // mish(x) has x's sign: copysign keeps -0 where x t.lo rounds a zero to +0.
  return copysign(select(x > V(C::hi), x, select(x < V(C::lo), V(-0.0), y)), x);
}

// mish'(x) = t + x s, summed in double-words (it cancels near its zero x0 = -1.1924, where the
// exact value itself does: there the error is bounded in absolute terms, as silu''s).
// mish'(-inf) = -0 (the limit from below), mish'(inf) = 1 (PyTorch: NaN at both).
template <class V> ACTIV_INLINE constexpr V mish_derivative(V x) noexcept {
  using C = mish_constants<lane_t<V>>;
  const V xc = clamp_in_constant_evaluation(x, -C::lo);  // inf * 0 in the unselected lanes
  const auto p = mish_split(xc);
  const dword<V> xs = mul(dword<V>{xc, V(0)}, p.s);
  const dword<V> sum = two_sum(p.t.hi, xs.hi);
  const V d = ldexp(sum.hi + (sum.lo + (p.t.lo + xs.lo)), p.k);
  return select(x > V(C::hi), V(1), select(x < V(C::lo), V(-0.0), d));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
