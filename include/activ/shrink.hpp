// SPDX-License-Identifier: MIT
// activ::Hardshrink and activ::Softshrink: zero on [-lambd, lambd], forward, derivative, backward.
#ifndef ACTIV_SHRINK_HPP
#define ACTIV_SHRINK_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Hardshrink: f(x) = |x| > lambd ? x : 0; f'(x) = |x| > lambd ? 1 : 0.
///
/// PyTorch's conventions (torch.nn.Hardshrink, lambd = 0.5): f(+-lambd) = 0, f(-0) = +0,
/// f(NaN) = NaN, f'(NaN) = 0 (PyTorch's vectorised loop; its scalar tail gives 1).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact. Valid: every input.
template <FloatingPoint T = float>
struct Hardshrink : detail::elementwise_activation<Hardshrink<T>, T> {
  static constexpr std::string_view name = "Hardshrink";
  T lambd = T(0.5);

  constexpr Hardshrink() noexcept = default;
  /// The parameter converts to T, as PyTorch converts it to the tensor's dtype.
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit Hardshrink(U lambd_) noexcept : lambd(static_cast<T>(lambd_)) {}

 private:
  friend detail::elementwise_activation<Hardshrink<T>, T>;
  constexpr detail::hardshrink_op<T> op() const noexcept { return {lambd}; }
};

/// Softshrink: f(x) = x > lambd ? x - lambd : x < -lambd ? x + lambd : 0;
/// f'(x) = |x| > lambd ? 1 : 0.
///
/// PyTorch's conventions (torch.nn.Softshrink, lambd = 0.5; PyTorch requires lambd >= 0):
/// f(+-lambd) = 0, f(-0) = +0, f(NaN) = 0 (NaN does not propagate), f'(NaN) = 0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact (one subtraction, correctly rounded). Valid: every input.
template <FloatingPoint T = float>
struct Softshrink : detail::elementwise_activation<Softshrink<T>, T> {
  static constexpr std::string_view name = "Softshrink";
  T lambd = T(0.5);

  constexpr Softshrink() noexcept = default;
  /// The parameter converts to T, as PyTorch converts it to the tensor's dtype.
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit Softshrink(U lambd_) noexcept : lambd(static_cast<T>(lambd_)) {}

 private:
  friend detail::elementwise_activation<Softshrink<T>, T>;
  constexpr detail::softshrink_op<T> op() const noexcept { return {lambd}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SHRINK_HPP
