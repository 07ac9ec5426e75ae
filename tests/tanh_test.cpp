// SPDX-License-Identifier: MIT
// Tanh against the correctly rounded values and PyTorch (golden/tanh_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

namespace {

/// The accuracy contract: forward and derivative within this many ULP of the correctly rounded
/// value at every input, subnormal results included, and the derivative is not flushed to 0 where
/// tanh(x) rounds to +-1 (PyTorch computes it as 1 - y*y, so its derivative is 0 there).
// The measured error is below 0.81 ulp of the exact value (exhaustive_test.cpp), so the
// correctly rounded value is at most 1 ulp away.
constexpr int tanh_max_ulp = 1;
/// PyTorch's own y is within 1 ULP of y_ref in this data (golden README), hence this
/// distance to it.
constexpr int tanh_max_ulp_vs_pytorch = tanh_max_ulp + 1;
/// PyTorch's derivative and backward are the exact formula applied to a rounded y: their absolute
/// error is about epsilon (times |g|), so compare with them within this many epsilons.
constexpr int tanh_pytorch_abs_eps = 4;

using activ_test::golden_table;
using activ_test::show;

static_assert(activ::ElementwiseActivation<activ::Tanh<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Tanh<double>, double>);
static_assert(std::is_same_v<activ::Tanh<>, activ::Tanh<float>>);

}  // namespace

TEMPLATE_TEST_CASE("Tanh is within tanh_max_ulp of the correctly rounded value everywhere, "
                   "backward within that times g",
                   "[tanh][golden][ulp]", float, double) {
  using T = TestType;
  activ_test::check_reference(activ::Tanh<T>{}, activ_test::golden_block<T>("tanh"), tanh_max_ulp);
}

TEMPLATE_TEST_CASE("Tanh agrees with PyTorch's values", "[tanh][golden][pytorch]", float,
                   double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("tanh");
  activ_test::check_pytorch_close(activ::Tanh<T>{}, d,
                                  {.y_ulp = tanh_max_ulp_vs_pytorch, .abs_eps = tanh_pytorch_abs_eps,
       .scale_by_x = false});
}

TEMPLATE_TEST_CASE("Tanh conventions, subnormals and the derivative near +-1",
                   "[tanh][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr T tiny = std::numeric_limits<T>::denorm_min();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Tanh<T> s{};

  CHECK(activ_test::same_bits(s(T(0)), T(0)));
  CHECK(activ_test::same_bits(s(T(-0.0)), T(-0.0)));  // tanh(-0) = -0
  CHECK(s.derivative(T(0)) == T(1));
  CHECK(s.derivative(T(-0.0)) == T(1));
  CHECK(std::isnan(s(nan)));
  CHECK(std::isnan(s.derivative(nan)));
  CHECK(s(inf) == T(1));
  CHECK(s(-inf) == T(-1));
  CHECK(s.derivative(inf) == T(0));
  CHECK(s.derivative(-inf) == T(0));
  // tanh(x) = x for tiny x, subnormals included, sign included.
  CHECK(activ_test::same_bits(s(tiny), tiny));
  CHECK(activ_test::same_bits(s(-tiny), -tiny));
  const T small_normal = std::numeric_limits<T>::min();
  CHECK(activ_test::same_bits(s(-small_normal), -small_normal));

  // PyTorch's tanh'(x) is 0 for |x| >= 9.01091385 (float) / 19.061547465398498 (double), where y
  // rounds to +-1; the exact derivative there is about 6e-08 / 1.1e-16 and activ keeps it.
  const T high = std::is_same_v<T, float> ? T(10) : T(20);
  CHECK(s(high) == T(1));
  CHECK(s(-high) == T(-1));
  INFO("tanh'(" << show(high) << ") = " << show(s.derivative(high)));
  CHECK(s.derivative(high) > T(0));
  CHECK(s.derivative(-high) > T(0));
}

TEMPLATE_TEST_CASE("Tanh span contract: sizes, aliasing, empty spans", "[tanh][span]", float,
                   double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("tanh")};
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::Tanh<T>{}, "Tanh", t.column<T>("x"),
                                                  t.column<T>("g"));
    }
  }
}
