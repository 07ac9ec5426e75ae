// SPDX-License-Identifier: MIT
// LogSigmoid against the correctly rounded values and PyTorch (golden/logsigmoid_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::LogSigmoid<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int logsigmoid_max_ulp = 1;
}  // namespace

TEMPLATE_TEST_CASE("LogSigmoid is within 1 ULP of the correctly rounded value",
                   "[logsigmoid][golden][ulp]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("logsigmoid");
  // y_ref(inf) is +0 (an exactly zero result); activ gives -0, the sign of -e^-x (README).
  const auto at_inf = [&](std::size_t i) { return d.x[i] == std::numeric_limits<T>::infinity(); };
  activ_test::check_reference(activ::LogSigmoid<T>{}, d, logsigmoid_max_ulp, {.skip = at_inf});
}

TEMPLATE_TEST_CASE("LogSigmoid agrees with PyTorch's values where PyTorch does not flush",
                   "[logsigmoid][golden][pytorch]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("logsigmoid");
  // PyTorch: logsigmoid(x) = 0 from x = 102.87 (float) on, where -e^-x is still subnormal.
  const auto flushed = [&](std::size_t i) { return d.y[i] == T(0) && d.y_ref[i] != T(0); };
  const auto skipped = activ_test::check_pytorch_close(
      activ::LogSigmoid<T>{}, d, {.y_abs_eps = 2, .abs_eps = 2, .scale_by_x = false, .skip_y = flushed});
  CHECK(skipped >= 1);
}

TEMPLATE_TEST_CASE("LogSigmoid conventions", "[logsigmoid][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::LogSigmoid<T> f{};
  CHECK(f(T(0)) == -T(0.693147180559945309417232121458L));
  CHECK(f.derivative(T(0)) == T(0.5));
  CHECK(f(-inf) == -inf);
  CHECK(f.derivative(-inf) == T(1));
  CHECK(activ_test::same_bits(f(inf), T(-0.0)));  // the limit from below; PyTorch: +0
  CHECK(f.derivative(inf) == T(0));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(std::isnan(f.derivative(std::numeric_limits<T>::quiet_NaN())));
  const T far = std::is_same_v<T, float> ? T(103) : T(744.5);  // PyTorch gives 0 here
  CHECK(f(far) < T(0));
  CHECK(f(far) > -std::numeric_limits<T>::min());
  CHECK(f(T(-1000)) == T(-1000));
}
