// SPDX-License-Identifier: MIT
// The ODR test's second translation unit, built with default flags, and its main: both units
// use activ; each must keep its own instantiations (the ABI namespace differs), and both must
// compute the same values. The object-code check (no zmm/ymm in v0_base's scalar path) is
// check_scalar_path.cmake.
#include <activ/activ.hpp>

#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#define ACTIV_ODR_STRING2(x) #x
#define ACTIV_ODR_STRING(x) ACTIV_ODR_STRING2(x)

const char* odr_a_abi();
void odr_a_sigmoid(std::span<const float> x, std::span<float> y);
using scalar_kernel = void (*)(activ::detail::sigmoid_op<float>, const float*, float*, std::size_t);
scalar_kernel odr_a_scalar_kernel();

int main() {
  const char* abi_b = ACTIV_ODR_STRING(ACTIV_ABI);
  std::printf("odr_a: %s, odr_b: %s\n", odr_a_abi(), abi_b);
  if (std::strcmp(odr_a_abi(), abi_b) == 0) {
    std::puts("FAIL: both translation units share one ABI namespace");
    return 1;
  }
  std::vector<float> x(1000), ya(x.size()), yb(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) * 0.05f - 25.0f;
  // b's own scalar kernel, out of line (what an old CPU runs), against a's dispatched path.
  const scalar_kernel b_kernel = &activ::detail::scalar::forward_n<activ::detail::sigmoid_op<float>, float>;
  if (b_kernel == odr_a_scalar_kernel()) {
    std::puts("FAIL: both translation units resolved to one scalar kernel");
    return 1;
  }
  b_kernel({}, x.data(), yb.data(), x.size());
  odr_a_sigmoid(x, ya);
  if (std::memcmp(ya.data(), yb.data(), x.size() * sizeof(float)) != 0) {
    std::puts("FAIL: the two translation units compute different sigmoids");
    return 1;
  }
  std::puts("ok: separate instantiations, same results");
  return 0;
}
