// SPDX-License-Identifier: MIT
// The piecewise-linear activations (Hardtanh and ReLU6, Hardsigmoid, Hardswish, Threshold,
// Hardshrink, Softshrink) and Softsign, with PyTorch's conventions at NaN and at the kinks: the
// values of PyTorch's vectorised loop where its scalar tail differs (golden README).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// min(hi, max(lo, x)): x is the second operand both times, so NaN and -0 survive.
template <class V> ACTIV_INLINE constexpr V hardtanh(V x, V lo, V hi) noexcept {
  return min(hi, max(lo, x));
}
// PyTorch's backward: `x <= lo || x >= hi ? 0 : dy`; 0 at both bounds and at NaN.
template <class V> ACTIV_INLINE constexpr V hardtanh_backward(V x, V dy, V lo, V hi) noexcept {
  return select(x > lo, select(x < hi, dy, V(0)), V(0));
}

// p / 6 rounded once, as the division rounds it, without a division where fma is an instruction
// (a divide is 10-16 cycles a zmm; this is a multiply and two fmas). Markstein: with y = fl(1/6)
// and q0 = fl(p y) within an ulp of p / 6, the residual r = p - 6 q0 is exact (an fma), and
// fl(q0 + r y) is the correctly rounded quotient. That fails only where p / 6 is exactly halfway
// between two subnormals (p an odd multiple of the smallest subnormal, |p| < 2^-125 in float,
// 2^-1021 in double): the error of y then picks the neighbour. Exact (same bits as p / 6) for
// p = +0, NaN and 2 min_normal <= |p| < inf; -0 gives +0 and +-inf NaN. Tested on all 2^32
// floats and 2 * 10^9 doubles (random bits, uniform on [-18, 18]) plus powers of two and
// subnormal edges, 0 mismatches. Instruction sets that emulate fma (SSE2) divide, and so does
// constant evaluation (the same bits in this domain; one division is far cheaper to evaluate
// there than two of exact_fma's integer fmas).
template <class V> ACTIV_INLINE constexpr V div6(V p) noexcept {
  using T = lane_t<V>;
  if (!native_fma || std::is_constant_evaluated()) return p / V(6);
  constexpr T y = T(1) / T(6);
  const V q0 = p * V(y);
  return fma(fma(q0, V(-6), p), V(y), q0);  // fma(q0, -6, p), not -q0: a NaN keeps its sign
}

// min(max(x + 3, 0), 6) / 6, rounded as PyTorch rounds it (the sum, then the quotient). The
// clamped sum is +0, NaN or at least ulp(2) (Sterbenz), inside div6's exact domain.
template <class V> ACTIV_INLINE constexpr V hardsigmoid(V x) noexcept {
  return div6(min(V(6), max(V(0), x + V(3))));
}
// dy / 6 on the open interval (-3, 3), as dy * fl(1/6); 0 at +-3 and at NaN.
template <class V> ACTIV_INLINE constexpr V hardsigmoid_backward(V x, V dy) noexcept {
  using T = lane_t<V>;
  return select(x > V(-3), select(x < V(3), dy * V(T(1) / T(6)), V(0)), V(0));
}

// x min(max(x + 3, 0), 6) / 6 as PyTorch rounds it, except x >= 3, where the function is x
// itself (PyTorch's x * 6 / 6 is sometimes 1 ulp off x, and inf from 5.67e37 in float), and
// x <= -3, where it is -0 (PyTorch's x * 0, which is NaN for -inf).
// x is clamped to [-3, 3] first (xc), so the factor c = xc + 3 needs no max with 0 or min with 6
// and is +0 from -3 down (-inf included); p = xc c cannot overflow (compile time refuses that,
// even where x >= 3 selects x). The product p = xc c is below div6's domain only there (p = -0)
// and for tiny |x|, where x + 3 = 3 and p = 3x exactly, so p / 6 is x / 2; there xc fl(c fl(1/6))
// is right in both cases: fl(3 fl(1/6)) is exactly 1/2 in float and in double, and 0 gives -0.
// Two operations fewer than a max with 0 and a select for x <= -3: 12.8 -> 15.1 el/ns (f32,
// 16 Ki, Zen 5), the same bits (all 2^32 floats, 2.7e8 doubles, every path).
template <class V> ACTIV_INLINE constexpr V hardswish(V x) noexcept {
  using T = lane_t<V>;
  const V xc = min(V(3), max(V(-3), x));  // NaN stays NaN (the second operand)
  const V c = xc + V(3);
  const V p = xc * c;
  const V small = xc * (c * V(T(1) / T(6)));
  const V mid = select(abs(p) < V(2 * std::numeric_limits<T>::min()), small, div6(p));
  return select(x >= V(3), x, mid);
}
// PyTorch's vectorised loop's sides: 0 below -3, dy from 3 on, dy (2x + 3)/6 between (so -1/2
// at -3, 1 at 3, NaN at NaN). PyTorch rounds x/3 + 1/2, which cancels near x = -1.5 (21 ulp off
// in double); 2x + 3 is exact there (Sterbenz, for -3 <= x <= -0.75), so the slope is correctly
// rounded on that side and within 1 ulp elsewhere. 2x + 3 is +0 (x = -1.5), NaN, or at least
// ulp(2) where it is used: inside div6's exact domain.
template <class V> ACTIV_INLINE constexpr V hardswish_backward(V x, V dy) noexcept {
  const V xc = clamp_in_constant_evaluation(x, lane_t<V>(3));  // 2x + 3 overflows at +-max
  return select(x < V(-3), V(0), select(x >= V(3), dy, dy * div6(xc + xc + V(3))));
}

// x <= threshold ? value : x: NaN stays NaN (the comparison is false).
template <class V> ACTIV_INLINE constexpr V threshold(V x, V th, V value) noexcept {
  return select(x <= th, value, x);
}
template <class V> ACTIV_INLINE constexpr V threshold_backward(V x, V dy, V th) noexcept {
  return select(x <= th, V(0), dy);
}

// x outside [-lambd, lambd], else +0; NaN stays NaN.
template <class V> ACTIV_INLINE constexpr V hardshrink(V x, V lambd) noexcept {
  return select(x >= -lambd, select(x <= lambd, V(0), x), x);
}
// x - lambd above, x + lambd below, +0 between and at NaN (PyTorch's softshrink(NaN) = 0).
template <class V> ACTIV_INLINE constexpr V softshrink(V x, V lambd) noexcept {
  return select(x > lambd, x - lambd, select(x < -lambd, x + lambd, V(0)));
}
// Both shrinks: dy where |x| > lambd, 0 on [-lambd, lambd] and at NaN.
template <class V> ACTIV_INLINE constexpr V shrink_backward(V x, V dy, V lambd) noexcept {
  return select(abs(x) > lambd, dy, V(0));
}

// softsign(x) = x / (1 + |x|), rounded once: 1 + |x| = s.hi + s.lo exactly (two-sum), the
// quotient q = |x| / s.hi, and one correction from the exact residual |x| - q s.hi (an fma)
// less q s.lo. The correction is far below ulp(q), so the result is within about 0.5 ulp.
// +-inf gives the limit +-1 (PyTorch's inf/inf gives NaN); -0 and NaN pass through.
template <class V> ACTIV_INLINE constexpr V softsign(V x) noexcept {
  using T = lane_t<V>;
  const V a = abs(x);
  const V af = clamp_in_constant_evaluation(a, std::numeric_limits<T>::max());  // inf - inf
  const dword<V> s = two_sum(V(1), af);
  const V q = af / s.hi;
  const V r = q + (fma(-q, s.hi, af) - q * s.lo) / s.hi;
  return copysign(select(a > V(std::numeric_limits<T>::max()), V(1), r), x);
}
// softsign'(x) = 1 / (1 + |x|)^2 from the dword reciprocal, squared; 0 at +-inf. For huge |x|
// the square is near or below the normal range, where the product's error-free residual is
// lost (measured 1.5 ulp at |x| = 2^63 in float): the reciprocal is scaled up by 2^k first and
// the square down by 2^-2k at the end, rounded once by ldexp.
template <class V> ACTIV_INLINE constexpr V softsign_derivative(V x) noexcept {
  using T = lane_t<V>;
  constexpr T big = sizeof(T) == 4 ? T(0x1p40f) : T(0x1p400);
  constexpr T k = sizeof(T) == 4 ? T(32) : T(300);
  const V a = abs(x);
  const dword<V> r0 = reciprocal(two_sum(V(1), clamp_in_constant_evaluation(a, std::numeric_limits<T>::max())));
  const auto huge = a > V(big);
  const V up = select(huge, ldexp(V(1), V(k)), V(1));
  const dword<V> r{r0.hi * up, r0.lo * up};
  const dword<V> p = mul(r, r);
  const V d = ldexp(p.hi + p.lo, select(huge, V(-2 * k), V(0)));
  return select(a > V(std::numeric_limits<T>::max()), V(0), d);
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
