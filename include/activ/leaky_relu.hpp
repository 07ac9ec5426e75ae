// SPDX-License-Identifier: MIT
// activ::LeakyReLU: x for x > 0, negative_slope * x otherwise, forward, derivative, backward.
#ifndef ACTIV_LEAKY_RELU_HPP
#define ACTIV_LEAKY_RELU_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// LeakyReLU: f(x) = x > 0 ? x : negative_slope * x; f'(x) = x > 0 ? 1 : negative_slope.
///
/// PyTorch's conventions (torch.nn.functional.leaky_relu): the slope is used in T (0.01 is
/// 0.00999999978f for float); f(-0) = -0, f(NaN) = NaN, f(-inf) = -inf (NaN when the slope
/// is 0: -inf * 0); f'(0) = f'(NaN) = negative_slope.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact (0 ULP: one multiplication). Valid: every input.
template <FloatingPoint T = float>
struct LeakyReLU : detail::elementwise_activation<LeakyReLU<T>, T> {
  static constexpr std::string_view name = "LeakyReLU";

  T negative_slope = T(0.01);

  constexpr LeakyReLU() noexcept = default;
  /// The slope converts to T, as PyTorch converts it to the tensor's dtype.
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit LeakyReLU(U slope) noexcept : negative_slope(static_cast<T>(slope)) {}

 private:
  friend detail::elementwise_activation<LeakyReLU<T>, T>;
  constexpr detail::leaky_relu_op<T> op() const noexcept { return {negative_slope}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_LEAKY_RELU_HPP
