// SPDX-License-Identifier: MIT
// The ODR test's first translation unit, built with AVX-512 flags (see tests/CMakeLists.txt):
// its copies of activ's inline functions must not replace those of odr_b.cpp.
#include <activ/activ.hpp>

#include <span>

#define ACTIV_ODR_STRING2(x) #x
#define ACTIV_ODR_STRING(x) ACTIV_ODR_STRING2(x)

const char* odr_a_abi() { return ACTIV_ODR_STRING(ACTIV_ABI); }

void odr_a_sigmoid(std::span<const float> x, std::span<float> y) { activ::Sigmoid<float>{}(x, y); }

// Taking the address emits the scalar kernel out of line here too, with AVX-512 code: the
// instantiation that would replace odr_b's if both sat in one namespace.
using scalar_kernel = void (*)(activ::detail::sigmoid_op<float>, const float*, float*, std::size_t);
scalar_kernel odr_a_scalar_kernel() {
  return &activ::detail::scalar::forward_n<activ::detail::sigmoid_op<float>, float>;
}
