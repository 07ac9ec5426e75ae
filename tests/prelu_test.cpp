// SPDX-License-Identifier: MIT
// PReLU against PyTorch (golden/prelu_*.csv, weights 0.25 and 0.1): bit for bit, and the
// weight's gradient within a summation tolerance.
#include <activ/activ.hpp>

#include <cmath>
#include <cstdint>
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

// ChannelPReLU: one weight per channel of an (outer, channels, inner) tensor.
namespace {

template <class T>
struct channel_case {
  std::size_t outer, channels, inner;
};

// Inputs with every kind of value: positive, negative, +-0, +-inf, NaN, subnormal.
template <class T>
std::vector<T> channel_values(std::size_t n, unsigned seed) {
  constexpr T specials[] = {T(0), T(-0.0), std::numeric_limits<T>::infinity(),
                            -std::numeric_limits<T>::infinity(),
                            std::numeric_limits<T>::quiet_NaN(),
                            -std::numeric_limits<T>::denorm_min(), T(-3.5), T(2.25)};
  std::vector<T> v(n);
  std::uint32_t s = seed * 2654435761u + 1;
  for (std::size_t i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    v[i] = (s >> 28) == 0 ? specials[(s >> 8) % 8] : T(static_cast<int>(s >> 12) % 2001 - 1000) / T(64);
  }
  return v;
}

template <class T>
bool same_bits_all(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!activ_test::same_bits(a[i], b[i])) return false;
  return true;
}

}  // namespace

TEMPLATE_TEST_CASE("ChannelPReLU applies weight[c] to channel c on every path, shape, tail and in place",
                   "[prelu][channels]", float, double) {
  using T = TestType;
  for (const auto isa : activ_test::available_isas()) {
    const activ_test::scoped_isa use{isa};
    for (const std::size_t channels : {1u, 3u, 8u, 17u, 37u}) {
      for (const std::size_t inner : {1u, 2u, 5u, 16u, 33u}) {
        for (const std::size_t outer : {0u, 1u, 3u, 4u, 9u}) {
          const std::size_t n = outer * channels * inner;
          const activ::extents e{outer, channels, inner};
          std::vector<T> w(channels);
          for (std::size_t c = 0; c < channels; ++c) w[c] = T(c % 5) / T(8) - T(0.125);
          const activ::ChannelPReLU<T> f{std::span<const T>(w)};
          const auto x = channel_values<T>(n, static_cast<unsigned>(channels * 100 + inner));
          const auto g = channel_values<T>(n, static_cast<unsigned>(channels * 7 + inner * 3 + 1));
          std::vector<T> y(n), d(n), dx(n), dw(channels, T(42));
          f(x, y, e);
          f.derivative(x, d, e);
          f.backward(x, g, dx, e);
          f.weight_gradient(x, g, dw, e);
          std::vector<long double> want_dw(channels, 0), abs_dw(channels, 0);
          for (std::size_t o = 0; o < outer; ++o)
            for (std::size_t c = 0; c < channels; ++c)
              for (std::size_t i = 0; i < inner; ++i) {
                const std::size_t k = (o * channels + c) * inner + i;
                const bool pos = x[k] > T(0);
                INFO(activ::isa_name(isa) << " outer " << outer << " channels " << channels
                                               << " inner " << inner << " at " << k << " x = "
                                               << activ_test::show(x[k]));
                REQUIRE(activ_test::same_bits(y[k], pos ? x[k] : x[k] * w[c]));
                REQUIRE(activ_test::same_bits(d[k], pos ? T(1) : w[c]));
                REQUIRE(activ_test::same_bits(dx[k], pos ? g[k] : g[k] * w[c]));
                if (!pos) {
                  want_dw[c] += activ_test::wide(x[k]) * activ_test::wide(g[k]);
                  abs_dw[c] += std::fabs(activ_test::wide(x[k]) * activ_test::wide(g[k]));
                }
              }
          for (std::size_t c = 0; c < channels; ++c) {
            INFO(activ::isa_name(isa) << " outer " << outer << " channels " << channels
                                           << " inner " << inner << " channel " << c << ": got "
                                           << activ_test::show(dw[c]));
            if (std::isnan(want_dw[c])) {
              CHECK(std::isnan(dw[c]));
            } else if (std::isinf(want_dw[c])) {
              CHECK(activ_test::wide(dw[c]) == want_dw[c]);
            } else {
              // Each product and sum rounds (products of a subnormal x underflow: denorm_min).
              const auto count = static_cast<long double>(outer * inner + 1);
              const long double tol =
                  count * (activ_test::wide(std::numeric_limits<T>::epsilon()) * abs_dw[c] +
                           activ_test::wide(std::numeric_limits<T>::denorm_min()));
              CHECK(std::fabs(activ_test::wide(dw[c]) - want_dw[c]) <= tol);
            }
          }
          // In place: y, d and dx the very span of x (dx of dy too); same bits.
          std::vector<T> same = x;
          f(same, same, e);
          CHECK(same_bits_all(same, y));
          same = x;
          f.derivative(same, same, e);
          CHECK(same_bits_all(same, d));
          same = g;
          f.backward(x, same, same, e);
          CHECK(same_bits_all(same, dx));
        }
      }
    }
  }
}

TEMPLATE_TEST_CASE("ChannelPReLU's rows form is PyTorch's (N, C) input; its weight gradient is the same on every path",
                   "[prelu][channels]", float, double) {
  using T = TestType;
  const activ::ChannelPReLU<T> f{T(0.5), T(-1), T(0.25)};
  CHECK(f.channels() == 3);
  CHECK(activ::ChannelPReLU<T>(4).weight == std::vector<T>(4, T(0.25)));
  const std::vector<T> x{T(-2), T(-2), T(-2), T(1), T(-0.0), T(-8)};
  const std::vector<T> g{T(1), T(2), T(3), T(4), T(5), T(6)};
  std::vector<T> y(6), dx(6), dw(3);
  f(x, y);
  CHECK(y == std::vector<T>{T(-1), T(2), T(-0.5), T(1), T(0), T(-2)});
  CHECK(!std::signbit(y[4]));  // -0 times channel 1's -1
  f.backward(x, g, dx);
  CHECK(dx == std::vector<T>{T(0.5), T(-2), T(0.75), T(4), T(-5), T(1.5)});
  f.weight_gradient(x, g, dw);
  CHECK(dw == std::vector<T>{T(-2), T(-4), T(-6 - 48)});
  // One channel's NaN spoils that channel only.
  std::vector<T> xn = x;
  xn[1] = std::numeric_limits<T>::quiet_NaN();
  f.weight_gradient(xn, g, dw);
  CHECK(dw[0] == T(-2));
  CHECK(std::isnan(dw[1]));
  // Rows with inner = 1 sum each channel in order on every path: the same bits everywhere.
  const std::size_t rows = 1000, channels = 19;
  const auto xr = channel_values<T>(rows * channels, 5), gr = channel_values<T>(rows * channels, 6);
  std::vector<T> w_isa(channels), w_scalar(channels);
  const activ::ChannelPReLU<T> h(channels);
  {
    const activ_test::scoped_isa use{activ::isa::scalar};
    h.weight_gradient(xr, gr, w_scalar);
  }
  for (const auto isa : activ_test::available_isas()) {
    const activ_test::scoped_isa use{isa};
    h.weight_gradient(xr, gr, w_isa);
    INFO(activ::isa_name(isa));
    CHECK(same_bits_all(w_isa, w_scalar));
  }
}

TEMPLATE_TEST_CASE("ChannelPReLU with one channel is PReLU", "[prelu][channels][golden]", float, double) {
  using T = TestType;
  const auto d = activ_test::golden_block<T>("prelu", {{"weight", "0.25"}});
  const activ::ChannelPReLU<T> f(1);
  std::vector<T> y(d.size()), dx(d.size());
  f(d.x, y);
  f.backward(d.x, d.g, dx);
  for (std::size_t i = 0; i < d.size(); ++i) {
    INFO(d.at(i, y[i], d.y[i]));
    CHECK(activ_test::same_value(y[i], d.y[i]));
    CHECK(activ_test::same_value(dx[i], d.dx[i]));
  }
}

TEMPLATE_TEST_CASE("ChannelPReLU rejects bad sizes, naming the method and the sizes", "[prelu][channels][errors]",
                   float, double) {
  using T = TestType;
  const activ::ChannelPReLU<T> f(3);
  std::vector<T> x(12), y(12), shorter(11), dw(3), dw4(4);
  activ_test::check_invalid_argument([] { (void)activ::ChannelPReLU<T>(0); }, {"ChannelPReLU", "at least one"});
  activ_test::check_invalid_argument([&] { f(shorter, shorter); }, {"ChannelPReLU", "operator()", "11", "3"});
  activ_test::check_invalid_argument([&] { f(x, shorter); }, {"ChannelPReLU", "operator()", "12", "11"});
  activ_test::check_invalid_argument([&] { f(x, y, activ::extents{2, 2, 3}); }, {"ChannelPReLU", "n = 2", "3 weights"});
  activ_test::check_invalid_argument([&] { f(x, y, activ::extents{2, 3, 3}); }, {"ChannelPReLU", "12", "2 x 3 x 3"});
  activ_test::check_invalid_argument([&] { f.derivative(x, shorter); }, {"ChannelPReLU", "derivative", "12", "11"});
  activ_test::check_invalid_argument([&] { f.backward(x, shorter, y); }, {"ChannelPReLU", "backward", "12", "11"});
  activ_test::check_invalid_argument([&] { f.weight_gradient(x, y, dw4); }, {"ChannelPReLU", "weight_gradient", "3", "4"});
  activ_test::check_invalid_argument([&] { f.weight_gradient(x, shorter, dw); }, {"ChannelPReLU", "weight_gradient", "12", "11"});
  // Partial overlap is an error; the very same span is in place.
  activ_test::check_invalid_argument([&] { f(std::span<const T>(x.data(), 9), std::span<T>(x.data() + 3, 9)); },
                                     {"ChannelPReLU", "overlap"});
  activ_test::check_invalid_argument([&] { f.weight_gradient(x, y, std::span<T>(x.data() + 1, 3)); },
                                     {"ChannelPReLU", "overlap"});
  std::vector<T> empty;
  f(empty, empty);
  f(empty, empty, activ::extents{0, 3, 5});
}
