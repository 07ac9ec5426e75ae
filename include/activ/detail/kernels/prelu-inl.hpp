// SPDX-License-Identifier: MIT
// PReLU with one weight per channel over an (outer, channels, inner) tensor: channel c's
// elements take LeakyReLU's formula (relu-inl.hpp) with slope w[c]. The slopes are a vector
// load along the channels where inner = 1 (PyTorch's (N, C) input), a broadcast per run of
// `inner` elements otherwise.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// The weight's share of the gradient: x dy where x is not > 0 (NaN included, as PyTorch).
template <class V> ACTIV_INLINE constexpr V prelu_weight_term(V x, V dy) noexcept {
  return select(x > V(0), V(0), x * dy);
}

// R rows of C at a time, each slope vector loaded once for the R rows (an (N, C) input with
// small C is mostly loop overhead otherwise), each row's vector stored before the next row's is
// loaded. Every element is read before it is written. R = 2: on the (256, 64) benchmark, Zen 5,
// 22 el/ns, against 19 for four rows so interleaved, 17 for four rows loaded before any store,
// 18.5 for one row at a time (XNNPACK's prelu_nc, also two rows: 21).
template <std::size_t R, class V, class T>
ACTIV_INLINE constexpr void channel_prelu_rows(const T* x, const T* w, T* y,
                                               std::size_t channels) noexcept {
  constexpr std::size_t L = lanes<V>;
  const std::size_t C = channels;
  std::size_t c = 0;
  for (; c + L <= C; c += L) {
    const V s = load<V>(w + c);
    for (std::size_t k = 0; k < R; ++k) store(y + k * C + c, leaky_relu(load<V>(x + k * C + c), s));
  }
  if (const std::size_t m = C - c; m != 0) {
    const V s = load_n<V>(w + c, m);
    for (std::size_t k = 0; k < R; ++k)
      store_n(y + k * C + c, leaky_relu(load_n<V>(x + k * C + c, m), s), m);
  }
}

template <class T>
constexpr void channel_prelu_forward(const T* x, const T* w, T* y, std::size_t outer,
                                     std::size_t channels, std::size_t inner) noexcept {
  using V = vec<T>;
  std::size_t o = 0;
  if (inner == 1) {
    for (; o + 2 <= outer; o += 2)
      channel_prelu_rows<2, V>(x + o * channels, w, y + o * channels, channels);
  }
  for (; o < outer; ++o) {
    const std::size_t row = o * channels * inner;
    if (inner == 1) {
      binary_loop<V>(x + row, w, y + row, channels,
                     [](auto v, auto s) ACTIV_INLINE_LAMBDA { return leaky_relu(v, s); });
      continue;
    }
    for (std::size_t c = 0; c < channels; ++c) {
      const V s(w[c]);
      const std::size_t at = row + c * inner;
      unary_loop<V>(x + at, y + at, inner,
                    [s](auto v) ACTIV_INLINE_LAMBDA { return leaky_relu(v, s); });
    }
  }
}

// dx = dy f'(x), f' = 1 for x > 0 and w[c] otherwise; dy = nullptr gives f' itself.
template <class T>
constexpr void channel_prelu_backward(const T* x, const T* dy, const T* w, T* dx,
                                      std::size_t outer, std::size_t channels,
                                      std::size_t inner) noexcept {
  using V = vec<T>;
  for (std::size_t o = 0; o < outer; ++o) {
    const std::size_t row = o * channels * inner;
    if (inner == 1 && dy == nullptr) {
      binary_loop<V>(x + row, w, dx + row, channels, [](auto v, auto s) ACTIV_INLINE_LAMBDA {
        return leaky_relu_backward(v, decltype(v)(1), s);
      });
    } else if (inner == 1) {
      ternary_loop<V>(x + row, dy + row, w, dx + row, channels,
                      [](auto v, auto g, auto s) ACTIV_INLINE_LAMBDA {
                        return leaky_relu_backward(v, g, s);
                      });
    } else {
      for (std::size_t c = 0; c < channels; ++c) {
        const V s(w[c]);
        const std::size_t at = row + c * inner;
        if (dy == nullptr) {
          unary_loop<V>(x + at, dx + at, inner, [s](auto v) ACTIV_INLINE_LAMBDA {
            return leaky_relu_backward(v, V(1), s);
          });
        } else {
          binary_loop<V>(x + at, dy + at, dx + at, inner, [s](auto v, auto g) ACTIV_INLINE_LAMBDA {
            return leaky_relu_backward(v, g, s);
          });
        }
      }
    }
  }
}

// dw[c] = the sum over o and i of x dy where x is not > 0. With inner = 1 each lane is its own
// channel, summed over o in order: every path gives the same bits. Otherwise each channel is
// summed in vector lanes, then across them.
template <class T>
constexpr void channel_prelu_weight_gradient(const T* x, const T* dy, T* dw, std::size_t outer,
                                             std::size_t channels, std::size_t inner) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  if (inner == 1) {
    for (std::size_t c = 0; c < channels; ++c) dw[c] = T(0);
    for (std::size_t o = 0; o < outer; ++o) {
      const T* xr = x + o * channels;
      const T* gr = dy + o * channels;
      std::size_t c = 0;
      for (; c + L <= channels; c += L)
        store(dw + c, load<V>(dw + c) + prelu_weight_term(load<V>(xr + c), load<V>(gr + c)));
      if (const std::size_t m = channels - c; m != 0)
        store_n(dw + c, load_n<V>(dw + c, m) + prelu_weight_term(load_n<V>(xr + c, m), load_n<V>(gr + c, m)), m);
    }
    return;
  }
  for (std::size_t c = 0; c < channels; ++c) {
    V sum(0);
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t at = (o * channels + c) * inner;
      std::size_t i = 0;
      for (; i + L <= inner; i += L)
        sum = sum + prelu_weight_term(load<V>(x + at + i), load<V>(dy + at + i));
      // The tail's missing lanes load 0 and add 0 * 0.
      if (const std::size_t m = inner - i; m != 0)
        sum = sum + prelu_weight_term(load_n<V>(x + at + i, m), load_n<V>(dy + at + i, m));
    }
    dw[c] = reduce_sum(sum);
  }
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
