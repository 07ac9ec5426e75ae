// SPDX-License-Identifier: MIT
// Tanhshrink x - tanh(x), forward and derivative tanh(x)^2, without the cancellation near 0.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// For |x| < 1, x - tanh(x) = x^3 g(w), w = x^2, g(w) = 1/3 + w (c0 + w (c1 + w P(w))), where
// c0 + w (c1 + w P(w)) is mpmath's chebyfit (near-minimax) of (g(w) - 1/3)/w on [0, 1]:
// 8 terms, absolute error 2^-30.4 (float), 17 terms, 2^-62.4 (double). g falls from 1/3 to
// 0.238 and w (c0 + ...) is up to 0.4 of it, so the last three Horner steps run in
// double-words (1/3, c0 and c1 as double-word constants): one rounding of g alone would cost
// a quarter ulp. Below tiny, x^3/3 alone is exact to far below an ulp, and x is scaled by up
// so the cube does not underflow before the last rounding (down = up^-3 undoes it).
template <class T> struct tanhshrink_constants;
template <> struct tanhshrink_constants<float> {
  static constexpr float third_hi = 0x1.555556p-2f, third_lo = -0x1.555556p-27f;  // 1/3
  static constexpr float c0_hi = -0x1.111110p-3f, c0_lo = -0x1.f0f20ap-28f;        // -0.133333332618
  static constexpr float c1_hi = 0x1.ba1b70p-5f, c1_lo = 0x1.889654p-31f;        // 0.0539681620586
  static constexpr float tiny = 0x1p-30f, up = 0x1p40f, down = 0x1p-120f;
  template <class V> static ACTIV_INLINE constexpr V poly(V w) noexcept {
    return horner(w, -0x1.66470ep-6f,  // -0.02186752728
                  0x1.21e66cp-7f,     // 0.008847048582
                  -0x1.ce0ab0p-9f,    // -0.00352509883
                  0x1.54b342p-10f,    // 0.001299668189
                  -0x1.88763cp-12f,   // -0.0003742807833
                  0x1.e576f4p-15f);   // 5.787189884e-5
  }
};
template <> struct tanhshrink_constants<double> {
  static constexpr double third_hi = 0x1.5555555555555p-2, third_lo = 0x1.5555555555555p-56;
  static constexpr double c0_hi = -0x1.1111111111111p-3, c0_lo = -0x1.f1f21fbb197a0p-60;
  static constexpr double c1_hi = 0x1.ba1ba1ba1ba0ep-5, c1_lo = 0x1.6f1ebe2ef02b2p-63;
  static constexpr double tiny = 0x1p-300, up = 0x1p300, down = 0x1p-900;
  template <class V> static ACTIV_INLINE constexpr V poly(V w) noexcept {
    return horner(w, -0x1.664f4882c06bcp-6,  // -0.02186948854
                  0x1.226e355e3b2bfp-7,      // 0.00886323553
                  -0x1.d6d3d0d1e48a0p-9,     // -0.00359212803
                  0x1.7da362d6c9103p-10,     // 0.001455834301
                  -0x1.35580c55bcd17p-11,    // -0.0005900267376
                  0x1.f57b514b2d879p-13,     // 0.0002391251131
                  -0x1.966c650db36c9p-14,    // -9.689889358e-5
                  0x1.4911530f41a40p-15,     // 3.922792359e-5
                  -0x1.0920539c1786cp-16,    // -1.580275749e-5
                  0x1.a34b82affbbaep-18,     // 6.24798183e-6
                  -0x1.3a46399bc3318p-19,    // -2.341526125e-6
                  0x1.a222374b79e44p-21,     // 7.788346265e-7
                  -0x1.bddb2a5b6e47fp-23,    // -2.076179325e-7
                  0x1.46001e44406c8p-25,     // 3.795144868e-8
                  -0x1.db978852e4582p-29);   // -3.46038668e-9
  }
};

// a b + c for double-words, where |c| >= |a b|.
template <class V> ACTIV_INLINE constexpr dword<V> mul_add_dword(dword<V> a, dword<V> b, dword<V> c) noexcept {
  const dword<V> p = mul(a, b);
  const dword<V> s = fast_two_sum(c.hi, p.hi);
  return {s.hi, s.lo + (p.lo + c.lo)};
}

// x^3 g(x^2) for 0 <= a < 1 as a double-word (a^2 and a^3 exact to twice the precision);
// x^3 / 3 where third_only holds.
template <class V, class M>
ACTIV_INLINE constexpr dword<V> tanhshrink_cubic(V a, M third_only) noexcept {
  using C = tanhshrink_constants<lane_t<V>>;
  const dword<V> w{a * a, fma(a, a, -(a * a))};
  const dword<V> h1 = mul_add_dword(dword<V>{C::poly(w.hi), V(0)}, w, {V(C::c1_hi), V(C::c1_lo)});
  const dword<V> h0 = mul_add_dword(h1, w, {V(C::c0_hi), V(C::c0_lo)});
  const dword<V> g = mul_add_dword(h0, w, {V(C::third_hi), V(C::third_lo)});
  const dword<V> g_or_third{select(third_only, V(C::third_hi), g.hi),
                            select(third_only, V(C::third_lo), g.lo)};
  return mul(mul(dword<V>{a, V(0)}, w), g_or_third);
}

// tanh(a) for a >= 1 as a double-word: 1 - 2 sigmoid(-2a), as tanh() does, with the low word.
template <class V> ACTIV_INLINE constexpr dword<V> tanh_right(V a) noexcept {
  const auto p = logistic_left(V(-2) * a);
  const dword<V> t = fast_two_sum(V(1), V(-2) * (p.m.hi * p.scale));
  return {t.hi, t.lo - V(2) * (p.m.lo * p.scale)};
}

// tanhshrink(x) = x - tanh(x): the cubic below |x| = 1; above, x - tanh(x) >= 0.238 and
// tanh's double-word error (the exp polynomial's 2^-26.9 times 1 - tanh <= 0.238) is an eighth
// of an ulp at most, x - tanh(x) summed exactly. Odd: tanhshrink(-0) = -0 (PyTorch: +0),
// tanhshrink(+-inf) = +-inf, NaN gives NaN.
template <class V> ACTIV_INLINE constexpr V tanhshrink(V x) noexcept {
  using T = lane_t<V>;
  using C = tanhshrink_constants<T>;
  const V a = abs(x);
  const auto tiny = a < V(C::tiny);
  // Compile time: the cubic's powers of a >= 1 and tanh_right's -2a overflow, inf - inf is NaN.
  const V a1 = clamp_in_constant_evaluation(a, T(1));
  const V as = select(tiny, a1 * V(C::up), a1);
  const dword<V> c = tanhshrink_cubic(as, tiny);
  const V small = (c.hi + c.lo) * select(tiny, V(C::down), V(1));  // exact but where subnormal
  const dword<V> t = tanh_right(clamp_in_constant_evaluation(a, T(0x1p20)));
  const dword<V> d = fast_two_sum(clamp_in_constant_evaluation(a, std::numeric_limits<T>::max()), -t.hi);
  const V large = select(a < V(std::numeric_limits<T>::infinity()), d.hi + (d.lo - t.lo), a);
  return copysign(select(a < V(1), small, large), x);
}

// tanhshrink'(x) = tanh(x)^2, from tanh as a double-word: a - x^3 g below 1, the logistic
// form above.
// tanh(x)^2 is 1 beyond 2^20; compile time clamps there (tanh_right's -2a, inf - inf).
template <class V> ACTIV_INLINE constexpr V tanhshrink_derivative(V x) noexcept {
  const V a = clamp_in_constant_evaluation(abs(x), lane_t<V>(0x1p20));
  const dword<V> c = tanhshrink_cubic(min(a, V(1)), a < V(0));
  const dword<V> s = fast_two_sum(a, -c.hi);
  const dword<V> right = tanh_right(a);
  const auto below = a < V(1);
  const dword<V> t{select(below, s.hi, right.hi), select(below, s.lo - c.lo, right.lo)};
  const dword<V> sq = mul(t, t);
  return sq.hi + sq.lo;
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
