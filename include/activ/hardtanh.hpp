// SPDX-License-Identifier: MIT
// activ::Hardtanh and activ::ReLU6: x clamped to [min_val, max_val], forward, derivative, backward.
#ifndef ACTIV_HARDTANH_HPP
#define ACTIV_HARDTANH_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Hardtanh: f(x) = min(max(x, min_val), max_val); f'(x) = min_val < x < max_val ? 1 : 0.
///
/// PyTorch's conventions (torch.nn.Hardtanh, defaults -1 and 1): f(-0) = -0, f(NaN) = NaN,
/// f(+-inf) = max_val / min_val; the derivative is 0 at both bounds and at NaN (PyTorch's
/// vectorised loop; its scalar tail gives 1 at NaN). Needs min_val <= max_val (PyTorch checks it).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact. Valid: every input.
template <FloatingPoint T = float>
struct Hardtanh : detail::elementwise_activation<Hardtanh<T>, T> {
  static constexpr std::string_view name = "Hardtanh";
  T min_val = T(-1);
  T max_val = T(1);

  constexpr Hardtanh() noexcept = default;
  /// The parameters convert to T, as PyTorch converts them to the tensor's dtype.
  template <class U1, class U2>
    requires std::is_arithmetic_v<U1> && std::is_arithmetic_v<U2>
  constexpr Hardtanh(U1 min_val_, U2 max_val_) noexcept
      : min_val(static_cast<T>(min_val_)), max_val(static_cast<T>(max_val_)) {}

 private:
  friend detail::elementwise_activation<Hardtanh<T>, T>;
  constexpr detail::hardtanh_op<T> op() const noexcept { return {min_val, max_val}; }
};

/// ReLU6: f(x) = min(max(x, 0), 6), Hardtanh(0, 6); f'(x) = 0 < x < 6 ? 1 : 0.
///
/// PyTorch's conventions (torch.nn.ReLU6): f(-0) = -0, f(NaN) = NaN, f(inf) = 6, f(-inf) = 0;
/// f'(0) = f'(6) = f'(NaN) = 0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact. Valid: every input.
template <FloatingPoint T = float>
struct ReLU6 : detail::elementwise_activation<ReLU6<T>, T> {
  static constexpr std::string_view name = "ReLU6";

 private:
  friend detail::elementwise_activation<ReLU6<T>, T>;
  constexpr detail::hardtanh_op<T> op() const noexcept { return {T(0), T(6)}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_HARDTANH_HPP
