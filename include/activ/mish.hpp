// SPDX-License-Identifier: MIT
// activ::Mish: x tanh(softplus(x)), forward, derivative and backward.
#ifndef ACTIV_MISH_HPP
#define ACTIV_MISH_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Mish: f(x) = x tanh(softplus(x)) = x N/(N + 2) with N = e^x (e^x + 2);
/// f'(x) = tanh(softplus(x)) + x sech^2(softplus(x)) sigmoid(x)
///       = N/(N + 2) + x 4 e^x (1 + e^x)/(N + 2)^2.
///
/// Conventions as PyTorch's (torch.nn.Mish) where PyTorch is right: f(-0) = -0, f(inf) = inf,
/// f'(0) = 0.6, NaN gives NaN. Where it is not, activ returns the exact value's rounding:
/// f(-inf) = -0 (PyTorch: NaN), f'(-inf) = -0 and f'(inf) = 1 (PyTorch: NaN), and the tail
/// f(x) ~ x e^x stays a subnormal down to x = -108.7 (float) / -751.7 (double), not -0 (PyTorch
/// flushes from -102.87 / -744.03).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP forward (float: all 2^32 inputs; double: golden data); derivative 1 ULP
/// except within 1/64 of its zero x0 = -1.1924, where the exact value itself cancels and the
/// error is bounded in absolute terms (README). Valid: all x.
template <FloatingPoint T = float>
struct Mish : detail::elementwise_activation<Mish<T>, T> {
  static constexpr std::string_view name = "Mish";

 private:
  friend detail::elementwise_activation<Mish<T>, T>;
  constexpr detail::mish_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_MISH_HPP
