// SPDX-License-Identifier: MIT
// The element-wise loops and their entry points (pointers and sizes only, so they can sit in
// a dispatch table; vector types never cross it).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Two vectors per iteration while they last (two independent chains; the kernels are long
// enough that the out-of-order core overlaps iterations by itself, and every inlined copy of f
// costs compile time in each program that uses it), then the rest, under two vectors, one
// partial or full vector at a time: never a read or write past x[n - 1] or y[n - 1]. Each
// output is written after its own input is read, so y may be x itself.
template <class V, class T, class F>
ACTIV_INLINE constexpr void unary_loop(const T* x, T* y, std::size_t n, F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  if constexpr (L > 1) {
    for (; i + 2 * L <= n; i += 2 * L) {
      const V a = f(load<V>(x + i)), b = f(load<V>(x + i + L));
      store(y + i, a);
      store(y + i + L, b);
    }
  }
  for (; i < n; i += L) {
    const std::size_t m = n - i < L ? n - i : L;
    store_n(y + i, f(load_n<V>(x + i, m)), m);
  }
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
  for (; i < n; i += L) {
    const std::size_t m = n - i < L ? n - i : L;
    store_n(y + i, f(load_n<V>(a + i, m), load_n<V>(b + i, m)), m);
  }
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
