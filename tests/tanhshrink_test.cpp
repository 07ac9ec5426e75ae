// SPDX-License-Identifier: MIT
// Tanhshrink against the correctly rounded values and PyTorch (golden/tanhshrink_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Tanhshrink<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int tanhshrink_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("Tanhshrink is within 1 ULP of the correctly rounded value",
                   "[tanhshrink][golden][ulp]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("tanhshrink");
  // y_ref(-0) is -0 (f(-0) = -0 where f(0) = 0), as activ's.
  activ_test::check_reference(activ::Tanhshrink<T>{}, d, tanhshrink_max_ulp);
}

TEMPLATE_TEST_CASE("Tanhshrink agrees with PyTorch's values away from 0",
                   "[tanhshrink][golden][pytorch]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("tanhshrink");
  // PyTorch's x - tanh(x) cancels near 0: it is off by up to about an epsilon of x there, so
  // y is compared with an absolute tolerance scaled by |x| (and its sign of zero at -0 differs).
  const auto at_zero = [&](std::size_t i) { return d.x[i] == T(0); };
  activ_test::check_pytorch_close(activ::Tanhshrink<T>{}, d,
                                  {.y_abs_eps = 2, .abs_eps = 4, .skip_y = at_zero});
}

TEMPLATE_TEST_CASE("Tanhshrink conventions", "[tanhshrink][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::Tanhshrink<T> f{};
  CHECK(activ_test::same_bits(f(T(0)), T(0)));
  CHECK(activ_test::same_bits(f(T(-0.0)), T(-0.0)));  // odd; PyTorch: +0
  CHECK(f.derivative(T(0)) == T(0));
  CHECK(f(inf) == inf);
  CHECK(f(-inf) == -inf);
  CHECK(f.derivative(inf) == T(1));
  CHECK(f.derivative(-inf) == T(1));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(std::isnan(f.derivative(std::numeric_limits<T>::quiet_NaN())));
  // Near 0: x^3/3 and x^2 (their series' next terms included), where PyTorch gives 0.
  const long double s = 0x1p-20L, s2 = s * s;
  const T small = static_cast<T>(s);
  CHECK(activ_test::ulp_distance(f(small), T(s * s2 * (1.0L / 3 - 2 * s2 / 15))) <= 1);
  CHECK(activ_test::ulp_distance(f(-small), -T(s * s2 * (1.0L / 3 - 2 * s2 / 15))) <= 1);
  CHECK(activ_test::ulp_distance(f.derivative(small), T(s2 * (1 - 2 * s2 / 3))) <= 1);
  CHECK(f(T(1)) == T(1 - 0.76159415595576488811945828260479L));
}
