// SPDX-License-Identifier: MIT
// ELU, CELU and SELU against the correctly rounded values and PyTorch (golden/elu_*.csv,
// celu_*.csv, selu_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::ELU<float>, float>);
static_assert(activ::ElementwiseActivation<activ::CELU<double>, double>);
static_assert(activ::ElementwiseActivation<activ::SELU<float>, float>);

namespace {
/// Forward and derivative within this many ULP of the correctly rounded values (README).
constexpr int elu_max_ulp = 1;

// PyTorch computes exp(x) - 1, so its y is off by up to about alpha eps/2 in absolute terms
// (0 for tiny negative x): compared with an absolute tolerance, as the golden README suggests.
template <class T, class F>
void check_against_pytorch(const F& f, const activ_test::golden_rows<T>& d) {
  activ_test::check_pytorch_close(f, d, {.y_abs_eps = 4, .abs_eps = 4});
}
}  // namespace

TEMPLATE_TEST_CASE("ELU is within 1 ULP of the correctly rounded value, alpha 1 and 0.5",
                   "[elu][golden][ulp]", float, double) {
  using T = TestType;
  CHECK(activ::ELU<T>{}.alpha == T(1));
  for (const char* a : {"1", "0.5"}) {
    const auto d = activ_test::golden_block<T>("elu", {{"alpha", a}});
    const activ::ELU<T> f{activ_test::parse_field<T>(a)};
    activ_test::check_reference(f, d, elu_max_ulp);
    check_against_pytorch(f, d);
  }
}

TEMPLATE_TEST_CASE("CELU is within 1 ULP of the correctly rounded value, alpha 1 and 2",
                   "[celu][golden][ulp]", float, double) {
  using T = TestType;
  CHECK(activ::CELU<T>{}.alpha == T(1));
  for (const char* a : {"1", "2"}) {
    const auto d = activ_test::golden_block<T>("celu", {{"alpha", a}});
    const activ::CELU<T> f{activ_test::parse_field<T>(a)};
    activ_test::check_reference(f, d, elu_max_ulp);
    check_against_pytorch(f, d);
  }
}

TEMPLATE_TEST_CASE("SELU is within 1 ULP of the correctly rounded value", "[selu][golden][ulp]",
                   float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("selu");
  activ_test::check_reference(activ::SELU<T>{}, d, elu_max_ulp);
  check_against_pytorch(activ::SELU<T>{}, d);
}

TEMPLATE_TEST_CASE("ELU, CELU, SELU conventions", "[elu][celu][selu][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::ELU<T> e{0.5};
  CHECK(e(-inf) == T(-0.5));
  CHECK(e.derivative(T(0)) == T(0.5));
  CHECK(e.derivative(-inf) == T(0));
  CHECK(e.derivative(inf) == T(1));
  CHECK(activ_test::same_bits(e(T(-0.0)), T(-0.0)));  // expm1(-0) = -0; PyTorch gives +0
  CHECK(std::isnan(e(nan)));
  CHECK(std::isnan(e.derivative(nan)));
  // PyTorch gives 0 here (exp(x) - 1); the exact value rounds to x.
  const T tiny = std::is_same_v<T, float> ? T(-1e-10) : T(-1e-20);
  CHECK(activ_test::ulp_distance(activ::ELU<T>{}(tiny), tiny) <= 1);
  const activ::CELU<T> c{2};
  CHECK(c(-inf) == T(-2));
  CHECK(c.derivative(T(0)) == T(1));
  const activ::SELU<T> s{};
  CHECK(s.derivative(T(1)) == T(1.0507009873554804934193349852946L));
  CHECK(s.derivative(T(0)) == T(1.0507009873554804934193349852946L * 1.6732632423543772848170429916717L));
  CHECK(s(-inf) == -T(1.0507009873554804934193349852946L * 1.6732632423543772848170429916717L));
  CHECK(activ_test::same_bits(s(T(-0.0)), T(-0.0)));
}
