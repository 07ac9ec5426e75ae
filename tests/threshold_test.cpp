// SPDX-License-Identifier: MIT
// Threshold against PyTorch (golden/threshold_*.csv, two parameter sets): bit for bit.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Threshold<float>, float>);

TEMPLATE_TEST_CASE("Threshold matches PyTorch bit for bit", "[threshold][golden]", float, double) {
  using T = TestType;
  activ_test::check_pytorch_exact(activ::Threshold<T>{0.1, 20},
                                  activ_test::golden_block<T>("threshold", {{"threshold", "0.1"}, {"value", "20"}}));
  activ_test::check_pytorch_exact(activ::Threshold<T>{1, -1},
                                  activ_test::golden_block<T>("threshold", {{"threshold", "1"}, {"value", "-1"}}));
}

TEMPLATE_TEST_CASE("Threshold conventions", "[threshold][conventions]", float, double) {
  using T = TestType;
  const activ::Threshold<T> f{0.1, 20};
  CHECK(f.threshold == T(0.1));  // in T: 0.100000001f for float
  CHECK(f(T(0.1)) == T(20));
  CHECK(f(-std::numeric_limits<T>::infinity()) == T(20));
  CHECK(std::isnan(f(std::numeric_limits<T>::quiet_NaN())));
  CHECK(f.derivative(std::numeric_limits<T>::quiet_NaN()) == T(1));
  CHECK(f.derivative(T(0.1)) == T(0));
}
