// SPDX-License-Identifier: MIT
// activ::Hardsigmoid and activ::Hardswish: the piecewise-linear sigmoid and x times it.
#ifndef ACTIV_HARDSIGMOID_HPP
#define ACTIV_HARDSIGMOID_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Hardsigmoid: f(x) = min(max(x + 3, 0), 6) / 6; f'(x) = -3 < x < 3 ? 1/6 : 0.
///
/// PyTorch's values bit for bit (torch.nn.Hardsigmoid: the sum, then the quotient, each
/// rounded): f(NaN) = NaN, f(+inf) = 1, f(-inf) = 0; f' is 0 at +-3 and at NaN. The double
/// derivative is 1/6 rounded to double (PyTorch's is float's 1/6, 3e-8 off).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP (y, as PyTorch rounds it); the derivative is correctly rounded.
/// Valid: every input.
template <FloatingPoint T = float>
struct Hardsigmoid : detail::elementwise_activation<Hardsigmoid<T>, T> {
  static constexpr std::string_view name = "Hardsigmoid";

 private:
  friend detail::elementwise_activation<Hardsigmoid<T>, T>;
  constexpr detail::hardsigmoid_op<T> op() const noexcept { return {}; }
};

/// Hardswish: f(x) = x min(max(x + 3, 0), 6) / 6; f'(x) = x < -3 ? 0 : x >= 3 ? 1 : (2x + 3)/6.
///
/// PyTorch's values bit for bit (torch.nn.Hardswish, its vectorised loop) below 3; f(x) = x,
/// exactly, from 3 on (PyTorch's x*6/6 is at times 1 ulp off, and inf from 5.67e37 in float),
/// and f(x) = -0 for x <= -3, -inf included (PyTorch: NaN at -inf). f'(-3) = -1/2 (the right
/// side), f'(3) = 1, f'(NaN) = NaN, f(NaN) = NaN. The slope is computed as (2x + 3)/6, not as
/// PyTorch's x/3 + 1/2, which cancels near -1.5.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP (y: PyTorch's rounding of x m / 6; f': (2x + 3)/6). Valid: every input.
template <FloatingPoint T = float>
struct Hardswish : detail::elementwise_activation<Hardswish<T>, T> {
  static constexpr std::string_view name = "Hardswish";

 private:
  friend detail::elementwise_activation<Hardswish<T>, T>;
  constexpr detail::hardswish_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_HARDSIGMOID_HPP
