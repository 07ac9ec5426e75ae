// SPDX-License-Identifier: MIT
// Softsign against the correctly rounded values and PyTorch (golden/softsign_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Softsign<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int softsign_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("Softsign is within 1 ULP of the correctly rounded value", "[softsign][golden][ulp]",
                   float, double) {
  using T = TestType;
  activ_test::check_reference(activ::Softsign<T>{}, activ_test::golden_block<T>("softsign"),
                              softsign_max_ulp);
}

TEMPLATE_TEST_CASE("Softsign agrees with PyTorch's values but at +-inf", "[softsign][golden][pytorch]",
                   float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("softsign");
  // PyTorch's inf/inf is NaN; activ returns the limits +-1 and derivative 0.
  const auto at_inf = [&](std::size_t i) { return std::isinf(d.x[i]); };
  const auto skipped = activ_test::check_pytorch_close(
      activ::Softsign<T>{}, d, {.y_ulp = 1, .abs_eps = 4, .skip_y = at_inf, .skip_d = at_inf});
  CHECK(skipped == 2);
}

TEMPLATE_TEST_CASE("Softsign conventions", "[softsign][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::Softsign<T> f{};
  CHECK(f(inf) == T(1));
  CHECK(f(-inf) == T(-1));
  CHECK(f.derivative(inf) == T(0));
  CHECK(activ_test::same_bits(f(T(-0.0)), T(-0.0)));
  CHECK(f.derivative(T(0)) == T(1));
  CHECK(f(T(1)) == T(0.5));
  CHECK(f.derivative(T(1)) == T(0.25));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  // PyTorch's derivative is exactly 0 from 2^25 on (float); the exact one is not.
  CHECK(f.derivative(T(1e10)) > T(0));
}
