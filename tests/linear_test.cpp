// SPDX-License-Identifier: MIT
// Linear against PyTorch (golden/linear_*.csv: all 11 cases, every tensor, every ISA), against
// finite differences, and its size checks, seeding and gradient accumulation.
#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/central_difference.hpp"
#include "support/golden.hpp"

namespace {

using activ_test::golden_table;

/// The tolerance of the golden README for sums in an unspecified order: |a - a_torch| <=
/// c k eps sum |terms| with c = 2 (PyTorch's own error in this data is below 0.46 k eps sum).
constexpr double sum_tol_c = 2.0;

template <class T>
struct linear_case {
  std::size_t id = 0, in = 0, out = 0, batch = 0;
  bool bias = false;
  std::map<std::string, std::vector<T>> t;  // x, W, b, g, y, grad_x, grad_W, grad_b
};

template <class T>
std::vector<linear_case<T>> load_linear_cases() {
  const golden_table cases{activ_test::golden_file<T>("linear_cases")};
  const golden_table data{activ_test::golden_file<T>("linear")};
  std::vector<linear_case<T>> out(cases.rows());
  for (std::size_t k = 0; k < cases.rows(); ++k) {
    auto& c = out[k];
    c.id = cases.get<std::size_t>(k, "case");
    c.in = cases.get<std::size_t>(k, "in");
    c.out = cases.get<std::size_t>(k, "out");
    c.batch = cases.get<std::size_t>(k, "batch");
    c.bias = cases.get<int>(k, "bias") != 0;
  }
  // Long form, row-major within each tensor: append in file order.
  for (std::size_t r = 0; r < data.rows(); ++r) {
    const auto id = data.get<std::size_t>(r, "case");
    REQUIRE(id < out.size());
    out[id].t[data.text(r, "tensor")].push_back(data.get<T>(r, "value"));
  }
  return out;
}

/// The bound c k eps sum |terms| (+ |bias|) for each element of a sum of products.
struct sum_bound {
  std::vector<double> want, bound;
};

template <class T>
void check_close(const std::vector<T>& got, const sum_bound& ref, const std::string& what) {
  REQUIRE(got.size() == ref.want.size());
  double worst = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double err = std::abs(static_cast<double>(got[i]) - ref.want[i]);
    const double ratio = ref.bound[i] > 0 ? err / ref.bound[i] : (err > 0 ? 1e300 : 0.0);
    if (ratio > worst) {
      worst = ratio;
      at = i;
    }
  }
  INFO(what << ": worst element " << at << " got " << activ_test::show(got.empty() ? T(0) : got[at])
            << " want " << (ref.want.empty() ? 0.0 : ref.want[at]) << ", error / bound = " << worst);
  CHECK(worst <= 1.0);
}

template <class T>
sum_bound bounds(const std::vector<T>& want, std::size_t k, std::vector<double> abs_sums) {
  constexpr double eps = static_cast<double>(std::numeric_limits<T>::epsilon());
  sum_bound b;
  for (std::size_t i = 0; i < want.size(); ++i) {
    b.want.push_back(static_cast<double>(want[i]));
    // At least one rounding of the result itself.
    b.bound.push_back(sum_tol_c * static_cast<double>(k + 1) * eps * abs_sums[i] +
                      eps * std::abs(static_cast<double>(want[i])));
  }
  return b;
}

template <class T>
void check_case(const linear_case<T>& c) {
  const auto& x = c.t.at("x");
  const auto& W = c.t.at("W");
  const auto& g = c.t.at("g");
  const std::size_t B = c.batch, I = c.in, O = c.out;
  activ::Linear<T> lin(I, O, c.bias, 1);
  REQUIRE(lin.weight().size() == W.size());
  std::copy(W.begin(), W.end(), lin.weight().begin());
  std::vector<T> b0(O, T(0));
  if (c.bias) std::copy(c.t.at("b").begin(), c.t.at("b").end(), lin.bias().begin());
  const auto& bias = c.bias ? c.t.at("b") : b0;

  // |x_t W_jt| sums and friends, in double.
  std::vector<double> ysum(B * O), xsum(B * I), wsum(O * I), bsum(O);
  for (std::size_t r = 0; r < B; ++r)
    for (std::size_t o = 0; o < O; ++o) {
      double s = std::abs(static_cast<double>(bias[o]));
      for (std::size_t i = 0; i < I; ++i) s += std::abs(static_cast<double>(x[r * I + i]) * static_cast<double>(W[o * I + i]));
      ysum[r * O + o] = s;
    }
  for (std::size_t r = 0; r < B; ++r)
    for (std::size_t i = 0; i < I; ++i) {
      double s = 0;
      for (std::size_t o = 0; o < O; ++o) s += std::abs(static_cast<double>(g[r * O + o]) * static_cast<double>(W[o * I + i]));
      xsum[r * I + i] = s;
    }
  for (std::size_t o = 0; o < O; ++o) {
    double sb = 0;
    for (std::size_t r = 0; r < B; ++r) sb += std::abs(static_cast<double>(g[r * O + o]));
    bsum[o] = sb;
    for (std::size_t i = 0; i < I; ++i) {
      double s = 0;
      for (std::size_t r = 0; r < B; ++r) s += std::abs(static_cast<double>(g[r * O + o]) * static_cast<double>(x[r * I + i]));
      wsum[o * I + i] = s;
    }
  }

  std::vector<T> y(B * O), yr(B * O), dx(B * I);
  lin.forward(x, y, B);
  check_close(y, bounds(c.t.at("y"), I, ysum), "y");
  // Fused ReLU: relu of the same sums (ReLU does not increase the error).
  lin.forward(x, yr, B, activ::ReLU<T>{});
  std::vector<T> want_relu = c.t.at("y");
  for (auto& v : want_relu) v = v > T(0) ? v : T(0);
  check_close(yr, bounds(want_relu, I, ysum), "relu(y), fused");

  lin.zero_grad();
  lin.backward(x, g, dx, B);
  check_close(dx, bounds(c.t.at("grad_x"), O, xsum), "grad_x");
  const std::vector<T> gw(lin.weight_grad().begin(), lin.weight_grad().end());
  check_close(gw, bounds(c.t.at("grad_W"), B, wsum), "grad_W");
  if (c.bias) {
    const std::vector<T> gb(lin.bias_grad().begin(), lin.bias_grad().end());
    check_close(gb, bounds(c.t.at("grad_b"), B, bsum), "grad_b");
  } else {
    CHECK(lin.bias().empty());
    CHECK(c.t.count("grad_b") == 0);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("Linear matches PyTorch's nn.Linear on every golden case and ISA", "[linear][golden]",
                   float, double) {
  const auto cases = load_linear_cases<TestType>();
  REQUIRE(cases.size() == 11);
  for (const auto i : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(i)) {
      activ_test::scoped_isa scope{i};
      for (const auto& c : cases) {
        INFO("case " << c.id << ": in " << c.in << ", out " << c.out << ", batch " << c.batch
                     << (c.bias ? "" : ", no bias"));
        check_case(c);
      }
    }
  }
}

TEST_CASE("Linear: every ISA agrees with the scalar path within the sum bound", "[linear]") {
  // Shapes around the tile edges (4 rows x 2 or 8 outputs, vector widths 4 to 16); batch 67
  // takes the packed outer-product path (64 rows and more), in = 129 two of its input blocks.
  for (const std::size_t in : {1u, 7u, 16u, 33u, 129u})
    for (const std::size_t out : {1u, 3u, 8u, 17u})
      for (const std::size_t batch : {0u, 1u, 4u, 6u, 67u}) {
        activ::Linear<float> lin(in, out, true, in * 100 + out);
        std::vector<float> x(batch * in), dy(batch * out);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.7f * static_cast<float>(i));
        for (std::size_t i = 0; i < dy.size(); ++i) dy[i] = std::cos(0.3f * static_cast<float>(i));
        std::vector<float> y0(batch * out), dx0(batch * in);
        {
          activ_test::scoped_isa s{activ::isa::scalar};
          lin.forward(x, y0, batch, activ::Tanh<float>{});
          lin.zero_grad();
          lin.backward(x, dy, dx0, batch);
        }
        const std::vector<float> gw0(lin.weight_grad().begin(), lin.weight_grad().end());
        for (const auto i : activ_test::available_isas()) {
          activ_test::scoped_isa s{i};
          std::vector<float> y(batch * out), dx(batch * in);
          lin.forward(x, y, batch, activ::Tanh<float>{});
          lin.zero_grad();
          lin.backward(x, dy, dx, batch);
          INFO("isa " << activ::isa_name(i) << " in " << in << " out " << out << " batch " << batch);
          // |x| <= 1, |W| <= 1/sqrt(in): each sum is below in / sqrt(in); two paths, 2 k eps each.
          const float eps = std::numeric_limits<float>::epsilon();
          const float tol_y = 4.0f * static_cast<float>(in + 1) * eps * (std::sqrt(static_cast<float>(in)) + 1.0f);
          for (std::size_t k = 0; k < y.size(); ++k) CHECK(std::abs(y[k] - y0[k]) <= tol_y);
          for (std::size_t k = 0; k < dx.size(); ++k)
            CHECK(std::abs(dx[k] - dx0[k]) <= 4.0f * static_cast<float>(out + 1) * eps * static_cast<float>(out));
          for (std::size_t k = 0; k < gw0.size(); ++k)
            CHECK(std::abs(lin.weight_grad()[k] - gw0[k]) <= 4.0f * static_cast<float>(batch + 1) * eps * static_cast<float>(batch));
        }
      }
}

TEST_CASE("Linear: gradients match finite differences", "[linear]") {
  // L = sum(g * tanh(x W^T + b)) in double; central differences with step 1e-6.
  const std::size_t in = 5, out = 3, batch = 4;
  activ::Linear<double> lin(in, out, true, 42);
  std::vector<double> x(batch * in), g(batch * out), z(batch * out), dz(batch * out), dx(batch * in);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(1.3 * static_cast<double>(i) + 0.2);
  for (std::size_t i = 0; i < g.size(); ++i) g[i] = std::cos(0.9 * static_cast<double>(i));
  const activ::Tanh<double> act;
  const auto loss = [&] {
    std::vector<double> y(batch * out);
    lin.forward(x, y, batch, act);
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += g[i] * y[i];
    return s;
  };
  lin.forward(x, z, batch);
  act.backward(z, g, dz);
  lin.zero_grad();
  lin.backward(x, dz, dx, batch);
  const auto numeric = [&](double& p) { return activ_test::central_difference(loss, p); };
  for (std::size_t k = 0; k < lin.weight().size(); ++k)
    CHECK(lin.weight_grad()[k] == Catch::Approx(numeric(lin.weight()[k])).epsilon(1e-6).margin(1e-9));
  for (std::size_t k = 0; k < lin.bias().size(); ++k)
    CHECK(lin.bias_grad()[k] == Catch::Approx(numeric(lin.bias()[k])).epsilon(1e-6).margin(1e-9));
  for (std::size_t k = 0; k < x.size(); ++k)
    CHECK(dx[k] == Catch::Approx(numeric(x[k])).epsilon(1e-6).margin(1e-9));
}

TEST_CASE("Linear: gradients accumulate until zero_grad", "[linear]") {
  activ::Linear<float> lin(3, 2, true, 5);
  const std::vector<float> x{1, 2, 3, -1, 0.5f, 2}, dy{1, -2, 0.5f, 3};
  std::vector<float> dx(6);
  lin.backward(x, dy, dx, 2);
  const std::vector<float> once(lin.weight_grad().begin(), lin.weight_grad().end());
  const std::vector<float> once_b(lin.bias_grad().begin(), lin.bias_grad().end());
  CHECK(once_b == std::vector<float>{1.5f, 1.0f});
  lin.backward(x, dy, 2);  // parameters only
  for (std::size_t k = 0; k < once.size(); ++k) CHECK(lin.weight_grad()[k] == 2 * once[k]);
  CHECK(lin.bias_grad()[1] == 2.0f);
  lin.zero_grad();
  for (const float v : lin.weight_grad()) CHECK(v == 0.0f);
  for (const float v : lin.bias_grad()) CHECK(v == 0.0f);
}

TEST_CASE("Linear: PyTorch's initialisation, reproducible from the seed", "[linear]") {
  activ::Linear<float> a(100, 30, true, 7), b(100, 30, true, 7), c(100, 30, true, 8);
  const float bound = 0.1f;
  float lo = 1, hi = -1;
  for (const float w : a.weight()) {
    lo = std::min(lo, w);
    hi = std::max(hi, w);
  }
  CHECK(lo >= -bound);
  CHECK(hi < bound);
  CHECK(lo < -0.09f);  // 3000 draws fill the interval
  CHECK(hi > 0.09f);
  for (const float w : a.bias()) CHECK(std::abs(w) <= bound);
  CHECK(std::equal(a.weight().begin(), a.weight().end(), b.weight().begin()));
  CHECK(!std::equal(a.weight().begin(), a.weight().end(), c.weight().begin()));
  // The same numbers on every platform: SplitMix64(7)'s first draw, in double arithmetic.
  activ::Linear<double> d(4, 1, false, 0);
  CHECK(d.weight()[0] == Catch::Approx(2 * 0.5 * (static_cast<double>(0xe220a8397b1dcdafULL >> 11) * 0x1p-53) - 0.5));
  // Without a seed: 0, 1, 2, ... from manual_seed, so layers differ but programs repeat.
  activ::manual_seed(7);
  activ::Linear<float> e(100, 30);
  CHECK(std::equal(a.weight().begin(), a.weight().end(), e.weight().begin()));
  activ::Linear<float> f(100, 30);
  CHECK(std::equal(c.weight().begin(), c.weight().end(), f.weight().begin()));
  CHECK(!activ::Linear<float>(3, 2, false).has_bias());
}

TEST_CASE("Linear: size and aliasing errors name the function and the sizes", "[linear][errors]") {
  activ::Linear<float> lin(3, 2, true, 1);
  std::vector<float> x(6), y(4), dx(6), dy(4);
  using activ_test::contains;
  REQUIRE_THROWS_WITH(lin.forward(std::span<const float>(x.data(), 5), y, 2),
                      contains("activ::Linear<float>::forward: x has 5 elements but batch 2 x 3 = 6"));
  REQUIRE_THROWS_WITH(lin.forward(x, std::span<float>(y.data(), 3), 2),
                      contains("activ::Linear<float>::forward: y has 3 elements but batch 2 x 2 = 4"));
  REQUIRE_THROWS_AS(lin.forward(x, y, 3), std::invalid_argument);
  REQUIRE_THROWS_WITH(lin.forward(x, std::span<float>(x.data() + 1, 4), 2),
                      contains("partially overlap"));
  REQUIRE_THROWS_WITH(lin.backward(x, dy, std::span<float>(dx.data(), 5), 2),
                      contains("activ::Linear<float>::backward: dx has 5 elements but batch 2 x 3 = 6"));
  REQUIRE_THROWS_WITH(lin.backward(x, std::span<const float>(dy.data(), 2), dx, 2),
                      contains("dy has 2 elements"));
  activ::Linear<float> square(2, 2, true, 1);
  REQUIRE_THROWS_WITH(square.backward(y, dy, dy, 2), contains("same span"));
  REQUIRE_THROWS_WITH(square.forward(y, y, 2), contains("same span"));
  // Empty batches are fine.
  lin.forward({}, {}, 0);
  lin.backward({}, {}, {}, 0);
  activ::Linear<double> wide(0, 3, true, 1);
  std::vector<double> out(6, 9.0);
  wide.forward({}, out, 2);
  for (const double v : out) CHECK(v == 0.0);  // bound 0 without inputs: zero bias
}

// in = 1024 with out and batch above 64: the forward packs W^T in several input blocks, and the
// backward copies W and x to panels in several blocks of rows, reloading the partial sums.
// in = 37, out = 600, batch = 203: dW's rows of dy^T are 2400 bytes apart, so dy^T is copied to
// panels too, in blocks of rows with a partial last one; several blocks of k on every ISA (203
// and 600 terms), and strips of 37 columns that end in a partial vector.
namespace {
void check_large_linear(std::size_t I, std::size_t O, std::size_t B) {
  activ::Linear<float> lin(I, O, true, 5);
  std::vector<float> x(B * I), dy(B * O);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * static_cast<float>(i));
  for (std::size_t i = 0; i < dy.size(); ++i) dy[i] = std::cos(0.11f * static_cast<float>(i));
  const auto W = lin.weight(), b = lin.bias();
  // Long double references and sum |terms| for y, dx and dW.
  const auto ld = [](float v) { return static_cast<long double>(v); };
  std::vector<float> y_ref(B * O), dx_ref(B * I), gw_ref(O * I);
  std::vector<double> y_abs(B * O), dx_abs(B * I), gw_abs(O * I);
  for (std::size_t r = 0; r < B; ++r)
    for (std::size_t o = 0; o < O; ++o) {
      long double s = ld(b[o]), a = std::abs(ld(b[o]));
      for (std::size_t i = 0; i < I; ++i) {
        s += ld(x[r * I + i]) * ld(W[o * I + i]);
        a += std::abs(ld(x[r * I + i]) * ld(W[o * I + i]));
      }
      y_ref[r * O + o] = static_cast<float>(s);
      y_abs[r * O + o] = static_cast<double>(a);
    }
  for (std::size_t r = 0; r < B; ++r)
    for (std::size_t i = 0; i < I; ++i) {
      long double s = 0, a = 0;
      for (std::size_t o = 0; o < O; ++o) {
        s += ld(dy[r * O + o]) * ld(W[o * I + i]);
        a += std::abs(ld(dy[r * O + o]) * ld(W[o * I + i]));
      }
      dx_ref[r * I + i] = static_cast<float>(s);
      dx_abs[r * I + i] = static_cast<double>(a);
    }
  for (std::size_t o = 0; o < O; ++o)
    for (std::size_t i = 0; i < I; ++i) {
      long double s = 0, a = 0;
      for (std::size_t r = 0; r < B; ++r) {
        s += ld(dy[r * O + o]) * ld(x[r * I + i]);
        a += std::abs(ld(dy[r * O + o]) * ld(x[r * I + i]));
      }
      gw_ref[o * I + i] = static_cast<float>(s);
      gw_abs[o * I + i] = static_cast<double>(a);
    }
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      activ_test::scoped_isa scope{isa};
      std::vector<float> y(B * O), dx(B * I);
      lin.forward(x, y, B);
      check_close(y, bounds(y_ref, I, y_abs), "y");
      lin.zero_grad();
      lin.backward(x, dy, dx, B);
      check_close(dx, bounds(dx_ref, O, dx_abs), "dx");
      check_close(std::vector<float>(lin.weight_grad().begin(), lin.weight_grad().end()),
                  bounds(gw_ref, B, gw_abs), "dW");
    }
  }
}
}  // namespace

TEST_CASE("Linear: large shapes (packed forward, packed backward) within the sum bound", "[linear]") {
  SECTION("in 1024, out 70, batch 67") { check_large_linear(1024, 70, 67); }
  SECTION("in 37, out 600, batch 203") { check_large_linear(37, 600, 203); }
}
