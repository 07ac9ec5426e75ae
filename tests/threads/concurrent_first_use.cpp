// SPDX-License-Identifier: MIT
// Many threads call every span form (and Linear's forward and backward) at once, on their own
// buffers, starting together before anything in the process has asked which instruction set to
// use: the first-use CPU query and
// the cached choice must be race-free (run under ThreadSanitizer in CI), and every thread must
// get the results one thread gets alone afterwards, bit for bit. A plain program, not a Catch
// test: Catch's own start-up must not touch activ first.
#include <activ/activ.hpp>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <latch>
#include <span>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 8;
constexpr std::size_t kLength = 1000;  // several vectors and a tail on every path
constexpr std::size_t kRow = 10;

template <class T>
std::vector<T> input(int seed) {
  std::vector<T> v(kLength);
  for (std::size_t i = 0; i < kLength; ++i) {
    const auto k = static_cast<int>((i * 7919u + static_cast<unsigned>(seed) * 104729u) % 2001u);
    v[i] = static_cast<T>(k - 1000) / T(50);  // [-20, 20]
  }
  return v;
}

// Every span form of every functor, appended to one output vector.
template <class T>
std::vector<T> run_all(int seed) {
  const std::vector<T> x = input<T>(seed), dy = input<T>(seed + 1);
  std::vector<T> out;
  std::vector<T> y(kLength);
  const auto keep = [&] { out.insert(out.end(), y.begin(), y.end()); };
  const auto elementwise = [&](auto f) {
    f(std::span<const T>(x), std::span<T>(y));
    keep();
    f.derivative(std::span<const T>(x), std::span<T>(y));
    keep();
    f.backward(std::span<const T>(x), std::span<const T>(dy), std::span<T>(y));
    keep();
  };
  elementwise(activ::ReLU<T>{});
  elementwise(activ::LeakyReLU<T>{T(0.1)});
  elementwise(activ::Sigmoid<T>{});
  elementwise(activ::Tanh<T>{});
  elementwise(activ::Step<T>{});
  activ::Softmax<T>{}(std::span<const T>(x), std::span<T>(y), kRow);
  keep();
  activ::LogSoftmax<T>{}(std::span<const T>(x), std::span<T>(y), kRow);
  keep();
  const activ::extents middle{.outer = 2, .n = 10, .inner = kLength / 20};  // PyTorch's dim=1
  activ::Softmax<T>{}(std::span<const T>(x), std::span<T>(y), middle);
  keep();
  activ::LogSoftmax<T>{}(std::span<const T>(x), std::span<T>(y), middle);
  keep();
  // Linear: 20 rows of 50 features to 50 outputs, forward with a fused activation, backward.
  activ::Linear<T> layer(50, 50, true, static_cast<std::uint64_t>(seed));
  layer.forward(std::span<const T>(x), std::span<T>(y), 20, activ::Tanh<T>{});
  keep();
  layer.backward(std::span<const T>(x), std::span<const T>(dy), std::span<T>(y), 20);
  keep();
  out.insert(out.end(), layer.weight_grad().begin(), layer.weight_grad().end());
  out.insert(out.end(), layer.bias_grad().begin(), layer.bias_grad().end());
  return out;
}

template <class T>
int check(const std::vector<std::vector<T>>& got, const char* type) {
  int failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    const std::vector<T> want = run_all<T>(t);
    if (got[static_cast<std::size_t>(t)].size() != want.size() ||
        std::memcmp(got[static_cast<std::size_t>(t)].data(), want.data(),
                    want.size() * sizeof(T)) != 0) {
      std::fprintf(stderr, "thread %d (%s): results differ from a single thread's\n", t, type);
      ++failures;
    }
  }
  return failures;
}

}  // namespace

int main() {
  std::vector<std::vector<float>> f(kThreads);
  std::vector<std::vector<double>> d(kThreads);
  {
    std::latch start(kThreads);
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();  // all threads reach activ's first use together
        f[static_cast<std::size_t>(t)] = run_all<float>(t);
        d[static_cast<std::size_t>(t)] = run_all<double>(t);
      });
    }
  }
  const int failures = check(f, "float") + check(d, "double");
  std::printf("%d threads x every span form, float and double, on %s: %s\n", kThreads,
              activ::isa_name(activ::active_isa()).data(), failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
