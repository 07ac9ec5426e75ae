// SPDX-License-Identifier: MIT
// activ benchmarks: op x dtype x n x ISA throughput rows, <kind>/<op>/<dtype>/n=<n>/activ-<isa>, + memcpy.
//
// Rows:  forward|derivative|backward / relu|leaky_relu|step|sigmoid|tanh / f32|f64 / n=... / activ-<isa>
//        forward / softmax|log_softmax / f32|f64 / n=... / activ-<isa>  (rows of kSoftmaxRow elements)
//        memcpy / f32|f64 / n=...                                        (the bandwidth ceiling per size)
// <isa> is every path this program has and this CPU runs (scalar, sse2, avx2, avx512 / neon), forced
// with activ::set_isa for the row; the context line `activ_isa` is the one the library picks by itself.
// Only the default path:  --benchmark_filter='activ-avx2$'  (or whatever activ_isa says).
// Counters: items/s and bytes/s (every stream read or written: forward 2, derivative 2, backward 3),
// and el/ns (elements per nanosecond). Inputs are 64-byte aligned, drawn once from a fixed seed in
// [-8, 8), and outputs are touched before timing. Nothing here asserts anything about time.
#include <activ/activ.hpp>

#include "bench_common.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace {

using activ_bench::buffer;
using activ_bench::dtype_name;
using activ_bench::input;
using activ_bench::kSizes;
using activ_bench::set_counters;

constexpr std::size_t kSoftmaxRow = 1024;  // softmax rows: 1024 classes / keys per row

std::string row_name(const char* kind, const char* op, const char* dtype, std::size_t n,
                     activ::isa isa) {
  return std::string(kind) + "/" + op + "/" + dtype + "/n=" + std::to_string(n) + "/activ-" +
         std::string(activ::isa_name(isa));
}

// forward / derivative: y = f(x) or f'(x); 2 streams.
template <class T, class Op>
void bench_unary(benchmark::State& state, Op op, std::size_t n, bool derivative) {
  const buffer<T>& x = input<T>(n, 0);
  buffer<T> y(n, T(0));
  const std::span<const T> xs(x.data(), n);
  const std::span<T> ys(y.data(), n);
  for (auto _ : state) {
    if (derivative) {
      op.derivative(xs, ys);
    } else {
      op(xs, ys);
    }
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, sizeof(T), 2);
}

// backward: dx = dy * f'(x); 3 streams.
template <class T, class Op>
void bench_backward(benchmark::State& state, Op op, std::size_t n) {
  const buffer<T>& x = input<T>(n, 0);
  const buffer<T>& dy = input<T>(n, 1);
  buffer<T> dx(n, T(0));
  const std::span<T> dxs(dx.data(), n);
  for (auto _ : state) {
    op.backward(std::span<const T>(x.data(), n), std::span<const T>(dy.data(), n), dxs);
    benchmark::DoNotOptimize(dx.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, sizeof(T), 3);
}

// softmax / log_softmax forward, row by row; 2 streams (each row is re-read from cache, not counted).
template <class T, class Op>
void bench_rows(benchmark::State& state, Op op, std::size_t n) {
  const buffer<T>& x = input<T>(n, 0);
  buffer<T> y(n, T(0));
  const std::size_t row = std::min(n, kSoftmaxRow);
  state.SetLabel("row=" + std::to_string(row));
  for (auto _ : state) {
    op(std::span<const T>(x.data(), n), std::span<T>(y.data(), n), row);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, sizeof(T), 2);
}

template <class T>
void bench_memcpy(benchmark::State& state, std::size_t n) {
  const buffer<T>& x = input<T>(n, 0);
  buffer<T> y(n, T(0));
  for (auto _ : state) {
    std::memcpy(y.data(), x.data(), n * sizeof(T));
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, sizeof(T), 2);
}

// The plain loop a user would write instead, with the standard library's math, compiled with
// the same flags as activ's rows: <kind>/<op>/<dtype>/n=<n>/std-loop.
template <class T, class F>
void bench_std_loop(benchmark::State& state, std::size_t n, F f) {
  const buffer<T>& x = input<T>(n, 0);
  buffer<T> y(n, T(0));
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) y[i] = f(x[i]);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, n, sizeof(T), 2);
}

template <class T>
void register_std_loops(std::size_t n) {
  const std::string suffix = std::string("/") + dtype_name<T>() + "/n=" + std::to_string(n) + "/std-loop";
  const auto add = [&](const char* op, auto f) {
    benchmark::RegisterBenchmark((std::string("forward/") + op + suffix).c_str(),
                                 [=](benchmark::State& s) { bench_std_loop<T>(s, n, f); });
  };
  add("relu", [](T v) { return std::max(v, T(0)); });
  add("sigmoid", [](T v) { return T(1) / (T(1) + std::exp(-v)); });
  add("tanh", [](T v) { return std::tanh(v); });
}

// Every activ row first forces its ISA (set_isa is global; benchmarks run one at a time).
template <class F>
void register_row(const std::string& name, activ::isa isa, F run) {
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) {
    activ::set_isa(isa);
    run(s);
  });
}

template <class T, class Op>
void register_elementwise(const char* name, Op op, std::size_t n, activ::isa isa) {
  const char* dt = dtype_name<T>();
  register_row(row_name("forward", name, dt, n, isa), isa,
               [=](benchmark::State& s) { bench_unary<T>(s, op, n, false); });
  register_row(row_name("derivative", name, dt, n, isa), isa,
               [=](benchmark::State& s) { bench_unary<T>(s, op, n, true); });
  register_row(row_name("backward", name, dt, n, isa), isa,
               [=](benchmark::State& s) { bench_backward<T>(s, op, n); });
}

template <class T>
void register_dtype(std::size_t n, std::span<const activ::isa> isas) {
  const char* dt = dtype_name<T>();
  benchmark::RegisterBenchmark((std::string("memcpy/") + dt + "/n=" + std::to_string(n)).c_str(),
                               [=](benchmark::State& s) { bench_memcpy<T>(s, n); });
  register_std_loops<T>(n);
  for (const activ::isa isa : isas) {
    register_elementwise<T>("relu", activ::ReLU<T>{}, n, isa);
    register_elementwise<T>("leaky_relu", activ::LeakyReLU<T>{T(0.01)}, n, isa);
    register_elementwise<T>("step", activ::Step<T>{}, n, isa);
    register_elementwise<T>("sigmoid", activ::Sigmoid<T>{}, n, isa);
    register_elementwise<T>("tanh", activ::Tanh<T>{}, n, isa);
    register_row(row_name("forward", "softmax", dt, n, isa), isa,
                 [=](benchmark::State& s) { bench_rows<T>(s, activ::Softmax<T>{}, n); });
    register_row(row_name("forward", "log_softmax", dt, n, isa), isa,
                 [=](benchmark::State& s) { bench_rows<T>(s, activ::LogSoftmax<T>{}, n); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The library's own choice, before any row overrides it (ACTIV_ISA in the environment counts).
  const activ::isa chosen = activ::active_isa();
  std::vector<activ::isa> isas;
  for (const activ::isa isa : {activ::isa::scalar, activ::isa::sse2, activ::isa::avx2,
                               activ::isa::avx512, activ::isa::neon}) {
    if (activ::isa_available(isa)) isas.push_back(isa);
  }
  for (const std::size_t n : kSizes) {
    register_dtype<float>(n, isas);
    register_dtype<double>(n, isas);
  }
  benchmark::AddCustomContext("activ_isa", std::string(activ::isa_name(chosen)));
  benchmark::AddCustomContext("activ_version", std::to_string(ACTIV_VERSION_MAJOR) + "." +
                                                   std::to_string(ACTIV_VERSION_MINOR) + "." +
                                                   std::to_string(ACTIV_VERSION_PATCH));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
