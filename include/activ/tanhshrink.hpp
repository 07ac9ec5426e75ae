// SPDX-License-Identifier: MIT
// activ::Tanhshrink: x - tanh(x), forward, derivative and backward, accurate near 0.
#ifndef ACTIV_TANHSHRINK_HPP
#define ACTIV_TANHSHRINK_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Tanhshrink: f(x) = x - tanh(x); f'(x) = tanh(x)^2.
///
/// Conventions as PyTorch's (torch.nn.Tanhshrink) where PyTorch is right: f(+-inf) = +-inf,
/// f'(+-inf) = 1, f'(0) = 0, NaN gives NaN. Where it is not, activ returns the exact value's
/// rounding: near 0, f(x) ~ x^3/3 and f'(x) ~ x^2 from an odd polynomial (PyTorch's x - tanh(x)
/// cancels: 0 for |x| < 3.5e-4 (float) / 1.7e-8 (double), derivative 0 below 1.7e-4 / 7.5e-9),
/// and f is odd: f(-0) = -0 (PyTorch: +0).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative (float: all 2^32 inputs; double: golden data).
/// Valid: all x.
template <FloatingPoint T = float>
struct Tanhshrink : detail::elementwise_activation<Tanhshrink<T>, T> {
  static constexpr std::string_view name = "Tanhshrink";

 private:
  friend detail::elementwise_activation<Tanhshrink<T>, T>;
  constexpr detail::tanhshrink_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_TANHSHRINK_HPP
