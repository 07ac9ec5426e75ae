// SPDX-License-Identifier: MIT
// Softmax and log-softmax over rows: forward, vector-Jacobian product and Jacobian.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

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

// x - m as a dword (exact); lo is 0 where it is not finite: where hi is infinite or NaN (so -inf
// inputs stay clean), and where 2Sum's s - x overflowed although s did not (x = 1.69e38,
// m = FLT_MAX: s - x is -FLT_MAX - half an ulp, which rounds to -inf; found by fuzzing). lo is
// then at most half an ulp of hi, which log-softmax drops within its bound (|hi| > 2^127 there),
// and softmax's exp is 0 anyway.
template <class V> ACTIV_INLINE constexpr dword<V> difference(V x, V m) noexcept {
  const dword<V> d = two_sum(x, -m);
  return {d.hi, select(abs(d.lo) < V(std::numeric_limits<lane_t<V>>::infinity()), d.lo, V(0))};
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

// A sum of non-negative terms with the rounding error of each addition kept (two-sum per term).
// The constructor is spelled out: GCC compiles an implicit one outside the target region.
template <class V> struct compensated_sum {
  V sum, err;
  ACTIV_INLINE constexpr compensated_sum() noexcept : sum(V(0)), err(V(0)) {}
  ACTIV_INLINE constexpr void add(V e) noexcept {
    const dword<V> t = two_sum(sum, e);
    sum = t.hi;
    err = err + t.lo;
  }
};

// The total of a compensated sum's lanes, with two-sums too, pairwise (log2 L steps deep, not
// L): it is then nearly exact, so every instruction set (whatever its lane count) rounds the
// same sum the same way.
template <class V> ACTIV_INLINE constexpr dword<lane_t<V>> lane_total(V sum, V err) noexcept {
  using T = lane_t<V>;
  constexpr std::size_t L = lanes<V>;
  T sums[L]{}, errs[L]{};
  store(sums, sum);
  store(errs, err);
  for (std::size_t h = L / 2; h > 0; h /= 2) {
    for (std::size_t l = 0; l < h; ++l) {
      const dword<T> t = two_sum(sums[l], sums[l + h]);
      sums[l] = t.hi;
      errs[l] = errs[l] + (errs[l + h] + t.lo);
    }
  }
  return fast_two_sum(sums[0], errs[0]);
}

// sum of exp(x_i - m), compensated (two-sum per term), storing each exp in y when Store.
// A NaN, or an infinity of the wrong kind (+inf, or a row of -inf), makes the sum NaN.
template <bool Store, class T>
constexpr dword<T> exp_sum(const T* x, T m, T* y, std::size_t n) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  const V mv(m);
  // Two vectors per iteration, two sums (about 10% faster than one: more exps in flight). The
  // scalar path keeps one sum in order, which is what the fibre kernels below do per lane.
  compensated_sum<V> acc, acc2;
  std::size_t i = 0;
  if constexpr (L > 1) {
    for (; i + 2 * L <= n; i += 2 * L) {
      const V e = exp_dword(difference(load<V>(x + i), mv));
      const V e2 = exp_dword(difference(load<V>(x + i + L), mv));
      if constexpr (Store) {
        store(y + i, e);
        store(y + i + L, e2);
      }
      acc.add(e);
      acc2.add(e2);
    }
  }
  for (; i + L <= n; i += L) {
    const V e = exp_dword(difference(load<V>(x + i), mv));
    if constexpr (Store) store(y + i, e);
    acc.add(e);
  }
  if (i < n) {
    const V e = exp_dword(difference(load_n<V>(x + i, n - i, V(-std::numeric_limits<T>::infinity())), mv));
    if constexpr (Store) store_n(y + i, e, n - i);
    acc.add(e);
  }
  if constexpr (L > 1) {
    acc.add(acc2.sum);
    acc.err = acc.err + acc2.err;
  }
  return lane_total(acc.sum, acc.err);
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

// ---- Fibres side by side -------------------------------------------------------------------
// Along the middle dimension of an (outer, n, inner) tensor, the n elements of a fibre are
// `inner` apart and neighbouring fibres are adjacent in memory: one vector holds lanes<V> fibres,
// one per lane, and each lane runs the scalar path's arithmetic on its own fibre in the scalar
// path's order. No horizontal operation is needed, and every fibre's result is the scalar
// path's (bit for bit where fma is fused). `width` < lanes<V> fibres use partial loads and
// stores (Full = false); the lanes past width hold harmless fill values.

template <bool Full, class V>
ACTIV_INLINE constexpr V load_lanes(const lane_t<V>* p, std::size_t width, lane_t<V> fill) noexcept {
  if constexpr (Full) return load<V>(p);
  else return load_n<V>(p, width, V(fill));
}
template <bool Full, class T, class V>
ACTIV_INLINE constexpr void store_lanes(T* p, V v, std::size_t width) noexcept {
  if constexpr (Full) store(p, v);
  else store_n(p, v, width);
}

// Each lane's maximum and compensated sum of exp(x - max), as the scalar path's row_max and
// exp_sum (whose one-lane total is fast_two_sum(sum, err)); the exps go to y when Store.
template <class V> struct fibre_sums { V m; dword<V> s; };

template <bool Store, bool Full, class T>
ACTIV_INLINE constexpr fibre_sums<vec<T>> fibre_exp_sum(const T* x, T* y, std::size_t n,
                                                        std::size_t stride,
                                                        std::size_t width) noexcept {
  using V = vec<T>;
  constexpr T lowest = -std::numeric_limits<T>::infinity();
  V m(lowest);
  for (std::size_t k = 0; k < n; ++k) m = max(m, load_lanes<Full, V>(x + k * stride, width, lowest));
  compensated_sum<V> acc;
  for (std::size_t k = 0; k < n; ++k) {
    const V e = exp_dword(difference(load_lanes<Full, V>(x + k * stride, width, lowest), m));
    if constexpr (Store) store_lanes<Full>(y + k * stride, e, width);
    acc.add(e);
  }
  return {m, fast_two_sum(acc.sum, acc.err)};
}

template <bool Full, class T>
constexpr void softmax_fibres(const T* x, T* y, std::size_t n, std::size_t stride,
                              std::size_t width) noexcept {
  using V = vec<T>;
  const dword<V> r = reciprocal(fibre_exp_sum<true, Full>(x, y, n, stride, width).s);
  for (std::size_t k = 0; k < n; ++k) {
    const V e = load_lanes<Full, V>(y + k * stride, width, T(0));
    store_lanes<Full>(y + k * stride, fma(e, r.hi, e * r.lo), width);
  }
}

template <bool Full, class T>
constexpr void log_softmax_fibres(const T* x, T* y, std::size_t n, std::size_t stride,
                                  std::size_t width) noexcept {
  using V = vec<T>;
  const auto [m, s] = fibre_exp_sum<false, Full>(x, static_cast<T*>(nullptr), n, stride, width);
  const dword<V> l = log_dword(s.hi, s.lo);
  for (std::size_t k = 0; k < n; ++k) {
    const dword<V> d = difference(load_lanes<Full, V>(x + k * stride, width, T(0)), m);
    store_lanes<Full>(y + k * stride, (d.hi - l.hi) + (d.lo - l.lo), width);
  }
}

template <bool Full, class T>
constexpr void softmax_backward_fibres(const T* y, const T* dy, T* dx, std::size_t n,
                                       std::size_t stride, std::size_t width) noexcept {
  using V = vec<T>;
  V s(0);
  for (std::size_t k = 0; k < n; ++k)
    s = fma(load_lanes<Full, V>(dy + k * stride, width, T(0)),
            load_lanes<Full, V>(y + k * stride, width, T(0)), s);
  for (std::size_t k = 0; k < n; ++k) {
    const V yv = load_lanes<Full, V>(y + k * stride, width, T(0));
    store_lanes<Full>(dx + k * stride, yv * (load_lanes<Full, V>(dy + k * stride, width, T(0)) - s),
                      width);
  }
}

template <bool Full, class T>
constexpr void log_softmax_backward_fibres(const T* y, const T* dy, T* dx, std::size_t n,
                                           std::size_t stride, std::size_t width) noexcept {
  using V = vec<T>;
  V s(0);
  for (std::size_t k = 0; k < n; ++k) s = s + load_lanes<Full, V>(dy + k * stride, width, T(0));
  for (std::size_t k = 0; k < n; ++k) {
    const V g = load_lanes<Full, V>(dy + k * stride, width, T(0));
    store_lanes<Full>(dx + k * stride,
                      fma(-exp_nonpositive(load_lanes<Full, V>(y + k * stride, width, T(0))), s, g),
                      width);
  }
}

// Calls f(Full, offset, width) for every group of lanes<vec<T>> adjacent fibres (Full = true)
// and for the last, narrower group of each outer block (Full = false).
template <class T, class F>
ACTIV_INLINE constexpr void for_fibres(std::size_t outer, std::size_t n, std::size_t inner,
                                       F f) noexcept {
  constexpr std::size_t L = lanes<vec<T>>;
  for (std::size_t o = 0; o < outer; ++o) {
    const std::size_t base = o * n * inner;
    std::size_t j = 0;
    for (; j + L <= inner; j += L) f(std::true_type{}, base + j, L);
    if (j < inner) f(std::false_type{}, base + j, inner - j);
  }
}

// A square of lanes<V> vectors, handled with index sequences so that it lives in registers
// whatever the optimiser unrolls (at -O2 a loop over an array of vectors goes through memory).
template <class V> using square = std::array<V, lanes<V>>;

// Round of the transpose: t[2i] = zip_lo(v[i], v[i + L/2]), t[2i + 1] = zip_hi(v[i], v[i + L/2]).
template <std::size_t J, class V> ACTIV_INLINE V zip_at(const square<V>& v) noexcept {
  constexpr std::size_t H = lanes<V> / 2;
  if constexpr (J % 2 == 0) return zip_lo(v[J / 2], v[J / 2 + H]);
  else return zip_hi(v[J / 2], v[J / 2 + H]);
}
template <class V, std::size_t... J>
ACTIV_INLINE square<V> zip_round(const square<V>& v, std::index_sequence<J...>) noexcept {
  return {{zip_at<J>(v)...}};
}

// Transposes the square (lane j of v[i] <-> lane i of v[j]): log2(L) rounds of interleaving the
// first half of the vectors with the second (the perfect shuffle).
template <std::size_t Round, class V> ACTIV_INLINE square<V> transpose(const square<V>& v) noexcept {
  if constexpr (Round >= lanes<V>) return v;
  else return transpose<2 * Round>(zip_round(v, std::make_index_sequence<lanes<V>>{}));
}

// Vector l of the square: w elements from p + l * stride (w = lanes<V>: a whole vector).
template <class V, std::size_t... J>
ACTIV_INLINE square<V> load_square(const lane_t<V>* p, std::size_t stride, std::size_t w,
                                   std::index_sequence<J...>) noexcept {
  if (w == lanes<V>) return {{load<V>(p + J * stride)...}};
  return {{load_n<V>(p + J * stride, w)...}};
}
template <class V, std::size_t... J>
ACTIV_INLINE void store_square(lane_t<V>* p, std::size_t stride, std::size_t w, const square<V>& v,
                               std::index_sequence<J...>) noexcept {
  if (w == lanes<V>) (store(p + J * stride, v[J]), ...);
  else (store_n(p + J * stride, v[J], w), ...);
}

// Rows of at most short_row_max elements, lanes<V> rows at a time: transposed in registers, a square of
// lanes<V> x lanes<V> at a time, into a buffer on the stack so that each lane holds one row, run
// as fibres (stride lanes<V>), and transposed back. Per row this costs no horizontal reduction
// and no loop set-up, which is what dominates short rows; each row's result is still the scalar
// path's. Returns the number of rows done (a multiple of lanes<V>); the caller does the rest one
// by one. Measured (el/ns, f32 / f64, against row by row): AVX-512 n = 10: 1.19 / 0.65 (0.08 /
// 0.08), n = 100: 1.51 / 0.63 (0.57 / 0.43), n = 128: 1.47 / 0.62 (0.83 / 0.65); AVX2 n = 40:
// 0.91 / 0.43 (0.70 / 0.40), n = 128: 0.88 / 0.42 (1.0 / 0.43); SSE2 at least even throughout.
// Past 128 the buffer (9 KiB) grows and rows amortise their reductions.
inline constexpr std::size_t short_row_max = 128;

template <class T, class Fibres>
ACTIV_INLINE std::size_t short_rows(const T* x, T* y, std::size_t rows, std::size_t n,
                                    Fibres fibres) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  constexpr std::size_t max_n = short_row_max;
  if constexpr (L == 1) {
    return 0;
  } else {
    if (n > max_n) return 0;
    // Room for the last square whole: its rows past n are zeros, transposed back but not stored.
    T buffer[(max_n + L) * L];
    constexpr auto lanes_seq = std::make_index_sequence<L>{};
    std::size_t r = 0;
    for (; r + L <= rows; r += L) {
      for (std::size_t k = 0; k < n; k += L) {
        const std::size_t w = n - k < L ? n - k : L;
        store_square(buffer + k * L, L, L,
                     transpose<1>(load_square<V>(x + r * n + k, n, w, lanes_seq)), lanes_seq);
      }
      fibres(buffer, n);
      for (std::size_t k = 0; k < n; k += L) {
        const std::size_t w = n - k < L ? n - k : L;
        store_square(y + r * n + k, n, w,
                     transpose<1>(load_square<V>(buffer + k * L, L, L, lanes_seq)), lanes_seq);
      }
    }
    return r;
  }
}

// Entry points over an (outer, n, inner) row-major tensor along n; inner = 1 is `outer`
// consecutive rows of n elements.
template <class T>
constexpr void softmax_rows(const T* x, T* y, std::size_t outer, std::size_t n,
                            std::size_t inner) noexcept {
  if (inner == 1) {
    std::size_t r = 0;
    if (!std::is_constant_evaluated()) {
      r = short_rows(x, y, outer, n, [](T* b, std::size_t len) ACTIV_INLINE_LAMBDA {
        softmax_fibres<true>(b, b, len, lanes<vec<T>>, lanes<vec<T>>);
      });
    }
    for (; r < outer; ++r) softmax_row(x + r * n, y + r * n, n);
    return;
  }
  for_fibres<T>(outer, n, inner, [=](auto full, std::size_t at, std::size_t width) ACTIV_INLINE_LAMBDA {
    softmax_fibres<decltype(full)::value>(x + at, y + at, n, inner, width);
  });
}
template <class T>
constexpr void log_softmax_rows(const T* x, T* y, std::size_t outer, std::size_t n,
                                std::size_t inner) noexcept {
  if (inner == 1) {
    std::size_t r = 0;
    if (!std::is_constant_evaluated()) {
      r = short_rows(x, y, outer, n, [](T* b, std::size_t len) ACTIV_INLINE_LAMBDA {
        log_softmax_fibres<true>(b, b, len, lanes<vec<T>>, lanes<vec<T>>);
      });
    }
    for (; r < outer; ++r) log_softmax_row(x + r * n, y + r * n, n);
    return;
  }
  for_fibres<T>(outer, n, inner, [=](auto full, std::size_t at, std::size_t width) ACTIV_INLINE_LAMBDA {
    log_softmax_fibres<decltype(full)::value>(x + at, y + at, n, inner, width);
  });
}
template <class T>
constexpr void softmax_backward_rows(const T* y, const T* dy, T* dx, std::size_t outer,
                                     std::size_t n, std::size_t inner) noexcept {
  if (inner == 1) {
    for (std::size_t r = 0; r < outer; ++r)
      softmax_backward_row(y + r * n, dy + r * n, dx + r * n, n);
    return;
  }
  for_fibres<T>(outer, n, inner, [=](auto full, std::size_t at, std::size_t width) ACTIV_INLINE_LAMBDA {
    softmax_backward_fibres<decltype(full)::value>(y + at, dy + at, dx + at, n, inner, width);
  });
}
template <class T>
constexpr void log_softmax_backward_rows(const T* y, const T* dy, T* dx, std::size_t outer,
                                         std::size_t n, std::size_t inner) noexcept {
  if (inner == 1) {
    for (std::size_t r = 0; r < outer; ++r)
      log_softmax_backward_row(y + r * n, dy + r * n, dx + r * n, n);
    return;
  }
  for_fibres<T>(outer, n, inner, [=](auto full, std::size_t at, std::size_t width) ACTIV_INLINE_LAMBDA {
    log_softmax_backward_fibres<decltype(full)::value>(y + at, dy + at, dx + at, n, inner, width);
  });
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
