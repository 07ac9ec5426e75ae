// SPDX-License-Identifier: MIT
// The numbers the PyTorch activation-function tutorials print, reproduced with activ: softmax,
// sigmoid, ReLU, and two stacked linear layers collapsing into one. Exits 1 on a mismatch.
#include <activ/activ.hpp>

#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

namespace {

int failures = 0;

void print(const char* label, std::span<const float> v) {
  std::printf("%-34s [", label);
  for (std::size_t i = 0; i < v.size(); ++i) std::printf("%s%.4f", i ? ", " : "", static_cast<double>(v[i]));
  std::printf("]\n");
}

void expect(const char* what, std::span<const float> got, std::span<const float> want) {
  for (std::size_t i = 0; i < want.size(); ++i)
    if (std::abs(got[i] - want[i]) > 1e-4f) {
      std::printf("MISMATCH in %s at %zu: %.6f, expected %.6f\n", what, i, static_cast<double>(got[i]),
                  static_cast<double>(want[i]));
      ++failures;
    }
}

// A 2 x 2 matrix product x W (the tutorial's torch.matmul) as nn.Linear: its weight is W^T.
activ::Linear<float> as_linear(const float (&w)[2][2]) {
  activ::Linear<float> l(2, 2, /*bias=*/false, 0);
  for (int o = 0; o < 2; ++o)
    for (int i = 0; i < 2; ++i) l.weight()[static_cast<std::size_t>(o * 2 + i)] = w[i][o];
  return l;
}

}  // namespace

int main() {
  const std::vector<float> logits{4.3f, 6.1f, 2.3f};
  std::vector<float> p(3);
  activ::Softmax<float>{}(logits, p);
  print("softmax([4.3, 6.1, 2.3])", p);
  expect("softmax", p, std::vector<float>{0.1392f, 0.8420f, 0.0188f});

  const activ::Sigmoid<float> sigmoid;
  std::printf("%-34s %.4f (derivative %.6f)\n", "sigmoid(6)", static_cast<double>(sigmoid(6.0f)),
              static_cast<double>(sigmoid.derivative(6.0f)));
  expect("sigmoid", std::vector<float>{sigmoid(6.0f)}, std::vector<float>{0.9975f});

  const activ::ReLU<float> relu;
  const std::vector<float> v{2, -4}, m{2, -4, 1.2f, 0};  // [[2, -4], [1.2, 0]], row-major
  std::vector<float> rv(2), rm(4);
  relu(v, rv);
  relu(m, rm);
  print("relu([2, -4])", rv);
  print("relu([[2, -4], [1.2, 0]])", rm);
  expect("relu 1-d", rv, std::vector<float>{2, 0});
  expect("relu 2-d", rm, std::vector<float>{2, 0, 1.2f, 0});

  // Two linear layers without an activation between them are one linear layer.
  const float w1[2][2] = {{0.45f, 0.32f}, {-0.12f, 0.29f}};
  const float w2[2][2] = {{0.48f, -0.12f}, {0.64f, 0.91f}};
  float w12[2][2] = {};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) w12[i][j] = w1[i][0] * w2[0][j] + w1[i][1] * w2[1][j];
  auto stacked = activ::sequential(as_linear(w1), as_linear(w2));
  auto collapsed = as_linear(w12);
  const std::vector<float> input{2, 1};
  std::vector<float> one(2);
  const auto two = stacked.forward(input, 1);
  collapsed.forward(input, one, 1);
  print("input [2, 1] through W1 then W2", two);
  print("input [2, 1] through W1 W2", one);
  std::printf("%-34s [[%.4f, %.4f], [%.4f, %.4f]]\n", "W1 W2", static_cast<double>(w12[0][0]),
              static_cast<double>(w12[0][1]), static_cast<double>(w12[1][0]),
              static_cast<double>(w12[1][1]));
  expect("stacked", two, std::vector<float>{0.9696f, 0.7527f});
  expect("collapsed", one, std::vector<float>{0.9696f, 0.7527f});

  if (failures) return 1;
  std::printf("all tutorial numbers reproduced\n");
  return 0;
}
