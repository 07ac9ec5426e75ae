// SPDX-License-Identifier: MIT
// Softplus log(1 + e^(beta x))/beta and LogSigmoid -log(1 + e^-x), forward and derivative,
// from one double-word log(1 + e^z).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// z_low: the clamp of -|z| (exp_reduce and ldexp take z down to about -1000 in double; in float
// n must stay within 2 * 126, and e^-160 = 2^-230.8 is far below any result). Below tiny,
// log(1 + e) = e (1 - e/2 ...) rounds as e does: e < 2^-34.6 (float) / 2^-69 (double), and e
// itself is returned, scaled last (it is subnormal from z = -87.3 / -708.4). Above big,
// log(1 + e^-z) < z 2^-25 (float) / z 2^-54 (double), so softplus rounds to z itself.
template <class T> struct softplus_constants;
template <> struct softplus_constants<float> {
  static constexpr float z_low = -160.0f, tiny = -24.0f, big = 16.0f;
};
template <> struct softplus_constants<double> {
  static constexpr double z_low = -1000.0, tiny = -48.0, big = 40.0;
};

// log(1 + e^(z + z_lo)) = 2^k (d.hi + d.lo), for |z_lo| <= ulp(z): max(z, 0) + log1p(e^-|z|),
// e^-|z| = 2^n u from exp_reduce (the low word folded in), log1p from log1p_dword, z + that
// by a two-sum. k = n where the result is e^z itself (z < tiny), else 0: so a subnormal
// result is rounded once, by the caller's last ldexp. z > big gives z + z_lo; NaN gives NaN.
template <class V> struct softplus_parts { V k; dword<V> d; };

template <class V> ACTIV_INLINE constexpr softplus_parts<V> softplus_split(V z, V z_lo) noexcept {
  using C = softplus_constants<lane_t<V>>;
  const auto pos = z > V(0);
  const V a = max(V(C::z_low), -abs(z));  // keeps NaN
  const V a_lo = select(a > V(C::z_low), select(pos, -z_lo, z_lo), V(0));
  const auto [n, u] = exp_reduce(a, a_lo);
  const V scale = ldexp(V(1), n);
  const dword<V> l = log1p_dword(u.hi * scale, u.lo * scale);
  const dword<V> s = two_sum(clamp_in_constant_evaluation(z, C::big), l.hi);  // used to big only
  const auto tiny = a < V(C::tiny);
  const auto big = z > V(C::big);
  const V hi = select(pos, select(big, z, s.hi), select(tiny, u.hi, l.hi));
  const V lo = select(pos, select(big, z_lo, s.lo + (l.lo + z_lo)), select(tiny, u.lo, l.lo));
  return {select(pos, V(0), select(tiny, n, V(0))), {hi, lo}};
}

// beta x as a double-word (exact: the fma residual); the low word is 0 where beta x overflows.
// Compile time refuses that overflow, and the residual's inf - inf at x = +-inf; there (beta > 0)
// |beta x| beyond 2 |z_low| is returned as that bound, from which every result is the same:
// softplus x or 0, sigmoid 1 or 0.
template <class V> ACTIV_INLINE constexpr dword<V> exact_product(V beta, V x) noexcept {
  if constexpr (std::is_floating_point_v<V>) {  // the scalar ISA, the only one constant-evaluated
    if (std::is_constant_evaluated()) {
      constexpr V bound = -2 * softplus_constants<V>::z_low;
      if (beta >= V(1) ? abs(x) > bound / beta : abs(x) * beta > bound)
        return {copysign(bound, x), V(0)};
    }
  }
  const V z = beta * x;
  return {z, select(abs(z) < V(std::numeric_limits<lane_t<V>>::infinity()), fma(beta, x, -z), V(0))};
}

// softplus(x) = log(1 + e^(beta x))/beta, and x where beta x > threshold (PyTorch's rule) or
// where the exact value rounds to x anyway (beta x > big). The quotient by beta gets its exact
// residual, so the result is rounded once (beta = 1: the division is exact).
template <class V> ACTIV_INLINE constexpr V softplus(V x, V beta, V threshold) noexcept {
  using C = softplus_constants<lane_t<V>>;
  const dword<V> z = exact_product(beta, x);
  const auto p = softplus_split(z.hi, z.lo);
  const V q = p.d.hi / beta;
  const V q_lo = (fma(-q, beta, p.d.hi) + p.d.lo) / beta;
  return select(z.hi > min(V(C::big), threshold), x, ldexp(q + q_lo, p.k));
}
// log(1 + e^x) rounded once (big x gives x, inf gives inf): beta = 1 without the divisions, and
// logsigmoid.
template <class V> ACTIV_INLINE constexpr V softplus_unit(V x) noexcept {
  const auto p = softplus_split(x, V(0));
  return ldexp(p.d.hi + p.d.lo, p.k);
}
// softplus'(x) = sigmoid(beta x), 1 where beta x > threshold.
template <class V> ACTIV_INLINE constexpr V softplus_backward(V x, V dy, V beta, V threshold) noexcept {
  const dword<V> z = exact_product(beta, x);
  return select(z.hi > threshold, dy, dy * sigmoid_dword(z.hi, z.lo));
}

// logsigmoid(x) = -softplus(-x) = min(x, 0) - log(1 + e^-|x|): -e^-x (a subnormal, then -0)
// for large x, where PyTorch gives 0 from x = 102.87 (float); logsigmoid(-inf) = -inf.
template <class V> ACTIV_INLINE constexpr V logsigmoid(V x) noexcept { return -softplus_unit(-x); }
// logsigmoid'(x) = sigmoid(-x).
template <class V> ACTIV_INLINE constexpr V logsigmoid_backward(V x, V dy) noexcept {
  return dy * sigmoid(-x);
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
