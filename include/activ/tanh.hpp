// SPDX-License-Identifier: MIT
// activ::Tanh: the hyperbolic tangent, forward, derivative and backward.
#ifndef ACTIV_TANH_HPP
#define ACTIV_TANH_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Tanh: f(x) = tanh(x); f'(x) = 1 - tanh(x)^2 = 4 e^-2|x| / (1 + e^-2|x|)^2.
///
/// Conventions as PyTorch's: f(-0) = -0, f(subnormal) = the same subnormal, f(+-inf) = +-1,
/// f(NaN) = NaN, f'(+-inf) = 0, f'(NaN) = NaN. f'(x) is computed from x, not from the rounded
/// f(x), so f'(10) = 8.24e-09 where PyTorch gives 0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: see README "Accuracy" (tested bound 2 ULP, forward and derivative, float and
/// double). Valid: all x.
template <FloatingPoint T = float>
struct Tanh : detail::elementwise_activation<Tanh<T>, T> {
  static constexpr std::string_view name = "Tanh";

 private:
  friend detail::elementwise_activation<Tanh<T>, T>;
  constexpr detail::tanh_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_TANH_HPP
