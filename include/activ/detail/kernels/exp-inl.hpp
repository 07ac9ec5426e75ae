// SPDX-License-Identifier: MIT
// exp on (-inf, 0]: the core of sigmoid, tanh and softmax.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Constants of the range reduction x = n ln2 + r, |r| <= ln2 / 2, and of the polynomial
// expm1(r) ~= r + r^2 P(r); expm1_poly returns r^2 P(r). P is Sollya's fpminimax for a relative error on
// [-ln2/2, ln2/2]: 2^-26.9 for float (degree 6), 2^-55.5 for double (degree 11), so the
// polynomial adds at most 0.1 ulp; what remains is the final rounding.
template <class T> struct exp_constants;

template <> struct exp_constants<float> {
  static constexpr float log2e = 0x1.715476p+0f;    // 1.44269502
  static constexpr float ln2_hi = 0x1.62e430p-1f;   // 0.693147182, ln2 rounded
  static constexpr float ln2_lo = -0x1.05c610p-29f; // -1.90465421e-09, ln2 - ln2_hi
  static constexpr float round_magic = 0x1.8p23f;   // adding it rounds |v| < 2^22 to an integer
  // Below this the exact results of every kernel here are below half the least subnormal
  // (sigmoid'(x) = e^x for x < -103.97, 4 e^x for tanh'), so z is clamped to it.
  static constexpr float z_min = -106.0f;
  template <class V> static ACTIV_INLINE constexpr V expm1_poly(V r) noexcept {
    return r * r *
               horner(r, 0x1.fffffep-2f,    // 0.4999999702
                      0x1.5554b0p-3f,       // 0.1666654348
                      0x1.555716p-5f,       // 0.04166750237
                      0x1.12278ep-7f,       // 0.008366531692
                      0x1.6b7338p-10f);     // 0.001386452001
  }
};

template <> struct exp_constants<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;   // 1.4426950408889634
  static constexpr double ln2_hi = 0x1.62e42fefa39efp-1;  // 0.69314718055994529
  static constexpr double ln2_lo = 0x1.abc9e3b39803fp-56; // 2.3190468138462996e-17
  static constexpr double round_magic = 0x1.8p52;
  static constexpr double z_min = -747.5;                 // e^z_min < 2^-1078
  template <class V> static ACTIV_INLINE constexpr V expm1_poly(V r) noexcept {
    return r * r *
               horner(r, 0x1.0000000000005p-1,  // 0.5
                      0x1.555555555553bp-3,     // 0.1666666667
                      0x1.5555555552111p-5,     // 0.04166666667
                      0x1.1111111118833p-7,     // 0.008333333333
                      0x1.6c16c17f2d324p-10,    // 0.001388888893
                      0x1.a01a0177ef8b9p-13,    // 0.0001984126973
                      0x1.a019a6a84b6eap-16,    // 2.480150457e-05
                      0x1.71de8115cec74p-19,    // 2.755739966e-06
                      0x1.28a2879ef136dp-22,    // 2.762627619e-07
                      0x1.ae7758f75b64dp-26);   // 2.505643068e-08
  }
};

// exp(z + z_lo) = 2^n (u.hi + u.lo), for z in [z_min, 0] (NaN gives NaN) and a low word
// |z_lo| <= ulp(z). n = round(z log2 e) by the add-and-subtract trick; z - n ln2 = r + r_lo
// with ln2 in two parts: r = z - n ln2_hi is exact (one fma: |r| < 1/2 and n ln2_hi fits in
// twice the precision) and r_lo = z_lo - n ln2_lo is far below ulp(r), so e^(r + r_lo) =
// e^r (1 + r_lo) to first order. Then 1 + r + r^2 P(r) is summed exactly but for the small
// r^2 P(r) term, so u carries about 6 bits more than T: the only rounding left that matters
// is the caller's last one.
template <class V> struct exp_split { V n; dword<V> u; };

template <class V> ACTIV_INLINE constexpr exp_split<V> exp_reduce(V z, V z_lo = V(0)) noexcept {
  using C = exp_constants<lane_t<V>>;
  const V n = fma(z, V(C::log2e), V(C::round_magic)) - V(C::round_magic);
  const V r = fma(n, V(-C::ln2_hi), z);
  const V r_lo = fma(n, V(-C::ln2_lo), z_lo);
  const dword<V> a = fast_two_sum(V(1), r);                // |r| < 1
  const dword<V> b = fast_two_sum(a.hi, C::expm1_poly(r));  // |r^2 P(r)| < |1 + r| / 8
  return {n, {b.hi, fma(r_lo, b.hi, a.lo + b.lo)}};        // d(e^r) = e^r dr
}

// exp(z) for z <= 0; 0 below z_min, NaN for NaN.
template <class V> ACTIV_INLINE constexpr V exp_nonpositive(V z) noexcept {
  const auto [n, u] = exp_reduce(max(V(exp_constants<lane_t<V>>::z_min), z));
  return ldexp(u.hi + u.lo, n);
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
