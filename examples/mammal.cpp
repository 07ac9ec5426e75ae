// SPDX-License-Identifier: MIT
// "Mammal or not": Linear(6, 4), Linear(4, 1), Sigmoid over a small batch of animals, then the
// same hidden features into three classes with softmax. The weights are fixed by hand so the
// output is the same everywhere; the point is the shapes and where the activations go.
#include <activ/activ.hpp>

#include <cstdio>
#include <span>
#include <vector>

int main() {
  // Features: has fur, lays eggs, can fly, lives in water, gives milk, number of legs / 4.
  const char* names[] = {"dog", "sparrow", "salmon", "platypus", "bat"};
  const std::vector<float> x{
      1, 0, 0, 0, 1, 1,     // dog
      0, 1, 1, 0, 0, 0.5f,  // sparrow
      0, 1, 0, 1, 0, 0,     // salmon
      1, 1, 0, 1, 1, 1,     // platypus
      1, 0, 1, 0, 1, 0.5f,  // bat
  };
  const std::size_t batch = 5;

  // Hidden features: "furry/milky", "egg-laying", "flying", "aquatic".
  activ::Linear<float> hidden(6, 4, true, 0);
  const float w1[] = {1, 0, 0, 0, 1, 0.5f,   0, 1, 0, 0, 0, 0,
                      0, 0, 1, 0, 0, 0,      0, 0, 0, 1, 0, -0.5f};
  std::copy(std::begin(w1), std::end(w1), hidden.weight().begin());
  std::fill(hidden.bias().begin(), hidden.bias().end(), 0.0f);

  auto mammal = activ::sequential(std::move(hidden), activ::Linear<float>(4, 1, true, 0),
                                  activ::Sigmoid<float>{});
  const float w2[] = {3, -1, 0, 0};
  std::copy(std::begin(w2), std::end(w2), mammal.layer<1>().weight().begin());
  mammal.layer<1>().bias()[0] = -2;

  const auto p = mammal.forward(x, batch);
  std::printf("P(mammal) = sigmoid(Linear(4,1)(Linear(6,4)(x))):\n");
  for (std::size_t i = 0; i < batch; ++i)
    std::printf("  %-9s %.3f  %s\n", names[i], static_cast<double>(p[i]), p[i] > 0.5f ? "mammal" : "not a mammal");

  // Three classes from the same hidden features: mammal, bird, fish, with softmax over each row.
  auto three = activ::sequential(mammal.layer<0>(), activ::Linear<float>(4, 3, true, 0),
                                 activ::Softmax<float>{});
  const float w3[] = {3, -1, 0, 0,   -1, 1, 2, -1,   -1, 1, -1, 2};
  std::copy(std::begin(w3), std::end(w3), three.layer<1>().weight().begin());
  std::fill(three.layer<1>().bias().begin(), three.layer<1>().bias().end(), 0.0f);
  const auto q = three.forward(x, batch);
  const char* classes[] = {"mammal", "bird", "fish"};
  std::printf("softmax over three classes (mammal, bird, fish):\n");
  int wrong = 0;
  const int expected[] = {0, 1, 2, 0, 0};
  for (std::size_t i = 0; i < batch; ++i) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < 3; ++c)
      if (q[i * 3 + c] > q[i * 3 + best]) best = c;
    std::printf("  %-9s [%.3f, %.3f, %.3f] -> %s\n", names[i], static_cast<double>(q[i * 3]),
                static_cast<double>(q[i * 3 + 1]), static_cast<double>(q[i * 3 + 2]), classes[best]);
    wrong += static_cast<int>(best) != expected[i];
  }
  return wrong == 0 ? 0 : 1;
}
