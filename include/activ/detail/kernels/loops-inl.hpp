// SPDX-License-Identifier: MIT
// The element-wise loops and their entry points (pointers and sizes only, so they can sit in
// a dispatch table; vector types never cross it).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Four vectors per iteration while they last (fewer loop instructions per element, and four
// independent chains in flight), then one at a time; the tail is one partial load and store:
// never a read or write past x[n - 1] or y[n - 1]. Each output is written after its own input
// is read, so y may be x itself.
template <class V, class T, class F>
ACTIV_INLINE constexpr void unary_loop(const T* x, T* y, std::size_t n, F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  if constexpr (L > 1) {
    for (; i + 4 * L <= n; i += 4 * L) {
      const V a = f(load<V>(x + i)), b = f(load<V>(x + i + L));
      const V c = f(load<V>(x + i + 2 * L)), d = f(load<V>(x + i + 3 * L));
      store(y + i, a);
      store(y + i + L, b);
      store(y + i + 2 * L, c);
      store(y + i + 3 * L, d);
    }
  }
  for (; i + L <= n; i += L) store(y + i, f(load<V>(x + i)));
  if (i < n) store_n(y + i, f(load_n<V>(x + i, n - i)), n - i);
}

template <class V, class T, class F>
ACTIV_INLINE constexpr void binary_loop(const T* a, const T* b, T* y, std::size_t n,
                                        F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  if constexpr (L > 1) {
    for (; i + 2 * L <= n; i += 2 * L) {
      const V p = f(load<V>(a + i), load<V>(b + i));
      const V q = f(load<V>(a + i + L), load<V>(b + i + L));
      store(y + i, p);
      store(y + i + L, q);
    }
  }
  for (; i + L <= n; i += L) store(y + i, f(load<V>(a + i), load<V>(b + i)));
  if (i < n) store_n(y + i, f(load_n<V>(a + i, n - i), load_n<V>(b + i, n - i)), n - i);
}

// Three inputs, one vector at a time (per-channel PReLU's backward over rows of slopes).
template <class V, class T, class F>
ACTIV_INLINE constexpr void ternary_loop(const T* a, const T* b, const T* c, T* y, std::size_t n,
                                         F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  for (; i + L <= n; i += L) store(y + i, f(load<V>(a + i), load<V>(b + i), load<V>(c + i)));
  if (i < n) {
    const std::size_t m = n - i;
    store_n(y + i, f(load_n<V>(a + i, m), load_n<V>(b + i, m), load_n<V>(c + i, m)), m);
  }
}

template <class Op, class T>
constexpr void forward_n(Op op, const T* x, T* y, std::size_t n) noexcept {
  unary_loop<vec<T>>(x, y, n,
                     [op](auto v) ACTIV_INLINE_LAMBDA { return forward(op, v); });
}

template <class Op, class T>
constexpr void derivative_n(Op op, const T* x, T* d, std::size_t n) noexcept {
  unary_loop<vec<T>>(x, d, n,
                     [op](auto v) ACTIV_INLINE_LAMBDA { return derivative(op, v); });
}

template <class Op, class T>
constexpr void backward_n(Op op, const T* x, const T* dy, T* dx, std::size_t n) noexcept {
  binary_loop<vec<T>>(x, dy, dx, n,
                      [op](auto v, auto g) ACTIV_INLINE_LAMBDA { return backward(op, v, g); });
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
