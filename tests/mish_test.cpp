// SPDX-License-Identifier: MIT
// Mish against the correctly rounded values and PyTorch (golden/mish_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Mish<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README); the
/// golden inputs hold none within 1/64 of the derivative's zero.
constexpr int mish_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("Mish is within 1 ULP of the correctly rounded value", "[mish][golden][ulp]",
                   float, double) {
  using T = TestType;
  activ_test::check_reference(activ::Mish<T>{}, activ_test::golden_block<T>("mish"), mish_max_ulp);
}

TEMPLATE_TEST_CASE("Mish agrees with PyTorch's values where PyTorch neither flushes nor gives NaN",
                   "[mish][golden][pytorch]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("mish");
  // PyTorch: mish(x) = -0 from -102.87 (float) down, where the exact value is still subnormal,
  // and NaN at -inf (derivative NaN at +-inf). activ keeps the exact values.
  const auto flushed = [&](std::size_t i) {
    return std::isinf(d.x[i]) || (d.y[i] == T(0) && d.y_ref[i] != T(0));
  };
  const auto skipped = activ_test::check_pytorch_close(
      activ::Mish<T>{}, d,
      {.y_abs_eps = 2, .abs_eps = 4, .skip_y = flushed, .skip_d = [&](std::size_t i) { return std::isinf(d.x[i]); }});
  CHECK(skipped > 1);
}

TEMPLATE_TEST_CASE("Mish conventions", "[mish][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::Mish<T> f{};
  CHECK(activ_test::same_bits(f(T(-0.0)), T(-0.0)));
  CHECK(activ_test::same_bits(f(T(0)), T(0)));
  CHECK(f.derivative(T(0)) == T(0.6L));
  CHECK(f(inf) == inf);
  CHECK(activ_test::same_bits(f(-inf), T(-0.0)));  // the limit; PyTorch: NaN
  CHECK(f.derivative(inf) == T(1));                 // PyTorch: NaN
  CHECK(f.derivative(-inf) == T(0));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(std::isnan(f.derivative(std::numeric_limits<T>::quiet_NaN())));
  const T deep = std::is_same_v<T, float> ? T(-104) : T(-746);  // PyTorch flushes to -0 here
  CHECK(f(deep) < T(0));
  CHECK(f(deep) > -std::numeric_limits<T>::min());
}
