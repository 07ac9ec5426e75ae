// SPDX-License-Identifier: MIT
// The README usage example as a program: scalar and span forms, LeakyReLU, Softmax (also along
// a middle dimension); prints its results.
#include <activ/activ.hpp>

#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

namespace {

void print(const char* label, std::span<const float> v) {
  std::printf("%-22s [", label);
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::printf("%s%.4f", i == 0 ? "" : ", ", static_cast<double>(v[i]));
  }
  std::printf("]\n");
}

}  // namespace

int main() {
  // Scalar form: one value in, one value out (constexpr).
  activ::ReLU<float> relu;
  activ::Sigmoid<float> sigmoid;
  std::printf("relu(-2) = %.4f  relu(3) = %.4f  sigmoid(0) = %.4f\n",
              static_cast<double>(relu(-2.0f)), static_cast<double>(relu(3.0f)),
              static_cast<double>(sigmoid(0.0f)));

  // Span form: whole buffers at once; this is the SIMD path. Any contiguous range converts to a span.
  const std::vector<float> x = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
  std::vector<float> y(x.size());
  relu(x, y);
  print("relu(x)", y);
  sigmoid(x, y);
  print("sigmoid(x)", y);
  sigmoid.derivative(x, y);
  print("sigmoid'(x)", y);

  // Backward pass: dx = dy * f'(x), for a given upstream gradient dy.
  const std::vector<float> dy(x.size(), 1.0f);
  std::vector<float> dx(x.size());
  activ::Tanh<float>{}.backward(x, dy, dx);
  print("tanh backward(x, 1)", dx);

  // Parameters are plain members.
  activ::LeakyReLU<float> leaky{0.2f};
  leaky(x, y);
  print("leaky_relu(x, 0.2)", y);

  // Softmax over the whole span (or per row of n with softmax(x, y, n)).
  const std::vector<float> logits = {4.3f, 6.1f, 2.3f};
  std::vector<float> p(logits.size());
  activ::Softmax<float>{}(logits, p);
  print("softmax(logits)", p);  // ~[0.1392, 0.8420, 0.0188]

  // Along dim 1 of a (1, 3, 2) tensor: two fibres of 3, the logits and their negatives,
  // each element 2 apart (PyTorch's softmax(t, dim=1), no transpose).
  const std::vector<float> t = {4.3f, -4.3f, 6.1f, -6.1f, 2.3f, -2.3f};
  std::vector<float> pt(t.size());
  activ::Softmax<float>{}(t, pt, activ::extents{.outer = 1, .n = 3, .inner = 2});
  print("softmax(t, dim=1)", pt);  // fibre 0 (even places) is softmax(logits)

  // The example doubles as a check (ctest runs it): fail loudly if softmax drifted.
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::fabs(pt[2 * i] - p[i]) > 1e-6f * p[i]) {
      std::printf("softmax along dim 1 differs from the row at %zu\n", i);
      return 1;
    }
  }
  const float want[] = {0.1392f, 0.8420f, 0.0188f};
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::fabs(p[i] - want[i]) > 1e-4f) {
      std::printf("unexpected softmax[%zu] = %.6f\n", i, static_cast<double>(p[i]));
      return 1;
    }
  }
  return 0;
}
