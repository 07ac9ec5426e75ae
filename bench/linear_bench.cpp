// SPDX-License-Identifier: MIT
// The Linear layer beside Eigen 3.4's matrix products (Google Benchmark), single thread, float
// and double, in = out of 64, 256, 1024 and batch 1, 16, 256. Rows:
//   forward/linear/<f32|f64>/in=<i>,out=<o>,batch=<b>/<library>    y = x W^T + b
//   backward/linear/<f32|f64>/in=<i>,out=<o>,batch=<b>/<library>   dx = dy W, dW += dy^T x, db += sum dy
// library `activ` (the path the library picks at run time, context line activ_isa) and `eigen`
// (Eigen's `(X * W.transpose()).rowwise() + b` and `dX = dY W; dW += dY^T X; db += colwise sum`
// on the same buffers); in the program built with -mavx2 -mfma Eigen's row is `eigen-avx2`.
//
// Counters as bench_common.hpp's set_counters, with an element being one multiply-add: el/ns =
// batch in out per ns (GFLOP/s = 2 el/ns; the backward pass does two such products, counted as
// 2 batch in out), bytes/s = every matrix read or written once per call. Higher is faster.
//
// Built twice (bench/CMakeLists.txt): activ_linear_bench with the default flags (Eigen then
// vectorises for SSE2) and activ_linear_bench_avx2 with -mavx2 -mfma for the whole program
// (Eigen's AVX2+FMA kernels; activ still chooses its path at run time). Two programs, because
// Eigen's inline templates compiled with two sets of flags in one program would be merged by the
// linker. Before an Eigen row is timed its results are compared with activ's on the same input:
// counter max_rel_vs_activ = max |difference| / max |activ's value| over every output (y, or dx,
// dW and db), with a warning on stderr above 8 sqrt(k) eps (k the length of the sums; both sides
// are within k eps sum |terms| of the exact value, and typical rounding errors grow as sqrt(k)).
#include "bench_common.hpp"

#include <activ/isa.hpp>
#include <activ/linear.hpp>

#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <string>

namespace {

using activ_bench::buffer;
using activ_bench::dtype_name;
using activ_bench::input;

#if defined(__AVX512F__)
constexpr const char* kEigen = "eigen-avx512";
#elif defined(__AVX2__) && defined(__FMA__)
constexpr const char* kEigen = "eigen-avx2";
#else
constexpr const char* kEigen = "eigen";
#endif

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using Row = Eigen::Matrix<T, 1, Eigen::Dynamic>;

// One shape's buffers: the layer (W, b from its seed) and x, dy from the fixed-seed inputs
// (values in [-8, 8)); Eigen's matrices hold copies of the same numbers.
template <class T>
struct problem {
  std::size_t in, out, batch;
  activ::Linear<T> lin;
  buffer<T> y, dx;
  Mat<T> X, W, DY, Y, DX, DW;
  Row<T> b, DB;

  problem(std::size_t i, std::size_t o, std::size_t n)
      : in(i), out(o), batch(n), lin(i, o, true, 1), y(n * o), dx(n * i) {
    const auto ii = static_cast<Eigen::Index>(i), io = static_cast<Eigen::Index>(o),
               in_ = static_cast<Eigen::Index>(n);
    X = Eigen::Map<const Mat<T>>(input<T>(n * i, 0).data(), in_, ii);
    DY = Eigen::Map<const Mat<T>>(input<T>(n * o, 1).data(), in_, io);
    W = Eigen::Map<const Mat<T>>(lin.weight().data(), io, ii);
    b = Eigen::Map<const Row<T>>(lin.bias().data(), io);
    Y.resize(in_, io);
    DX.resize(in_, ii);
    DW = Mat<T>::Zero(io, ii);
    DB = Row<T>::Zero(io);
  }
  std::span<const T> x_{input<T>(batch * in, 0).data(), batch * in};
  std::span<const T> dy_{input<T>(batch * out, 1).data(), batch * out};
  std::span<const T> x() const { return x_; }
  std::span<const T> dy() const { return dy_; }

  void activ_forward() { lin.forward(x(), y, batch); }
  void eigen_forward() { Y.noalias() = (X * W.transpose()).rowwise() + b; }
  void activ_backward() { lin.backward(x(), dy(), dx, batch); }
  void eigen_backward() {
    DW.noalias() += DY.transpose() * X;
    DB += DY.colwise().sum();
    DX.noalias() = DY * W;
  }
};

// max |a - b| / max |a| over the pairs, accumulated into (diff, top).
template <class T>
void compare(const T* a, const T* b, std::size_t n, double& diff, double& top) {
  for (std::size_t i = 0; i < n; ++i) {
    diff = std::max(diff, std::abs(static_cast<double>(a[i]) - static_cast<double>(b[i])));
    top = std::max(top, std::abs(static_cast<double>(a[i])));
  }
}

template <class T>
double check_forward(problem<T>& p) {
  p.activ_forward();
  p.eigen_forward();
  double diff = 0, top = 0;
  compare(p.y.data(), p.Y.data(), p.y.size(), diff, top);
  return top > 0 ? diff / top : diff;
}

template <class T>
double check_backward(problem<T>& p) {
  p.lin.zero_grad();
  p.DW.setZero();
  p.DB.setZero();
  p.activ_backward();
  p.eigen_backward();
  double worst = 0;
  const auto rel = [&](const T* a, const T* b, std::size_t n) {
    double diff = 0, top = 0;
    compare(a, b, n, diff, top);
    worst = std::max(worst, top > 0 ? diff / top : diff);
  };
  rel(p.dx.data(), p.DX.data(), p.dx.size());
  rel(p.lin.weight_grad().data(), p.DW.data(), p.lin.weight_grad().size());
  rel(p.lin.bias_grad().data(), p.DB.data(), p.lin.bias_grad().size());
  return worst;
}

enum class pass { forward, backward };

template <class T>
void run(benchmark::State& state, const std::string& name, std::size_t in, std::size_t out,
         std::size_t batch, pass which, bool eigen) {
  problem<T> p(in, out, batch);
  if (eigen) {
    const double rel = which == pass::forward ? check_forward(p) : check_backward(p);
    // Sums of length in (forward, dx over out), batch (dW): the longest one sets the bound.
    const std::size_t k = which == pass::forward ? in : std::max({in, out, batch});
    const double limit = 8.0 * std::sqrt(static_cast<double>(k)) *
                         static_cast<double>(std::numeric_limits<T>::epsilon());
    if (rel > limit)
      std::fprintf(stderr, "activ_linear_bench: %s: Eigen differs from activ by %.2e relative (> %.2e)\n",
                   name.c_str(), rel, limit);
    state.counters["max_rel_vs_activ"] = rel;
  }
  for (auto _ : state) {
    if (which == pass::forward) {
      if (eigen) p.eigen_forward();
      else p.activ_forward();
      benchmark::DoNotOptimize(eigen ? p.Y.data() : p.y.data());
    } else {
      if (eigen) p.eigen_backward();
      else p.activ_backward();
      benchmark::DoNotOptimize(eigen ? p.DX.data() : p.dx.data());
    }
    benchmark::ClobberMemory();
  }
  const std::size_t products = which == pass::forward ? 1 : 2;
  activ_bench::set_counters(state, products * batch * in * out, sizeof(T), 1);
  // Bytes: x, W, b, y once (forward); x, dy, W, dx, and dW, db read and written (backward).
  const std::size_t elems = which == pass::forward
                                ? batch * in + in * out + out + batch * out
                                : 2 * batch * in + batch * out + 3 * in * out + 2 * out;
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(elems * sizeof(T)));
}

template <class T>
void register_dtype() {
  for (const pass which : {pass::forward, pass::backward})
    for (const std::size_t n : {std::size_t{64}, std::size_t{256}, std::size_t{1024}})
      for (const std::size_t batch : {std::size_t{1}, std::size_t{16}, std::size_t{256}})
        for (const bool eigen : {false, true}) {
          const std::string name = std::string(which == pass::forward ? "forward" : "backward") +
                                   "/linear/" + dtype_name<T>() + "/in=" + std::to_string(n) +
                                   ",out=" + std::to_string(n) + ",batch=" + std::to_string(batch) +
                                   "/" + (eigen ? kEigen : "activ");
          benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
            run<T>(s, name, n, n, batch, which, eigen);
          });
        }
}

}  // namespace

int main(int argc, char** argv) {
  register_dtype<float>();
  register_dtype<double>();
  benchmark::AddCustomContext("activ_isa", std::string(activ::isa_name(activ::active_isa())));
  benchmark::AddCustomContext("libraries", "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                                               std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                               std::to_string(EIGEN_MINOR_VERSION) + " (" +
                                               Eigen::SimdInstructionSetsInUse() + ")");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
