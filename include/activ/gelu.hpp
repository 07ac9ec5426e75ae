// SPDX-License-Identifier: MIT
// activ::GELU: x Phi(x), exactly (erf) or in PyTorch's tanh approximation, forward, derivative
// and backward.
#ifndef ACTIV_GELU_HPP
#define ACTIV_GELU_HPP

#include <string>
#include <string_view>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Which GELU: the exact x Phi(x) (`none`, PyTorch's default) or the tanh approximation.
enum class gelu_approximate { none, tanh };

/// GELU (torch.nn.GELU(approximate='none' | 'tanh')):
/// - none: f(x) = x Phi(x) = x/2 erfc(-x/sqrt 2); f'(x) = Phi(x) + x phi(x),
///   phi(x) = e^(-x^2/2) / sqrt(2 pi).
/// - tanh: f(x) = x/2 (1 + tanh(u)) = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3); f' is
///   that formula's exact derivative (PyTorch's autograd formula, not the erf form's).
///
/// Conventions as PyTorch's where PyTorch is right: f(0) = 0, f'(0) = 0.5, f(inf) = inf,
/// f(NaN) = f'(NaN) = NaN. Where PyTorch is not, activ returns the exact value's rounding:
/// f(-inf) = -0 (PyTorch: NaN); f'(inf) = 1 and f'(-inf) = -0 (PyTorch: NaN, and in the tanh
/// form also NaN wherever x*x overflows, |x| >= 1.8e19 in float); f(-0) = -0 (PyTorch's float
/// erf form, which runs in oneDNN, gives +0); no flush of the tiny negative tail (PyTorch gives
/// -0 from x = -5.54 (float, none) / -5.06 (float, tanh) / -8.37 / -7.15 (double) down, where
/// the exact value is still a normal number). The tanh form's f is the formula with the exact
/// sqrt(2/pi) and 0.044715, not GELU.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative, both forms (measured: float, all 2^32 inputs, none
/// 0.77 / 0.81 ULP, tanh forward 0.79; double: golden data, and 10^7 samples against long double
/// with the worst rechecked in mpmath, at most 0.6 ULP), except the tanh form's derivative within 1/64 of its zero x0 = -0.75246,
/// where the exact value itself cancels: absolute error under 2^-26 there (float). The erf
/// form's derivative keeps 1 ULP through its zero (-0.75179).
/// Valid: all x.
template <FloatingPoint T = float>
struct GELU : detail::elementwise_activation<GELU<T>, T> {
  static constexpr std::string_view name = "GELU";

  gelu_approximate approximate = gelu_approximate::none;

  constexpr GELU() noexcept = default;
  constexpr explicit GELU(gelu_approximate a) noexcept : approximate(a) {}
  /// PyTorch's spelling, "none" or "tanh"; anything else throws std::invalid_argument.
  constexpr explicit GELU(std::string_view a) : approximate(parse(a)) {}

 private:
  friend detail::elementwise_activation<GELU<T>, T>;
  constexpr detail::gelu_op<T> op() const noexcept {
    return {approximate == gelu_approximate::tanh};
  }
  static constexpr gelu_approximate parse(std::string_view a) {
    if (a == "none") return gelu_approximate::none;
    if (a == "tanh") return gelu_approximate::tanh;
    // detail::fail throws, or prints and aborts where exceptions are off (-fno-exceptions).
    detail::fail({name, detail::type_name<T>, "GELU"},
                 "approximate must be \"none\" or \"tanh\", not \"" + std::string(a) + "\"");
  }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_GELU_HPP
