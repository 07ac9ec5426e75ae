// SPDX-License-Identifier: MIT
// log near 1: the atanh series log((1 + u)/(1 - u)) shared with log-softmax, and log1p on
// [0, 1] as a double-word (softplus, logsigmoid, mish).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// log((1 + u)/(1 - u)) = 2 atanh(u) = 2u + u^3 P(u^2) for |u| < 0.1716: P is Sollya's
// fpminimax for a relative error of 2^-35 (float, 4 terms) and 2^-60 (double, 7 terms).
// log_ratio_poly(u2) is P(u2) alone, for callers that keep 2u as a double-word.
template <class V> ACTIV_INLINE constexpr V log_ratio_poly(V u2) noexcept {
  if constexpr (sizeof(lane_t<V>) == 4) {
    return horner(u2, 0x1.555554p-1f,   // 0.6666666269
                  0x1.999bd4p-2f,       // 0.4000084996
                  0x1.23f1a0p-2f,       // 0.2851014137
                  0x1.ec1e3cp-3f);      // 0.2402920425
  } else {
    return horner(u2, 0x1.5555555555592p-1,  // 0.6666666667
                  0x1.999999997ff2bp-2,      // 0.4
                  0x1.24924941e0829p-2,      // 0.2857142874
                  0x1.c71c5214811cdp-3,      // 0.2222219861
                  0x1.74663d04574f6p-3,      // 0.1818356292
                  0x1.39a1e2daf37a5p-3,      // 0.1531408046
                  0x1.2f041b8e6ae61p-3);     // 0.1479570535
  }
}
template <class V> ACTIV_INLINE constexpr V log_ratio(V u) noexcept {
  const V u2 = u * u;
  return fma(u * u2, log_ratio_poly(u2), V(2) * u);
}

// log(1 + e) for e = e_hi + e_lo in [0, 1] (e_hi 0 or normal, |e_lo| <= ulp(e_hi)), as a
// double-word accurate to about 2^-29 (float) / 2^-58 (double) relative. NaN gives NaN.
// 1 + e = 2^k f with k = 0 or 1 and f in [sqrt(1/2), sqrt(2)]; log f = 2 atanh(u) with
//   k = 0 (e <= sqrt 2 - 1): u = (f - 1)/(f + 1) = e / (e + 2),
//   k = 1:                   u = (f - 1)/(f + 1) = (e - 1)/(e + 3),
// formed from e itself (not from a rounded 1 + e, whose residual can be as large as e): numerator
// and denominator are two-sums with e's low word, and the quotient gets its exact fma residual.
// So the leading 2u carries twice the precision, and the rest u^3 P(u^2), at most 1/100 of it,
// rounds far below an ulp of the result; k ln2 is a double-word constant. For tiny e,
// u = e/2 (1 - e/2 ...) keeps its relative accuracy (glibc and Sleef carry a correction term
// c/(1 + e) instead, on a table or polynomial log).
template <class V> ACTIV_INLINE constexpr dword<V> log1p_dword(V e_hi, V e_lo) noexcept {
  using T = lane_t<V>;
  using C = exp_constants<T>;
  const auto above = e_hi > V(T(0.41421356237309504880));
  const dword<V> num = two_sum(e_hi, select(above, V(-1), V(0)));
  const dword<V> den = two_sum(e_hi, select(above, V(3), V(2)));
  // One division: u = num r is within about an ulp of the quotient, so the fma residual is
  // still exact, and the low word needs r's accuracy only.
  const V r = V(1) / den.hi;
  const V u = num.hi * r;
  const V u_lo = (fma(-u, den.hi, num.hi) + (num.lo + e_lo) - u * (den.lo + e_lo)) * r;
  const V k = select(above, V(1), V(0));
  const dword<V> l = fast_two_sum(k * V(C::ln2_hi), V(2) * u);  // |2u| <= 0.35 < ln2
  const V tail = u * (u * u) * log_ratio_poly(u * u);
  return {l.hi, l.lo + (fma(V(2), u_lo, tail) + k * V(C::ln2_lo))};
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
