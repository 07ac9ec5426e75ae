// SPDX-License-Identifier: MIT
// Sigmoid against the correctly rounded values and PyTorch (golden/sigmoid_*.csv).
#include <activ/activ.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

/// The accuracy contract: forward and derivative within this many ULP of the correctly rounded
/// value at every input, subnormal results included (no flush to 0 where PyTorch flushes).
// The measured error is below 0.81 ulp of the exact value (exhaustive_test.cpp), so the
// correctly rounded value is at most 1 ulp away.
constexpr int sigmoid_max_ulp = 1;
/// PyTorch's own y is within 2 ULP of y_ref in this data (golden README), hence this
/// distance to it.
constexpr int sigmoid_max_ulp_vs_pytorch = sigmoid_max_ulp + 2;
/// PyTorch's derivative and backward are the exact formula applied to a rounded y: their absolute
/// error is about epsilon (times |g|), so compare with them within this many epsilons.
constexpr int sigmoid_pytorch_abs_eps = 4;

using activ_test::golden_table;
using activ_test::mismatch_log;
using activ_test::same_value;
using activ_test::show;
using activ_test::ulp_distance;
using activ_test::worst_ulp;

static_assert(activ::ElementwiseActivation<activ::Sigmoid<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Sigmoid<double>, double>);
static_assert(std::is_same_v<activ::Sigmoid<>, activ::Sigmoid<float>>);

template <class T>
struct sigmoid_data {
  golden_table t{activ_test::golden_file<T>("sigmoid")};
  std::vector<T> x = t.column<T>("x"), y = t.column<T>("y"), dydx = t.column<T>("dydx"),
                 g = t.column<T>("g"), dx = t.column<T>("dx"), y_ref = t.column<T>("y_ref"),
                 dydx_ref = t.column<T>("dydx_ref");
};

template <class T>
std::string type_name() {
  return std::is_same_v<T, float> ? "float" : "double";
}

}  // namespace

TEMPLATE_TEST_CASE("Sigmoid is within sigmoid_max_ulp of the correctly rounded value everywhere",
                   "[sigmoid][golden][ulp]", float, double) {
  using T = TestType;
  const sigmoid_data<T> d;
  const activ::Sigmoid<T> sigmoid{};
  worst_ulp worst_y, worst_d;
  for (const auto& mode : activ_test::all_eval_variants()) {
    const auto r = activ_test::evaluate(sigmoid, d.x, d.g, mode);
    mismatch_log sign_bad;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      const std::string at =
          mode.name + ", " + activ_test::describe(d.t.line(i), d.x[i], r.y[i], d.y_ref[i]);
      worst_y.add(ulp_distance(r.y[i], d.y_ref[i]), at);
      worst_d.add(
          ulp_distance(r.d[i], d.dydx_ref[i]),
          mode.name + ", " + activ_test::describe(d.t.line(i), d.x[i], r.d[i], d.dydx_ref[i]));
      // The result is never negative: +0, not -0, where it is 0.
      if (!activ_test::is_nan(r.y[i]) && std::signbit(r.y[i]) != std::signbit(d.y_ref[i])) {
        sign_bad.add(at);
      }
    }
    INFO("sign mismatches:\n" << sign_bad.report());
    CHECK(sign_bad.count() == 0);
  }
  WARN("Sigmoid<" << type_name<T>() << "> max ULP over " << d.x.size() << " inputs, ISAs "
                  << activ_test::isa_list() << ", every mode: y " << worst_y.ulp << ", derivative "
                  << worst_d.ulp << " (bound " << sigmoid_max_ulp << ")");
  {
    INFO("worst y: " << worst_y.where);
    CHECK(worst_y.ulp <= std::uint64_t{sigmoid_max_ulp});
  }
  {
    INFO("worst derivative: " << worst_d.where);
    CHECK(worst_d.ulp <= std::uint64_t{sigmoid_max_ulp});
  }
}

TEMPLATE_TEST_CASE("Sigmoid backward is g times the accurate derivative", "[sigmoid][golden][ulp]",
                   float, double) {
  using T = TestType;
  const sigmoid_data<T> d;
  const activ::Sigmoid<T> sigmoid{};
  // The reference is g * dydx_ref in long double. The derivative may be sigmoid_max_ulp off
  // dydx_ref, which g scales, and the product is rounded once more:
  //   |dx - g*dydx_ref| <= sigmoid_max_ulp * |g| * ulp(dydx_ref) + ulp(g*dydx_ref).
  // That is sigmoid_max_ulp + 1 ULP of the result when |g| * ulp(dydx_ref) <= ulp(dx), and at most
  // twice that bound plus one otherwise (g's mantissa above dydx_ref's). Where g = 0, dx is 0.
  worst_ulp worst;
  long double worst_ratio = 0;
  for (const auto& mode : activ_test::all_eval_variants()) {
    const auto r = activ_test::evaluate(sigmoid, d.x, d.g, mode);
    mismatch_log bad;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      const long double g = activ_test::wide(d.g[i]);
      const long double ref = g * static_cast<long double>(d.dydx_ref[i]);
      const T ref_t = static_cast<T>(ref);
      const std::string at = mode.name + ", " +
                             activ_test::describe(d.t.line(i), d.x[i], r.dx[i], ref_t) +
                             ", g = " + show(d.g[i]);
      if (std::isnan(ref)) {
        if (!activ_test::is_nan(r.dx[i])) bad.add(at);
        continue;
      }
      if (d.g[i] == T(0) || std::isinf(d.x[i])) {
        if (r.dx[i] != T(0)) bad.add(at);
        continue;
      }
      const long double tol =
          sigmoid_max_ulp * std::fabs(g) * activ_test::ulp_of<T>(d.dydx_ref[i]) +
          activ_test::ulp_of<T>(ref);
      const long double err = std::fabs(static_cast<long double>(r.dx[i]) - ref);
      if (!(err <= tol)) bad.add(at);
      worst_ratio = std::fmax(worst_ratio, err / tol);
      worst.add(ulp_distance(r.dx[i], ref_t), at);
    }
    INFO("backward mismatches:\n" << bad.report());
    CHECK(bad.count() == 0);
  }
  WARN("Sigmoid<" << type_name<T>() << "> backward: max ULP from g*dydx_ref " << worst.ulp << " at "
                  << worst.where << "; max error/tolerance " << static_cast<double>(worst_ratio));
}

TEMPLATE_TEST_CASE("Sigmoid agrees with PyTorch's values", "[sigmoid][golden][pytorch]", float,
                   double) {
  using T = TestType;
  const sigmoid_data<T> d;
  const activ::Sigmoid<T> sigmoid{};
  const long double eps = activ_test::wide(std::numeric_limits<T>::epsilon());
  for (const auto& mode : activ_test::all_eval_variants()) {
    INFO(mode.name);
    const auto r = activ_test::evaluate(sigmoid, d.x, d.g, mode);
    worst_ulp worst_y;
    mismatch_log d_bad, dx_bad;
    std::size_t flushed = 0;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      // Where PyTorch flushes to 0 (exp(-x) overflows) activ keeps the subnormal y_ref instead.
      if (d.y[i] == T(0) && d.y_ref[i] != T(0)) {
        ++flushed;
      } else {
        worst_y.add(ulp_distance(r.y[i], d.y[i]),
                    activ_test::describe(d.t.line(i), d.x[i], r.y[i], d.y[i]));
      }
      const long double tol_d = sigmoid_pytorch_abs_eps * eps;
      if (!(same_value(r.d[i], d.dydx[i]) ||
            std::fabs(activ_test::wide(r.d[i]) - activ_test::wide(d.dydx[i])) <= tol_d)) {
        d_bad.add(activ_test::describe(d.t.line(i), d.x[i], r.d[i], d.dydx[i]));
      }
      const long double tol_dx = sigmoid_pytorch_abs_eps * eps *
                                 std::fmax(1.0L, std::fabs(static_cast<long double>(d.g[i])));
      if (!(same_value(r.dx[i], d.dx[i]) ||
            std::fabs(activ_test::wide(r.dx[i]) - activ_test::wide(d.dx[i])) <= tol_dx)) {
        dx_bad.add(activ_test::describe(d.t.line(i), d.x[i], r.dx[i], d.dx[i]));
      }
    }
    CHECK(flushed > 0);  // the file does hold PyTorch's flushed lines
    INFO("worst y: " << worst_y.where);
    CHECK(worst_y.ulp <= std::uint64_t{sigmoid_max_ulp_vs_pytorch});
    INFO("dydx further than " << sigmoid_pytorch_abs_eps << " eps from PyTorch's:\n"
                              << d_bad.report());
    CHECK(d_bad.count() == 0);
    INFO("dx further than " << sigmoid_pytorch_abs_eps << " eps * max(1, |g|) from PyTorch's:\n"
                            << dx_bad.report());
    CHECK(dx_bad.count() == 0);
  }
}

TEMPLATE_TEST_CASE("Sigmoid conventions and the subnormal range", "[sigmoid][conventions]", float,
                   double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Sigmoid<T> s{};

  CHECK(s(T(0)) == T(0.5));
  CHECK(s(T(-0.0)) == T(0.5));
  CHECK(s.derivative(T(0)) == T(0.25));
  CHECK(s.derivative(T(-0.0)) == T(0.25));
  CHECK(std::isnan(s(nan)));
  CHECK(std::isnan(s.derivative(nan)));
  CHECK(s(inf) == T(1));
  CHECK(activ_test::same_bits(s(-inf), T(0)));
  CHECK(s.derivative(inf) == T(0));
  CHECK(s.derivative(-inf) == T(0));

  // Where PyTorch returns exactly 0 (1/(1+exp(-x)) with exp(-x) = inf), activ stays accurate:
  // sigmoid(-89) is 2.227e-39 in float and sigmoid(-710) 4.476e-309 in double (golden README), and
  // the derivative does not become 0 as soon as sigmoid(x) rounds to 1.
  const T deep = std::is_same_v<T, float> ? T(-89) : T(-710);
  INFO("sigmoid(" << show(deep) << ") = " << show(s(deep)));
  CHECK(s(deep) > T(0));
  CHECK(s(deep) < std::numeric_limits<T>::min());
  CHECK(s.derivative(deep) > T(0));
  const T high = std::is_same_v<T, float> ? T(20) : T(40);  // sigmoid(high) rounds to 1
  CHECK(s(high) == T(1));
  INFO("sigmoid'(" << show(high) << ") = " << show(s.derivative(high)));
  CHECK(s.derivative(high) > T(0));
  CHECK(s.derivative(-high) > T(0));
}

TEMPLATE_TEST_CASE("Sigmoid span contract: sizes, aliasing, empty spans", "[sigmoid][span]", float,
                   double) {
  using T = TestType;
  const golden_table t{activ_test::golden_file<T>("sigmoid")};
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::Sigmoid<T>{}, "Sigmoid", t.column<T>("x"),
                                                  t.column<T>("g"));
    }
  }
}
