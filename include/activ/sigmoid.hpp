// SPDX-License-Identifier: MIT
// activ::Sigmoid: the logistic function 1 / (1 + e^-x), forward, derivative and backward.
#ifndef ACTIV_SIGMOID_HPP
#define ACTIV_SIGMOID_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Sigmoid: f(x) = 1 / (1 + e^-x); f'(x) = f(x) f(-x) = e^-|x| / (1 + e^-|x|)^2.
///
/// Conventions as PyTorch's: f(+-0) = 0.5, f(+inf) = 1, f(-inf) = 0, f(NaN) = NaN,
/// f'(+-inf) = 0, f'(NaN) = NaN. Where PyTorch is less accurate, activ returns the correctly
/// rounded value's neighbourhood instead: f(x) is subnormal, not 0, for -103.97 < x < -87.34
/// (float; -745.13 < x < -708.40 for double), and f'(x) is computed from x, not from the
/// rounded f(x), so f'(20) = 2.06e-09 where PyTorch gives 0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: see README "Accuracy" (tested bound 2 ULP, forward and derivative, float and
/// double; subnormal results included). Valid: all x.
template <FloatingPoint T = float>
struct Sigmoid : detail::elementwise_activation<Sigmoid<T>, T> {
  static constexpr std::string_view name = "Sigmoid";

 private:
  friend detail::elementwise_activation<Sigmoid<T>, T>;
  constexpr detail::sigmoid_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SIGMOID_HPP
