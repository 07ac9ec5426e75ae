// SPDX-License-Identifier: MIT
// Built with -fno-exceptions -fno-rtti: every public header compiles so, the span forms work, and
// misuse prints the same message std::invalid_argument would carry, then aborts (ctest checks the
// message and that nothing after the misuse ran).
#include <activ/activ.hpp>

#include <cstdio>
#include <span>

int main() {
  float x[4] = {-1.0f, 0.0f, 1.0f, 2.0f}, y[4] = {};
  activ::Sigmoid<float>{}(std::span<const float>(x), std::span<float>(y));
  activ::Softmax<float>{}(std::span<const float>(x), std::span<float>(y), 2);
  std::printf("span forms ran: softmax row 0 = %.6f %.6f\n", static_cast<double>(y[0]),
              static_cast<double>(y[1]));
  std::fflush(stdout);
  activ::Tanh<float>{}(std::span<const float>(x), std::span<float>(y, 3));  // sizes differ
  std::printf("UNREACHED: misuse did not abort\n");
  return 0;
}
