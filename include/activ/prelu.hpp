// SPDX-License-Identifier: MIT
// activ::PReLU: x for x > 0, weight * x otherwise (one learnable slope), forward, derivative,
// backward and the weight's gradient.
#ifndef ACTIV_PRELU_HPP
#define ACTIV_PRELU_HPP

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// PReLU with one weight: f(x) = x > 0 ? x : weight * x; f'(x) = x > 0 ? 1 : weight;
/// df/dweight = x > 0 ? 0 : x.
///
/// PyTorch's conventions (torch.nn.PReLU(num_parameters=1, init=0.25)): f(-0) = -0,
/// f(NaN) = NaN, f(-inf) = -inf; f'(0) = f'(NaN) = weight. The same kernel as LeakyReLU; the
/// weight is a public member, updated by the caller from weight_gradient().
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact (0 ULP: one multiplication). Valid: every input.
template <FloatingPoint T = float>
struct PReLU : detail::elementwise_activation<PReLU<T>, T> {
  static constexpr std::string_view name = "PReLU";

  T weight = T(0.25);

  constexpr PReLU() noexcept = default;
  template <class U>
    requires std::is_arithmetic_v<U>
  constexpr explicit PReLU(U w) noexcept : weight(static_cast<T>(w)) {}

  /// The weight's gradient for upstream dy: the sum of x[i] dy[i] over the x[i] that are not
  /// > 0 (NaN included, so one NaN input makes it NaN, as PyTorch). Summed in order, in T.
  /// Throws std::invalid_argument if the sizes differ.
  [[nodiscard]] constexpr T weight_gradient(std::span<const T> x, std::span<const T> dy) const {
    const detail::call_site where{name, detail::type_name<T>, "weight_gradient"};
    detail::check_size(where, "x", x.size(), "dy", dy.size());
    T sum = T(0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!(x[i] > T(0))) sum += x[i] * dy[i];
    }
    return sum;
  }

 private:
  friend detail::elementwise_activation<PReLU<T>, T>;
  constexpr detail::leaky_relu_op<T> op() const noexcept { return {weight}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_PRELU_HPP
