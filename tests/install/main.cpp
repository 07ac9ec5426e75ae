// SPDX-License-Identifier: MIT
// Consumer check: builds against an installed / add_subdirectory'd activ and computes Sigmoid(0).
#include <activ/activ.hpp>

#include <cstdio>

int main() {
  const float y = activ::Sigmoid<float>{}(0.0f);
  if (y != 0.5f) {
    std::printf("activ consumer: Sigmoid(0) = %a, expected 0.5\n", static_cast<double>(y));
    return 1;
  }
  std::printf("activ consumer: activ %d.%d.%d, Sigmoid(0) = 0.5\n", ACTIV_VERSION_MAJOR,
              ACTIV_VERSION_MINOR, ACTIV_VERSION_PATCH);
  return 0;
}
