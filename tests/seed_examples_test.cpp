// SPDX-License-Identifier: MIT
// The tutorials' numbers (golden/seed_examples.csv, float32): softmax, sigmoid, tanh, relu.
#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

/// Sigmoid and Tanh outputs: within this many ULP of PyTorch's (activ's bound of 2 ULP from the
/// correctly rounded value plus PyTorch's own error, at most 2 ULP in the golden data).
constexpr int seed_max_ulp = 4;
/// Their gradients: PyTorch computes them from the rounded output (1 - y cancels), so compare with
/// an absolute tolerance of this many float epsilons (PyTorch's own error is below 1 epsilon).
constexpr int seed_grad_abs_eps = 4;
/// Softmax: relative, times (|x_i - max| + 1 + log2 n) float epsilons, as in softmax_test.cpp.
constexpr int seed_softmax_tol_eps = 4;

using activ_test::mismatch_log;
using activ_test::same_bits;
using activ_test::same_value;
using activ_test::show;
using activ_test::ulp_distance;

/// seed_examples.csv: every (example, tensor) as a flat float vector in file (row-major) order.
class seed_examples {
 public:
  seed_examples() {
    const activ_test::golden_table t{"seed_examples.csv"};
    const std::size_t ce = t.column_index("example"), ct = t.column_index("tensor"),
                      cv = t.column_index("value");
    for (std::size_t r = 0; r < t.rows(); ++r) {
      tensors_[{t.text(r, ce), t.text(r, ct)}].push_back(t.get<float>(r, cv));
    }
  }
  /// The tensor, or a failed REQUIRE naming what is missing.
  const std::vector<float>& operator()(const std::string& example,
                                       const std::string& tensor) const {
    const auto it = tensors_.find({example, tensor});
    INFO("seed_examples.csv: " << example << " / " << tensor);
    REQUIRE(it != tensors_.end());
    return it->second;
  }

 private:
  std::map<std::pair<std::string, std::string>, std::vector<float>> tensors_;
};

template <class F>
std::vector<float> forward(const F& f, const std::vector<float>& x) {
  std::vector<float> y(x.size());
  f(std::span<const float>{x}, std::span<float>{y});
  return y;
}

/// The gradient of sum(f(x)): backward with an upstream gradient of ones, as autograd computes it.
template <class F>
std::vector<float> grad_of_sum(const F& f, const std::vector<float>& x) {
  const std::vector<float> ones(x.size(), 1.0f);
  std::vector<float> dx(x.size());
  f.backward(std::span<const float>{x}, std::span<const float>{ones}, std::span<float>{dx});
  return dx;
}

/// Outputs within seed_max_ulp of PyTorch's, gradients within seed_grad_abs_eps epsilons.
template <class F>
void check_smooth(const F& f, const std::vector<float>& x, const std::vector<float>& want_y,
                  const std::vector<float>& want_grad) {
  REQUIRE(x.size() == want_y.size());
  REQUIRE(x.size() == want_grad.size());
  const auto y = forward(f, x);
  const auto dx = grad_of_sum(f, x);
  std::uint64_t worst = 0;
  mismatch_log bad_y, bad_grad;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::uint64_t u = ulp_distance(y[i], want_y[i]);
    worst = u > worst ? u : worst;
    if (u > std::uint64_t{seed_max_ulp} ||
        ulp_distance(f(x[i]), want_y[i]) > std::uint64_t{seed_max_ulp}) {
      bad_y.add("x = " + show(x[i]) + ": got " + show(y[i]) + " (scalar " + show(f(x[i])) +
                "), want " + show(want_y[i]));
    }
    const float tol = static_cast<float>(seed_grad_abs_eps) * std::numeric_limits<float>::epsilon();
    if (!(std::fabs(dx[i] - want_grad[i]) <= tol &&
          std::fabs(f.derivative(x[i]) - want_grad[i]) <= tol)) {
      bad_grad.add("x = " + show(x[i]) + ": got " + show(dx[i]) + " (derivative " +
                   show(f.derivative(x[i])) + "), want " + show(want_grad[i]));
    }
  }
  INFO("max ULP from PyTorch's output: " << worst);
  INFO("outputs:\n" << bad_y.report());
  CHECK(bad_y.count() == 0);
  INFO("gradients:\n" << bad_grad.report());
  CHECK(bad_grad.count() == 0);
}

/// ReLU: outputs bit for bit (sign of zero included), gradients as values.
void check_relu(const std::vector<float>& x, const std::vector<float>& want_y,
                const std::vector<float>* want_grad) {
  const activ::ReLU<float> relu{};
  REQUIRE(x.size() == want_y.size());
  const auto y = forward(relu, x);
  const auto dx = grad_of_sum(relu, x);
  mismatch_log bad;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!same_bits(y[i], want_y[i]) || !same_bits(relu(x[i]), want_y[i])) {
      bad.add("relu(" + show(x[i]) + ") = " + show(y[i]) + ", want " + show(want_y[i]));
    }
    if (want_grad != nullptr && !same_value(dx[i], (*want_grad)[i])) {
      bad.add("relu'(" + show(x[i]) + ") = " + show(dx[i]) + ", want " + show((*want_grad)[i]));
    }
  }
  INFO(bad.report());
  CHECK(bad.count() == 0);
}

}  // namespace

TEST_CASE("Tutorial: softmax of [4.3, 6.1, 2.3]", "[seed][softmax]") {
  const seed_examples s;
  const auto& x = s("softmax_4.3_6.1_2.3", "input");
  const auto& want = s("softmax_4.3_6.1_2.3", "output");
  REQUIRE(x == std::vector<float>{4.3f, 6.1f, 2.3f});
  REQUIRE(want.size() == 3);
  std::vector<float> y(3);
  activ::Softmax<float>{}(std::span<const float>{x}, std::span<float>{y});
  const long double eps = activ_test::wide(std::numeric_limits<float>::epsilon());
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("i = " << i << ": got " << show(y[i]) << ", want " << show(want[i]));
    const long double d = std::fabs(activ_test::wide(x[i]) - activ_test::wide(6.1f));
    const long double tol =
        seed_softmax_tol_eps * eps * (d + 1 + std::log2(3.0L)) * activ_test::wide(want[i]);
    CHECK(std::fabs(activ_test::wide(y[i]) - activ_test::wide(want[i])) <= tol);
  }
  // The tutorial prints them rounded: [0.1392, 0.8420, 0.0188].
  CHECK(std::round(y[0] * 1e4f) == 1392.0f);
  CHECK(std::round(y[1] * 1e4f) == 8420.0f);
  CHECK(std::round(y[2] * 1e4f) == 188.0f);
}

TEST_CASE("Tutorial: sigmoid(6) and its gradient", "[seed][sigmoid]") {
  const seed_examples s;
  check_smooth(activ::Sigmoid<float>{}, s("sigmoid_6", "input"), s("sigmoid_6", "output"),
               s("sigmoid_6", "grad"));
}

TEST_CASE("Tutorial: relu of [2, -4] and [[2, -4], [1.2, 0]]", "[seed][relu]") {
  const seed_examples s;
  check_relu(s("relu_1d", "input"), s("relu_1d", "output"), nullptr);
  check_relu(s("relu_2d", "input"), s("relu_2d", "output"), nullptr);
  CHECK(forward(activ::ReLU<float>{}, {2.0f, -4.0f, 1.2f, 0.0f}) ==
        std::vector<float>{2.0f, 0.0f, 1.2f, 0.0f});
}

TEST_CASE("Tutorial: relu, sigmoid and tanh over torch.arange(-10, 10, 0.1) and (-10, 10, 1)",
          "[seed][relu][sigmoid][tanh]") {
  const seed_examples s;
  for (const std::string step : {"0.1", "1"}) {
    INFO("arange step " << step);
    {
      const std::string e = "relu_arange_-10_10_" + step;
      INFO(e);
      const auto& grad = s(e, "grad");
      check_relu(s(e, "input"), s(e, "output"), &grad);
    }
    {
      const std::string e = "sigmoid_arange_-10_10_" + step;
      INFO(e);
      check_smooth(activ::Sigmoid<float>{}, s(e, "input"), s(e, "output"), s(e, "grad"));
    }
    {
      const std::string e = "tanh_arange_-10_10_" + step;
      INFO(e);
      check_smooth(activ::Tanh<float>{}, s(e, "input"), s(e, "output"), s(e, "grad"));
    }
  }
  // torch.arange(-10, 10, 1) is int64: relu keeps the integers, sigmoid and tanh return float32.
  // activ takes the same values as floats and must give PyTorch's results for the integers too.
  const auto relu = activ::ReLU<float>{};
  const auto sigmoid = activ::Sigmoid<float>{};
  const auto tanh_f = activ::Tanh<float>{};
  for (const std::string f : {"relu", "sigmoid", "tanh"}) {
    const std::string e = f + "_arange_-10_10_1";
    INFO(e);
    const auto& x = s(e, "input");
    const auto& from_int = s(e, "output_from_int64");
    REQUIRE(x.size() == 20);
    REQUIRE(from_int.size() == 20);
    for (std::size_t i = 0; i < 20; ++i) {
      INFO("x = " << show(x[i]) << ", want " << show(from_int[i]));
      REQUIRE(x[i] == static_cast<float>(static_cast<int>(i) - 10));
      if (f == "relu") {
        CHECK(relu(x[i]) == from_int[i]);
      } else {
        const float got = f == "sigmoid" ? sigmoid(x[i]) : tanh_f(x[i]);
        INFO("got " << show(got));
        CHECK(ulp_distance(got, from_int[i]) <= std::uint64_t{seed_max_ulp});
      }
    }
  }
}
