// SPDX-License-Identifier: MIT
// activ::Step: the Heaviside step x > threshold ? 1 : 0, forward, derivative and backward.
#ifndef ACTIV_STEP_HPP
#define ACTIV_STEP_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Step: f(x) = x > threshold ? 1 : 0; f'(x) = 0.
///
/// PyTorch's torch.heaviside(x - threshold, 0): f(threshold) = 0 (strictly greater),
/// f(NaN) = 0 (NaN does not propagate), f(+inf) = 1, f(-inf) = 0. PyTorch defines no
/// derivative; activ's is 0 everywhere, and backward writes 0 whatever dy holds.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact. Valid: every input.
template <FloatingPoint T = float>
struct Step : detail::elementwise_activation<Step<T>, T> {
  static constexpr std::string_view name = "Step";

  T threshold = T(0);

  constexpr Step() noexcept = default;
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit Step(U t) noexcept : threshold(static_cast<T>(t)) {}

 private:
  friend detail::elementwise_activation<Step<T>, T>;
  constexpr detail::step_op<T> op() const noexcept { return {threshold}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_STEP_HPP
