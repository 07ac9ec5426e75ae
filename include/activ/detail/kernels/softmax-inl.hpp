// SPDX-License-Identifier: MIT
// Softmax and log-softmax over rows: forward, vector-Jacobian product and Jacobian.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// log((1 + u)/(1 - u)) = 2 atanh(u) = 2u + u^3 P(u^2) for |u| < 0.1716: P is Sollya's
// fpminimax for a relative error of 2^-35 (float, 4 terms) and 2^-60 (double, 7 terms).
template <class V> ACTIV_INLINE constexpr V log_ratio(V u) noexcept {
  const V u2 = u * u;
  if constexpr (sizeof(lane_t<V>) == 4) {
    return fma(u * u2,
               horner(u2, 0x1.555554p-1f,   // 0.6666666269
                      0x1.999bd4p-2f,       // 0.4000084996
                      0x1.23f1a0p-2f,       // 0.2851014137
                      0x1.ec1e3cp-3f),      // 0.2402920425
               V(2) * u);
  } else {
    return fma(u * u2,
               horner(u2, 0x1.5555555555592p-1,  // 0.6666666667
                      0x1.999999997ff2bp-2,      // 0.4
                      0x1.24924941e0829p-2,      // 0.2857142874
                      0x1.c71c5214811cdp-3,      // 0.2222219861
                      0x1.74663d04574f6p-3,      // 0.1818356292
                      0x1.39a1e2daf37a5p-3,      // 0.1531408046
                      0x1.2f041b8e6ae61p-3),     // 0.1479570535
               V(2) * u);
  }
}

// log(s) for s = s_hi + s_lo >= 1, as a dword: s_hi = f 2^k with f in [sqrt(1/2), sqrt(2)),
// log f = log_ratio((f - 1)/(f + 1)). A NaN s gives NaN (through s_lo / s_hi).
template <class V> ACTIV_INLINE constexpr dword<V> log_dword(V s_hi, V s_lo) noexcept {
  using T = lane_t<V>;
  const auto split = exponent_split(s_hi);
  const auto above = split.significand > V(T(1.41421356237309504880));
  const V f = select(above, split.significand * V(0.5), split.significand);
  const V k = select(above, split.exponent + V(1), split.exponent);
  const V log_f = log_ratio((f - V(1)) / (f + V(1)));
  using C = exp_constants<T>;
  const V k_ln2 = k * V(C::ln2_hi);                 // k ln2 as a dword, exactly
  const V k_ln2_lo = fma(k, V(C::ln2_hi), -k_ln2);
  const dword<V> l = fast_two_sum(k_ln2, log_f);    // |k ln2| >= |log f| unless k = 0
  return {l.hi, l.lo + (k_ln2_lo + fma(k, V(C::ln2_lo), s_lo / s_hi))};
}

// x - m as a dword (exact); lo is 0 where hi is infinite or NaN, so -inf inputs stay clean.
template <class V> ACTIV_INLINE constexpr dword<V> difference(V x, V m) noexcept {
  const dword<V> d = two_sum(x, -m);
  return {d.hi, select(abs(d.hi) < V(std::numeric_limits<lane_t<V>>::infinity()), d.lo, V(0))};
}

// exp(d.hi + d.lo) for d.hi <= 0. Folding the low word in is what keeps softmax accurate far
// from the maximum, where x - max is not exact. Below z_min the result is 0 whatever the low
// word, which is dropped there: a huge difference (x - max near -1e30) has a low word far beyond
// the first-order correction's reach, and kept, it made tiny negative "exps" (found by fuzzing).
// d.hi is clamped to 0 from above too: a NaN in a row can hide the true maximum from the min/max
// chain (the row's result is NaN then anyway), and exp_reduce needs z <= 0. The operand order
// keeps NaN.
template <class V> ACTIV_INLINE constexpr V exp_dword(dword<V> d) noexcept {
  const V z_min(exp_constants<lane_t<V>>::z_min);
  const auto [n, u] = exp_reduce(min(V(0), max(z_min, d.hi)), select(d.hi < z_min, V(0), d.lo));
  return ldexp(u.hi + u.lo, n);
}

template <class T> constexpr T row_max(const T* x, std::size_t n) noexcept {
  using V = vec<T>;
  constexpr T lowest = -std::numeric_limits<T>::infinity();
  V m(lowest);
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) m = max(m, load<V>(x + i));
  if (i < n) m = max(m, load_n<V>(x + i, n - i, V(lowest)));
  return reduce_max(m);
}

// sum of exp(x_i - m), compensated (two-sum per term), storing each exp in y when Store.
// A NaN, or an infinity of the wrong kind (+inf, or a row of -inf), makes the sum NaN.
template <bool Store, class T>
constexpr dword<T> exp_sum(const T* x, T m, T* y, std::size_t n) noexcept {
  using V = vec<T>;
  const V mv(m);
  V sum(0), err(0);
  const auto accumulate = [&](V e) ACTIV_INLINE_LAMBDA {
    const dword<V> t = two_sum(sum, e);
    sum = t.hi;
    err = err + t.lo;
  };
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) {
    const V e = exp_dword(difference(load<V>(x + i), mv));
    if constexpr (Store) store(y + i, e);
    accumulate(e);
  }
  if (i < n) {
    const V e = exp_dword(difference(load_n<V>(x + i, n - i, V(-std::numeric_limits<T>::infinity())), mv));
    if constexpr (Store) store_n(y + i, e, n - i);
    accumulate(e);
  }
  // Across lanes with two-sums too: the total is then nearly exact, so every instruction set
  // (whatever its lane count) rounds the same sum the same way.
  T sums[lanes<V>]{}, errs[lanes<V>]{};
  store(sums, sum);
  store(errs, err);
  dword<T> total{T(0), T(0)};
  for (std::size_t l = 0; l < lanes<V>; ++l) {
    const dword<T> t = two_sum(total.hi, sums[l]);
    total = {t.hi, total.lo + (t.lo + errs[l])};
  }
  return fast_two_sum(total.hi, total.lo);
}

// Three passes: the maximum, the exps (stored in y) and their sum, then y *= 1/sum with the
// reciprocal as a dword, so each output rounds once after the exp.
template <class T> constexpr void softmax_row(const T* x, T* y, std::size_t n) noexcept {
  using V = vec<T>;
  const dword<T> s = exp_sum<true>(x, row_max(x, n), y, n);
  const dword<V> r = reciprocal(dword<V>{V(s.hi), V(s.lo)});
  unary_loop<V>(y, y, n, [r](V e) ACTIV_INLINE_LAMBDA { return fma(e, r.hi, e * r.lo); });
}

// log_softmax(x)_i = (x_i - m) - log(sum), both terms as dwords.
template <class T> constexpr void log_softmax_row(const T* x, T* y, std::size_t n) noexcept {
  using V = vec<T>;
  const T m = row_max(x, n);
  const dword<T> s = exp_sum<false>(x, m, static_cast<T*>(nullptr), n);
  const dword<V> l = log_dword(V(s.hi), V(s.lo));
  const V mv(m);
  unary_loop<V>(x, y, n, [l, mv](V xv) ACTIV_INLINE_LAMBDA {
    const dword<V> d = difference(xv, mv);
    return (d.hi - l.hi) + (d.lo - l.lo);
  });
}

template <class T> constexpr T dot(const T* a, const T* b, std::size_t n) noexcept {
  using V = vec<T>;
  V acc(0);
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) acc = fma(load<V>(a + i), load<V>(b + i), acc);
  if (i < n) acc = fma(load_n<V>(a + i, n - i), load_n<V>(b + i, n - i), acc);
  return reduce_sum(acc);
}

template <class T> constexpr T sum(const T* a, std::size_t n) noexcept {
  using V = vec<T>;
  V acc(0);
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) acc = acc + load<V>(a + i);
  if (i < n) acc = acc + load_n<V>(a + i, n - i);
  return reduce_sum(acc);
}

// Softmax's vector-Jacobian product from its output: dx = y * (dy - sum(dy * y)).
template <class T>
constexpr void softmax_backward_row(const T* y, const T* dy, T* dx, std::size_t n) noexcept {
  using V = vec<T>;
  const V s(dot(dy, y, n));
  binary_loop<V>(y, dy, dx, n, [s](V yv, V g) ACTIV_INLINE_LAMBDA { return yv * (g - s); });
}

// Log-softmax's from its output: dx = dy - exp(y) * sum(dy).
template <class T>
constexpr void log_softmax_backward_row(const T* y, const T* dy, T* dx, std::size_t n) noexcept {
  using V = vec<T>;
  const V s(sum(dy, n));
  binary_loop<V>(y, dy, dx, n, [s](V yv, V g) ACTIV_INLINE_LAMBDA {
    return fma(-exp_nonpositive(yv), s, g);
  });
}

// Entry points over `rows` consecutive rows of n elements.
template <class T>
constexpr void softmax_rows(const T* x, T* y, std::size_t rows, std::size_t n) noexcept {
  for (std::size_t r = 0; r < rows; ++r) softmax_row(x + r * n, y + r * n, n);
}
template <class T>
constexpr void log_softmax_rows(const T* x, T* y, std::size_t rows, std::size_t n) noexcept {
  for (std::size_t r = 0; r < rows; ++r) log_softmax_row(x + r * n, y + r * n, n);
}
template <class T>
constexpr void softmax_backward_rows(const T* y, const T* dy, T* dx, std::size_t rows,
                                     std::size_t n) noexcept {
  for (std::size_t r = 0; r < rows; ++r) softmax_backward_row(y + r * n, dy + r * n, dx + r * n, n);
}
template <class T>
constexpr void log_softmax_backward_rows(const T* y, const T* dy, T* dx, std::size_t rows,
                                         std::size_t n) noexcept {
  for (std::size_t r = 0; r < rows; ++r)
    log_softmax_backward_row(y + r * n, dy + r * n, dx + r * n, n);
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
