// SPDX-License-Identifier: MIT
// Sequential, the losses and SGD: PyTorch's nn.Sequential(Linear, ReLU, Linear, Sigmoid) with
// BCE (golden/sequential_*.csv), finite differences, training, and the losses' edge values.
#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
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

template <class T>
std::map<std::string, std::vector<T>> load_sequential() {
  const activ_test::golden_table data{activ_test::golden_file<T>("sequential")};
  std::map<std::string, std::vector<T>> t;
  for (std::size_t r = 0; r < data.rows(); ++r) t[data.text(r, "tensor")].push_back(data.get<T>(r, "value"));
  return t;
}

/// Values here go through at most two sums of <= 6 products and a sigmoid; 64 eps relative
/// (plus 64 eps absolute) is far above every path's error and far below any real mistake.
template <class T>
void check_tensor(std::span<const T> got, const std::vector<T>& want, const char* what) {
  REQUIRE(got.size() == want.size());
  constexpr double eps = static_cast<double>(std::numeric_limits<T>::epsilon());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO(what << "[" << i << "]: got " << activ_test::show(got[i]) << " want " << activ_test::show(want[i]));
    CHECK(std::abs(static_cast<double>(got[i]) - static_cast<double>(want[i])) <=
          64 * eps * (1 + std::abs(static_cast<double>(want[i]))));
  }
}
template <class T>
void check_tensor(const std::vector<T>& got, const std::vector<T>& want, const char* what) {
  check_tensor(std::span<const T>(got), want, what);
}

template <class T>
auto golden_net(const std::map<std::string, std::vector<T>>& t) {
  auto net = activ::sequential(activ::Linear<T>(6, 4), activ::ReLU<T>{}, activ::Linear<T>(4, 1),
                               activ::Sigmoid<T>{});
  auto copy = [](const std::vector<T>& from, std::span<T> to) {
    REQUIRE(from.size() == to.size());
    std::copy(from.begin(), from.end(), to.begin());
  };
  copy(t.at("W1"), net.template layer<0>().weight());
  copy(t.at("b1"), net.template layer<0>().bias());
  copy(t.at("W2"), net.template layer<2>().weight());
  copy(t.at("b2"), net.template layer<2>().bias());
  return net;
}

}  // namespace

TEMPLATE_TEST_CASE("Sequential(Linear, ReLU, Linear, Sigmoid) with BCE matches PyTorch", "[sequential][golden]",
                   float, double) {
  using T = TestType;
  const auto t = load_sequential<T>();
  for (const auto i : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(i)) {
      activ_test::scoped_isa scope{i};
      auto net = golden_net(t);
      STATIC_REQUIRE(decltype(net)::size == 4);
      CHECK(net.in_features() == 6);
      CHECK(net.out_features() == 1);
      const std::size_t batch = 8;
      const auto y = net.forward(t.at("x"), batch);
      check_tensor(net.template output<0>(), t.at("z1"), "z1");
      check_tensor(net.template output<1>(), t.at("h1"), "h1");
      check_tensor(net.template output<2>(), t.at("z2"), "z2");
      check_tensor(y, t.at("y"), "y");

      const std::vector<T> yv(y.begin(), y.end());
      const auto& target = t.at("target");
      std::vector<T> grad_y(batch);
      const T loss = activ::BCELoss<T>{}.backward(yv, target, grad_y);
      check_tensor(std::vector<T>{loss}, t.at("loss"), "loss");
      check_tensor(std::vector<T>{activ::BCELoss<T>{}(yv, target)}, t.at("loss"), "loss (value only)");
      const std::vector<T> z2(net.template output<2>().begin(), net.template output<2>().end());
      check_tensor(std::vector<T>{activ::BCEWithLogitsLoss<T>{}(z2, target)}, t.at("loss_bce_with_logits"),
                   "loss_bce_with_logits");
      check_tensor(grad_y, t.at("grad_y"), "grad_y");

      // BCE with logits on z2 gives grad_z2 directly (sigmoid fused).
      std::vector<T> grad_z2(batch);
      activ::BCEWithLogitsLoss<T>{}.backward(z2, target, grad_z2);
      check_tensor(grad_z2, t.at("grad_z2"), "grad_z2 (BCE with logits)");

      net.zero_grad();
      const auto dx = net.backward(grad_y);
      check_tensor(dx, t.at("grad_x"), "grad_x");
      check_tensor(std::span<const T>(net.template layer<2>().weight_grad()), t.at("grad_W2"), "grad_W2");
      check_tensor(std::span<const T>(net.template layer<2>().bias_grad()), t.at("grad_b2"), "grad_b2");
      check_tensor(std::span<const T>(net.template layer<0>().weight_grad()), t.at("grad_W1"), "grad_W1");
      check_tensor(std::span<const T>(net.template layer<0>().bias_grad()), t.at("grad_b1"), "grad_b1");
    }
  }
}

TEST_CASE("Sequential: backward matches finite differences through tanh, softmax and CE", "[sequential]") {
  // Linear(3, 5), Tanh, Linear(5, 4), LeakyReLU, Linear(4, 3), then CrossEntropy on logits; and
  // the same net ending in Softmax with MSE (softmax's backward inside the chain).
  auto net = activ::sequential(activ::Linear<double>(3, 5, true, 1), activ::Tanh<double>{},
                               activ::Linear<double>(5, 4, true, 2), activ::LeakyReLU<double>{0.1},
                               activ::Linear<double>(4, 3, true, 3));
  auto soft = activ::sequential(activ::Linear<double>(3, 3, true, 4), activ::Softmax<double>{});
  const std::size_t batch = 4;
  std::vector<double> x(batch * 3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(2.1 * static_cast<double>(i) + 0.5);
  const std::vector<std::size_t> cls{0, 2, 1, 2};
  const std::vector<double> target{0.2, 0.3, 0.5, 1, 0, 0, 0, 1, 0, 0.1, 0.1, 0.8};

  const auto ce = [&] {
    const auto y = net.forward(x, batch);
    return static_cast<double>(activ::CrossEntropyLoss<double>{}(y, cls));
  };
  const auto mse = [&] {
    const auto y = soft.forward(x, batch);
    return static_cast<double>(activ::MSELoss<double>{}(y, target));
  };
  const auto numeric = [](auto& f, double& p) { return activ_test::central_difference(f, p); };

  {
    const auto y = net.forward(x, batch);
    std::vector<double> g(y.size());
    activ::CrossEntropyLoss<double>{}.backward(y, cls, g);
    net.zero_grad();
    const auto dx = net.backward(g);
    const std::vector<double> dxv(dx.begin(), dx.end());
    net.for_each_linear([&](activ::Linear<double>& l) {
      for (std::size_t k = 0; k < l.weight().size(); ++k)
        CHECK(l.weight_grad()[k] == Catch::Approx(numeric(ce, l.weight()[k])).epsilon(1e-6).margin(1e-9));
      for (std::size_t k = 0; k < l.bias().size(); ++k)
        CHECK(l.bias_grad()[k] == Catch::Approx(numeric(ce, l.bias()[k])).epsilon(1e-6).margin(1e-9));
    });
    for (std::size_t k = 0; k < x.size(); ++k)
      CHECK(dxv[k] == Catch::Approx(numeric(ce, x[k])).epsilon(1e-6).margin(1e-9));
  }
  {
    const auto y = soft.forward(x, batch);
    std::vector<double> g(y.size());
    activ::MSELoss<double>{}.backward(y, target, g);
    soft.zero_grad();
    soft.backward(g);
    auto& l = soft.layer<0>();
    for (std::size_t k = 0; k < l.weight().size(); ++k)
      CHECK(l.weight_grad()[k] == Catch::Approx(numeric(mse, l.weight()[k])).epsilon(1e-6).margin(1e-9));
  }
}

TEST_CASE("Sequential + SGD: training a tiny network lowers its loss", "[sequential][sgd]") {
  // XOR-like data: y = 1 where x0 x1 > 0. Linear(2, 8), ReLU, Linear(8, 1), BCE with logits.
  auto net = activ::sequential(activ::Linear<float>(2, 8, true, 11), activ::ReLU<float>{},
                               activ::Linear<float>(8, 1, true, 12));
  const std::vector<float> x{1, 1, -1, -1, 1, -1, -1, 1, 0.5f, 0.8f, -0.6f, 0.4f};
  const std::vector<float> t{1, 1, 0, 0, 1, 0};
  const activ::BCEWithLogitsLoss<float> loss;
  const activ::SGD<float> sgd{0.5f};
  std::vector<float> g(6);
  float first = 0, last = 0;
  for (int epoch = 0; epoch < 300; ++epoch) {
    const auto y = net.forward(x, 6);
    last = loss.backward(y, t, g);
    if (epoch == 0) first = last;
    net.zero_grad();
    net.backward(g);
    sgd.step(net);
  }
  INFO("loss " << first << " -> " << last);
  CHECK(last < 0.5f * first);
  CHECK(last < 0.1f);
}

TEST_CASE("Losses: values and gradients at PyTorch's edges", "[loss]") {
  const std::vector<double> p{0.0, 1.0, 0.5}, t{1.0, 1.0, 0.0};
  // log(0) clamps at -100: loss = (100 + 0 + log 2) / 3.
  CHECK(activ::BCELoss<double>{}(p, t) == Catch::Approx((100 + std::log(2.0)) / 3));
  std::vector<double> g(3);
  activ::BCELoss<double>{}.backward(p, t, g);
  CHECK(g[0] == Catch::Approx(-1e12 / 3));  // (0 - 1) / max(0, 1e-12) / 3
  CHECK(g[2] == Catch::Approx(2.0 / 3));
  // Stable with huge logits: no overflow, loss ~ |z| where wrong.
  const std::vector<float> z{1000.0f, -1000.0f}, zt{0.0f, 0.0f};
  CHECK(activ::BCEWithLogitsLoss<float>{}(z, zt) == Catch::Approx(500.0f));
  std::vector<float> gz(2);
  activ::BCEWithLogitsLoss<float>{}.backward(z, zt, gz);
  CHECK(gz[0] == Catch::Approx(0.5f));
  CHECK(gz[1] == 0.0f);
  // MSE: mean of squares, gradient 2 (x - t) / n, in place allowed.
  std::vector<float> m{1, 2, 3};
  const std::vector<float> mt{1, 0, 0};
  CHECK(activ::MSELoss<float>{}(m, mt) == Catch::Approx(13.0f / 3));
  activ::MSELoss<float>{}.backward(m, mt, m);
  CHECK(m == std::vector<float>{0.0f, 4.0f / 3, 2.0f});
  // Cross-entropy: the tutorial's logits, class 1: -log softmax = 0.17198.
  const std::vector<float> logits{4.3f, 6.1f, 2.3f, 1e30f, 1e30f, 0};
  const std::vector<std::size_t> cls{1, 0};
  std::vector<float> gl(6);
  const float ce = activ::CrossEntropyLoss<float>{}.backward(logits, cls, gl);
  CHECK(ce == Catch::Approx((0.1719944 + std::log(2.0)) / 2).epsilon(1e-5));
  CHECK(gl[1] == Catch::Approx((0.84198493f - 1) / 2));
  CHECK(gl[3] == Catch::Approx(-0.25f));
  using activ_test::contains;
  REQUIRE_THROWS_WITH(activ::CrossEntropyLoss<float>{}(std::span<const float>(logits.data(), 5), cls),
                      contains("activ::CrossEntropyLoss<float>::operator(): logits has 5 elements"));
  const std::vector<std::size_t> bad{1, 3};
  REQUIRE_THROWS_WITH(activ::CrossEntropyLoss<float>{}(logits, bad), contains("target[1] = 3"));
  REQUIRE_THROWS_WITH(activ::MSELoss<float>{}(m, std::vector<float>(2)),
                      contains("activ::MSELoss<float>::operator(): input has 3 elements but target has 2"));
}

TEST_CASE("Sequential: widths and size errors", "[sequential][errors]") {
  auto net = activ::sequential(activ::Sigmoid<float>{}, activ::Linear<float>(3, 2, true, 1),
                               activ::Softmax<float>{});
  CHECK(net.in_features() == 3);
  CHECK(net.out_features() == 2);
  std::vector<float> x(7);
  using activ_test::contains;
  REQUIRE_THROWS_WITH(net.forward(x, 2),
                      contains("activ::Sequential<float>::forward: x has 7 elements but batch x in_features has 6"));
  const auto y = net.forward(std::span<const float>(x.data(), 6), 2);
  CHECK(y[0] + y[1] == Catch::Approx(1.0f));
  REQUIRE_THROWS_WITH(net.backward(std::vector<float>(3)), contains("dy has 3 elements"));
  REQUIRE_THROWS_WITH(activ::sequential(activ::Linear<float>(3, 2), activ::Linear<float>(3, 2)),
                      contains("layer 1 is a Linear with in_features 3 but the layer before gives 2"));
  // An empty batch runs.
  CHECK(net.forward({}, 0).empty());
  CHECK(net.backward({}).empty());
}

TEST_CASE("Sequential trains PReLU and ChannelPReLU weights: gradients match finite differences",
          "[sequential][prelu]") {
  // Linear(3, 4), ChannelPReLU(4), Linear(4, 2), PReLU (one weight), MSE: as nn.PReLU(4) on
  // (batch, 4) rows and nn.PReLU() after. Inputs put about half the pre-activations below 0.
  auto net = activ::sequential(activ::Linear<double>(3, 4, true, 21),
                               activ::ChannelPReLU<double>{0.1, 0.2, -0.3, 0.5},
                               activ::Linear<double>(4, 2, true, 22), activ::PReLU<double>{0.3});
  const std::size_t batch = 5;
  std::vector<double> x(batch * 3);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 2 * std::sin(1.7 * static_cast<double>(i) + 0.3);
  const std::vector<double> target{0.5, -1, 0.25, 0, -0.5, 1, 2, -2, 0, 0.75};
  const auto loss = [&] {
    const auto y = net.forward(x, batch);
    return static_cast<double>(activ::MSELoss<double>{}(y, target));
  };
  const auto numeric = [&](double& p) { return activ_test::central_difference(loss, p); };
  const auto backward = [&] {
    const auto y = net.forward(x, batch);
    std::vector<double> g(y.size());
    activ::MSELoss<double>{}.backward(y, target, g);
    net.backward(g);
  };
  net.layer<2>().bias()[0] = -1.5;  // the single PReLU sees negative and positive inputs
  net.layer<2>().bias()[1] = 0.25;
  net.zero_grad();
  backward();
  auto& channel = net.layer<1>();
  auto& single = net.layer<3>();
  // Both kinds must actually see negative inputs, or their gradients are trivially 0.
  std::size_t negative = 0;
  for (const double v : net.output<0>()) negative += v < 0 ? 1 : 0;
  REQUIRE(negative >= 4);
  negative = 0;
  for (const double v : net.output<2>()) negative += v < 0 ? 1 : 0;
  REQUIRE(negative >= 2);
  REQUIRE(single.weight_grad != 0.0);
  for (std::size_t c = 0; c < 4; ++c) {
    INFO("channel " << c);
    CHECK(channel.weight_grad[c] == Catch::Approx(numeric(channel.weight[c])).epsilon(1e-6).margin(1e-9));
  }
  CHECK(single.weight_grad == Catch::Approx(numeric(single.weight)).epsilon(1e-6).margin(1e-9));

  // backward adds, as PyTorch's .grad: a second pass doubles every gradient; zero_grad clears.
  const std::vector<double> once = channel.weight_grad;
  const double single_once = single.weight_grad;
  backward();
  for (std::size_t c = 0; c < 4; ++c) CHECK(channel.weight_grad[c] == 2 * once[c]);
  CHECK(single.weight_grad == 2 * single_once);
  net.zero_grad();
  CHECK(single.weight_grad == 0.0);
  for (const double g : channel.weight_grad) CHECK(g == 0.0);

  // SGD steps the PReLU weights with the Linears': p -= lr * grad.
  backward();
  const std::vector<double> w = channel.weight;
  const double w1 = single.weight;
  const double lin = net.layer<0>().weight()[0], lin_grad = net.layer<0>().weight_grad()[0];
  activ::SGD<double>{0.1}.step(net);
  // (Approx: a compiler may fuse p - lr * g into one rounding on one side only.)
  for (std::size_t c = 0; c < 4; ++c)
    CHECK(channel.weight[c] == Catch::Approx(w[c] - 0.1 * once[c]).epsilon(1e-15));
  CHECK(single.weight == Catch::Approx(w1 - 0.1 * single_once).epsilon(1e-15));
  CHECK(net.layer<0>().weight()[0] == Catch::Approx(lin - 0.1 * lin_grad).epsilon(1e-15));
  std::size_t tensors = 0;
  net.for_each_parameter([&](std::span<double> p, std::span<double> g) {
    CHECK(p.size() == g.size());
    ++tensors;
  });
  CHECK(tensors == 6);  // W1, b1, the 4 channel weights, W2, b2, the single weight
}

TEST_CASE("Sequential with ChannelPReLU: one weight for all features, and channel errors",
          "[sequential][prelu][errors]") {
  // One weight applies to every feature (nn.PReLU() on any width), as PReLU does.
  auto one = activ::sequential(activ::Linear<float>(2, 3, true, 5), activ::ChannelPReLU<float>(1, 0.1f));
  auto same = activ::sequential(activ::Linear<float>(2, 3, true, 5), activ::PReLU<float>{0.1f});
  const std::vector<float> x{1, -2, -3, 0.5f};
  const auto a = one.forward(x, 2);
  const auto b = same.forward(x, 2);
  REQUIRE(a.size() == 6);
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
  const std::vector<float> g{1, -1, 0.5f, 2, 0.25f, -3};
  one.backward(g);
  same.backward(g);
  CHECK(one.layer<1>().weight_grad[0] == Catch::Approx(same.layer<1>().weight_grad));

  using activ_test::contains;
  REQUIRE_THROWS_WITH(activ::sequential(activ::Linear<float>(2, 3), activ::ChannelPReLU<float>(4)),
                      contains("layer 1 is a ChannelPReLU with 4 weights but the layer before gives 3 features"));
  // The weights are public: resizing them is caught at the next forward, not read past.
  auto net = activ::sequential(activ::Linear<float>(2, 3, true, 6), activ::ChannelPReLU<float>(3));
  net.layer<1>().weight.resize(2);
  REQUIRE_THROWS_WITH(net.forward(x, 2), contains("ChannelPReLU with 2 weights"));
  net.layer<1>().weight.assign(1, 0.5f);  // one weight: fine, and its gradient starts afresh
  net.forward(x, 2);
  net.backward(g);
  CHECK(net.layer<1>().weight_grad.size() == 1);
}
