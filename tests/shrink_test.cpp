// SPDX-License-Identifier: MIT
// Hardshrink and Softshrink against PyTorch (golden/hardshrink_*.csv, softshrink_*.csv): bit for bit.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Hardshrink<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Softshrink<double>, double>);

TEMPLATE_TEST_CASE("Hardshrink matches PyTorch bit for bit", "[hardshrink][golden]", float, double) {
  using T = TestType;
  CHECK(activ::Hardshrink<T>{}.lambd == T(0.5));
  activ_test::check_pytorch_exact(activ::Hardshrink<T>{},
                                  activ_test::golden_block<T>("hardshrink", {{"lambd", "0.5"}}));
  activ_test::check_pytorch_exact(activ::Hardshrink<T>{1},
                                  activ_test::golden_block<T>("hardshrink", {{"lambd", "1"}}));
}

TEMPLATE_TEST_CASE("Softshrink matches PyTorch bit for bit", "[softshrink][golden]", float, double) {
  using T = TestType;
  CHECK(activ::Softshrink<T>{}.lambd == T(0.5));
  activ_test::check_pytorch_exact(activ::Softshrink<T>{},
                                  activ_test::golden_block<T>("softshrink", {{"lambd", "0.5"}}));
  activ_test::check_pytorch_exact(activ::Softshrink<T>{1},
                                  activ_test::golden_block<T>("softshrink", {{"lambd", "1"}}));
}

TEMPLATE_TEST_CASE("Hardshrink and Softshrink conventions", "[hardshrink][softshrink][conventions]",
                   float, double) {
  using T = TestType;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Hardshrink<T> h{};
  const activ::Softshrink<T> s{};
  CHECK(std::isnan(h(nan)));
  CHECK(activ_test::same_bits(s(nan), T(0)));  // softshrink(NaN) = 0, as PyTorch
  CHECK(activ_test::same_bits(h(T(-0.0)), T(0)));
  CHECK(activ_test::same_bits(s(T(-0.0)), T(0)));
  CHECK(h(T(0.5)) == T(0));
  CHECK(s(T(-0.5)) == T(0));
  CHECK(s(T(2)) == T(1.5));
  CHECK(s(T(-2)) == T(-1.5));
  CHECK(h.derivative(nan) == T(0));
  CHECK(s.derivative(T(0.5)) == T(0));
  CHECK(s.derivative(T(0.75)) == T(1));
}
