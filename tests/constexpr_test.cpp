// SPDX-License-Identifier: MIT
// Every functor, scalar and span forms, in constant evaluation (STATIC_REQUIRE), and the same
// results as at run time.
#include <activ/activ.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "support/catch.hpp"
#include "support/compare.hpp"

namespace {

template <class F, class T, std::size_t N>
constexpr std::array<T, N> forward(F f, const std::array<T, N>& x) {
  std::array<T, N> y{};
  f(x, y);
  return y;
}
template <class F, class T, std::size_t N>
constexpr std::array<T, N> derivative(F f, const std::array<T, N>& x) {
  std::array<T, N> d{};
  f.derivative(x, d);
  return d;
}
template <class F, class T, std::size_t N>
constexpr std::array<T, N> backward(F f, const std::array<T, N>& x, const std::array<T, N>& dy) {
  std::array<T, N> dx{};
  f.backward(x, dy, dx);
  return dx;
}
template <class F, class T, std::size_t N>
constexpr std::array<T, N> in_place(F f, std::array<T, N> x) {
  f(x, x);
  return x;
}

// Inputs at the edges, where a kernel's discarded lanes overflow or make NaN at run time, which
// constant evaluation refuses (kernels/common-inl.hpp, clamp_in_constant_evaluation). NaN is in
// with GCC only: Clang refuses any arithmetic whose result is NaN (README, API).
template <class T> using lim = std::numeric_limits<T>;
template <class T>
constexpr std::array edges{lim<T>::infinity(), -lim<T>::infinity(), lim<T>::max(), -lim<T>::max(),
                           T(1e30), T(-1e30), T(200), T(-200), T(-30), T(-1.25), T(0.75),
                           lim<T>::denorm_min(), -lim<T>::denorm_min(), T(0), T(-0.0),
#if !defined(__clang__)
                           lim<T>::quiet_NaN(),
#endif
                           T(7)};
template <class T> constexpr auto edge_grads = [] {
  std::array<T, edges<T>.size()> g{};
  for (auto& v : g) v = T(-1.5);
  return g;
}();

// f's span forms over the edges, computed in constant evaluation, against the same forms and
// the scalar f(x), f'(x) at run time on the scalar path: bit for bit.
template <class T, auto f> void check_edges() {
  constexpr auto& x = edges<T>;
  constexpr auto y = forward(f, x);
  constexpr auto d = derivative(f, x);
  constexpr auto dx = backward(f, x, edge_grads<T>);
  const activ_test::scoped_isa on(activ::isa::scalar);
  const auto y_run = forward(f, x);
  const auto d_run = derivative(f, x);
  const auto dx_run = backward(f, x, edge_grads<T>);
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO(f.name << "<" << (sizeof(T) == 4 ? "float" : "double") << "> at x = " << activ_test::show(x[i]));
    CHECK(activ_test::same_bits(y[i], y_run[i]));
    CHECK(activ_test::same_bits(y[i], f(x[i])));
    CHECK(activ_test::same_bits(d[i], d_run[i]));
    CHECK(activ_test::same_bits(d[i], f.derivative(x[i])));
    CHECK(activ_test::same_bits(dx[i], dx_run[i]));
  }
}

constexpr std::array<float, 5> xs{-2.0f, -0.0f, 0.0f, 0.5f, 3.0f};
constexpr std::array<float, 5> gs{1.0f, 2.0f, -1.0f, 0.5f, 4.0f};

}  // namespace

TEST_CASE("ReLU, LeakyReLU and Step run in constant evaluation", "[constexpr]") {
  STATIC_REQUIRE(activ::ReLU<float>{}(-3.0f) == 0.0f);
  STATIC_REQUIRE(activ::ReLU<double>{}.derivative(2.0) == 1.0);
  STATIC_REQUIRE(forward(activ::ReLU<float>{}, xs) == std::array<float, 5>{0, -0.0f, 0, 0.5f, 3});
  STATIC_REQUIRE(derivative(activ::ReLU<float>{}, xs) == std::array<float, 5>{0, 0, 0, 1, 1});
  STATIC_REQUIRE(backward(activ::ReLU<float>{}, xs, gs) == std::array<float, 5>{0, 0, 0, 0.5f, 4});
  STATIC_REQUIRE(in_place(activ::ReLU<float>{}, xs) == forward(activ::ReLU<float>{}, xs));

  constexpr activ::LeakyReLU<float> leaky{0.25f};
  STATIC_REQUIRE(forward(leaky, xs) == std::array<float, 5>{-0.5f, -0.0f, 0, 0.5f, 3});
  STATIC_REQUIRE(derivative(leaky, xs) == std::array<float, 5>{0.25f, 0.25f, 0.25f, 1, 1});
  STATIC_REQUIRE(backward(leaky, xs, gs) == std::array<float, 5>{0.25f, 0.5f, -0.25f, 0.5f, 4});
  STATIC_REQUIRE(activ::LeakyReLU<double>{}.negative_slope == 0.01);

  constexpr activ::Step<double> step{0.5};
  STATIC_REQUIRE(step(0.5) == 0.0);
  STATIC_REQUIRE(step(0.75) == 1.0);
  STATIC_REQUIRE(step(std::numeric_limits<double>::quiet_NaN()) == 0.0);
  STATIC_REQUIRE(derivative(activ::Step<float>{}, xs) == std::array<float, 5>{});
  STATIC_REQUIRE(forward(activ::Step<float>{}, xs) == std::array<float, 5>{0, 0, 0, 1, 1});
}

TEST_CASE("Sigmoid and Tanh run in constant evaluation", "[constexpr]") {
  STATIC_REQUIRE(activ::Sigmoid<float>{}(0.0f) == 0.5f);
  STATIC_REQUIRE(activ::Sigmoid<double>{}.derivative(0.0) == 0.25);
  STATIC_REQUIRE(activ::Sigmoid<float>{}(-200.0f) == 0.0f);
  STATIC_REQUIRE(activ::Sigmoid<float>{}(200.0f) == 1.0f);
  STATIC_REQUIRE(activ::Sigmoid<float>{}(-89.0f) > 0.0f);  // subnormal, not flushed
  STATIC_REQUIRE(activ::Sigmoid<float>{}.derivative(20.0f) > 0.0f);
  STATIC_REQUIRE(activ::Tanh<double>{}(0.0) == 0.0);
  STATIC_REQUIRE(activ::Tanh<float>{}(30.0f) == 1.0f);
  STATIC_REQUIRE(activ::Tanh<float>{}(-30.0f) == -1.0f);
  STATIC_REQUIRE(activ::Tanh<float>{}.derivative(0.0f) == 1.0f);
  STATIC_REQUIRE(activ::Tanh<float>{}.derivative(10.0f) > 0.0f);

  // Constant evaluation emulates the fused multiply-add; the results are the run-time ones.
  constexpr auto sig = forward(activ::Sigmoid<float>{}, xs);
  constexpr auto sig_d = derivative(activ::Sigmoid<float>{}, xs);
  constexpr auto tanh_y = forward(activ::Tanh<float>{}, xs);
  constexpr auto tanh_dx = backward(activ::Tanh<float>{}, xs, gs);
  constexpr std::array<double, 3> xd{-1.5, 0.125, 7.0};
  constexpr auto sig_double = forward(activ::Sigmoid<double>{}, xd);
  constexpr auto tanh_double = forward(activ::Tanh<double>{}, xd);
  activ::Sigmoid<float> s;
  activ::Tanh<float> t;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    CHECK(sig[i] == s(xs[i]));
    CHECK(sig_d[i] == s.derivative(xs[i]));
    CHECK(tanh_y[i] == t(xs[i]));
    CHECK(tanh_dx[i] == gs[i] * t.derivative(xs[i]));
  }
  for (std::size_t i = 0; i < xd.size(); ++i) {
    CHECK(sig_double[i] == activ::Sigmoid<double>{}(xd[i]));
    CHECK(tanh_double[i] == activ::Tanh<double>{}(xd[i]));
  }
}

TEST_CASE("The further activations run in constant evaluation", "[constexpr]") {
  STATIC_REQUIRE(activ::Hardtanh<float>{}(3.0f) == 1.0f);
  STATIC_REQUIRE(activ::ReLU6<double>{}(7.0) == 6.0);
  STATIC_REQUIRE(activ::Hardsigmoid<float>{}(0.0f) == 0.5f);
  STATIC_REQUIRE(activ::Hardswish<float>{}(4.0f) == 4.0f);
  STATIC_REQUIRE(activ::Threshold<float>{1, -1}(0.5f) == -1.0f);
  STATIC_REQUIRE(activ::Hardshrink<double>{}(0.25) == 0.0);
  STATIC_REQUIRE(activ::Softshrink<float>{}(2.0f) == 1.5f);
  STATIC_REQUIRE(activ::PReLU<float>{}(-4.0f) == -1.0f);
  STATIC_REQUIRE(activ::Softsign<double>{}(1.0) == 0.5);
  STATIC_REQUIRE(activ::Softsign<float>{}.derivative(1.0f) == 0.25f);
  STATIC_REQUIRE(activ::GELU<float>{}(0.0f) == 0.0f);
  STATIC_REQUIRE(activ::GELU<double>{"tanh"}.derivative(0.0) == 0.5);
  STATIC_REQUIRE(activ::GELU<float>{}(-100.0f) == 0.0f);
  STATIC_REQUIRE(activ::SiLU<float>{}(0.0f) == 0.0f);
  STATIC_REQUIRE(activ::SiLU<double>{}.derivative(0.0) == 0.5);
  STATIC_REQUIRE(activ::ELU<float>{}(-100.0f) == -1.0f);
  STATIC_REQUIRE(activ::ELU<double>{0.5}.derivative(0.0) == 0.5);
  STATIC_REQUIRE(activ::CELU<float>{2}(-200.0f) == -2.0f);
  STATIC_REQUIRE(activ::SELU<float>{}.derivative(1.0f) == 1.05070102f);
  STATIC_REQUIRE(activ::Softplus<float>{}(0.0f) == 0.693147182f);
  STATIC_REQUIRE(activ::Softplus<double>{2, 10}(6.0) == 6.0);
  STATIC_REQUIRE(activ::LogSigmoid<double>{}.derivative(0.0) == 0.5);
  STATIC_REQUIRE(activ::Tanhshrink<float>{}.derivative(0.0f) == 0.0f);
  STATIC_REQUIRE(activ::Mish<float>{}.derivative(0.0f) == 0.6f);

  // Constant evaluation emulates the fused multiply-add; the results are the run-time ones.
  constexpr auto gelu = forward(activ::GELU<float>{}, xs);
  constexpr auto gelu_tanh_d = derivative(activ::GELU<double>{activ::gelu_approximate::tanh},
                                          std::array<double, 3>{-1.5, 0.0, 2.0});
  constexpr auto silu = forward(activ::SiLU<float>{}, xs);
  constexpr auto elu = forward(activ::ELU<float>{}, xs);
  constexpr auto selu_d = derivative(activ::SELU<double>{}, std::array<double, 3>{-1.5, 0.0, 2.0});
  constexpr auto softplus = forward(activ::Softplus<float>{}, xs);
  constexpr auto logsigmoid = forward(activ::LogSigmoid<float>{}, xs);
  constexpr auto tanhshrink = forward(activ::Tanhshrink<float>{}, xs);
  constexpr auto mish = forward(activ::Mish<float>{}, xs);
  constexpr auto mish_d = derivative(activ::Mish<double>{}, std::array<double, 3>{-1.5, 0.0, 2.0});
  for (std::size_t i = 0; i < xs.size(); ++i) {
    CHECK(gelu[i] == activ::GELU<float>{}(xs[i]));
    CHECK(silu[i] == activ::SiLU<float>{}(xs[i]));
    CHECK(elu[i] == activ::ELU<float>{}(xs[i]));
    CHECK(softplus[i] == activ::Softplus<float>{}(xs[i]));
    CHECK(logsigmoid[i] == activ::LogSigmoid<float>{}(xs[i]));
    CHECK(std::bit_cast<std::uint32_t>(tanhshrink[i]) == std::bit_cast<std::uint32_t>(activ::Tanhshrink<float>{}(xs[i])));
    CHECK(mish[i] == activ::Mish<float>{}(xs[i]));
  }
  CHECK(mish_d[0] == activ::Mish<double>{}.derivative(-1.5));
  CHECK(selu_d[0] == activ::SELU<double>{}.derivative(-1.5));
  CHECK(gelu_tanh_d[0] == activ::GELU<double>{activ::gelu_approximate::tanh}.derivative(-1.5));
}

TEST_CASE("Softmax and LogSoftmax run in constant evaluation", "[constexpr][softmax]") {
  constexpr auto y = [] {
    std::array<float, 3> x{1.0f, 1.0f, 1.0f}, out{};
    activ::Softmax<float>{}(x, out);
    return out;
  }();
  STATIC_REQUIRE(y[0] == y[1]);
  STATIC_REQUIRE(y[0] > 0.333333f);
  STATIC_REQUIRE(y[0] < 0.333334f);

  constexpr auto rows = [] {
    std::array<double, 4> x{0.0, 0.0, 1e30, 1e30}, out{};
    activ::Softmax<double>{}(x, out, 2);
    return out;
  }();
  STATIC_REQUIRE(rows == std::array<double, 4>{0.5, 0.5, 0.5, 0.5});

  // Along the middle dimension of a (1, 2, 2) tensor: the fibres are {0, 1e30} and {1e30, 0};
  // LogSoftmax and its backward through the same form.
  constexpr auto fibres = [] {
    std::array<double, 4> x{0.0, 1e30, 1e30, 0.0}, out{};
    activ::Softmax<double>{}(x, out, activ::extents{.outer = 1, .n = 2, .inner = 2});
    return out;
  }();
  STATIC_REQUIRE(fibres == std::array<double, 4>{0.0, 1.0, 1.0, 0.0});
  constexpr auto log_fibres = [] {
    std::array<float, 6> x{1.0f, 2.0f, 3.0f, 1.0f, 2.0f, 3.0f}, out{};
    activ::LogSoftmax<float>{}(x, out, activ::extents{.outer = 1, .n = 2, .inner = 3});
    std::array<float, 6> dx{};
    activ::LogSoftmax<float>{}.backward(out, x, dx, activ::extents{.outer = 1, .n = 2, .inner = 3});
    return out;
  }();
  STATIC_REQUIRE(log_fibres[0] == log_fibres[3]);
  STATIC_REQUIRE(log_fibres[0] < -0.6931471f);
  STATIC_REQUIRE(log_fibres[0] > -0.6931473f);

  constexpr auto logy = [] {
    std::array<double, 2> x{0.0, 0.0}, out{};
    activ::LogSoftmax<double>{}(x, out);
    return out;
  }();
  STATIC_REQUIRE(logy[0] == logy[1]);
  STATIC_REQUIRE(logy[0] < -0.6931471805599452);
  STATIC_REQUIRE(logy[0] > -0.6931471805599454);

  constexpr auto jacobian = [] {
    std::array<float, 2> x{0.0f, 0.0f};
    std::array<float, 4> j{};
    activ::Softmax<float>{}.derivative(x, j);
    return j;
  }();
  STATIC_REQUIRE(jacobian == std::array<float, 4>{0.25f, -0.25f, -0.25f, 0.25f});

  constexpr auto vjp = [] {
    std::array<float, 2> out{0.5f, 0.5f}, dy{1.0f, 0.0f}, dx{};
    activ::Softmax<float>{}.backward(out, dy, dx);
    return dx;
  }();
  STATIC_REQUIRE(vjp == std::array<float, 2>{0.25f, -0.25f});
}

TEMPLATE_TEST_CASE("Every element-wise functor at the edges in constant evaluation: the run time's bits",
                   "[constexpr]", float, double) {
  using T = TestType;
  check_edges<T, activ::ReLU<T>{}>();
  check_edges<T, activ::LeakyReLU<T>{0.2}>();
  check_edges<T, activ::Sigmoid<T>{}>();
  check_edges<T, activ::Tanh<T>{}>();
  check_edges<T, activ::Step<T>{}>();
  check_edges<T, activ::Hardtanh<T>{-2, 3}>();
  check_edges<T, activ::ReLU6<T>{}>();
  check_edges<T, activ::Hardsigmoid<T>{}>();
  check_edges<T, activ::Hardswish<T>{}>();
  check_edges<T, activ::Threshold<T>{1, -1}>();
  check_edges<T, activ::Hardshrink<T>{}>();
  check_edges<T, activ::Softshrink<T>{}>();
  check_edges<T, activ::PReLU<T>{}>();
  check_edges<T, activ::Softsign<T>{}>();
  check_edges<T, activ::GELU<T>{}>();
  check_edges<T, activ::GELU<T>{activ::gelu_approximate::tanh}>();
  check_edges<T, activ::SiLU<T>{}>();
  check_edges<T, activ::ELU<T>{}>();
  check_edges<T, activ::ELU<T>{2.5}>();
  check_edges<T, activ::CELU<T>{0.5}>();
  check_edges<T, activ::CELU<T>{2}>();
  check_edges<T, activ::SELU<T>{}>();
  check_edges<T, activ::Softplus<T>{}>();
  check_edges<T, activ::Softplus<T>{2, 5}>();
  check_edges<T, activ::Softplus<T>{0.5, 1e30}>();
  check_edges<T, activ::LogSigmoid<T>{}>();
  check_edges<T, activ::Tanhshrink<T>{}>();
  check_edges<T, activ::Mish<T>{}>();
}
