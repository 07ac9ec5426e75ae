// SPDX-License-Identifier: MIT
// expm1 on (-inf, 0] as a double-word, and ELU, CELU and SELU from it.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Q(z) = (e^z - 1 - z - z^2/2) / z^3 on [-0.3467, 0] (where exp_reduce's n is 0), Chebyshev
// fits (mpmath): relative error 2^-22.6 (float, 4 terms) and 2^-54 (double, 9 terms) after
// rounding the coefficients.
template <class T> struct expm1_constants;
template <> struct expm1_constants<float> {
  template <class V> static ACTIV_INLINE constexpr V cubic_factor(V z) noexcept {
    return horner(z, 0x1.555552p-3f,    // 0.1666666418
                  0x1.55515ap-5f,       // 0.04166476801
                  0x1.10298cp-7f,       // 0.008305734023
                  0x1.4a1402p-10f);     // 0.001259148237
  }
};
template <> struct expm1_constants<double> {
  template <class V> static ACTIV_INLINE constexpr V cubic_factor(V z) noexcept {
    return horner(z, 0x1.5555555555555p-3,   // 0.1666666667
                  0x1.5555555555510p-5,      // 0.04166666667
                  0x1.111111110be31p-7,      // 0.008333333333
                  0x1.6c16c16749b74p-10,     // 0.001388888888
                  0x1.a019ff64e2c57p-13,     // 0.0001984126822
                  0x1.a0196c46e91f6p-16,     // 2.480145147e-05
                  0x1.71c73bdcfa755p-19,     // 2.755062708e-06
                  0x1.25d23c35f06e3p-22,     // 2.736423456e-07
                  0x1.7a2a62d32d0c6p-26);    // 2.201213329e-08
  }
};

// e^(z + z_lo) - 1 for z <= 0 (NaN gives NaN), |z_lo| <= ulp(z), as a double-word. exp_reduce
// gives z = n ln2 + r. Where n = 0 (|z| < ln2/2, r = z), e^z - 1 = z + z^2/2 + z^3 Q(z) is
// summed without the 1 that exp_reduce's u carries (subtracting 1 from u would leave u's
// rounded r^2 P(r), up to half an ulp of e^z - 1: measured 1.005 ulp in float before): z^2 is
// exact as a double-word, z + z^2/2 a fast two-sum, and z^3 Q(z) at most 2.4% of the result,
// so its roundings are a small part of an ulp; z_lo adds z_lo e^z ~ z_lo (1 + z). Elsewhere
// e^z <= 0.71 and 2^n u - 1 is summed exactly by a two-sum around -1, where u's absolute
// error is a small part of an ulp of |e^z - 1| >= 0.29.
template <class V> ACTIV_INLINE constexpr dword<V> expm1_dword(V z, V z_lo = V(0)) noexcept {
  using C = exp_constants<lane_t<V>>;
  const auto clamped = z < V(C::z_min);
  const V zc = max(V(C::z_min), z);           // keeps NaN
  const V zl = select(clamped, V(0), z_lo);
  const auto [n, u] = exp_reduce(zc, zl);
  const V z2 = zc * zc;
  const V z2_lo = fma(zc, zc, -z2);
  const dword<V> head = fast_two_sum(zc, V(0.5) * z2);  // |z| >= z^2/2 where it is used
  const V cubic = (zc * z2) * expm1_constants<lane_t<V>>::cubic_factor(zc);
  const V small_lo = head.lo + fma(V(0.5), z2_lo, cubic + fma(zl, zc, zl));
  const V scale = ldexp(V(1), n);
  const dword<V> big = fast_two_sum(V(-1), u.hi * scale);      // 2^n u <= 0.71
  const auto n_zero = n > V(-0.5);  // n is an integer <= 0
  return {select(n_zero, head.hi, big.hi), select(n_zero, small_lo, big.lo + u.lo * scale)};
}

// e^(z + z_lo) for z <= 0 as 2^n (u.hi + u.lo), clamped below like expm1_dword.
template <class V> ACTIV_INLINE constexpr exp_split<V> exp_split_nonpositive(V z, V z_lo = V(0)) noexcept {
  using C = exp_constants<lane_t<V>>;
  return exp_reduce(max(V(C::z_min), z), select(z < V(C::z_min), V(0), z_lo));
}

// c (hi + lo) for a double-word constant c = c_hi + c_lo, rounded once.
template <class V> ACTIV_INLINE constexpr V scaled(V c_hi, V c_lo, dword<V> d) noexcept {
  const dword<V> p = mul(dword<V>{c_hi, c_lo}, d);
  return p.hi + p.lo;
}

// elu(x) = x > 0 ? x : alpha expm1(x); x < 0 is tested, so elu(-0) = -0 (PyTorch: +0, from
// exp(x) - 1) and NaN passes through. The negative side is never positive: -|.| keeps -0 where
// a tiny result underflows (SSE2's emulated fma would give +0).
template <class V> ACTIV_INLINE constexpr V elu(V x, V alpha) noexcept {
  const dword<V> e = expm1_dword(min(V(0), x));
  return select(x < V(0), -abs(fma(alpha, e.hi, alpha * e.lo)), x);
}
// elu'(x) = x > 0 ? 1 : alpha e^x: alpha at 0 (the x <= 0 side, as PyTorch), NaN at NaN.
// alpha = s 2^a (ops.hpp's split_power_of_two), so alpha e^x = (s u) 2^(n + a) with |s u| in
// [0.7, 2.9): the product is normal and only ldexp rounds, once, whatever alpha's size (alpha u
// could be subnormal and then rounded twice, differently by each ISA's ldexp, or overflow).
// Below 2^k_min the result is 0 anyway; the clamp keeps both of ldexp's factors normal.
template <class V> ACTIV_INLINE constexpr V elu_backward(V x, V dy, V alpha_significand,
                                                         V alpha_exponent) noexcept {
  using T = lane_t<V>;
  constexpr T k_min = T(-2 * (std::numeric_limits<T>::max_exponent - 3));
  const auto [n, u] = exp_split_nonpositive(min(V(0), x));
  const V s = alpha_significand;
  const V k = max(V(k_min), n + alpha_exponent);  // keeps NaN
  return select(x > V(0), dy, dy * ldexp(fma(s, u.hi, s * u.lo), k));
}

// x / alpha as a double-word: the quotient and its exact residual divided again.
// Compile time (x <= 0 and alpha > 0 here) refuses a quotient that overflows and the residual's
// inf - inf at x = -inf, both of which run time computes and expm1_dword ignores (it clamps z):
// there the quotient is -inf with no low word.
template <class V> ACTIV_INLINE constexpr dword<V> quotient(V x, V alpha) noexcept {
  if constexpr (std::is_floating_point_v<V>) {  // the scalar ISA, the only one constant-evaluated
    if (std::is_constant_evaluated() && x < -std::numeric_limits<V>::max() * min(alpha, V(1)))
      return {-std::numeric_limits<V>::infinity(), V(0)};
  }
  const V q = x / alpha;
  return {q, fma(-q, alpha, x) / alpha};
}

// celu(x) = x > 0 ? x : alpha expm1(x / alpha), with x / alpha carried as a double-word into
// expm1 (PyTorch rounds it first).
// Where |x / alpha| < 2^-(p + 6) (p the precision), alpha expm1(x / alpha) = x (1 + x/(2 alpha))
// rounds to x, and x is returned: x / alpha may underflow there (x subnormal, alpha > 1).
template <class V> ACTIV_INLINE constexpr V celu(V x, V alpha) noexcept {
  using T = lane_t<V>;
  const dword<V> z = quotient(min(V(0), x), alpha);
  const dword<V> e = expm1_dword(z.hi, z.lo);
  constexpr T tiny = sizeof(T) == 4 ? T(0x1p-30f) : T(0x1p-59);
  const V neg = select(abs(z.hi) < V(tiny), x, -abs(fma(alpha, e.hi, alpha * e.lo)));
  return select(x < V(0), neg, x);
}
// celu'(x) = x > 0 ? 1 : e^(x / alpha).
template <class V> ACTIV_INLINE constexpr V celu_backward(V x, V dy, V alpha) noexcept {
  const dword<V> z = quotient(min(V(0), x), alpha);
  const auto [n, u] = exp_split_nonpositive(z.hi, z.lo);
  return select(x > V(0), dy, dy * ldexp(u.hi + u.lo, n));
}

// SELU's constants (PyTorch's digits, 1.0507009873554804934193349852946 and
// 1.6732632423543772848170429916717) as double-words: scale and scale * alpha, so neither is
// rounded before it multiplies (PyTorch rounds scale, alpha and their product to the type).
template <class T> struct selu_constants;
template <> struct selu_constants<float> {
  static constexpr float scale_hi = 0x1.0cfabep+0f, scale_lo = -0x1.2adddap-25f;  // 1.05070102, -3.48e-08
  static constexpr float sa_hi = 0x1.c212ccp+0f, sa_lo = 0x1.903c0cp-26f;         // 1.75809932, 2.33e-08
};
template <> struct selu_constants<double> {
  static constexpr double scale_hi = 0x1.0cfabd6a91132p+0, scale_lo = 0x1.6fc7d272f2695p-55;
  static constexpr double sa_hi = 0x1.c212cc640f031p+0, sa_lo = 0x1.05161b045a1fep-56;
};

// selu(x) = scale (x > 0 ? x : alpha expm1(x)); selu(-0) = -0.
// The positive side takes x's sign (so selu(-0) = -0 whatever scale_lo's sign); +-inf is
// returned itself (the fma would give inf - inf).
template <class V> ACTIV_INLINE constexpr V selu(V x) noexcept {
  using T = lane_t<V>;
  using C = selu_constants<T>;
  const V neg = -abs(scaled(V(C::sa_hi), V(C::sa_lo), expm1_dword(min(V(0), x))));
  const V pos = copysign(fma(V(C::scale_hi), x, V(C::scale_lo) * x), x);
  return select(x < V(0), neg,
                select(abs(x) > V(std::numeric_limits<T>::max()), x, pos));
}
// selu'(x) = x > 0 ? scale : scale alpha e^x (scale alpha at 0, NaN at NaN).
template <class V> ACTIV_INLINE constexpr V selu_backward(V x, V dy) noexcept {
  using C = selu_constants<lane_t<V>>;
  const auto [n, u] = exp_split_nonpositive(min(V(0), x));
  const V d = ldexp(scaled(V(C::sa_hi), V(C::sa_lo), u), n);
  return select(x > V(0), dy * V(C::scale_hi), dy * d);
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
