// SPDX-License-Identifier: MIT
// Hardsigmoid and Hardswish against PyTorch (golden/hardsigmoid_*.csv, hardswish_*.csv): bit for
// bit where PyTorch is right, and within 1 ULP of the exact values; the quotient by 6 correctly
// rounded on every instruction set.
#include <activ/activ.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::Hardsigmoid<float>, float>);
static_assert(activ::ElementwiseActivation<activ::Hardswish<double>, double>);

TEMPLATE_TEST_CASE("Hardsigmoid matches PyTorch bit for bit (but float64's 1/6)",
                   "[hardsigmoid][golden]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("hardsigmoid");
  // PyTorch's double derivative is float's 1/6; activ's is double's: compared with dydx_ref.
  activ_test::check_pytorch_exact(activ::Hardsigmoid<T>{}, d, [&](std::size_t i) {
    const bool sixth = std::is_same_v<T, double> && d.dydx[i] != T(0);
    return activ_test::exact_columns{true, !sixth, !sixth};
  });
  // At NaN PyTorch's (and activ's) derivative is 0, dydx_ref NaN.
  activ_test::check_reference(activ::Hardsigmoid<T>{}, d, 1,
                              {.skip = [&](std::size_t i) { return std::isnan(d.x[i]); }});
}

TEMPLATE_TEST_CASE("Hardswish: y matches PyTorch bit for bit below 3, and is x from 3 on",
                   "[hardswish][golden]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("hardswish");
  const activ::Hardswish<T> f{};
  // x >= 3: activ returns x, the exact value (PyTorch's x*6/6 is sometimes 1 ulp off, and
  // overflows to inf near the largest floats); x = -inf: activ returns -0 (PyTorch: NaN).
  activ_test::check_pytorch_exact(f, d, [&](std::size_t i) {
    const bool differs = d.x[i] >= T(3) || d.x[i] == -std::numeric_limits<T>::infinity();
    return activ_test::exact_columns{!differs, false, false};
  });
  // The slope is (2x + 3)/6, PyTorch's x/3 + 1/2 rounded: close, not always the same bits.
  activ_test::check_pytorch_close(f, d, {.y_ulp = 0, .abs_eps = 2, .skip_y = [](std::size_t) { return true; }});
  // y_ref is +0 where PyTorch (and activ) give x * 0 = -0 for x <= -3: no sign check.
  activ_test::check_reference(f, d, 1, {.zero_sign = false});
  for (std::size_t i = 0; i < d.size(); ++i)
    if (d.x[i] >= T(3)) CHECK(activ_test::same_bits(f(d.x[i]), d.x[i]));
}

TEMPLATE_TEST_CASE("Hardsigmoid and Hardswish conventions", "[hardsigmoid][hardswish][conventions]",
                   float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Hardsigmoid<T> s{};
  CHECK(s(T(0)) == T(0.5));
  CHECK(s(inf) == T(1));
  CHECK(activ_test::same_bits(s(-inf), T(0)));
  CHECK(std::isnan(s(nan)));
  CHECK(s.derivative(nan) == T(0));
  CHECK(s.derivative(T(3)) == T(0));
  CHECK(s.derivative(T(-3)) == T(0));
  CHECK(s.derivative(T(0)) == T(1) / T(6));
  const activ::Hardswish<T> w{};
  CHECK(w(inf) == inf);
  CHECK(activ_test::same_bits(w(-inf), T(-0.0)));
  CHECK(w(std::numeric_limits<T>::max()) == std::numeric_limits<T>::max());  // no overflow
  CHECK(std::isnan(w(nan)));
  CHECK(std::isnan(w.derivative(nan)));
  CHECK(w.derivative(T(-3)) == T(-0.5));
  CHECK(w.derivative(T(3)) == T(1));
  CHECK(w.derivative(T(-4)) == T(0));
}

TEMPLATE_TEST_CASE("Hardswish span contract", "[hardswish][span]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("hardswish");
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      activ_test::check_elementwise_span_contract(activ::Hardswish<T>{}, "Hardswish", d.x, d.g);
    }
  }
}

// x spread over (-3.5, 3.5) by a stride through the bit patterns, plus every value in blocks at
// the edges: the signed zeros and the subnormals (where p / 6 can be a tie), 2 min_normal and
// 2 min_normal / 3 (where Hardswish switches from x / 2 to the division), and -3, -1.5, 1.5, 3.
template <class T> std::vector<T> dense_hard_inputs() {
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr std::size_t block = 1 << 14;
  constexpr T tiny = 2 * std::numeric_limits<T>::min();
  std::vector<T> xs;
  const U top = std::bit_cast<U>(T(3.5));
  const U stride = top / (U(1) << 20) | 1;
  for (U b = 0; b < top; b += stride) {
    xs.push_back(std::bit_cast<T>(b));
    xs.push_back(-std::bit_cast<T>(b));
  }
  for (const T edge : {T(0), tiny, tiny / 3, T(1.5), T(3)}) {
    for (const T s : {T(1), T(-1)}) {
      T up = s * edge, down = s * edge;
      for (std::size_t i = 0; i < block; ++i) {
        xs.push_back(up);
        xs.push_back(down);
        up = std::nextafter(up, std::numeric_limits<T>::infinity());
        down = std::nextafter(down, -std::numeric_limits<T>::infinity());
      }
    }
  }
  return xs;
}

// PyTorch's roundings: the sum or product in T, then the quotient p / 6 rounded once. The long
// double quotient rounded to T is that (p / 6 is never within 2^-64 of a midpoint of T unless it
// is one, a subnormal tie, which long double holds exactly).
template <class T> T quotient_by_6(T p) {
  return static_cast<T>(static_cast<long double>(p) / 6.0L);
}

TEMPLATE_TEST_CASE("Hardsigmoid, Hardswish and its slope round the quotient by 6 correctly",
                   "[hardsigmoid][hardswish][rounding]", float, double) {
  using T = TestType;
  const std::vector<T> xs = dense_hard_inputs<T>();
  std::vector<T> y(xs.size());
  struct column { const char* name; std::vector<T> ref; std::vector<bool> use; };
  column sig{"Hardsigmoid", {}, {}}, swish{"Hardswish", {}, {}}, slope{"Hardswish'", {}, {}};
  for (const T x : xs) {
    const T clamped = std::min(T(6), std::max(T(0), x + T(3)));
    sig.ref.push_back(quotient_by_6(clamped));
    sig.use.push_back(true);
    swish.ref.push_back(quotient_by_6(x * clamped));
    swish.use.push_back(x > T(-3) && x < T(3));
    slope.ref.push_back(quotient_by_6(x + x + T(3)));
    slope.use.push_back(x >= T(-3) && x < T(3));
  }
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      for (column* c : {&sig, &swish, &slope}) {
        if (c == &sig) activ::Hardsigmoid<T>{}(xs, y);
        if (c == &swish) activ::Hardswish<T>{}(xs, y);
        if (c == &slope) activ::Hardswish<T>{}.derivative(xs, y);
        std::size_t bad = 0, tested = 0;
        T worst = 0;
        for (std::size_t i = 0; i < xs.size(); ++i) {
          if (!c->use[i]) continue;
          ++tested;
          if (!activ_test::same_bits(y[i], c->ref[i]) && bad++ == 0) worst = xs[i];
        }
        INFO(c->name << ": " << bad << " of " << tested << " not p / 6 rounded, first at x = "
                     << std::hexfloat << worst);
        CHECK(bad == 0);
      }
    }
  }
}
