// SPDX-License-Identifier: MIT
// Step against PyTorch's heaviside(x - t, 0) (golden/step_*.csv, t = 0, 0.5): bit for bit.
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

static_assert(activ::ElementwiseActivation<activ::Step<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Step<double>, double>);
static_assert(std::is_same_v<activ::Step<>, activ::Step<float>>);

}  // namespace

TEMPLATE_TEST_CASE("Step's default threshold is 0", "[step]", float, double) {
  using T = TestType;
  CHECK(activ::Step<T>{}.threshold == T(0));
  CHECK(activ::Step<T>{T(0.5)}.threshold == T(0.5));
}

TEMPLATE_TEST_CASE("Step matches PyTorch bit for bit for every threshold", "[step][golden]", float,
                   double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("step")};
  const auto threshold = t.column<T>("threshold");  // in the file's type, as PyTorch compares
  const auto x = t.column<T>("x");
  const auto y = t.column<T>("y");
  const auto dydx = t.column<T>("dydx");
  const auto g = t.column<T>("g");
  const auto dx = t.column<T>("dx");
  const auto blocks = activ_test::blocks(threshold);
  REQUIRE(blocks.size() == 2);  // threshold = 0, 0.5

  for (const auto& [first, last] : blocks) {
    const activ::Step<T> step{threshold[first]};
    INFO("threshold = " << activ_test::show(threshold[first]) << ", lines " << t.line(first) << ".."
                        << t.line(last - 1) << " of " << t.file());
    const auto bx = activ_test::slice(x, first, last);
    const auto bg = activ_test::slice(g, first, last);
    for (const auto& mode : activ_test::all_eval_variants()) {
      INFO(mode.name);
      const auto r = activ_test::evaluate(step, bx, bg, mode);
      mismatch_log y_bad, d_bad, dx_bad;
      for (std::size_t k = 0; k < bx.size(); ++k) {
        const std::size_t i = first + k;
        // y is +0 or 1 everywhere, NaN included (heaviside does not propagate NaN).
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

TEMPLATE_TEST_CASE("Step follows heaviside's conventions: strict >, NaN gives 0, derivative 0",
                   "[step][conventions]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();

  const auto check_table = [](const activ::Step<T>& step, const std::vector<T>& x,
                              const std::vector<T>& y) {
    std::vector<T> ys(x.size()), ds(x.size()), dxs(x.size());
    const std::vector<T> dy(x.size(), T(-1.5));
    step(x, ys);
    step.derivative(x, ds);
    step.backward(x, dy, dxs);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("threshold = " << activ_test::show(step.threshold)
                          << ", x = " << activ_test::show(x[i]));
      CHECK(same_bits(step(x[i]), y[i]));
      CHECK(same_bits(ys[i], y[i]));
      CHECK(step.derivative(x[i]) == T(0));
      CHECK(ds[i] == T(0));
      CHECK(dxs[i] == T(0));
    }
  };
  // The golden README's table "Conventions observed".
  check_table(activ::Step<T>{}, {T(0), T(-0.0), nan, inf, -inf}, {T(0), T(0), T(0), T(1), T(0)});
  check_table(activ::Step<T>{T(0.5)}, {T(0.5), T(-0.5), nan, inf, -inf},
              {T(0), T(0), T(0), T(1), T(0)});
  // The comparison is strict and in T: the next value above the threshold gives 1.
  const T above = std::nextafter(T(0.5), T(1));
  const T below = std::nextafter(T(0.5), T(0));
  check_table(activ::Step<T>{T(0.5)}, {below, above}, {T(0), T(1)});
  check_table(activ::Step<T>{},
              {-std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::denorm_min()},
              {T(0), T(1)});
}

TEMPLATE_TEST_CASE("Step span contract: sizes, aliasing, empty spans", "[step][span]", float,
                   double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("step")};
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::Step<T>{T(0.5)}, "Step", t.column<T>("x"),
                                                  t.column<T>("g"));
    }
  }
}
