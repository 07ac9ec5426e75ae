// SPDX-License-Identifier: MIT
// Accuracy of sigmoid, tanh (forward and derivative) and softmax/log-softmax against long double
// references, on dense samples in every test run (the exhaustive float sweep is
// exhaustive_test.cpp). The bounds are the ones README.md states.
#include <activ/activ.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "support/catch.hpp"
#include "support/reference.hpp"

namespace {

using wide = activ_test::wide_t;

// The stated bounds (README "Accuracy"): ULP of the exact value, float and double alike.
constexpr double elementwise_max_ulp = 1.0;

struct worst_case {
  double ulp = 0;
  wide x = 0;
  void update(double u, wide at) {
    if (!(u <= ulp)) {  // NaN counts as a failure too
      ulp = u;
      x = at;
    }
  }
};

template <class T, class Run, class Ref>
worst_case measure(const std::vector<T>& x, Run run, Ref ref) {
  std::vector<T> y(x.size());
  run(std::span<const T>(x), std::span<T>(y));
  worst_case w;
  for (std::size_t i = 0; i < x.size(); ++i)
    w.update(activ_test::ulp_error(y[i], ref(static_cast<wide>(x[i]))), static_cast<wide>(x[i]));
  return w;
}

// Every 4099th float bit pattern (about a million, all exponents and both signs), minus NaNs.
std::vector<float> float_sample() {
  std::vector<float> x;
  for (std::uint64_t bits = 0; bits < (std::uint64_t(1) << 32); bits += 4099) {
    const float v = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    if (!std::isnan(v)) x.push_back(v);
  }
  return x;
}

// Two million doubles: uniform where the functions bend, and log-uniform over all exponents.
std::vector<double> double_sample() {
  std::mt19937_64 rng(20261124);
  std::vector<double> x;
  std::uniform_real_distribution<double> around(-40, 40), wide_range(-750, 750), exponent(-1074, 1023);
  for (int i = 0; i < 800000; ++i) x.push_back(around(rng));
  for (int i = 0; i < 400000; ++i) x.push_back(wide_range(rng));
  for (int i = 0; i < 800000; ++i)
    x.push_back((i % 2 ? -1.0 : 1.0) * std::exp2(exponent(rng)));
  return x;
}

template <class T> std::vector<T> sample() {
  if constexpr (sizeof(T) == 4) return float_sample();
  else return double_sample();
}

}  // namespace

TEMPLATE_TEST_CASE("sigmoid and tanh are within the stated ULP bound on a dense sample",
                   "[accuracy]", float, double) {
  using T = TestType;
  const std::vector<T> x = sample<T>();
  const auto check = [&](const char* what, worst_case w) {
    INFO(what << ": max " << w.ulp << " ulp at x = " << std::hexfloat << static_cast<double>(w.x));
    WARN(activ::detail::type_name<T> << " " << what << ": max " << w.ulp << " ulp (x = " << std::hexfloat
                                     << static_cast<double>(w.x) << ")");
    CHECK(w.ulp <= elementwise_max_ulp);
  };
  check("sigmoid", measure(x, [](auto in, auto out) { activ::Sigmoid<T>{}(in, out); },
                           activ_test::ref_sigmoid));
  check("sigmoid'", measure(x, [](auto in, auto out) { activ::Sigmoid<T>{}.derivative(in, out); },
                            activ_test::ref_sigmoid_derivative));
  check("tanh", measure(x, [](auto in, auto out) { activ::Tanh<T>{}(in, out); },
                        activ_test::ref_tanh));
  check("tanh'", measure(x, [](auto in, auto out) { activ::Tanh<T>{}.derivative(in, out); },
                         activ_test::ref_tanh_derivative));
}

TEMPLATE_TEST_CASE("the scalar forms agree with the span forms bit for bit", "[accuracy]", float,
                   double) {
  using T = TestType;
  std::vector<T> x = sample<T>();
  x.resize(100000);
  std::vector<T> y(x.size()), d(x.size());
  activ::Sigmoid<T> s;
  activ::Tanh<T> t;
  s(x, y);
  s.derivative(x, d);
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    mismatches += std::bit_cast<std::uint64_t>(static_cast<double>(s(x[i]))) !=
                      std::bit_cast<std::uint64_t>(static_cast<double>(y[i])) ||
                  std::bit_cast<std::uint64_t>(static_cast<double>(s.derivative(x[i]))) !=
                      std::bit_cast<std::uint64_t>(static_cast<double>(d[i]));
  t(x, y);
  t.derivative(x, d);
  for (std::size_t i = 0; i < x.size(); ++i)
    mismatches += std::bit_cast<std::uint64_t>(static_cast<double>(t(x[i]))) !=
                      std::bit_cast<std::uint64_t>(static_cast<double>(y[i])) ||
                  std::bit_cast<std::uint64_t>(static_cast<double>(t.derivative(x[i]))) !=
                      std::bit_cast<std::uint64_t>(static_cast<double>(d[i]));
  CHECK(mismatches == 0);
}

namespace {

// Softmax's stated bound, per element: relative error at most softmax_max_ulp ULP of the
// exact value for results in the normal range (absolute 1 ULP of the least normal below it);
// log-softmax's absolute error at most log_softmax_max_eps * epsilon * (|y| + log(sum)),
// plus the least subnormal (where log(sum) itself is subnormal).
constexpr double softmax_max_ulp = 2.0;
constexpr double log_softmax_max_eps = 2.0;

template <class T> void check_softmax_rows(std::size_t n, T scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  const std::size_t rows = std::max<std::size_t>(1, 20000 / n);
  std::vector<T> x(rows * n), y(x.size()), logy(x.size());
  for (auto& v : x) v = static_cast<T>(normal(rng) * static_cast<double>(scale));
  activ::Softmax<T>{}(x, y, n);
  activ::LogSoftmax<T>{}(x, logy, n);
  double worst_ulp = 0, worst_log = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const T* xr = x.data() + r * n;
    std::size_t arg_max = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (xr[i] > xr[arg_max]) arg_max = i;
    const wide m = static_cast<wide>(xr[arg_max]);
    // log(sum) = log1p(sum of the others): accurate even where it is tiny.
    wide others = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (i != arg_max) others += std::exp(static_cast<wide>(xr[i]) - m);
    const wide s = 1 + others;
    const wide log_s = std::log1p(others);
    for (std::size_t i = 0; i < n; ++i) {
      const wide d = static_cast<wide>(xr[i]) - m;
      worst_ulp = std::max(worst_ulp, activ_test::ulp_error(y[r * n + i], std::exp(d) / s));
      const wide exact_log = d - log_s;
      const wide err = std::fabs(static_cast<wide>(logy[r * n + i]) - exact_log);
      const wide allowed =
          static_cast<wide>(std::numeric_limits<T>::epsilon()) * (std::fabs(exact_log) + log_s) +
          static_cast<wide>(std::numeric_limits<T>::denorm_min());
      if (err > 0) worst_log = std::max(worst_log, static_cast<double>(err / allowed));
    }
  }
  INFO(activ::detail::type_name<T> << ", n = " << n << ", scale = " << static_cast<double>(scale) << ": softmax " << worst_ulp
              << " ulp, log-softmax " << worst_log << " eps (|y| + log sum)");
  CHECK(worst_ulp <= softmax_max_ulp);
  CHECK(worst_log <= log_softmax_max_eps);
}

}  // namespace

TEMPLATE_TEST_CASE("softmax and log-softmax are within the stated bounds", "[accuracy][softmax]",
                   float, double) {
  using T = TestType;
  for (std::size_t n : {1u, 2u, 3u, 7u, 16u, 17u, 100u, 1000u, 10007u})
    for (T scale : {T(0.01), T(1), T(10), T(100), T(1000)})
      check_softmax_rows<T>(n, scale, 7 * n + static_cast<std::uint64_t>(scale));
}

// The negative side, where ELU, CELU and SELU compute expm1 (the positive side is x or scale x):
// the sample's negative half, and 400000 more uniform in [-1.5, 0], where e^x - 1 is summed
// from z + z^2/2 + z^3 Q(z) or around -1 (kernels/elu-inl.hpp). Float: every float in
// exhaustive_test.cpp.
TEMPLATE_TEST_CASE("ELU, CELU and SELU are within the stated ULP bound on a dense sample",
                   "[accuracy][elu]", float, double) {
  using T = TestType;
  std::vector<T> x;
  for (const T v : sample<T>())
    if (v <= T(0)) x.push_back(v);
  std::mt19937_64 rng(20261202);
  std::uniform_real_distribution<double> near_zero(-1.5, 0);
  for (int i = 0; i < 400000; ++i) x.push_back(static_cast<T>(near_zero(rng)));
  const auto check = [&](const char* what, worst_case w) {
    INFO(what << ": max " << w.ulp << " ulp at x = " << std::hexfloat << static_cast<double>(w.x));
    WARN(activ::detail::type_name<T> << " " << what << ": max " << w.ulp << " ulp (x = " << std::hexfloat
                                     << static_cast<double>(w.x) << ")");
    CHECK(w.ulp <= elementwise_max_ulp);
  };
  constexpr wide selu_scale = 1.0507009873554804934193349852946L;
  constexpr wide selu_alpha = 1.6732632423543772848170429916717L;
  check("elu", measure(x, [](auto in, auto out) { activ::ELU<T>{}(in, out); },
                       [](wide v) { return std::expm1(v); }));
  check("elu, alpha 0.5", measure(x, [](auto in, auto out) { activ::ELU<T>{0.5}(in, out); },
                                  [](wide v) { return wide(0.5) * std::expm1(v); }));
  check("elu'", measure(x, [](auto in, auto out) { activ::ELU<T>{}.derivative(in, out); },
                        [](wide v) { return std::exp(v); }));
  check("celu, alpha 2", measure(x, [](auto in, auto out) { activ::CELU<T>{2}(in, out); },
                                 [](wide v) { return 2 * std::expm1(v / 2); }));
  check("selu", measure(x, [](auto in, auto out) { activ::SELU<T>{}(in, out); },
                        [&](wide v) { return selu_scale * selu_alpha * std::expm1(v); }));
}
