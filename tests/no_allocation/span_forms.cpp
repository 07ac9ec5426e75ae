// SPDX-License-Identifier: MIT
// The span forms never allocate: every global operator new is counted (this program replaces
// them), and each call of every functor's span forms, Linear's forward and backward, and the
// losses must leave the count unchanged. A plain program, so nothing else allocates meanwhile.
#include <activ/activ.hpp>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <span>
#include <vector>

namespace {
std::size_t allocations = 0;
}

void* operator new(std::size_t n) {
  ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

int failures = 0;

template <class F>
void expect_no_allocation(const char* what, F&& call) {
  const std::size_t before = allocations;
  call();
  if (allocations != before) {
    std::fprintf(stderr, "%s allocated %zu times\n", what, allocations - before);
    ++failures;
  }
}

template <class T>
void check_type() {
  constexpr std::size_t n = 1000, row = 10, in = 20, out = 50, batch = 50;
  std::vector<T> x(n, T(0.5)), dy(n, T(-0.25)), y(n), J(row * row);
  const std::span<const T> xs(x), dys(dy);
  const std::span<T> ys(y);
  const auto elementwise = [&](const char* name, auto f) {
    expect_no_allocation(name, [&] {
      f(xs, ys);
      f.derivative(xs, ys);
      f.backward(xs, dys, ys);
      f(ys, ys);  // in place
    });
  };
  elementwise("ReLU", activ::ReLU<T>{});
  elementwise("LeakyReLU", activ::LeakyReLU<T>{T(0.1)});
  elementwise("Sigmoid", activ::Sigmoid<T>{});
  elementwise("Tanh", activ::Tanh<T>{});
  elementwise("Step", activ::Step<T>{});
  elementwise("Hardtanh", activ::Hardtanh<T>{});
  elementwise("ReLU6", activ::ReLU6<T>{});
  elementwise("Hardsigmoid", activ::Hardsigmoid<T>{});
  elementwise("Hardswish", activ::Hardswish<T>{});
  elementwise("Threshold", activ::Threshold<T>{T(0.1), T(20)});
  elementwise("Hardshrink", activ::Hardshrink<T>{});
  elementwise("Softshrink", activ::Softshrink<T>{});
  elementwise("PReLU", activ::PReLU<T>{});
  elementwise("Softsign", activ::Softsign<T>{});
  elementwise("SiLU", activ::SiLU<T>{});
  elementwise("ELU", activ::ELU<T>{});
  elementwise("CELU", activ::CELU<T>{T(2)});
  elementwise("SELU", activ::SELU<T>{});
  elementwise("Softplus", activ::Softplus<T>{2, 10});
  elementwise("LogSigmoid", activ::LogSigmoid<T>{});
  elementwise("Tanhshrink", activ::Tanhshrink<T>{});
  elementwise("Mish", activ::Mish<T>{});
  expect_no_allocation("Softmax and LogSoftmax", [&] {
    activ::Softmax<T>{}(xs, ys, row);
    activ::Softmax<T>{}.backward(std::span<const T>(y), dys, ys, row);
    activ::Softmax<T>{}.derivative(xs.first(row), std::span<T>(J));
    activ::LogSoftmax<T>{}(xs, ys, row);
    activ::LogSoftmax<T>{}.backward(std::span<const T>(y), dys, ys, row);
  });
  const activ::ChannelPReLU<T> prelu(row);
  std::vector<T> dw(row);
  expect_no_allocation("ChannelPReLU", [&] {
    prelu(xs, ys);
    prelu.derivative(xs, ys, activ::extents{1, row, xs.size() / row});
    prelu.backward(xs, dys, ys);
    prelu.weight_gradient(xs, dys, std::span<T>(dw));
  });
  activ::Linear<T> layer(in, out);
  std::vector<T> lx(batch * in, T(0.5)), ly(batch * out), ldy(batch * out, T(1)), ldx(batch * in);
  expect_no_allocation("Linear forward and backward", [&] {
    layer.forward(std::span<const T>(lx), std::span<T>(ly), batch);
    layer.forward(std::span<const T>(lx), std::span<T>(ly), batch, activ::Sigmoid<T>{});
    layer.backward(std::span<const T>(lx), std::span<const T>(ldy), std::span<T>(ldx), batch);
    layer.zero_grad();
  });
}

}  // namespace

int main() {
  check_type<float>();
  check_type<double>();
  std::printf("span forms, float and double, on %s: %s\n",
              activ::isa_name(activ::active_isa()).data(), failures ? "ALLOCATED" : "no allocation");
  return failures ? 1 : 0;
}
