// SPDX-License-Identifier: MIT
// activ::Softplus and activ::LogSigmoid: log(1 + e^(beta x))/beta and -log(1 + e^-x), forward,
// derivative and backward, from one double-word log1p.
#ifndef ACTIV_SOFTPLUS_HPP
#define ACTIV_SOFTPLUS_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Softplus: f(x) = log(1 + e^(beta x)) / beta; f'(x) = sigmoid(beta x).
///
/// PyTorch's parameters, defaults and rule (torch.nn.Softplus, beta = 1, threshold = 20): where
/// beta x > threshold (strictly) f(x) = x and f'(x) = 1, as PyTorch; so f jumps down just above
/// x = threshold/beta (by up to e^-threshold/beta). threshold = +inf gives the exact function
/// everywhere (f still returns x where beta x > 16 (float) / 40 (double): the exact value
/// rounds to x there). beta x is carried as a double-word (PyTorch rounds it first).
/// f(-inf) = 0, f'(-inf) = 0, f(inf) = inf, f'(inf) = 1, f(0) = log(2)/beta, f'(0) = 1/2, NaN
/// gives NaN. beta > 0; for tiny beta (e^-160 / beta not negligible, float) the far left tail
/// flushes to 0.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error (below the threshold): 1 ULP, forward and derivative (float, all 2^32 inputs with
/// beta = 1, threshold = inf; double and beta = 2: golden data). Valid: all x.
template <FloatingPoint T = float>
struct Softplus : detail::elementwise_activation<Softplus<T>, T> {
  static constexpr std::string_view name = "Softplus";

  T beta = T(1);
  T threshold = T(20);

  constexpr Softplus() noexcept = default;
  /// beta and threshold convert to T, as PyTorch converts them to the tensor's dtype.
  template <class B, class H = int>
    requires std::is_arithmetic_v<B> && std::is_arithmetic_v<H>
  constexpr explicit Softplus(B b, H t = 20) noexcept
      : beta(static_cast<T>(b)), threshold(static_cast<T>(t)) {}

 private:
  friend detail::elementwise_activation<Softplus<T>, T>;
  constexpr detail::softplus_op<T> op() const noexcept { return {beta, threshold}; }
};

/// LogSigmoid: f(x) = log(sigmoid(x)) = -log(1 + e^-x) = min(x, 0) - log(1 + e^-|x|);
/// f'(x) = sigmoid(-x).
///
/// PyTorch's conventions (torch.nn.LogSigmoid) where PyTorch is right: f(-inf) = -inf with
/// f'(-inf) = 1, f(0) = -log 2, f'(0) = 1/2, f'(inf) = 0, NaN gives NaN. Where it is not,
/// activ returns the exact value's rounding: f(x) = -e^-x for large x, a subnormal down to
/// x = 103.97 (float) / 745.13 (double), then -0, and f(inf) = -0 (PyTorch: 0 from
/// x = 102.87 / 744.03, and +0 at inf).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP, forward and derivative (float: all 2^32 inputs; double: golden data).
/// Valid: all x.
template <FloatingPoint T = float>
struct LogSigmoid : detail::elementwise_activation<LogSigmoid<T>, T> {
  static constexpr std::string_view name = "LogSigmoid";

 private:
  friend detail::elementwise_activation<LogSigmoid<T>, T>;
  constexpr detail::logsigmoid_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SOFTPLUS_HPP
