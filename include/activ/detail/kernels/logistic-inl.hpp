// SPDX-License-Identifier: MIT
// Sigmoid and tanh, forward and derivative, from one shared evaluation of e = exp(-|x|).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// For z <= 0 with e = exp(z) = 2^n u:
//   sigmoid(z)  = e / (1 + e) = 2^n * m,   m = u / (1 + e), as a dword,
//   sigmoid(-z) = 1 / (1 + e) = r,         as a dword.
// Every rounding error before the last one is carried in the low words: u by exp_reduce, 1 + e
// by an exact two-sum, 1/(1 + e) by a Newton step. So each result below rounds once at the end
// and lands within about 0.6 ulp of the exact value; the tests measure the bound.
template <class V> struct logistic_split {
  V n;       // the power of two of e
  V scale;   // 2^n, exact where normal (0 or subnormal only where e is negligible next to 1)
  dword<V> m, r;
};

// For any z <= 0 down to about -1000 (the caller clamps; exp_reduce and ldexp need n within
// twice the exponent bias). Below the normal range of 2^n, scale is subnormal or 0: e is then
// negligible next to 1, and m is still right (SiLU scales it by x 2^n itself).
// z_lo is an optional low word of z (|z_lo| <= ulp(z)), carried into exp.
template <class V> ACTIV_INLINE constexpr logistic_split<V> logistic_unclamped(V z, V z_lo = V(0)) noexcept {
  const auto [n, u] = exp_reduce(z, z_lo);
  const V scale = ldexp(V(1), n);
  const V e_hi = u.hi * scale;
  const dword<V> s = fast_two_sum(V(1), e_hi);  // 1 + e, e <= 1
  const dword<V> r = reciprocal(dword<V>{s.hi, s.lo + u.lo * scale});
  return {n, scale, mul(u, r), r};
}

// Below z_min the low word is dropped (the results there are 0 or e^z, far below it).
template <class V> ACTIV_INLINE constexpr logistic_split<V> logistic_left(V z, V z_lo = V(0)) noexcept {
  constexpr auto z_min = exp_constants<lane_t<V>>::z_min;
  return logistic_unclamped(max(V(z_min), z), select(z < V(z_min), V(0), z_lo));
}

// sigmoid(x + x_lo) for a low word |x_lo| <= ulp(x) (softplus' with beta x as a double-word).
template <class V> ACTIV_INLINE constexpr V sigmoid_dword(V x, V x_lo) noexcept {
  const auto neg = x < V(0);
  const auto p = logistic_left(-abs(x), select(neg, x_lo, -x_lo));
  // x < 0: e/(1 + e) scaled by 2^n, rounded once even where the result is subnormal.
  return select(neg, ldexp(p.m.hi + p.m.lo, p.n), p.r.hi + p.r.lo);
}

template <class V> ACTIV_INLINE constexpr V sigmoid(V x) noexcept { return sigmoid_dword(x, V(0)); }

// sigmoid'(x) = sigmoid(x) sigmoid(-x) = 2^n m r, from x itself (not from a rounded
// sigmoid(x), which would make it 0 wherever sigmoid(x) rounds to 1).
template <class V> ACTIV_INLINE constexpr V sigmoid_derivative(V x) noexcept {
  const auto p = logistic_left(-abs(x));
  const dword<V> d = mul(p.m, p.r);
  return ldexp(d.hi + d.lo, p.n);
}

// Odd polynomial for tanh on |x| < 1/4: x + x^3 P(x^2), Sollya fpminimax, relative error
// 2^-29 (float, 3 terms) and 2^-58 (double, 7 terms).
template <class V> ACTIV_INLINE constexpr V tanh_small(V a) noexcept {
  const V a2 = a * a;
  if constexpr (sizeof(lane_t<V>) == 4) {
    return fma(a * a2,
               horner(a2, -0x1.555516p-2f,   // -0.3333323896
                      0x1.10e11ap-3f,        // 0.1332418472
                      -0x1.a544eep-5f),      // -0.0514244698
               a);
  } else {
    return fma(a * a2,
               horner(a2, -0x1.55555555554f5p-2,  // -0.3333333333
                      0x1.11111110fddf3p-3,       // 0.1333333333
                      -0x1.ba1ba190a3473p-5,      // -0.05396825367
                      0x1.664f333c9f191p-6,       // 0.02186946872
                      -0x1.22685bc4882ebp-7,      // -0.008862538155
                      0x1.d50d48286509ep-9,       // 0.003578581866
                      -0x1.5986f0865724fp-10),    // -0.001318081313
               a);
  }
}

// tanh(x) = sign(x) (1 - 2 sigmoid(-2|x|)) for |x| >= 1/4, where the subtraction loses at most
// a factor 3 of the dword's accuracy; the polynomial below 1/4. copysign keeps tanh(-0) = -0.
// Beyond 2^20 tanh is 1 and its derivative 0; compile time clamps there (-2|x| and x^2 would
// overflow).
template <class V> ACTIV_INLINE constexpr V tanh(V x) noexcept {
  const V a = clamp_in_constant_evaluation(abs(x), lane_t<V>(0x1p20));
  const auto p = logistic_left(V(-2) * a);
  const V y_hi = p.m.hi * p.scale;  // sigmoid(-2|x|); scale is exact wherever it matters
  const dword<V> t = fast_two_sum(V(1), V(-2) * y_hi);
  const V large = t.hi + (t.lo - V(2) * (p.m.lo * p.scale));
  return copysign(select(a < V(0.25), tanh_small(a), large), x);
}

// tanh'(x) = 1 - tanh(x)^2 = 4 sigmoid(2x) sigmoid(-2x), from x itself.
template <class V> ACTIV_INLINE constexpr V tanh_derivative(V x) noexcept {
  const auto p = logistic_left(V(-2) * clamp_in_constant_evaluation(abs(x), lane_t<V>(0x1p20)));
  const dword<V> d = mul(p.m, p.r);
  return ldexp(d.hi + d.lo, p.n + V(2));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
