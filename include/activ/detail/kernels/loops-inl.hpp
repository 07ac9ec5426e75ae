// SPDX-License-Identifier: MIT
// The element-wise loops and their entry points (pointers and sizes only, so they can sit in
// a dispatch table; vector types never cross it).
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// U vectors per iteration: two for the short kernels, whose loop overhead shows at L1 sizes;
// one for the long ones (an exp, log or erf inside: their tags say long_kernel), where the out-
// of-order core overlaps iterations by itself and two chains only add register pressure (GCC
// spilled). Then whole vectors, then one partial vector: never a read or write past x[n - 1]
// or y[n - 1]. Each output is written after its own input is read, so y may be x.
template <class Op>
inline constexpr std::size_t loop_vectors = requires { Op::long_kernel; } ? 1 : 2;

template <class V, std::size_t U = 2, class T, class F>
ACTIV_INLINE constexpr void unary_loop(const T* x, T* y, std::size_t n, F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  if constexpr (L > 1 && U == 2) {
    for (; i + 2 * L <= n; i += 2 * L) {
      const V a = f(load<V>(x + i)), b = f(load<V>(x + i + L));
      store(y + i, a);
      store(y + i + L, b);
    }
  }
  for (; i + L <= n; i += L) store(y + i, f(load<V>(x + i)));
  if (i < n) store_n(y + i, f(load_n<V>(x + i, n - i)), n - i);
}

template <class V, std::size_t U = 2, class T, class F>
ACTIV_INLINE constexpr void binary_loop(const T* a, const T* b, T* y, std::size_t n,
                                        F f) noexcept {
  constexpr std::size_t L = lanes<V>;
  std::size_t i = 0;
  if constexpr (L > 1 && U == 2) {
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
  with_fixed_form(op, [&](auto o) ACTIV_INLINE_LAMBDA {
    unary_loop<vec<T>, loop_vectors<decltype(o)>>(
        x, y, n, [o](auto v) ACTIV_INLINE_LAMBDA { return forward(o, v); });
  });
}

template <class Op, class T>
constexpr void derivative_n(Op op, const T* x, T* d, std::size_t n) noexcept {
  with_fixed_form(op, [&](auto o) ACTIV_INLINE_LAMBDA {
    unary_loop<vec<T>, loop_vectors<decltype(o)>>(
        x, d, n, [o](auto v) ACTIV_INLINE_LAMBDA { return derivative(o, v); });
  });
}

template <class Op, class T>
constexpr void backward_n(Op op, const T* x, const T* dy, T* dx, std::size_t n) noexcept {
  with_fixed_form(op, [&](auto o) ACTIV_INLINE_LAMBDA {
    binary_loop<vec<T>, loop_vectors<decltype(o)>>(
        x, dy, dx, n, [o](auto v, auto g) ACTIV_INLINE_LAMBDA { return backward(o, v, g); });
  });
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
