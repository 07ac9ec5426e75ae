// SPDX-License-Identifier: MIT
// Softplus against the correctly rounded values and PyTorch (golden/softplus_*.csv), with
// PyTorch's threshold rule.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Softplus<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Softplus<double>, double>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int softplus_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("Softplus is within 1 ULP of the exact function below the threshold",
                   "[softplus][golden][ulp]", float, double) {
  using T = TestType;
  CHECK(activ::Softplus<T>{}.beta == T(1));
  CHECK(activ::Softplus<T>{}.threshold == T(20));
  for (const auto& [b, t] : {std::pair{"1", "20"}, std::pair{"2", "10"}}) {
    const auto d = activ_test::golden_block<T>("softplus", {{"beta", b}, {"threshold", t}});
    const T beta = activ_test::parse_field<T>(b), threshold = activ_test::parse_field<T>(t);
    const activ::Softplus<T> f{beta, threshold};
    // y_ref is the exact function without PyTorch's shortcut: compared where it does not apply.
    const auto above = [&](std::size_t i) { return beta * d.x[i] > threshold; };
    activ_test::check_reference(f, d, softplus_max_ulp, {.skip = above});
    // With the threshold at infinity, every line is the exact function.
    activ_test::check_reference(activ::Softplus<T>{beta, std::numeric_limits<T>::infinity()}, d,
                                softplus_max_ulp);
    // Above the threshold: x and 1, bit for bit, as PyTorch.
    activ_test::check_pytorch_exact(f, d, [&](std::size_t i) {
      return above(i) ? activ_test::exact_columns{} : activ_test::exact_columns{false, false, false};
    });
    // Below it: close to PyTorch's log1p(exp(beta x))/beta.
    activ_test::check_pytorch_close(f, d, {.y_abs_eps = 2, .abs_eps = 2, .scale_by_x = false});
  }
}

TEMPLATE_TEST_CASE("Softplus conventions", "[softplus][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::Softplus<T> f{};
  CHECK(f(T(0)) == T(0.693147180559945309417232121458L));
  CHECK(f(T(-0.0)) == f(T(0)));
  CHECK(f.derivative(T(0)) == T(0.5));
  CHECK(f(inf) == inf);
  CHECK(f.derivative(inf) == T(1));
  CHECK(activ_test::same_bits(f(-inf), T(0)));
  CHECK(f.derivative(-inf) == T(0));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(std::isnan(f.derivative(std::numeric_limits<T>::quiet_NaN())));
  // PyTorch's threshold: x itself just above it (strictly), the log1p branch at it.
  CHECK(f(std::nextafter(T(20), inf)) == std::nextafter(T(20), inf));
  const activ::Softplus<T> g{2, 10};
  CHECK(g(T(5)) > T(5));
  CHECK(g(std::nextafter(T(5), inf)) == std::nextafter(T(5), inf));
  CHECK(g.derivative(std::nextafter(T(5), inf)) == T(1));
  CHECK(g.derivative(T(5)) < T(1));
  CHECK(g(T(0)) == T(0.346573590279972654708616060729L));
  // threshold = inf: the exact function, which rounds to x far out.
  const activ::Softplus<T> exact{1, inf};
  CHECK(exact(inf) == inf);
  CHECK(exact.derivative(inf) == T(1));
  CHECK(exact(T(1000)) == T(1000));
  // The tiny tail e^x stays a normal or subnormal number, not 0.
  const T deep = std::is_same_v<T, float> ? T(-95) : T(-720);
  CHECK(f(deep) > T(0));
  CHECK(f(deep) < std::numeric_limits<T>::min());
}
