// SPDX-License-Identifier: MIT
// activ::ELU, activ::CELU and activ::SELU: the exponential linear units, forward, derivative and
// backward, from an accurate expm1.
#ifndef ACTIV_ELU_HPP
#define ACTIV_ELU_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// ELU: f(x) = x > 0 ? x : alpha (e^x - 1); f'(x) = x > 0 ? 1 : alpha e^x.
///
/// PyTorch's parameter and conventions (torch.nn.ELU, alpha = 1): f(-inf) = -alpha,
/// f'(0) = alpha (the x <= 0 side), f'(-inf) = 0, f(NaN) = f'(NaN) = NaN. e^x - 1 is computed as
/// an accurate expm1, so f(x) ~ alpha x for tiny negative x and f(-0) = -0 (PyTorch's
/// exp(x) - 1 gives 0 for -3e-8 < x < 0 in float, and f(-0) = +0).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative (float, all 2^32 inputs with alpha = 1; double and
/// other alphas: golden data). Valid: all x.
template <FloatingPoint T = float>
struct ELU : detail::elementwise_activation<ELU<T>, T> {
  static constexpr std::string_view name = "ELU";

  T alpha = T(1);

  constexpr ELU() noexcept = default;
  /// alpha converts to T, as PyTorch converts it to the tensor's dtype.
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit ELU(U a) noexcept : alpha(static_cast<T>(a)) {}

 private:
  friend detail::elementwise_activation<ELU<T>, T>;
  constexpr detail::elu_op<T> op() const noexcept { return {alpha, detail::split_power_of_two(alpha)}; }
};

/// CELU: f(x) = x > 0 ? x : alpha (e^(x/alpha) - 1); f'(x) = x > 0 ? 1 : e^(x/alpha).
///
/// PyTorch's parameter and conventions (torch.nn.CELU, alpha = 1; alpha > 0 here, PyTorch
/// rejects 0): f(-inf) = -alpha, f'(0) = 1, f'(-inf) = 0, NaN gives NaN; f(-0) = -0. x/alpha
/// is carried into expm1 as a double-word, not rounded first.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative (golden data, alpha = 1 and 2; alpha = 1 is ELU's
/// exhaustive sweep). Valid: all x.
template <FloatingPoint T = float>
struct CELU : detail::elementwise_activation<CELU<T>, T> {
  static constexpr std::string_view name = "CELU";

  T alpha = T(1);

  constexpr CELU() noexcept = default;
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit CELU(U a) noexcept : alpha(static_cast<T>(a)) {}

 private:
  friend detail::elementwise_activation<CELU<T>, T>;
  constexpr detail::celu_op<T> op() const noexcept { return {alpha}; }
};

/// SELU: f(x) = scale (x > 0 ? x : alpha (e^x - 1)); f'(x) = x > 0 ? scale : scale alpha e^x,
/// with PyTorch's scale = 1.0507009873554804934193349852946 and
/// alpha = 1.6732632423543772848170429916717, used as double-words (not rounded to T first).
///
/// Conventions as ELU's: f'(0) = scale alpha, f(-inf) = -scale alpha, f'(-inf) = 0; f(-0) = -0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative (float: all 2^32 inputs; double: golden data).
/// Valid: all x.
template <FloatingPoint T = float>
struct SELU : detail::elementwise_activation<SELU<T>, T> {
  static constexpr std::string_view name = "SELU";

 private:
  friend detail::elementwise_activation<SELU<T>, T>;
  constexpr detail::selu_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_ELU_HPP
