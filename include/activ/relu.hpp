// SPDX-License-Identifier: MIT
// activ::ReLU: the rectified linear unit max(0, x), forward, derivative and backward.
#ifndef ACTIV_RELU_HPP
#define ACTIV_RELU_HPP

#include <string_view>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// ReLU: f(x) = max(0, x); f'(x) = x > 0 ? 1 : 0.
///
/// PyTorch's conventions (torch.nn.functional.relu and its autograd): relu(-0) = -0,
/// relu(NaN) = NaN, relu(-inf) = 0; f'(0) = 0, and f'(NaN) = 1, since PyTorch's backward is
/// `x <= 0 ? 0 : dy`: backward passes dy through for NaN and writes 0 (not 0 * dy) elsewhere.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact (0 ULP). Valid: every input.
template <FloatingPoint T = float>
struct ReLU : detail::elementwise_activation<ReLU<T>, T> {
  static constexpr std::string_view name = "ReLU";

 private:
  friend detail::elementwise_activation<ReLU<T>, T>;
  constexpr detail::relu_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_RELU_HPP
