// SPDX-License-Identifier: MIT
// ELU, CELU and SELU against the correctly rounded values and PyTorch (golden/elu_*.csv,
// celu_*.csv, selu_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"
#include "support/reference.hpp"

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

// alpha e^x is computed as (s u) 2^(n + a) for alpha = s 2^a: a subnormal alpha times e^x's
// significand would round twice (each ISA's ldexp differently: a fuzzer finding, AVX2 against
// scalar), and alpha near the largest finite value times it overflowed to inf.
TEMPLATE_TEST_CASE("ELU's derivative for tiny and huge alpha: within 1 ULP, the same on every ISA",
                   "[elu][dispatch][ulp]", float, double) {
  using T = TestType;
  using L = std::numeric_limits<T>;
  std::vector<T> x;
  for (int i = 0; i <= 400; ++i) x.push_back(T(-0.0537L * i));  // down to -21.5, every n on the way
  x.push_back(T(-0.0));
  x.push_back(-L::infinity());
  for (const T alpha : {L::denorm_min(), T(3) * L::denorm_min(), L::min() / T(3000), L::min() / T(2),
                        -L::min() / T(5), L::min(), T(1e-30), T(0.5), L::max() / T(1000), L::max() / T(2),
                        L::max(), -L::max()}) {
    const activ::ELU<T> f{alpha};
    std::vector<T> want(x.size());
    {
      const activ_test::scoped_isa on(activ::isa::scalar);
      f.derivative(std::span<const T>(x), std::span<T>(want));
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      const long double exact = static_cast<long double>(alpha) * std::exp(static_cast<long double>(x[i]));
      INFO("alpha = " << activ_test::show(alpha) << ", x = " << activ_test::show(x[i]) << ", f' = "
                      << activ_test::show(want[i]));
      CHECK(activ_test::ulp_error(want[i], exact) <= 1.0);
      CHECK(activ_test::same_bits(f.derivative(x[i]), want[i]));
    }
    for (const activ::isa isa : activ_test::available_isas()) {
      const activ_test::scoped_isa on(isa);
      for (const std::size_t offset : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {  // misaligned starts and short tails
        const std::span<const T> in = std::span<const T>(x).subspan(offset);
        std::vector<T> got(in.size());
        f.derivative(in, std::span<T>(got));
        for (std::size_t i = 0; i < in.size(); ++i) {
          INFO(activ::isa_name(isa) << ": alpha = " << activ_test::show(alpha) << ", x = "
                                    << activ_test::show(in[i]) << ", offset " << offset);
          CHECK(activ_test::same_bits(got[i], want[offset + i]));
        }
      }
    }
  }
}
