// SPDX-License-Identifier: MIT
// The element-wise loops and their entry points (pointers and sizes only, so they can sit in
// a dispatch table; vector types never cross it).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// The tail is one partial load and store: never a read or write past x[n - 1] or y[n - 1].
template <class V, class T, class F>
ACTIV_INLINE constexpr void unary_loop(const T* x, T* y, std::size_t n, F f) noexcept {
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) store(y + i, f(load<V>(x + i)));
  if (i < n) store_n(y + i, f(load_n<V>(x + i, n - i)), n - i);
}

template <class V, class T, class F>
ACTIV_INLINE constexpr void binary_loop(const T* a, const T* b, T* y, std::size_t n,
                                        F f) noexcept {
  std::size_t i = 0;
  for (; i + lanes<V> <= n; i += lanes<V>) store(y + i, f(load<V>(a + i), load<V>(b + i)));
  if (i < n) store_n(y + i, f(load_n<V>(a + i, n - i), load_n<V>(b + i, n - i)), n - i);
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
