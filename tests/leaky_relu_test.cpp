// SPDX-License-Identifier: MIT
// LeakyReLU against PyTorch (golden/leaky_relu_*.csv, five slopes): bit for bit.
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

static_assert(activ::ElementwiseActivation<activ::LeakyReLU<float>, float>);
static_assert(activ::ElementwiseActivation<activ::LeakyReLU<double>, double>);
static_assert(std::is_same_v<activ::LeakyReLU<>, activ::LeakyReLU<float>>);

}  // namespace

TEMPLATE_TEST_CASE("LeakyReLU's default slope is 0.01 in its type", "[leaky_relu]", float, double) {
  using T = TestType;
  CHECK(activ::LeakyReLU<T>{}.negative_slope == T(0.01));
  CHECK(activ::LeakyReLU<T>{T(0.2)}.negative_slope == T(0.2));
}

TEMPLATE_TEST_CASE("LeakyReLU matches PyTorch bit for bit for every slope", "[leaky_relu][golden]",
                   float, double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("leaky_relu")};
  // The slope is read in the file's type: PyTorch converts it to the tensor's dtype
  // (0.01 is 0.00999999978 in float32), and so must the test.
  const auto alpha = t.column<T>("alpha");
  const auto x = t.column<T>("x");
  const auto y = t.column<T>("y");
  const auto dydx = t.column<T>("dydx");
  const auto g = t.column<T>("g");
  const auto dx = t.column<T>("dx");
  const auto blocks = activ_test::blocks(alpha);
  REQUIRE(blocks.size() == 5);  // alpha = 0.01, 0, 0.1, 0.2, 1.5

  for (const auto& [first, last] : blocks) {
    const activ::LeakyReLU<T> leaky{alpha[first]};
    INFO("alpha = " << activ_test::show(alpha[first]) << ", lines " << t.line(first) << ".."
                    << t.line(last - 1) << " of " << t.file());
    const auto bx = activ_test::slice(x, first, last);
    const auto bg = activ_test::slice(g, first, last);
    for (const auto& mode : activ_test::all_eval_variants()) {
      INFO(mode.name);
      const auto r = activ_test::evaluate(leaky, bx, bg, mode);
      mismatch_log y_bad, d_bad, dx_bad;
      for (std::size_t k = 0; k < bx.size(); ++k) {
        const std::size_t i = first + k;
        // y keeps the sign of zero (leaky(-0) = -0, and -0 for x < 0 with alpha = 0).
        if (!same_bits(r.y[k], y[i]))
          y_bad.add(activ_test::describe(t.line(i), x[i], r.y[k], y[i]));
        if (!same_value(r.d[k], dydx[i])) {
          d_bad.add(activ_test::describe(t.line(i), x[i], r.d[k], dydx[i]));
        }
        if (!same_value(r.dx[k], dx[i])) {
          dx_bad.add(activ_test::describe(t.line(i), x[i], r.dx[k], dx[i]) +
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
}

TEMPLATE_TEST_CASE("LeakyReLU follows PyTorch's conventions at zeros, infinities and NaN",
                   "[leaky_relu][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();

  SECTION("alpha = 0.01: the x <= 0 branch at zeros and NaN") {
    const activ::LeakyReLU<T> leaky{};
    const T a = T(0.01);
    const std::vector<T> x{T(0), T(-0.0), nan, inf, -inf};
    const std::vector<T> y{T(0), T(-0.0), nan, inf, -inf};
    const std::vector<T> d{a, a, a, T(1), a};
    std::vector<T> ys(x.size()), ds(x.size());
    leaky(x, ys);
    leaky.derivative(x, ds);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << activ_test::show(x[i]));
      CHECK(same_bits(leaky(x[i]), y[i]));
      CHECK(same_bits(ys[i], y[i]));
      CHECK(same_value(leaky.derivative(x[i]), d[i]));
      CHECK(same_value(ds[i], d[i]));
    }
    // backward: x > 0 ? dy : dy * slope, so NaN and the zeros take the slope.
    const std::vector<T> bg{T(2), T(-3), T(4), T(5), T(-6)};
    std::vector<T> bdx(x.size());
    leaky.backward(x, bg, bdx);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << activ_test::show(x[i]));
      CHECK(same_value(bdx[i], x[i] > T(0) ? bg[i] : bg[i] * a));
    }
  }

  SECTION("alpha = 0: leaky(-inf) = -inf * 0 = NaN and leaky(x < 0) = -0") {
    const activ::LeakyReLU<T> leaky{T(0)};
    const std::vector<T> x{T(0), T(-0.0), nan, inf, -inf, T(-1)};
    const std::vector<T> y{T(0), T(-0.0), nan, inf, nan, T(-0.0)};
    const std::vector<T> d{T(0), T(0), T(0), T(1), T(0), T(0)};
    std::vector<T> ys(x.size()), ds(x.size());
    leaky(x, ys);
    leaky.derivative(x, ds);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << activ_test::show(x[i]));
      CHECK(same_bits(leaky(x[i]), y[i]));
      CHECK(same_bits(ys[i], y[i]));
      CHECK(same_value(leaky.derivative(x[i]), d[i]));
      CHECK(same_value(ds[i], d[i]));
    }
  }
}

TEMPLATE_TEST_CASE("LeakyReLU span contract: sizes, aliasing, empty spans", "[leaky_relu][span]",
                   float, double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("leaky_relu")};
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::LeakyReLU<T>{T(0.2)}, "LeakyReLU",
                                                  t.column<T>("x"), t.column<T>("g"));
    }
  }
}
