// SPDX-License-Identifier: MIT
// Runs every span entry point twice, at a size and at twice that size, on the path named by
// ACTIV_ISA, each call between callgrind client requests (zero the counters, run, dump as
// "<entry>@<elements>"). check_budget.py runs this under valgrind and turns the two dumps of an
// entry into instructions per element, so the fixed cost of a call cancels out. Outside
// valgrind the requests do nothing and the program only runs the calls once each.
//
// An element is one output of an element-wise function or of a softmax row, one multiply-add
// of Linear (batch in out for the forward pass, twice that for the backward pass).
#include <activ/activ.hpp>

#include <valgrind/callgrind.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace {

// Inputs in [-8, 8), fixed for every run (a 64-bit LCG; the same numbers everywhere).
template <class T> std::vector<T> inputs(std::size_t n, std::uint64_t seed) {
  std::vector<T> v(n);
  std::uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 1;
  for (auto& e : v) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    e = static_cast<T>(static_cast<double>(s >> 11) * 0x1p-53 * 16.0 - 8.0);
  }
  return v;
}

const char* filter = nullptr;  // argv[1]: only entries whose name contains it

// Calls run(size) for size = base and 2 base, each alone between the counters' zero and dump.
template <class F> void measure(const std::string& entry, std::size_t base, F&& run) {
  if (filter && entry.find(filter) == std::string::npos) return;
  run(base);  // warm-up: first-use dispatch, page faults
  for (std::size_t size : {base, 2 * base}) {
    const std::string tag = entry + "@" + std::to_string(size);
    CALLGRIND_ZERO_STATS;
    run(size);
    CALLGRIND_DUMP_STATS_AT(tag.c_str());
  }
}

template <class T> const char* type_name() { return sizeof(T) == 4 ? "f32" : "f64"; }

// forward, derivative and backward of one element-wise functor on n = 4096 and 8192.
template <class T, class F> void elementwise(const char* name, F f) {
  constexpr std::size_t n = 4096;
  const std::vector<T> x = inputs<T>(2 * n, 1), dy = inputs<T>(2 * n, 2);
  std::vector<T> y(2 * n);
  const std::string suffix = std::string("/") + name + "/" + type_name<T>();
  const auto xs = [&](std::size_t m) { return std::span<const T>(x.data(), m); };
  const auto ys = [&](std::size_t m) { return std::span<T>(y.data(), m); };
  measure("forward" + suffix, n, [&](std::size_t m) { f(xs(m), ys(m)); });
  measure("derivative" + suffix, n, [&](std::size_t m) { f.derivative(xs(m), ys(m)); });
  measure("backward" + suffix, n, [&](std::size_t m) {
    f.backward(xs(m), std::span<const T>(dy.data(), m), ys(m));
  });
}

// Softmax-like functors over rows of 1000 (4 and 8 rows) and along the middle dimension of an
// (outer, 32, 64) tensor (outer 2 and 4).
template <class T, class F> void rows(const char* name, F f) {
  constexpr std::size_t row = 1000, fibre = 32, inner = 64, size = 4 * fibre * inner;
  static_assert(size >= 8 * row);
  const std::vector<T> x = inputs<T>(size, 3), dy = inputs<T>(size, 4);
  std::vector<T> y(size), dx(size);
  const std::string suffix = std::string("/") + name + "/" + type_name<T>();
  const auto span_of = [](const std::vector<T>& v, std::size_t m) {
    return std::span<const T>(v.data(), m);
  };
  measure("forward" + suffix + "/rows=1000", 4 * row, [&](std::size_t m) {
    f(span_of(x, m), std::span<T>(y.data(), m), row);
  });
  f(span_of(x, 8 * row), std::span<T>(y.data(), 8 * row), row);
  measure("backward" + suffix + "/rows=1000", 4 * row, [&](std::size_t m) {
    f.backward(span_of(y, m), span_of(dy, m), std::span<T>(dx.data(), m), row);
  });
  measure("forward" + suffix + "/dim=32x64", 2 * fibre * inner, [&](std::size_t m) {
    f(span_of(x, m), std::span<T>(y.data(), m), activ::extents{m / (fibre * inner), fibre, inner});
  });
}

// Per-channel PReLU on (outer, 16, 256): outer 1 and 2.
template <class T> void channel_prelu() {
  constexpr std::size_t channels = 16, inner = 256, base = channels * inner;
  const std::vector<T> x = inputs<T>(2 * base, 5), dy = inputs<T>(2 * base, 6);
  std::vector<T> y(2 * base), dw(channels);
  const activ::ChannelPReLU<T> f(channels);
  const std::string suffix = std::string("/channel_prelu/") + type_name<T>();
  const auto ext = [&](std::size_t m) { return activ::extents{m / base, channels, inner}; };
  const auto xs = [&](std::size_t m) { return std::span<const T>(x.data(), m); };
  measure("forward" + suffix, base, [&](std::size_t m) {
    f(xs(m), std::span<T>(y.data(), m), ext(m));
  });
  measure("backward" + suffix, base, [&](std::size_t m) {
    f.backward(xs(m), std::span<const T>(dy.data(), m), std::span<T>(y.data(), m), ext(m));
  });
  measure("weight_gradient" + suffix, base, [&](std::size_t m) {
    f.weight_gradient(xs(m), std::span<const T>(dy.data(), m), std::span<T>(dw), ext(m));
  });
}

// Linear in = out = 256: batch 16 and 32 (the dot-product kernels), 64 and 128 (packed outer
// products); the backward pass at batch 16 and 32. Counted per multiply-add.
template <class T> void linear() {
  constexpr std::size_t in = 256, out = 256;
  activ::Linear<T> layer(in, out, true, 7);
  const std::vector<T> x = inputs<T>(128 * in, 8), dy = inputs<T>(128 * out, 9);
  std::vector<T> y(128 * out), dx(128 * in);
  const std::string suffix = std::string("/linear/") + type_name<T>() + "/in=256,out=256";
  const auto forward = [&](std::size_t macs) {
    const std::size_t batch = macs / (in * out);
    layer.forward(std::span<const T>(x.data(), batch * in), std::span<T>(y.data(), batch * out),
                  batch);
  };
  measure("forward" + suffix + ",batch=16", 16 * in * out, forward);
  measure("forward" + suffix + ",batch=64", 64 * in * out, forward);
  measure("forward" + suffix + ",batch=16/sigmoid", 16 * in * out, [&](std::size_t macs) {
    const std::size_t batch = macs / (in * out);
    layer.forward(std::span<const T>(x.data(), batch * in), std::span<T>(y.data(), batch * out),
                  batch, activ::Sigmoid<T>{});
  });
  measure("backward" + suffix + ",batch=16", 2 * 16 * in * out, [&](std::size_t macs) {
    const std::size_t batch = macs / (2 * in * out);
    layer.backward(std::span<const T>(x.data(), batch * in),
                   std::span<const T>(dy.data(), batch * out), std::span<T>(dx.data(), batch * in),
                   batch);
  });
}

template <class T> void all() {
  elementwise<T>("relu", activ::ReLU<T>{});
  elementwise<T>("leaky_relu", activ::LeakyReLU<T>{T(0.1)});
  elementwise<T>("sigmoid", activ::Sigmoid<T>{});
  elementwise<T>("tanh", activ::Tanh<T>{});
  elementwise<T>("step", activ::Step<T>{});
  elementwise<T>("hardtanh", activ::Hardtanh<T>{});
  elementwise<T>("relu6", activ::ReLU6<T>{});
  elementwise<T>("hardsigmoid", activ::Hardsigmoid<T>{});
  elementwise<T>("hardswish", activ::Hardswish<T>{});
  elementwise<T>("threshold", activ::Threshold<T>{T(0.1), T(20)});
  elementwise<T>("hardshrink", activ::Hardshrink<T>{});
  elementwise<T>("softshrink", activ::Softshrink<T>{});
  elementwise<T>("prelu", activ::PReLU<T>{});
  elementwise<T>("softsign", activ::Softsign<T>{});
  elementwise<T>("gelu", activ::GELU<T>{});
  elementwise<T>("gelu_tanh", activ::GELU<T>{activ::gelu_approximate::tanh});
  elementwise<T>("silu", activ::SiLU<T>{});
  elementwise<T>("elu", activ::ELU<T>{});
  elementwise<T>("celu", activ::CELU<T>{T(2)});
  elementwise<T>("selu", activ::SELU<T>{});
  elementwise<T>("softplus", activ::Softplus<T>{});
  elementwise<T>("logsigmoid", activ::LogSigmoid<T>{});
  elementwise<T>("tanhshrink", activ::Tanhshrink<T>{});
  elementwise<T>("mish", activ::Mish<T>{});
  rows<T>("softmax", activ::Softmax<T>{});
  rows<T>("log_softmax", activ::LogSoftmax<T>{});
  channel_prelu<T>();
  linear<T>();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) filter = argv[1];
  all<float>();
  all<double>();
  std::printf("codegen_counts: every entry point ran on %s\n",
              activ::isa_name(activ::active_isa()).data());
  return 0;
}
