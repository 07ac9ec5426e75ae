// SPDX-License-Identifier: MIT
// activ::Softsign: x / (1 + |x|), forward, derivative and backward.
#ifndef ACTIV_SOFTSIGN_HPP
#define ACTIV_SOFTSIGN_HPP

#include <string_view>
#include <type_traits>

#include "concepts.hpp"
#include "detail/elementwise.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

/// Softsign: f(x) = x / (1 + |x|); f'(x) = 1 / (1 + |x|)^2.
///
/// Both rounded once from an exact 1 + |x| (PyTorch rounds 1 + |x| first, and its derivative
/// cancels: it is 0 for |x| >= 2^25 in float). f(-0) = -0, f(NaN) = NaN; f(+-inf) = +-1 and
/// f'(+-inf) = 0, the limits (PyTorch: NaN, from inf/inf).
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: 1 ULP (float, all 2^32 inputs, forward and derivative); 1 ULP (double, golden
/// data). Valid: every input.
template <FloatingPoint T = float>
struct Softsign : detail::elementwise_activation<Softsign<T>, T> {
  static constexpr std::string_view name = "Softsign";

 private:
  friend detail::elementwise_activation<Softsign<T>, T>;
  constexpr detail::softsign_op<T> op() const noexcept { return {}; }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SOFTSIGN_HPP
