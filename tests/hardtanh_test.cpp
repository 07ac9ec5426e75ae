// SPDX-License-Identifier: MIT
// Hardtanh and ReLU6 against PyTorch (golden/hardtanh_*.csv, relu6_*.csv): bit for bit.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Hardtanh<float>, float>);
static_assert(activ::ElementwiseActivation<activ::ReLU6<double>, double>);
static_assert(std::is_same_v<activ::Hardtanh<>, activ::Hardtanh<float>>);

TEMPLATE_TEST_CASE("Hardtanh matches PyTorch bit for bit, default and (-2, 3) bounds",
                   "[hardtanh][golden]", float, double) {
  using T = TestType;
  CHECK(activ::Hardtanh<T>{}.min_val == T(-1));
  CHECK(activ::Hardtanh<T>{}.max_val == T(1));
  activ_test::check_pytorch_exact(activ::Hardtanh<T>{},
                                  activ_test::golden_block<T>("hardtanh", {{"min_val", "-1"}, {"max_val", "1"}}));
  activ_test::check_pytorch_exact(activ::Hardtanh<T>{-2, 3},
                                  activ_test::golden_block<T>("hardtanh", {{"min_val", "-2"}, {"max_val", "3"}}));
}

TEMPLATE_TEST_CASE("ReLU6 matches PyTorch bit for bit", "[relu6][golden]", float, double) {
  using T = TestType;
  activ_test::check_pytorch_exact(activ::ReLU6<T>{}, activ_test::golden_block<T>("relu6"));
}

TEMPLATE_TEST_CASE("Hardtanh and ReLU6 conventions", "[hardtanh][relu6][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Hardtanh<T> h{};
  CHECK(activ_test::same_bits(h(T(-0.0)), T(-0.0)));
  CHECK(std::isnan(h(nan)));
  CHECK(h.derivative(nan) == T(0));  // PyTorch's vectorised loop
  CHECK(h.derivative(T(1)) == T(0));
  CHECK(h.derivative(T(-1)) == T(0));
  CHECK(h(inf) == T(1));
  const activ::ReLU6<T> r{};
  CHECK(r(inf) == T(6));
  CHECK(activ_test::same_bits(r(-inf), T(0)));
  CHECK(activ_test::same_bits(r(T(-0.0)), T(-0.0)));
  CHECK(r.derivative(T(6)) == T(0));
  CHECK(r.derivative(T(0)) == T(0));
  CHECK(r.derivative(T(3)) == T(1));
}

TEMPLATE_TEST_CASE("Hardtanh span contract", "[hardtanh][span]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("hardtanh");
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::Hardtanh<T>{}, "Hardtanh", d.x, d.g);
    }
  }
}
