// SPDX-License-Identifier: MIT
// Derivatives, VJPs and the softmax Jacobian against central finite differences computed in double.
#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

using activ_test::mismatch_log;
using activ_test::show;

/// Step of the central differences (in double): truncation ~h^2 |f'''|/6, rounding ~1e-16 |f| / h.
constexpr double fd_step = 1e-5;

/// Approx tolerances for a T result against a double finite difference: relative, then absolute.
template <class T>
constexpr double fd_rel = std::is_same_v<T, float> ? 1e-5 : 1e-7;
template <class T>
constexpr double fd_abs = std::is_same_v<T, float> ? 1e-6 : 1e-9;

template <class T>
bool close(T got, double fd) {
  return static_cast<double>(got) == Catch::Approx(fd).epsilon(fd_rel<T>).margin(fd_abs<T>);
}

/// Sample points: a grid over [-12, 12] and uniform random points over [-15, 15], in T, keeping
/// only those at least 0.01 from every kink.
template <class T>
std::vector<T> sample_points(const std::vector<double>& kinks) {
  std::vector<T> x;
  std::mt19937 rng{20240611};
  std::uniform_real_distribution<double> u{-15.0, 15.0};
  std::vector<double> candidates;
  for (double v = -12.0; v <= 12.0; v += 0.37) candidates.push_back(v);
  for (int i = 0; i < 400; ++i) candidates.push_back(u(rng));
  for (const double v : candidates) {
    const T t = static_cast<T>(v);
    bool near_kink = false;
    for (const double k : kinks)
      near_kink = near_kink || std::fabs(static_cast<double>(t) - k) < 0.01;
    if (!near_kink) x.push_back(t);
  }
  return x;
}

/// f.derivative(x) and f.backward(x, g) in T against the central difference of the same functor
/// in double (`fd` evaluates it), at every sample point.
template <class T, class F, class FD>
void check_elementwise(const F& f, const FD& f64, const std::vector<double>& kinks) {
  const auto x = sample_points<T>(kinks);
  REQUIRE(x.size() > 400);
  std::vector<T> g(x.size());
  std::mt19937 rng{7};
  std::normal_distribution<double> normal{0.0, 1.0};
  for (auto& v : g) v = static_cast<T>(normal(rng));
  std::vector<T> d(x.size()), dx(x.size());
  f.derivative(std::span<const T>{x}, std::span<T>{d});
  f.backward(std::span<const T>{x}, std::span<const T>{g}, std::span<T>{dx});
  mismatch_log bad;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double xi = static_cast<double>(x[i]);
    const double fd = (f64(xi + fd_step) - f64(xi - fd_step)) / (2 * fd_step);
    const double gi = static_cast<double>(g[i]);
    if (!close(d[i], fd) || !close(f.derivative(x[i]), fd) || !close(dx[i], gi * fd)) {
      bad.add("x = " + show(x[i]) + ": derivative " + show(d[i]) + ", backward " + show(dx[i]) +
              " with g = " + show(g[i]) + "; finite difference " + show(fd));
    }
  }
  INFO(bad.report());
  CHECK(bad.count() == 0);
}

/// Random normal vector of n values with standard deviation sd, in T.
template <class T>
std::vector<T> random_vector(std::size_t n, double sd, unsigned seed) {
  std::mt19937 rng{seed};
  std::normal_distribution<double> normal{0.0, sd};
  std::vector<T> v(n);
  for (auto& e : v) e = static_cast<T>(normal(rng));
  return v;
}

std::vector<double> to_double(const auto& v) { return std::vector<double>(v.begin(), v.end()); }

/// Row-wise forward of a double functor over rows of n.
template <class F>
std::vector<double> forward64(const F& f, const std::vector<double>& x, std::size_t n) {
  std::vector<double> y(x.size());
  f(std::span<const double>{x}, std::span<double>{y}, n);
  return y;
}

/// backward(y, g) of Softmax<T> / LogSoftmax<T> (from its own forward output) against the central
/// difference of L(x) = sum g_i f(x)_i, f in double, over a batch of rows of n.
template <class T, class F, class F64>
void check_vjp(const F& f, const F64& f64, std::size_t rows, std::size_t n, unsigned seed) {
  INFO("rows = " << rows << ", n = " << n);
  const auto x = random_vector<T>(rows * n, 3.0, seed);
  const auto g = random_vector<T>(rows * n, 1.0, seed + 1);
  std::vector<T> y(x.size()), dx(x.size());
  f(std::span<const T>{x}, std::span<T>{y}, n);
  f.backward(std::span<const T>{y}, std::span<const T>{g}, std::span<T>{dx}, n);
  const auto xd = to_double(x);
  const auto gd = to_double(g);
  const auto loss = [&](const std::vector<double>& at) {
    const auto out = forward64(f64, at, n);
    double s = 0;
    for (std::size_t i = 0; i < out.size(); ++i) s += gd[i] * out[i];
    return s;
  };
  mismatch_log bad;
  for (std::size_t j = 0; j < x.size(); ++j) {
    auto plus = xd, minus = xd;
    plus[j] += fd_step;
    minus[j] -= fd_step;
    const double fd = (loss(plus) - loss(minus)) / (2 * fd_step);
    if (!close(dx[j], fd)) {
      bad.add("j = " + std::to_string(j) + ", x_j = " + show(x[j]) + ": backward " + show(dx[j]) +
              ", finite difference " + show(fd));
    }
  }
  INFO(bad.report());
  CHECK(bad.count() == 0);
}

}  // namespace

TEMPLATE_TEST_CASE("Element-wise derivatives and backward match central differences",
                   "[finite_difference]", float, double) {
  using T = TestType;
  SECTION("Sigmoid") {
    const activ::Sigmoid<double> s64{};
    check_elementwise<T>(activ::Sigmoid<T>{}, [&](double v) { return s64(v); }, {});
  }
  SECTION("Tanh") {
    const activ::Tanh<double> t64{};
    check_elementwise<T>(activ::Tanh<T>{}, [&](double v) { return t64(v); }, {});
  }
  SECTION("ReLU, away from 0") {
    const activ::ReLU<double> r64{};
    check_elementwise<T>(activ::ReLU<T>{}, [&](double v) { return r64(v); }, {0.0});
  }
  SECTION("LeakyReLU, default slope and 0.2, away from 0") {
    for (const T slope : {T(0.01), T(0.2)}) {
      INFO("slope " << show(slope));
      const activ::LeakyReLU<double> l64{static_cast<double>(slope)};
      check_elementwise<T>(activ::LeakyReLU<T>{slope}, [&](double v) { return l64(v); }, {0.0});
    }
  }
  SECTION("Step, away from the threshold") {
    const T threshold = T(0.5);
    const activ::Step<double> s64{static_cast<double>(threshold)};
    check_elementwise<T>(activ::Step<T>{threshold}, [&](double v) { return s64(v); },
                         {static_cast<double>(threshold)});
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax backward match central differences of sum(g * f(x))",
                   "[finite_difference][softmax]", float, double) {
  using T = TestType;
  unsigned seed = 100;
  for (const auto& [rows, n] : std::vector<std::pair<std::size_t, std::size_t>>{
           {1, 1}, {1, 2}, {1, 3}, {1, 5}, {1, 8}, {1, 17}, {3, 5}, {4, 16}}) {
    check_vjp<T>(activ::Softmax<T>{}, activ::Softmax<double>{}, rows, n, seed++);
    check_vjp<T>(activ::LogSoftmax<T>{}, activ::LogSoftmax<double>{}, rows, n, seed++);
  }
}

TEMPLATE_TEST_CASE("Softmax::derivative matches the central-difference Jacobian",
                   "[finite_difference][softmax][jacobian]", float, double) {
  using T = TestType;
  const activ::Softmax<double> s64{};
  unsigned seed = 300;
  for (const std::size_t n : {1u, 2u, 3u, 4u, 7u, 12u}) {
    INFO("n = " << n);
    const auto x = random_vector<T>(n, 2.0, seed++);
    std::vector<T> J(n * n);
    activ::Softmax<T>{}.derivative(std::span<const T>{x}, std::span<T>{J});
    const auto xd = to_double(x);
    mismatch_log bad;
    for (std::size_t j = 0; j < n; ++j) {
      auto plus = xd, minus = xd;
      plus[j] += fd_step;
      minus[j] -= fd_step;
      const auto yp = forward64(s64, plus, n);
      const auto ym = forward64(s64, minus, n);
      for (std::size_t i = 0; i < n; ++i) {
        const double fd = (yp[i] - ym[i]) / (2 * fd_step);
        if (!close(J[i * n + j], fd)) {
          bad.add("J[" + std::to_string(i) + "][" + std::to_string(j) +
                  "] = " + show(J[i * n + j]) + ", finite difference " + show(fd));
        }
      }
    }
    INFO(bad.report());
    CHECK(bad.count() == 0);
  }
}
