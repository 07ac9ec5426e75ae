// SPDX-License-Identifier: MIT
// ReLU against PyTorch (golden/relu_*.csv): values, derivatives and backward, bit for bit.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

using activ_test::golden_table;
using activ_test::mismatch_log;
using activ_test::same_bits;
using activ_test::same_value;

static_assert(activ::ElementwiseActivation<activ::ReLU<float>, float>);
static_assert(activ::ElementwiseActivation<activ::ReLU<double>, double>);
static_assert(std::is_same_v<activ::ReLU<>, activ::ReLU<float>>);

}  // namespace

TEMPLATE_TEST_CASE("ReLU matches PyTorch bit for bit", "[relu][golden]", float, double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("relu")};
  const auto x = t.column<T>("x");
  const auto y = t.column<T>("y");
  const auto dydx = t.column<T>("dydx");
  const auto g = t.column<T>("g");
  const auto dx = t.column<T>("dx");
  REQUIRE(t.rows() > 2000);

  const activ::ReLU<T> relu{};
  for (const auto& mode : activ_test::all_eval_variants()) {
    INFO(mode.name << ", file " << t.file());
    const auto r = activ_test::evaluate(relu, x, g, mode);
    mismatch_log y_bad, d_bad, dx_bad;
    for (std::size_t i = 0; i < x.size(); ++i) {
      // y: the sign of zero is part of the contract (relu(-0) = -0); derivative zeros are values.
      if (!same_bits(r.y[i], y[i])) y_bad.add(activ_test::describe(t.line(i), x[i], r.y[i], y[i]));
      if (!same_value(r.d[i], dydx[i])) {
        d_bad.add(activ_test::describe(t.line(i), x[i], r.d[i], dydx[i]));
      }
      if (!same_value(r.dx[i], dx[i])) {
        dx_bad.add(activ_test::describe(t.line(i), x[i], r.dx[i], dx[i]) +
                   ", g = " + activ_test::show(g[i]));
      }
    }
    INFO("y mismatches:\n" << y_bad.report());
    CHECK(y_bad.count() == 0);
    INFO("dydx mismatches:\n" << d_bad.report());
    CHECK(d_bad.count() == 0);
    INFO("dx mismatches:\n" << dx_bad.report());
    CHECK(dx_bad.count() == 0);
  }
}

TEMPLATE_TEST_CASE("ReLU follows PyTorch's conventions at zeros, infinities and NaN",
                   "[relu][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::ReLU<T> relu{};

  // The golden README's table "Conventions observed".
  const std::vector<T> x{T(0), T(-0.0), nan, inf, -inf};
  const std::vector<T> y{T(0), T(-0.0), nan, inf, T(0)};
  const std::vector<T> d{T(0), T(0), T(1), T(1), T(0)};
  std::vector<T> ys(x.size()), ds(x.size());
  relu(x, ys);
  relu.derivative(x, ds);
  for (std::size_t i = 0; i < x.size(); ++i) {
    INFO("x = " << activ_test::show(x[i]));
    CHECK(same_bits(relu(x[i]), y[i]));
    CHECK(same_bits(ys[i], y[i]));
    CHECK(same_value(relu.derivative(x[i]), d[i]));
    CHECK(same_value(ds[i], d[i]));
  }
  CHECK(std::signbit(relu(T(-0.0))));   // relu(-0) = -0
  CHECK(!std::signbit(relu(T(-1))));    // relu(x < 0) = +0
  CHECK(relu.derivative(nan) == T(1));  // relu'(NaN) = 1: NaN's gradient passes

  // backward is PyTorch's threshold_backward, a select (x <= 0 ? 0 : dy), not dy * relu'(x): a
  // blocked position gives 0 even for an infinite or NaN upstream gradient, and NaN passes dy.
  const std::vector<T> bx{T(-1), T(-1), T(-0.0), T(0), nan, T(2), -inf, inf};
  const std::vector<T> bg{inf, nan, T(5), T(-3), T(0.75), T(-2.5), T(1), T(4)};
  const std::vector<T> want{T(0), T(0), T(0), T(0), T(0.75), T(-2.5), T(0), T(4)};
  std::vector<T> bdx(bx.size());
  relu.backward(bx, bg, bdx);
  for (std::size_t i = 0; i < bx.size(); ++i) {
    INFO("x = " << activ_test::show(bx[i]) << ", dy = " << activ_test::show(bg[i]));
    CHECK(same_value(bdx[i], want[i]));
  }
}

TEMPLATE_TEST_CASE("ReLU span contract: sizes, aliasing, empty spans", "[relu][span]", float,
                   double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("relu")};
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::ReLU<T>{}, "ReLU", t.column<T>("x"),
                                                  t.column<T>("g"));
    }
  }
}
