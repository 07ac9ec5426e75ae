// SPDX-License-Identifier: MIT
// SiLU against the correctly rounded values and PyTorch (golden/silu_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::SiLU<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int silu_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("SiLU is within 1 ULP of the correctly rounded value", "[silu][golden][ulp]",
                   float, double) {
  using T = TestType;
  activ_test::check_reference(activ::SiLU<T>{}, activ_test::golden_block<T>("silu"), silu_max_ulp);
}

TEMPLATE_TEST_CASE("SiLU agrees with PyTorch's values where PyTorch neither flushes nor gives NaN",
                   "[silu][golden][pytorch]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("silu");
  // PyTorch: silu(x) = -0 from -88.72 (float) down, where the exact value is still normal or
  // subnormal, and NaN at -inf (derivative NaN at +-inf). activ keeps the exact values.
  const auto flushed = [&](std::size_t i) {
    return std::isinf(d.x[i]) || (d.y[i] == T(0) && d.y_ref[i] != T(0));
  };
  const auto skipped = activ_test::check_pytorch_close(
      activ::SiLU<T>{}, d,
      {.y_abs_eps = 2, .abs_eps = 4, .skip_y = flushed, .skip_d = [&](std::size_t i) { return std::isinf(d.x[i]); }});
  CHECK(skipped > 1);
}

TEMPLATE_TEST_CASE("SiLU conventions", "[silu][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::SiLU<T> f{};
  CHECK(activ_test::same_bits(f(T(-0.0)), T(-0.0)));
  CHECK(f(T(0)) == T(0));
  CHECK(f.derivative(T(0)) == T(0.5));
  CHECK(f(inf) == inf);
  CHECK(f(-inf) == T(0));
  CHECK(f.derivative(inf) == T(1));
  CHECK(f.derivative(-inf) == T(0));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(std::isnan(f.derivative(std::numeric_limits<T>::quiet_NaN())));
  const T deep = std::is_same_v<T, float> ? T(-95) : T(-720);  // PyTorch flushes to -0 here
  CHECK(f(deep) < T(0));
  CHECK(f(deep) > -std::numeric_limits<T>::min());
}
