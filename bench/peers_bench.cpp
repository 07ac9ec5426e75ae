// SPDX-License-Identifier: MIT
// activ beside its peers (Eigen, XNNPACK, oneDNN): the same ops on the same buffers, in one run.
//
// Rows:  forward / relu|leaky_relu|sigmoid|tanh / f32|f64 / n=<n> / activ|eigen|xnnpack|onednn
//        derivative / sigmoid|tanh / f32|f64 / n=<n> / activ|fastmath-avx2|fastmath-avx512
//        backward / relu|sigmoid|tanh / f32|f64 / n=<n> / activ|fastmath-*|onednn (dx = dy * f'(x))
//        forward / softmax / f32|f64 / shape=<rows>x<cols> / activ|eigen|xnnpack|onednn
//        forward / softmax_dim1 / f32|f64 / shape=<outer>x<n>x<inner> / activ|eigen|onednn
//                                     (along the middle dimension, PyTorch's dim=1 on that shape)
//        memcpy / f32|f64 / n=<n>                                       (the bandwidth ceiling)
// fastmath-avx2 / fastmath-avx512: the loop a user would write, compiled with -O3 -ffast-math for
// x86-64-v3 / -v4, which GCC vectorises over glibc's libmvec (fastmath_loops.cpp; GCC on x86-64).
// `activ` is the library's own run-time choice (context line `activ_isa`). f64 rows exist for the
// peers that have them (Eigen). A peer is compiled in only when CMake found it (ACTIV_BENCH_HAVE_*);
// XNNPACK 2022 (Debian 12) has no f32 tanh, so it has no tanh row. ReLU in XNNPACK is clamp(0, inf);
// leaky ReLU in oneDNN is eltwise_relu with alpha = slope. Eigen is vectorised for the flags this
// file is built with (SSE2 by default, see the context line `libraries`); activ, XNNPACK and oneDNN
// pick the CPU's instruction set at run time.
// One thread everywhere: XNNPACK gets a null threadpool, oneDNN's OpenMP is set to 1 thread
// (omp_set_num_threads, looked up at run time), Eigen's array ops are single-threaded anyway.
// Counters as in activ_bench (items/s, bytes/s over every stream, el/ns). Before a peer row is
// timed, its output is compared with activ's on the same input: counter max_ulp_vs_activ (and, for
// softmax, max_rel_vs_activ), with a warning on stderr above 16 ULP (element-wise) or 1e-5 relative
// (softmax). Nothing aborts, and nothing here asserts anything about time.
#include <activ/activ.hpp>

#include "bench_common.hpp"

#include <benchmark/benchmark.h>

#if ACTIV_BENCH_HAVE_EIGEN
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Core>
#endif
#if ACTIV_BENCH_HAVE_XNNPACK
#include <xnnpack.h>
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif

#if ACTIV_BENCH_HAVE_ONEDNN
#include <dlfcn.h>
#endif
#if ACTIV_BENCH_HAVE_FASTMATH
#include "fastmath_loops.hpp"
#endif

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

using activ_bench::buffer;
using activ_bench::dtype_name;
using activ_bench::input;
using activ_bench::kSizes;
using activ_bench::set_counters;

struct shape {
  std::size_t rows, cols;
};
constexpr shape kShapes[] = {{4096, 10}, {1024, 100}, {256, 1000}, {16, 100000}, {1, 1000000}};
struct shape3 {
  std::size_t outer, n, inner;
};
constexpr shape3 kMiddleShapes[] = {{32, 1000, 64}, {8, 10, 4096}, {256, 100, 16}};
// Per-channel PReLU: (N, C) rows and an (N, C, H*W) image batch.
constexpr shape3 kChannelShapes[] = {{256, 64, 1}, {8, 64, 256}};

// ---- comparing a peer's output with activ's -----------------------------------------------------

// Distance in units in the last place: the number of representable values between a and b,
// counted in integers (a double cannot hold two nearby 64-bit keys exactly).
template <class T>
double ulp_distance(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) && std::isnan(b) ? 0.0 : std::numeric_limits<double>::infinity();
  }
  using I = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  using U = std::make_unsigned_t<I>;
  const auto ordered = [](T v) {  // monotone in v; -0 and +0 both map to 0
    const I i = std::bit_cast<I>(v);
    return i < 0 ? static_cast<I>(std::numeric_limits<I>::min() - i) : i;
  };
  const I ka = ordered(a), kb = ordered(b);
  return static_cast<double>(ka > kb ? static_cast<U>(static_cast<U>(ka) - static_cast<U>(kb))
                                     : static_cast<U>(static_cast<U>(kb) - static_cast<U>(ka)));
}

struct difference {
  double ulp = 0, rel = 0;
  std::size_t at = 0;  // where the ULP distance is largest
};

template <class T>
difference compare(std::span<const T> peer, std::span<const T> ref) {
  difference d;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    const double u = ulp_distance(peer[i], ref[i]);
    if (u > d.ulp) {
      d.ulp = u;
      d.at = i;
    }
    const double r = static_cast<double>(ref[i]);
    const double den = std::max(std::fabs(r), static_cast<double>(std::numeric_limits<T>::min()));
    d.rel = std::max(d.rel, std::fabs(static_cast<double>(peer[i]) - r) / den);
  }
  return d;
}

// none: activ and memcpy rows; ulp: element-wise ops; rel: softmax (both are recorded).
enum class check { none, ulp, rel };
constexpr double kMaxUlp = 16;
constexpr double kMaxRel = 1e-5;

// ---- one row: a setup that returns the timed call -----------------------------------------------

// The buffers a row works on: x (and dy for backward) from the shared fixed-seed inputs, y written.
template <class T>
struct io {
  const T* x;
  const T* dy;
  T* y;
  std::size_t n;
};

template <class T>
using maker = std::function<std::function<void()>(const io<T>&)>;

// Registers one row. `make` builds the library's call over the buffers (outside the timed loop);
// `ref`, for a peer row, builds activ's call of the same op, whose output the peer's is checked
// against once per row (the result is cached: Google Benchmark calls a row's function several
// times).
template <class T>
void register_row(const std::string& name, std::size_t n, int streams, maker<T> make, check chk,
                  maker<T> ref) {
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& state) {
    const buffer<T>& x = input<T>(n, 0);
    const buffer<T>& dy = input<T>(n, 1);
    buffer<T> y(n, T(0));
    std::function<void()> run;
    try {
      run = make(io<T>{x.data(), dy.data(), y.data(), n});
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    if (chk != check::none) {
      static std::map<std::string, difference> cache;
      auto [it, fresh] = cache.try_emplace(name);
      if (fresh) {
        buffer<T> want(n, T(0));
        ref(io<T>{x.data(), dy.data(), want.data(), n})();
        run();
        it->second =
            compare<T>(std::span<const T>(y.data(), n), std::span<const T>(want.data(), n));
        const difference& d = it->second;
        if (chk == check::ulp && d.ulp > kMaxUlp) {
          std::fprintf(
              stderr,
              "warning: %s: max %.0f ULP from activ (above %.0f), at x = %.9g: %.9g vs %.9g\n",
              name.c_str(), d.ulp, kMaxUlp, static_cast<double>(x[d.at]),
              static_cast<double>(y[d.at]), static_cast<double>(want[d.at]));
        } else if (chk == check::rel && d.rel > kMaxRel) {
          std::fprintf(stderr,
                       "warning: %s: max relative difference %.3g from activ (above %.0e)\n",
                       name.c_str(), d.rel, kMaxRel);
        }
      }
      state.counters["max_ulp_vs_activ"] = it->second.ulp;
      if (chk == check::rel) state.counters["max_rel_vs_activ"] = it->second.rel;
    }
    for (auto _ : state) {
      run();
      benchmark::DoNotOptimize(y.data());
      benchmark::ClobberMemory();
    }
    set_counters(state, n, sizeof(T), streams);
  });
}

std::string row_name(const char* kind, const char* op, const char* dtype, std::size_t n,
                     const char* library) {
  return std::string(kind) + "/" + op + "/" + dtype + "/n=" + std::to_string(n) + "/" + library;
}

template <class T>
std::string softmax_name(shape s, const char* library) {
  return std::string("forward/softmax/") + dtype_name<T>() + "/shape=" + std::to_string(s.rows) +
         "x" + std::to_string(s.cols) + "/" + library;
}

template <class T>
std::string softmax_dim1_name(shape3 s, const char* library) {
  return std::string("forward/softmax_dim1/") + dtype_name<T>() + "/shape=" +
         std::to_string(s.outer) + "x" + std::to_string(s.n) + "x" + std::to_string(s.inner) + "/" +
         library;
}

// ---- activ --------------------------------------------------------------------------------------

template <class T, class Op>
maker<T> activ_forward(Op op) {
  return [op](const io<T>& b) -> std::function<void()> {
    return [op, b] { op(std::span<const T>(b.x, b.n), std::span<T>(b.y, b.n)); };
  };
}

// The plain loop a user would write instead, with the standard library's math.
template <class T, class F>
maker<T> std_loop_forward(F f) {
  return [f](const io<T>& b) -> std::function<void()> {
    return [f, b] {
      for (std::size_t i = 0; i < b.n; ++i) b.y[i] = f(b.x[i]);
    };
  };
}

template <class T, class Op>
maker<T> activ_derivative(Op op) {
  return [op](const io<T>& b) -> std::function<void()> {
    return [op, b] { op.derivative(std::span<const T>(b.x, b.n), std::span<T>(b.y, b.n)); };
  };
}

template <class T, class Op>
maker<T> activ_backward(Op op) {
  return [op](const io<T>& b) -> std::function<void()> {
    return [op, b] {
      op.backward(std::span<const T>(b.x, b.n), std::span<const T>(b.dy, b.n),
                  std::span<T>(b.y, b.n));
    };
  };
}

template <class T>
maker<T> activ_softmax(std::size_t cols) {
  return [cols](const io<T>& b) -> std::function<void()> {
    return [cols, b] { activ::Softmax<T>{}(std::span<const T>(b.x, b.n), std::span<T>(b.y, b.n), cols); };
  };
}

template <class T>
maker<T> activ_softmax_dim1(shape3 s) {
  return [s](const io<T>& b) -> std::function<void()> {
    return [s, b] {
      activ::Softmax<T>{}(std::span<const T>(b.x, b.n), std::span<T>(b.y, b.n),
                          activ::extents{.outer = s.outer, .n = s.n, .inner = s.inner});
    };
  };
}

// One slope per channel, from 0.1 up in steps of 0.01, the same for every library.
template <class T>
std::vector<T> channel_slopes(std::size_t channels) {
  std::vector<T> w(channels);
  for (std::size_t c = 0; c < channels; ++c) w[c] = T(0.1) + T(0.01) * static_cast<T>(c % 16);
  return w;
}

template <class T>
std::string channel_prelu_name(shape3 s, const char* library) {
  return std::string("forward/prelu_channels/") + dtype_name<T>() + "/shape=" +
         std::to_string(s.outer) + "x" + std::to_string(s.n) + "x" + std::to_string(s.inner) +
         "/" + library;
}

template <class T>
maker<T> activ_channel_prelu(shape3 s) {
  return [s](const io<T>& b) -> std::function<void()> {
    const std::vector<T> w = channel_slopes<T>(s.n);
    const activ::ChannelPReLU<T> f{std::span<const T>(w)};
    return [f, s, b] {
      f(std::span<const T>(b.x, b.n), std::span<T>(b.y, b.n),
        activ::extents{.outer = s.outer, .n = s.n, .inner = s.inner});
    };
  };
}

template <class T>
maker<T> memcpy_maker() {
  return [](const io<T>& b) -> std::function<void()> {
    return [b] { std::memcpy(b.y, b.x, b.n * sizeof(T)); };
  };
}

// ---- -ffast-math loops over glibc's vector math (fastmath_loops.hpp) ---------------------------------
#if ACTIV_BENCH_HAVE_FASTMATH
template <class T>
maker<T> fastmath_unary(void (*f)(const T*, T*, std::size_t)) {
  return [f](const io<T>& b) -> std::function<void()> { return [f, b] { f(b.x, b.y, b.n); }; };
}
template <class T>
maker<T> fastmath_binary(void (*f)(const T*, const T*, T*, std::size_t)) {
  return [f](const io<T>& b) -> std::function<void()> {
    return [f, b] { f(b.x, b.dy, b.y, b.n); };
  };
}

// One row per variant this CPU runs: `add(library, variant's function)`.
template <class Add>
void fastmath_variants(Add add) {
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) add("fastmath-avx2", 3);
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")) {
    add("fastmath-avx512", 4);
  }
}
// The overload of type F of function `fn` at x86-64 level 3 or 4.
#define ACTIV_FASTMATH_PICK(F, level, fn) \
  ((level) == 3 ? static_cast<F>(&activ_fastmath_v3::fn) : static_cast<F>(&activ_fastmath_v4::fn))
#endif

// ---- Eigen 3.4: Array maps over the same buffers ------------------------------------------------
#if ACTIV_BENCH_HAVE_EIGEN
template <class T>
using eigen_in = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Aligned64>;
template <class T>
using eigen_out = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>, Eigen::Aligned64>;

// f is applied to the mapped input array and the result assigned to the mapped output.
template <class T, class F>
maker<T> eigen_forward(F f) {
  return [f](const io<T>& b) -> std::function<void()> {
    const auto n = static_cast<Eigen::Index>(b.n);
    return [f, b, n] {
      eigen_in<T> x(b.x, n);
      eigen_out<T> y(b.y, n);
      y = f(x);
    };
  };
}

// Softmax the Eigen way: row-major rows x cols, rowwise max, exp of the difference, rowwise sum,
// scale. The per-row max and sum live in arrays allocated at setup, so the timed call allocates
// nothing.
template <class T>
maker<T> eigen_softmax(std::size_t cols) {
  using rows_t = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using col_t = Eigen::Array<T, Eigen::Dynamic, 1>;
  return [cols](const io<T>& b) -> std::function<void()> {
    const auto c = static_cast<Eigen::Index>(cols);
    const auto r = static_cast<Eigen::Index>(b.n / cols);
    auto m = std::make_shared<col_t>(r);
    auto s = std::make_shared<col_t>(r);
    return [b, r, c, m, s] {
      Eigen::Map<const rows_t, Eigen::Aligned64> x(b.x, r, c);
      Eigen::Map<rows_t, Eigen::Aligned64> y(b.y, r, c);
      *m = x.rowwise().maxCoeff();
      y = (x.colwise() - *m).exp();
      *s = y.rowwise().sum().inverse();
      y.colwise() *= *s;
    };
  };
}

// Along the middle dimension: each outer block is an n x inner row-major array, normalised
// column by column (colwise max and sum, rowwise broadcasts), with the same scratch at setup.
template <class T>
maker<T> eigen_softmax_dim1(shape3 sh) {
  using block_t = Eigen::Array<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using row_t = Eigen::Array<T, 1, Eigen::Dynamic>;
  return [sh](const io<T>& b) -> std::function<void()> {
    const auto n = static_cast<Eigen::Index>(sh.n);
    const auto inner = static_cast<Eigen::Index>(sh.inner);
    auto m = std::make_shared<row_t>(inner);
    auto s = std::make_shared<row_t>(inner);
    return [b, sh, n, inner, m, s] {
      for (std::size_t o = 0; o < sh.outer; ++o) {
        Eigen::Map<const block_t> x(b.x + o * sh.n * sh.inner, n, inner);
        Eigen::Map<block_t> y(b.y + o * sh.n * sh.inner, n, inner);
        *m = x.colwise().maxCoeff();
        y = (x.rowwise() - *m).exp();
        *s = y.colwise().sum().inverse();
        y.rowwise() *= *s;
      }
    };
  };
}
#endif

// ---- XNNPACK: NC operators, created and set up once, run on the calling thread ------------------
#if ACTIV_BENCH_HAVE_XNNPACK
void xnn_check(xnn_status st, const char* what) {
  if (st != xnn_status_success) {
    throw std::runtime_error(std::string("XNNPACK: ") + what + " failed, status " +
                             std::to_string(static_cast<int>(st)));
  }
}

using xnn_op_ptr = std::shared_ptr<xnn_operator>;
xnn_op_ptr xnn_own(xnn_operator_t op) {
  return xnn_op_ptr(op, [](xnn_operator_t p) { xnn_delete_operator(p); });
}

// `create(channels, &op)` makes the operator; it runs over rows of `channels` elements.
template <class Create, class Setup>
std::function<void()> xnn_make(const io<float>& b, std::size_t channels, Create create,
                               Setup setup) {
  xnn_operator_t raw = nullptr;
  xnn_check(create(channels, &raw), "create");
  xnn_op_ptr op = xnn_own(raw);
  xnn_check(setup(op.get(), b.n / channels, b.x, b.y, nullptr), "setup");
  return [op] { xnn_run_operator(op.get(), /*threadpool=*/nullptr); };
}

maker<float> xnn_sigmoid() {
  return [](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, b.n,
        [](std::size_t c, xnn_operator_t* op) { return xnn_create_sigmoid_nc_f32(c, c, c, 0, op); },
        xnn_setup_sigmoid_nc_f32);
  };
}

maker<float> xnn_hardswish() {
  return [](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, b.n,
        [](std::size_t c, xnn_operator_t* op) { return xnn_create_hardswish_nc_f32(c, c, c, 0, op); },
        xnn_setup_hardswish_nc_f32);
  };
}

maker<float> xnn_elu() {
  return [](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, b.n,
        [](std::size_t c, xnn_operator_t* op) { return xnn_create_elu_nc_f32(c, c, c, 1.0f, 0, op); },
        xnn_setup_elu_nc_f32);
  };
}

maker<float> xnn_relu() {
  return [](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, b.n,
        [](std::size_t c, xnn_operator_t* op) {
          return xnn_create_clamp_nc_f32(c, c, c, 0.0f, std::numeric_limits<float>::infinity(), 0,
                                         op);
        },
        xnn_setup_clamp_nc_f32);
  };
}

maker<float> xnn_leaky_relu(float slope) {
  return [slope](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, b.n,
        [slope](std::size_t c, xnn_operator_t* op) {
          return xnn_create_leaky_relu_nc_f32(c, c, c, slope, 0, op);
        },
        xnn_setup_leaky_relu_nc_f32);
  };
}

// XNNPACK's PReLU runs over rows of channels (NC): the (N, C) shape only.
maker<float> xnn_channel_prelu(std::size_t channels) {
  return [channels](const io<float>& b) -> std::function<void()> {
    auto w = std::make_shared<std::vector<float>>(channel_slopes<float>(channels));
    auto run = xnn_make(
        b, channels,
        [w](std::size_t c, xnn_operator_t* op) {
          return xnn_create_prelu_nc_f32(c, c, c, w->data(), 0, op);
        },
        xnn_setup_prelu_nc_f32);
    return [run, w] { run(); };
  };
}

maker<float> xnn_softmax(std::size_t cols) {
  return [cols](const io<float>& b) -> std::function<void()> {
    return xnn_make(
        b, cols,
        [](std::size_t c, xnn_operator_t* op) { return xnn_create_softmax_nc_f32(c, c, c, 0, op); },
        xnn_setup_softmax_nc_f32);
  };
}
#endif

// ---- oneDNN: cpu engine, one stream, memory objects over the same buffers -----------------------
#if ACTIV_BENCH_HAVE_ONEDNN
struct dnnl_env {
  dnnl::engine eng{dnnl::engine::kind::cpu, 0};
  dnnl::stream strm{eng};
};
dnnl_env& dnnl_get() {
  static dnnl_env env;
  return env;
}

using dnnl_dims = dnnl::memory::dims;

dnnl::memory dnnl_wrap(const dnnl::memory::desc& md, const float* p) {
  return dnnl::memory(md, dnnl_get().eng,
                      const_cast<float*>(p));  // read-only: oneDNN's API is not const
}

std::function<void()> dnnl_run(dnnl::primitive prim, std::unordered_map<int, dnnl::memory> args) {
  return [prim, args] {
    prim.execute(dnnl_get().strm, args);
    dnnl_get().strm.wait();
  };
}

maker<float> dnnl_eltwise_fwd(dnnl::algorithm alg, float alpha, float beta = 0.0f) {
  return [alg, alpha, beta](const io<float>& b) -> std::function<void()> {
    const dnnl::memory::desc md(dnnl_dims{static_cast<dnnl::memory::dim>(b.n)},
                                dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
    const dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, alg, md, alpha, beta);
    const dnnl::eltwise_forward::primitive_desc pd(d, dnnl_get().eng);
    return dnnl_run(dnnl::eltwise_forward(pd),
                    {{DNNL_ARG_SRC, dnnl_wrap(md, b.x)}, {DNNL_ARG_DST, dnnl_wrap(md, b.y)}});
  };
}

maker<float> dnnl_eltwise_bwd(dnnl::algorithm alg) {
  return [alg](const io<float>& b) -> std::function<void()> {
    const dnnl::memory::desc md(dnnl_dims{static_cast<dnnl::memory::dim>(b.n)},
                                dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
    const dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training, alg, md, 0.0f, 0.0f);
    const dnnl::eltwise_forward::primitive_desc fpd(fd, dnnl_get().eng);
    const dnnl::eltwise_backward::desc d(alg, md, md, 0.0f, 0.0f);
    const dnnl::eltwise_backward::primitive_desc pd(d, dnnl_get().eng, fpd);
    return dnnl_run(dnnl::eltwise_backward(pd), {{DNNL_ARG_SRC, dnnl_wrap(md, b.x)},
                                                 {DNNL_ARG_DIFF_DST, dnnl_wrap(md, b.dy)},
                                                 {DNNL_ARG_DIFF_SRC, dnnl_wrap(md, b.y)}});
  };
}

maker<float> dnnl_softmax(std::size_t cols) {
  return [cols](const io<float>& b) -> std::function<void()> {
    const dnnl::memory::desc md(
        dnnl_dims{static_cast<dnnl::memory::dim>(b.n / cols), static_cast<dnnl::memory::dim>(cols)},
        dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
    const dnnl::softmax_forward::desc d(dnnl::prop_kind::forward_inference, md, 1);
    const dnnl::softmax_forward::primitive_desc pd(d, dnnl_get().eng);
    return dnnl_run(dnnl::softmax_forward(pd),
                    {{DNNL_ARG_SRC, dnnl_wrap(md, b.x)}, {DNNL_ARG_DST, dnnl_wrap(md, b.y)}});
  };
}

// oneDNN's PReLU broadcasts a (1, C, 1) weight tensor over (N, C, inner).
maker<float> dnnl_channel_prelu(shape3 sh) {
  return [sh](const io<float>& b) -> std::function<void()> {
    const auto dim = [](std::size_t v) { return static_cast<dnnl::memory::dim>(v); };
    const dnnl::memory::desc md(dnnl_dims{dim(sh.outer), dim(sh.n), dim(sh.inner)},
                                dnnl::memory::data_type::f32, dnnl::memory::format_tag::abc);
    const dnnl::memory::desc wd(dnnl_dims{1, dim(sh.n), 1}, dnnl::memory::data_type::f32,
                                dnnl::memory::format_tag::abc);
    auto w = std::make_shared<std::vector<float>>(channel_slopes<float>(sh.n));
    const dnnl::prelu_forward::desc d(dnnl::prop_kind::forward_inference, md, wd);
    const dnnl::prelu_forward::primitive_desc pd(d, dnnl_get().eng);
    auto run = dnnl_run(dnnl::prelu_forward(pd), {{DNNL_ARG_SRC, dnnl_wrap(md, b.x)},
                                                  {DNNL_ARG_WEIGHTS, dnnl_wrap(wd, w->data())},
                                                  {DNNL_ARG_DST, dnnl_wrap(md, b.y)}});
    return [run, w] { run(); };
  };
}

// oneDNN's softmax takes the axis: 1 of a dense (outer, n, inner) tensor.
maker<float> dnnl_softmax_dim1(shape3 sh) {
  return [sh](const io<float>& b) -> std::function<void()> {
    const dnnl::memory::desc md(
        dnnl_dims{static_cast<dnnl::memory::dim>(sh.outer), static_cast<dnnl::memory::dim>(sh.n),
                  static_cast<dnnl::memory::dim>(sh.inner)},
        dnnl::memory::data_type::f32, dnnl::memory::format_tag::abc);
    const dnnl::softmax_forward::desc d(dnnl::prop_kind::forward_inference, md, 1);
    const dnnl::softmax_forward::primitive_desc pd(d, dnnl_get().eng);
    return dnnl_run(dnnl::softmax_forward(pd),
                    {{DNNL_ARG_SRC, dnnl_wrap(md, b.x)}, {DNNL_ARG_DST, dnnl_wrap(md, b.y)}});
  };
}
#endif

// ---- registration -------------------------------------------------------------------------------

template <class T>
void register_size(std::size_t n) {
  const char* dt = dtype_name<T>();
  benchmark::RegisterBenchmark(
      (std::string("memcpy/") + dt + "/n=" + std::to_string(n)).c_str(), [n](benchmark::State& s) {
        const buffer<T>& x = input<T>(n, 0);
        buffer<T> y(n, T(0));
        const auto run = memcpy_maker<T>()(io<T>{x.data(), x.data(), y.data(), n});
        for (auto _ : s) {
          run();
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        set_counters(s, n, sizeof(T), 2);
      });

  const T slope = T(0.01);
  struct op_rows {
    const char* name;
    maker<T> activ;
  };
  const op_rows ops[] = {{"relu", activ_forward<T>(activ::ReLU<T>{})},
                         {"leaky_relu", activ_forward<T>(activ::LeakyReLU<T>{slope})},
                         {"sigmoid", activ_forward<T>(activ::Sigmoid<T>{})},
                         {"tanh", activ_forward<T>(activ::Tanh<T>{})},
                         {"gelu", activ_forward<T>(activ::GELU<T>{})},
                         {"gelu_tanh", activ_forward<T>(activ::GELU<T>{activ::gelu_approximate::tanh})},
                         {"silu", activ_forward<T>(activ::SiLU<T>{})},
                         {"elu", activ_forward<T>(activ::ELU<T>{})},
                         {"selu", activ_forward<T>(activ::SELU<T>{})},
                         {"softplus", activ_forward<T>(activ::Softplus<T>{})},
                         {"logsigmoid", activ_forward<T>(activ::LogSigmoid<T>{})},
                         {"tanhshrink", activ_forward<T>(activ::Tanhshrink<T>{})},
                         {"mish", activ_forward<T>(activ::Mish<T>{})},
                         {"hardswish", activ_forward<T>(activ::Hardswish<T>{})},
                         {"hardsigmoid", activ_forward<T>(activ::Hardsigmoid<T>{})},
                         {"hardtanh", activ_forward<T>(activ::Hardtanh<T>{})},
                         {"softsign", activ_forward<T>(activ::Softsign<T>{})}};
  for (const op_rows& op : ops) {
    const std::string o = op.name;
    const auto peer = [&](const char* library, maker<T> make) {
      register_row<T>(row_name("forward", op.name, dt, n, library), n, 2, std::move(make),
                      check::ulp, op.activ);
    };
    register_row<T>(row_name("forward", op.name, dt, n, "activ"), n, 2, op.activ, check::none, {});
    if (o == "relu") peer("std-loop", std_loop_forward<T>([](T v) { return std::max(v, T(0)); }));
    if (o == "leaky_relu")
      peer("std-loop", std_loop_forward<T>([slope](T v) { return v > T(0) ? v : v * slope; }));
    if (o == "sigmoid")
      peer("std-loop", std_loop_forward<T>([](T v) { return T(1) / (T(1) + std::exp(-v)); }));
    if (o == "tanh") peer("std-loop", std_loop_forward<T>([](T v) { return std::tanh(v); }));
    // PyTorch's ATen formulas (no XNNPACK gelu operator in the Debian package's xnnpack.h).
    if (o == "gelu")
      peer("std-loop", std_loop_forward<T>([](T v) {
             return v * T(0.5) * std::erfc(-v * T(0.70710678118654752440));
           }));
    if (o == "gelu_tanh")
      peer("std-loop", std_loop_forward<T>([](T v) {
             const T u = T(0.79788456080286535588) * (v + T(0.044715) * v * v * v);
             return T(0.5) * v * (T(1) + std::tanh(u));
           }));
#if ACTIV_BENCH_HAVE_FASTMATH
    using unary_fn = void (*)(const T*, T*, std::size_t);
    if (o == "sigmoid" || o == "tanh") {
      fastmath_variants([&](const char* library, int level) {
        const unary_fn f = o == "sigmoid" ? ACTIV_FASTMATH_PICK(unary_fn, level, sigmoid)
                                          : ACTIV_FASTMATH_PICK(unary_fn, level, tanh);
        peer(library, fastmath_unary<T>(f));
      });
    }
#endif
#if ACTIV_BENCH_HAVE_EIGEN
    if (o == "relu") peer("eigen", eigen_forward<T>([](const auto& x) { return x.max(T(0)); }));
    if (o == "leaky_relu") {
      // Branch-free and vectorised; Eigen 3.4's (x > 0).select(x, s * x) runs a scalar, branchy loop
      // (0.2 el/ns on random signs). Exact either way: x + s*0 and 0 + s*x round to nothing new.
      peer("eigen",
           eigen_forward<T>([slope](const auto& x) { return x.max(T(0)) + slope * x.min(T(0)); }));
    }
    if (o == "sigmoid") peer("eigen", eigen_forward<T>([](const auto& x) { return x.logistic(); }));
    if (o == "tanh") peer("eigen", eigen_forward<T>([](const auto& x) { return x.tanh(); }));
#endif
    if constexpr (std::is_same_v<T, float>) {
#if ACTIV_BENCH_HAVE_XNNPACK
      if (o == "relu") peer("xnnpack", xnn_relu());
      if (o == "leaky_relu") peer("xnnpack", xnn_leaky_relu(slope));
      if (o == "sigmoid") peer("xnnpack", xnn_sigmoid());
      if (o == "hardswish") peer("xnnpack", xnn_hardswish());
      if (o == "elu") peer("xnnpack", xnn_elu());
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
      if (o == "relu") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_relu, 0.0f));
      if (o == "leaky_relu") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_relu, slope));
      if (o == "sigmoid") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_logistic, 0.0f));
      if (o == "tanh") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_tanh, 0.0f));
      if (o == "gelu") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_gelu_erf, 0.0f));
      if (o == "gelu_tanh") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_gelu_tanh, 0.0f));
      if (o == "silu") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_swish, 1.0f));
      if (o == "elu") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_elu, 1.0f));
      // oneDNN 2.x's soft_relu is log(1 + e^x) (alpha and beta ignored; 3.x takes alpha as
      // PyTorch's beta), without PyTorch's threshold.
      if (o == "softplus") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_soft_relu, 0.0f));
      if (o == "logsigmoid") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_logsigmoid, 0.0f));
      if (o == "mish") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_mish, 0.0f));
      if (o == "hardswish") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_hardswish, 0.0f));
      if (o == "hardtanh") peer("onednn", dnnl_eltwise_fwd(dnnl::algorithm::eltwise_clip, -1.0f, 1.0f));
#endif
    }
  }

  // derivative f'(x) and backward dx = dy * f'(x) of sigmoid and tanh: activ, the fast-math loops,
  // and oneDNN's backward (float; relu too).
  struct grad_rows {
    const char* name;
    maker<T> derivative, backward;
  };
  const grad_rows gops[] = {
      {"sigmoid", activ_derivative<T>(activ::Sigmoid<T>{}), activ_backward<T>(activ::Sigmoid<T>{})},
      {"tanh", activ_derivative<T>(activ::Tanh<T>{}), activ_backward<T>(activ::Tanh<T>{})}};
  for (const grad_rows& op : gops) {
    const std::string o = op.name;
    register_row<T>(row_name("derivative", op.name, dt, n, "activ"), n, 2, op.derivative,
                    check::none, {});
#if ACTIV_BENCH_HAVE_FASTMATH
    using unary_fn = void (*)(const T*, T*, std::size_t);
    fastmath_variants([&](const char* library, int level) {
      const unary_fn f = o == "sigmoid" ? ACTIV_FASTMATH_PICK(unary_fn, level, sigmoid_derivative)
                                        : ACTIV_FASTMATH_PICK(unary_fn, level, tanh_derivative);
      register_row<T>(row_name("derivative", op.name, dt, n, library), n, 2, fastmath_unary<T>(f),
                      check::ulp, op.derivative);
    });
#endif
  }
  for (const grad_rows& op : gops) {
    const std::string o = op.name;
    register_row<T>(row_name("backward", op.name, dt, n, "activ"), n, 3, op.backward, check::none,
                    {});
#if ACTIV_BENCH_HAVE_FASTMATH
    using binary_fn = void (*)(const T*, const T*, T*, std::size_t);
    fastmath_variants([&](const char* library, int level) {
      const binary_fn f = o == "sigmoid" ? ACTIV_FASTMATH_PICK(binary_fn, level, sigmoid_backward)
                                         : ACTIV_FASTMATH_PICK(binary_fn, level, tanh_backward);
      register_row<T>(row_name("backward", op.name, dt, n, library), n, 3, fastmath_binary<T>(f),
                      check::ulp, op.backward);
    });
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
    if constexpr (std::is_same_v<T, float>) {
      register_row<T>(row_name("backward", op.name, dt, n, "onednn"), n, 3,
                      dnnl_eltwise_bwd(o == "sigmoid" ? dnnl::algorithm::eltwise_logistic
                                                      : dnnl::algorithm::eltwise_tanh),
                      check::ulp, op.backward);
    }
#endif
  }
  register_row<T>(row_name("backward", "relu", dt, n, "activ"), n, 3,
                  activ_backward<T>(activ::ReLU<T>{}), check::none, {});
#if ACTIV_BENCH_HAVE_ONEDNN
  if constexpr (std::is_same_v<T, float>) {
    register_row<T>(row_name("backward", "relu", dt, n, "onednn"), n, 3,
                    dnnl_eltwise_bwd(dnnl::algorithm::eltwise_relu), check::ulp,
                    activ_backward<T>(activ::ReLU<T>{}));
  }
#endif
}

template <class T>
void register_softmax(shape s) {
  const std::size_t n = s.rows * s.cols;
  const maker<T> ref = activ_softmax<T>(s.cols);
  register_row<T>(softmax_name<T>(s, "activ"), n, 2, ref, check::none, {});
#if ACTIV_BENCH_HAVE_EIGEN
  register_row<T>(softmax_name<T>(s, "eigen"), n, 2, eigen_softmax<T>(s.cols), check::rel, ref);
#endif
  if constexpr (std::is_same_v<T, float>) {
#if ACTIV_BENCH_HAVE_XNNPACK
    register_row<T>(softmax_name<T>(s, "xnnpack"), n, 2, xnn_softmax(s.cols), check::rel, ref);
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
    register_row<T>(softmax_name<T>(s, "onednn"), n, 2, dnnl_softmax(s.cols), check::rel, ref);
#endif
  }
}

template <class T>
void register_softmax_dim1(shape3 s) {
  const std::size_t n = s.outer * s.n * s.inner;
  const maker<T> ref = activ_softmax_dim1<T>(s);
  register_row<T>(softmax_dim1_name<T>(s, "activ"), n, 2, ref, check::none, {});
#if ACTIV_BENCH_HAVE_EIGEN
  register_row<T>(softmax_dim1_name<T>(s, "eigen"), n, 2, eigen_softmax_dim1<T>(s), check::rel, ref);
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
  if constexpr (std::is_same_v<T, float>)
    register_row<T>(softmax_dim1_name<T>(s, "onednn"), n, 2, dnnl_softmax_dim1(s), check::rel, ref);
#endif
}

template <class T>
void register_channel_prelu(shape3 s) {
  const std::size_t n = s.outer * s.n * s.inner;
  const maker<T> ref = activ_channel_prelu<T>(s);
  register_row<T>(channel_prelu_name<T>(s, "activ"), n, 2, ref, check::none, {});
  if constexpr (std::is_same_v<T, float>) {
#if ACTIV_BENCH_HAVE_XNNPACK
    if (s.inner == 1)
      register_row<T>(channel_prelu_name<T>(s, "xnnpack"), n, 2, xnn_channel_prelu(s.n), check::ulp, ref);
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
    register_row<T>(channel_prelu_name<T>(s, "onednn"), n, 2, dnnl_channel_prelu(s), check::ulp, ref);
#endif
  }
}

#if ACTIV_BENCH_HAVE_ONEDNN
// oneDNN (Debian's build) threads with OpenMP: ask the OpenMP runtime it loaded for one thread. The
// function is looked up at run time so that this program needs no OpenMP flags of its own.
std::string single_thread_openmp() {
  using set_fn = void (*)(int);
  using get_fn = int (*)();
  const auto set = reinterpret_cast<set_fn>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  const auto get = reinterpret_cast<get_fn>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  if (set == nullptr || get == nullptr) return "no OpenMP runtime loaded";
  set(1);
  return std::to_string(get());
}
#endif

}  // namespace

int main(int argc, char** argv) {
  std::string peers = "activ";
#if ACTIV_BENCH_HAVE_EIGEN
  peers += " eigen-" + std::to_string(EIGEN_WORLD_VERSION) + "." +
           std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION) + " (" +
           Eigen::SimdInstructionSetsInUse() + ")";
#endif
#if ACTIV_BENCH_HAVE_XNNPACK
  if (xnn_initialize(nullptr) != xnn_status_success) {
    std::fprintf(stderr, "activ_peers_bench: xnn_initialize failed\n");
    return 1;
  }
  peers += " xnnpack";
#endif
#if ACTIV_BENCH_HAVE_ONEDNN
  {
    const dnnl_version_t* v = dnnl_version();
    peers += " onednn-" + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
             std::to_string(v->patch);
  }
  benchmark::AddCustomContext("onednn_omp_threads", single_thread_openmp());
#endif
  for (const std::size_t n : kSizes) {
    register_size<float>(n);
    register_size<double>(n);
  }
  for (const shape s : kShapes) register_softmax<float>(s);
  for (const shape3 s : kMiddleShapes) register_softmax_dim1<float>(s);
  for (const shape s : kShapes) register_softmax<double>(s);
  for (const shape3 s : kMiddleShapes) register_softmax_dim1<double>(s);
  for (const shape3 s : kChannelShapes) register_channel_prelu<float>(s);

  benchmark::AddCustomContext("activ_isa", std::string(activ::isa_name(activ::active_isa())));
  benchmark::AddCustomContext("libraries", peers);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
#if ACTIV_BENCH_HAVE_XNNPACK
  xnn_deinitialize();
#endif
  return 0;
}
