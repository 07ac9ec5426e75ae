// SPDX-License-Identifier: MIT
// The Linear layer's matrix kernels: y = x W^T + b with an element-wise activation applied as
// the outputs are written, and the backward products dx = dy W, dW += dy^T x, db += sum_b dy.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.
//
// Layouts are PyTorch's: x is batch x in, W is out x in (nn.Linear's weight), y is batch x out,
// all row-major and dense. Register tiles are std::arrays of vectors indexed by constants
// (unroll<N>), which the compilers keep in registers.
//
// Sums: the forward pass for fewer than kPackedBatch rows is a dot product along `in` (a row of
// x against a row of W, both contiguous), accumulated lane by lane and reduced at the end, so
// its order of additions depends on the vector width; from kPackedBatch rows on, and in the
// backward products, it is an outer product (a broadcast scalar times a row), each output
// element summed in the same order (k = 0, 1, ...) on every ISA.
// mul_add is fused on AVX2, AVX-512 and NEON and two roundings on SSE2 and the scalar path.
// Every path's result is therefore within the usual dot-product bound of the exact sum,
// |error| <= k eps sum |terms| (k the length of the sum); tests/linear_test.cpp checks 2 k eps.

// On the scalar path only, GCC's loop vectorizer is off here: GCC 12 at -O3 vectorizes outer_tile's
// strided loads with reads 8 bytes past the end of x (valgrind). Everything these kernels call is
// forced inline, so the options' mismatch cannot stop GCC inlining (the codegen check proves it).
#if defined(__GNUC__) && !defined(__clang__) && defined(ACTIV_ISA_IS_SCALAR)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off", "no-tree-loop-vectorize")
#endif

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

template <class V, class T> ACTIV_INLINE constexpr V forward(identity_op<T>, V x) noexcept {
  return x;
}

// f(integral_constant<0>), ..., f(integral_constant<N - 1>): unrolled, constant indices.
template <std::size_t N, class F> ACTIV_INLINE constexpr void unroll(F&& f) noexcept {
  [&]<std::size_t... I>(std::index_sequence<I...>) ACTIV_INLINE_LAMBDA {
    (f(std::integral_constant<std::size_t, I>{}), ...);
  }(std::make_index_sequence<N>{});
}

// N copies of v (the vector types have no default constructor).
template <class V, std::size_t N> ACTIV_INLINE constexpr std::array<V, N> splat(V v) noexcept {
  return [&]<std::size_t... I>(std::index_sequence<I...>) ACTIV_INLINE_LAMBDA {
    return std::array<V, N>{((void)I, v)...};
  }(std::make_index_sequence<N>{});
}

// R rows of x against C rows of w: R x C dot products of length k, one vector accumulator
// each, reduced at the end: y[r * ldy + c] = x_r . w_c + b[c] (b may be null). The tail of k
// is one partial load filled with zeros.
template <std::size_t R, std::size_t C, class T>
ACTIV_INLINE void dot_tile(const T* x, const T* w, const T* b, T* y, std::size_t k,
                           std::size_t ldy) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  auto acc = splat<V, R * C>(V(T(0)));
  const auto body = [&](std::size_t i, auto ld) ACTIV_INLINE_LAMBDA {
    if constexpr (R == 1) {  // each row of W used once: loaded right into its multiply-add
      const V xv = ld(x + i);
      unroll<C>([&](auto c) ACTIV_INLINE_LAMBDA { acc[c] = mul_add(xv, ld(w + c * k + i), acc[c]); });
      return;
    }
    auto wv = splat<V, C>(V(T(0)));
    unroll<C>([&](auto c) ACTIV_INLINE_LAMBDA { wv[c] = ld(w + c * k + i); });
    unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
      const V xv = ld(x + r * k + i);
      unroll<C>([&](auto c) ACTIV_INLINE_LAMBDA {
        acc[r * C + c] = mul_add(xv, wv[c], acc[r * C + c]);
      });
    });
  };
  std::size_t i = 0;
  for (; i + L <= k; i += L) body(i, [](const T* p) ACTIV_INLINE_LAMBDA { return load<V>(p); });
  if (i < k) {
    const std::size_t m = k - i;
    body(i, [m](const T* p) ACTIV_INLINE_LAMBDA { return load_n<V>(p, m); });
  }
  if constexpr (C % 4 == 0) {  // four neighbouring outputs summed at once
    constexpr T zeros[4] = {};
    unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
      unroll<C / 4>([&](auto q) ACTIV_INLINE_LAMBDA {
        constexpr std::size_t c = 4 * decltype(q)::value;
        const std::size_t a = r * C + c;
        store_sums4(y + r * ldy + c, b ? b + c : zeros, acc[a], acc[a + 1], acc[a + 2], acc[a + 3]);
      });
    });
  } else if constexpr (R % 4 == 0) {  // four rows' sums of one output at once
    constexpr T zeros[4] = {};
    unroll<R / 4>([&](auto q) ACTIV_INLINE_LAMBDA {
      constexpr std::size_t r = 4 * decltype(q)::value;
      unroll<C>([&](auto c) ACTIV_INLINE_LAMBDA {
        T s[4];
        store_sums4(s, zeros, acc[r * C + c], acc[(r + 1) * C + c], acc[(r + 2) * C + c],
                    acc[(r + 3) * C + c]);
        for (std::size_t e = 0; e < 4; ++e) y[(r + e) * ldy + c] = s[e] + (b ? b[c] : T(0));
      });
    });
  } else {
    unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
      unroll<C>([&](auto c) ACTIV_INLINE_LAMBDA {
        y[r * ldy + c] = reduce_sum(acc[r * C + c]) + (b ? b[c] : T(0));
      });
    });
  }
}

// R rows of y, outputs o0 .. o0 + nc - 1: C rows of W at a time, then one at a time; then the
// activation over those outputs while they are still in L1, through the element-wise entry
// point: one copy of the activation's kernel, not one inlined per tile shape (GELU<double> on
// SSE2 inlined three times made one linear_forward 1.4 MB of code and minutes of compile time).
template <std::size_t R, std::size_t C, class Op, class T>
ACTIV_INLINE void linear_row_block(Op op, const T* x, const T* w, const T* b, T* y,
                                   std::size_t in, std::size_t out, std::size_t o0,
                                   std::size_t nc) noexcept {
  std::size_t o = o0;
  for (; o + C <= o0 + nc; o += C) dot_tile<R, C>(x, w + o * in, b ? b + o : b, y + o, in, out);
  for (; o < o0 + nc; ++o) dot_tile<R, 1>(x, w + o * in, b ? b + o : b, y + o, in, out);
  if constexpr (!std::is_same_v<Op, identity_op<T>>) {
    for (std::size_t r = 0; r < R; ++r) forward_n(op, y + r * out + o0, y + r * out + o0, nc);
  }
}

// c[r * ldc + i] (+)= sum_k a[r * ars + k * aks] * bm[k * ldb + i] for R rows and C vectors of
// columns (the last one m lanes wide when Tail): a broadcast scalar times a row of bm, so no
// reductions, and each element summed in order k = 0, 1, ...
template <std::size_t R, std::size_t C, bool Tail, bool Accumulate, class T>
ACTIV_INLINE void outer_tile(const T* a, std::size_t ars, std::size_t aks, const T* bm,
                             std::size_t ldb, T* c, std::size_t ldc, std::size_t kn,
                             std::size_t m) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  const auto ld = [m](const T* p, auto j) ACTIV_INLINE_LAMBDA {
    if constexpr (Tail && decltype(j)::value + 1 == C) return load_n<V>(p, m);
    else return load<V>(p);
  };
  auto acc = splat<V, R * C>(V(T(0)));
  if constexpr (Accumulate) {
    unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
      unroll<C>([&](auto j) ACTIV_INLINE_LAMBDA { acc[r * C + j] = ld(c + r * ldc + j * L, j); });
    });
  }
  for (std::size_t k = 0; k < kn; ++k) {
    auto bv = splat<V, C>(V(T(0)));
    unroll<C>([&](auto j) ACTIV_INLINE_LAMBDA { bv[j] = ld(bm + k * ldb + j * L, j); });
    unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
      const V s(a[r * ars + k * aks]);
      unroll<C>([&](auto j) ACTIV_INLINE_LAMBDA {
        acc[r * C + j] = mul_add(s, bv[j], acc[r * C + j]);
      });
    });
  }
  unroll<R>([&](auto r) ACTIV_INLINE_LAMBDA {
    unroll<C>([&](auto j) ACTIV_INLINE_LAMBDA {
      if constexpr (Tail && decltype(j)::value + 1 == C) store_n(c + r * ldc + j * L, acc[r * C + j], m);
      else store(c + r * ldc + j * L, acc[r * C + j]);
    });
  });
}

// The outer-product tile: R rows by C vectors of columns, as many accumulators as the registers
// hold beside C loaded vectors and a broadcast (16 registers: 4 x 3, 32: 8 x 3); without a fused
// multiply-add every product needs a register of its own, so 4 x 2.
template <class T> inline constexpr std::size_t outer_tile_cols = native_fma ? 3 : 2;
template <class T> inline constexpr std::size_t outer_tile_rows = vector_registers >= 32 ? 8 : 4;

template <std::size_t R, bool Accumulate, class T>
ACTIV_INLINE void outer_rows(const T* a, std::size_t ars, std::size_t aks, const T* bm,
                             std::size_t ldb, T* c, std::size_t ldc, std::size_t kn,
                             std::size_t n) noexcept {
  // A single row (dx = dy W for one sample) streams B: wide strips then, 8 vectors per row of B.
  constexpr std::size_t L = lanes<vec<T>>, C = R == 1 ? 8 : outer_tile_cols<T>;
  std::size_t i = 0;
  for (; i + C * L <= n; i += C * L)
    outer_tile<R, C, false, Accumulate>(a, ars, aks, bm + i, ldb, c + i, ldc, kn, L);
  for (; i + L <= n; i += L)
    outer_tile<R, 1, false, Accumulate>(a, ars, aks, bm + i, ldb, c + i, ldc, kn, L);
  if (i < n) outer_tile<R, 1, true, Accumulate>(a, ars, aks, bm + i, ldb, c + i, ldc, kn, n - i);
}

template <bool Accumulate, class T>
void outer_block(const T* a, std::size_t ars, std::size_t aks, const T* bm, std::size_t ldb,
                 T* c, std::size_t ldc, std::size_t rows, std::size_t kn, std::size_t n) noexcept {
  constexpr std::size_t R = outer_tile_rows<T>;
  std::size_t r = 0;
  for (; r + R <= rows; r += R)
    outer_rows<R, Accumulate>(a + r * ars, ars, aks, bm, ldb, c + r * ldc, ldc, kn, n);
  if constexpr (R > 4) {
    for (; r + 4 <= rows; r += 4)
      outer_rows<4, Accumulate>(a + r * ars, ars, aks, bm, ldb, c + r * ldc, ldc, kn, n);
  }
  for (; r < rows; ++r)
    outer_rows<1, Accumulate>(a + r * ars, ars, aks, bm, ldb, c + r * ldc, ldc, kn, n);
}

// c = 0 for an empty sum (kn == 0, where a and bm may be null).
template <bool Accumulate, class T>
ACTIV_INLINE void outer_product_empty(T* c, std::size_t ldc, std::size_t rows,
                                      std::size_t n) noexcept {
  if constexpr (!Accumulate)
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t i = 0; i < n; ++i) c[r * ldc + i] = T(0);
}

// The rows x n matrix c (+)= A B, A rows x kn (element (r, k) at a[r * ars + k * aks]), B kn x n.
// B is taken in blocks of rows (about 256 KiB) that stay in L2 while every row of A passes over
// them; c's tiles are stored after a block and reloaded for the next, so each element is still
// summed in order k = 0, 1, ... (the same result as one pass). For few rows of A.
template <bool Accumulate, class T>
void outer_product(const T* a, std::size_t ars, std::size_t aks, const T* bm, std::size_t ldb,
                   T* c, std::size_t ldc, std::size_t rows, std::size_t kn,
                   std::size_t n) noexcept {
  if (kn == 0) return outer_product_empty<Accumulate>(c, ldc, rows, n);
  constexpr std::size_t block_bytes = std::size_t{256} * 1024;
  std::size_t kb = block_bytes / (sizeof(T) * (n ? n : 1));
  kb = kb < 16 ? 16 : kb;
  std::size_t k0 = 0;
  do {
    const std::size_t kc = kn - k0 < kb ? kn - k0 : kb;
    if (k0 == 0) outer_block<Accumulate>(a, ars, aks, bm, ldb, c, ldc, rows, kc, n);
    else outer_block<true>(a + k0 * aks, ars, aks, bm + k0 * ldb, ldb, c, ldc, rows, kc, n);
    k0 += kc;
  } while (k0 < kn);
}

// Rows 0 .. rows - 1, columns 0 .. w - 1 of src (row stride lds) to dst (row stride ldd).
template <class T>
ACTIV_INLINE void copy_rows(const T* src, std::size_t lds, T* dst, std::size_t ldd,
                            std::size_t rows, std::size_t w) noexcept {
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  for (std::size_t r = 0; r < rows; ++r) {
    std::size_t j = 0;
    for (; j + L <= w; j += L) store(dst + r * ldd + j, load<V>(src + r * lds + j));
    if (j < w) store_n(dst + r * ldd + j, load_n<V>(src + r * lds + j, w - j), w - j);
  }
}

// The same product for many rows of A: B is copied, a block of its rows by one tile width of
// columns at a time, to a panel on the stack (16 KiB, in L1) that every row of A then passes
// over. Each element of B is then read from memory once, and the tiles' loads are contiguous
// (rows of B 4 KiB apart all fall in one L1 set). Where A's rows are its contiguous dimension
// (ars == 1: dy^T in dW = dy^T x), A is copied too, a block of rows at a time, so that the
// tile's broadcasts of one k are no longer a row of dy (4 KiB) apart. Same sums, same order.
template <bool Accumulate, class T>
void outer_product_packed(const T* a, std::size_t ars, std::size_t aks, const T* bm,
                          std::size_t ldb, T* c, std::size_t ldc, std::size_t rows,
                          std::size_t kn, std::size_t n) noexcept {
  if (kn == 0) return outer_product_empty<Accumulate>(c, ldc, rows, n);
  constexpr std::size_t S = outer_tile_cols<T> * lanes<vec<T>>;
  constexpr std::size_t KC = std::size_t{16} * 1024 / (S * sizeof(T));
  constexpr std::size_t R = outer_tile_rows<T>;
  constexpr std::size_t RB = std::size_t{32} * 1024 / (KC * sizeof(T)) / R * R;
  static_assert(RB >= R);
  alignas(64) T panel[KC * S];
  alignas(64) T a_panel[RB * KC];
  const bool pack_a = ars == 1 && aks * sizeof(T) >= 2048;
  const std::size_t row_block = pack_a ? RB : rows;
  for (std::size_t k0 = 0; k0 < kn; k0 += KC) {
    const std::size_t kc = kn - k0 < KC ? kn - k0 : KC;
    for (std::size_t r0 = 0; r0 < rows; r0 += row_block) {
      const std::size_t nr = rows - r0 < row_block ? rows - r0 : row_block;
      const T* ab = a + r0 * ars + k0 * aks;
      std::size_t ab_rs = ars, ab_ks = aks;
      if (pack_a) {
        copy_rows(ab, aks, a_panel, RB, kc, nr);
        ab = a_panel;
        ab_ks = RB;
      }
      for (std::size_t j0 = 0; j0 < n; j0 += S) {
        const std::size_t w = n - j0 < S ? n - j0 : S;
        copy_rows(bm + k0 * ldb + j0, ldb, panel, S, kc, w);
        T* cb = c + r0 * ldc + j0;
        if (k0 == 0) outer_block<Accumulate>(ab, ab_rs, ab_ks, panel, S, cb, ldc, nr, kc, w);
        else outer_block<true>(ab, ab_rs, ab_ks, panel, S, cb, ldc, nr, kc, w);
      }
    }
  }
}

// The products copy B to panels first from this many rows of A and terms per sum on: c is then
// walked a tile width at a time, which pays only where each of its tiles takes many terms.
inline constexpr std::size_t kPackedRows = 32, kPackedTerms = 64;

template <bool Accumulate, class T>
void outer_product_any(const T* a, std::size_t ars, std::size_t aks, const T* bm, std::size_t ldb,
                       T* c, std::size_t ldc, std::size_t rows, std::size_t kn,
                       std::size_t n) noexcept {
  if (rows >= kPackedRows && kn >= kPackedTerms)
    outer_product_packed<Accumulate>(a, ars, aks, bm, ldb, c, ldc, rows, kn, n);
  else outer_product<Accumulate>(a, ars, aks, bm, ldb, c, ldc, rows, kn, n);
}

// y = op(x W^T + b) (b may be null), chosen by shape:
// - batch below kPackedBatch: register-tiled dot products over the rows of W as they are. W is
//   taken in panels of rows (about 128 KiB, a multiple of 8 rows) that stay in L2 while every
//   block of 4 rows of x passes over them; rows of x left over go one at a time against 8 rows of
//   W (batch 1 is a matrix-vector product). No copy of W, but a horizontal sum per output.
// - larger batches: outer products over W^T, packed on the stack a panel of one tile width of
//   outputs by up to kc inputs at a time (16 KiB), each packed panel then used by every row of x:
//   a broadcast x[r, k] times a vector of W^T's row k, no horizontal sums. y starts as b and
//   each element is summed in order k = 0, 1, ...; the packing (a scalar transpose, in x out
//   moves) is paid back only when enough rows use it.
inline constexpr std::size_t kPackedBatch = 64;

template <class Op, class T>
void linear_forward(Op op, const T* x, const T* w, const T* b, T* y, std::size_t batch,
                    std::size_t in, std::size_t out) noexcept {
  if (batch >= kPackedBatch && in > 0) {
    constexpr std::size_t CL = outer_tile_cols<T> * lanes<vec<T>>;
    constexpr std::size_t KC = std::size_t{16} * 1024 / (CL * sizeof(T));
    alignas(64) T panel[KC * CL];
    for (std::size_t r = 0; r < batch; ++r)
      for (std::size_t o = 0; o < out; ++o) y[r * out + o] = b ? b[o] : T(0);
    for (std::size_t o0 = 0; o0 < out; o0 += CL) {
      const std::size_t nc = out - o0 < CL ? out - o0 : CL;
      for (std::size_t k0 = 0; k0 < in; k0 += KC) {
        const std::size_t kc = in - k0 < KC ? in - k0 : KC;
        for (std::size_t j = 0; j < nc; ++j) {
          const T* wr = w + (o0 + j) * in + k0;
          for (std::size_t k = 0; k < kc; ++k) panel[k * CL + j] = wr[k];
        }
        outer_block<true>(x + k0, in, 1, panel, CL, y + o0, out, batch, kc, nc);
      }
      if constexpr (!std::is_same_v<Op, identity_op<T>>) {
        for (std::size_t r = 0; r < batch; ++r)
          forward_n(op, y + r * out + o0, y + r * out + o0, nc);
      }
    }
    return;
  }
  constexpr std::size_t panel_bytes = std::size_t{128} * 1024;
  std::size_t panel = panel_bytes / (sizeof(T) * (in ? in : 1));
  panel = panel < 8 ? 8 : panel - panel % 8;
  for (std::size_t o0 = 0; o0 < out; o0 += panel) {
    const std::size_t nc = out - o0 < panel ? out - o0 : panel;
    std::size_t r = 0;
    for (; r + 4 <= batch; r += 4)
      linear_row_block<4, outer_tile_cols<T>>(op, x + r * in, w, b, y + r * out, in, out, o0, nc);
    for (; r < batch; ++r)
      linear_row_block<1, 8>(op, x + r * in, w, b, y + r * out, in, out, o0, nc);
  }
}


// dx = dy W (batch x in), overwritten.
template <class T>
void linear_backward_input(const T* dy, const T* w, T* dx, std::size_t batch, std::size_t in,
                           std::size_t out) noexcept {
  outer_product_any<false>(dy, out, 1, w, in, dx, in, batch, out, in);
}

// dW += dy^T x (out x in) and, where db is not null, db += the column sums of dy, in order
// b = 0, 1, ... (the same additions on every ISA).
template <class T>
void linear_backward_params(const T* x, const T* dy, T* dw, T* db, std::size_t batch,
                            std::size_t in, std::size_t out) noexcept {
  outer_product_any<true>(dy, 1, out, x, in, dw, in, out, batch, in);
  if (!db) return;
  using V = vec<T>;
  constexpr std::size_t L = lanes<V>;
  std::size_t o = 0;
  for (; o + L <= out; o += L) {
    V s = load<V>(db + o);
    for (std::size_t r = 0; r < batch; ++r) s = s + load<V>(dy + r * out + o);
    store(db + o, s);
  }
  if (o < out) {
    const std::size_t m = out - o;
    V s = load_n<V>(db + o, m);
    for (std::size_t r = 0; r < batch; ++r) s = s + load_n<V>(dy + r * out + o, m);
    store_n(db + o, s, m);
  }
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS

#if defined(__GNUC__) && !defined(__clang__) && defined(ACTIV_ISA_IS_SCALAR)
#pragma GCC pop_options
#endif
