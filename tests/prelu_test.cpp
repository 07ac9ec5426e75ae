// SPDX-License-Identifier: MIT
// PReLU against PyTorch (golden/prelu_*.csv, weights 0.25 and 0.1): bit for bit, and the
// weight's gradient within a summation tolerance.
#include <activ/activ.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "support/catch.hpp"
#include "support/elementwise_golden.hpp"
#include "support/golden.hpp"

static_assert(activ::ElementwiseActivation<activ::PReLU<float>, float>);

TEMPLATE_TEST_CASE("PReLU matches PyTorch bit for bit", "[prelu][golden]", float, double) {
  using T = TestType;
  CHECK(activ::PReLU<T>{}.weight == T(0.25));
  activ_test::check_pytorch_exact(activ::PReLU<T>{},
                                  activ_test::golden_block<T>("prelu", {{"weight", "0.25"}}));
  activ_test::check_pytorch_exact(activ::PReLU<T>{0.1},
                                  activ_test::golden_block<T>("prelu", {{"weight", "0.1"}}));
}

TEMPLATE_TEST_CASE("PReLU's weight gradient is PyTorch's sum", "[prelu][golden]", float, double) {
  using T = TestType;
  const activ_test::golden_table t{activ_test::golden_file<T>("prelu")};
  for (const char* w : {"0.25", "0.1"}) {
    for (const char* block : {"edges", "finite"}) {
      std::vector<T> x, g;
      T want = 0;
      for (std::size_t r = 0; r < t.rows(); ++r) {
        if (t.text(r, "block") != block ||
            !activ_test::same_bits(t.get<T>(r, "weight"), activ_test::parse_field<T>(w)))
          continue;
        x.push_back(t.get<T>(r, "x"));
        g.push_back(t.get<T>(r, "g"));
        want = t.get<T>(r, "dweight");
      }
      REQUIRE(!x.empty());
      const T got = activ::PReLU<T>{activ_test::parse_field<T>(w)}.weight_gradient(x, g);
      INFO("weight " << w << ", block " << block << ": got " << activ_test::show(got) << ", want "
                     << activ_test::show(want));
      if (std::isnan(want)) {
        CHECK(std::isnan(got));
      } else {
        long double sum_abs = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
          if (!(x[i] > 0)) sum_abs += std::fabs(activ_test::wide(x[i]) * activ_test::wide(g[i]));
        const long double tol = 2.0L * static_cast<long double>(x.size()) *
                                activ_test::wide(std::numeric_limits<T>::epsilon()) * sum_abs;
        CHECK(std::fabs(activ_test::wide(got) - activ_test::wide(want)) <= tol);
      }
    }
  }
  activ_test::check_invalid_argument(
      [] {
        const std::vector<T> x(3), g(2);
        (void)activ::PReLU<T>{}.weight_gradient(x, g);
      },
      {"PReLU", "weight_gradient", "3", "2"});
}
