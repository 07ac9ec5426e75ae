// SPDX-License-Identifier: MIT
// activ::Threshold: value where x <= threshold, x elsewhere, forward, derivative, backward.
#ifndef ACTIV_THRESHOLD_HPP
#define ACTIV_THRESHOLD_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Threshold: f(x) = x <= threshold ? value : x; f'(x) = x <= threshold ? 0 : 1.
///
/// PyTorch's conventions (torch.nn.Threshold(threshold, value), which has no defaults; activ's
/// are 0 and 0, ReLU with -0 mapped to 0): the comparison is in T (0.1 is 0.100000001f),
/// f(threshold) = value, f(NaN) = NaN, f(-inf) = value; f'(NaN) = 1.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact. Valid: every input.
template <FloatingPoint T = float>
struct Threshold : detail::elementwise_activation<Threshold<T>, T> {
  static constexpr std::string_view name = "Threshold";
  T threshold = T(0);
  T value = T(0);

  constexpr Threshold() noexcept = default;
  /// The parameters convert to T, as PyTorch converts them to the tensor's dtype.
  template <class U1, class U2>
    requires std::is_arithmetic_v<U1> && std::is_arithmetic_v<U2>
  constexpr Threshold(U1 threshold_, U2 value_) noexcept
      : threshold(static_cast<T>(threshold_)), value(static_cast<T>(value_)) {}

 private:
  friend detail::elementwise_activation<Threshold<T>, T>;
  constexpr detail::threshold_op<T> op() const noexcept { return {threshold, value}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_THRESHOLD_HPP
