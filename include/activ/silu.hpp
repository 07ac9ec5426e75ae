// SPDX-License-Identifier: MIT
// activ::SiLU (Swish): x sigmoid(x), forward, derivative and backward.
#ifndef ACTIV_SILU_HPP
#define ACTIV_SILU_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// SiLU (Swish): f(x) = x sigmoid(x) = x / (1 + e^-x); f'(x) = sigmoid(x) (1 + x sigmoid(-x)).
///
/// Conventions as PyTorch's (torch.nn.SiLU) where PyTorch is right: f(-0) = -0, f(NaN) = NaN,
/// f(inf) = inf, f'(0) = 0.5. Where PyTorch is not, activ returns the exact value's rounding:
/// f(-inf) = -0 and f'(-inf) = 0, f'(inf) = 1 (PyTorch: NaN), and f(x) stays a subnormal, not
/// -0, for -103.97 > x > -109.3 (float), -745.13 > x > -751.6 (double; PyTorch flushes from
/// -88.72 / -709.78).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP forward (float: all 2^32 inputs; double: golden data); derivative 1 ULP
/// except within 1/64 of its zero x0 = -1.2785, where the exact value itself cancels and the
/// error is at most 2^-26 absolute (float; measured on every float there). Valid: all x.
template <FloatingPoint T = float>
struct SiLU : detail::elementwise_activation<SiLU<T>, T> {
  static constexpr std::string_view name = "SiLU";

 private:
  friend detail::elementwise_activation<SiLU<T>, T>;
  constexpr detail::silu_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SILU_HPP
