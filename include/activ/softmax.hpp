// SPDX-License-Identifier: MIT
// activ::Softmax and activ::LogSoftmax over a span, a batch of rows or along a middle
// dimension (activ::extents), with their backward passes and softmax's Jacobian.
#ifndef ACTIV_SOFTMAX_HPP
#define ACTIV_SOFTMAX_HPP

#include <cstddef>
#include <span>
#include <string_view>

#include "concepts.hpp"
#include "extents.hpp"
#include "detail/config.hpp"
#include "detail/checks.hpp"
#include "detail/dispatch.hpp"
#include "detail/rows.hpp"

ACTIV_STRICT_PUSH
namespace activ::inline ACTIV_ABI {

/// Softmax: y_i = e^(x_i - m) / sum_j e^(x_j - m), m = max_j x_j, over a whole span
/// (`s(x, y)`), over each consecutive row of n elements (`s(x, y, n)`, PyTorch's dim=-1), or
/// along the middle dimension of a row-major (outer, n, inner) tensor
/// (`s(x, y, activ::extents{outer, n, inner})`, PyTorch's dim=d without a transpose).
/// backward(y, dy, dx[, n]) is the vector-Jacobian product from the forward output:
/// dx_i = y_i (dy_i - sum_j dy_j y_j). derivative(x, J) writes the n x n Jacobian
/// J_ij = y_i (delta_ij - y_j), row-major.
///
/// Conventions as PyTorch's: stable for huge inputs ([1e30, 1e30, 0] -> [0.5, 0.5, 0]);
/// -inf entries give 0; a row that is all -inf, or holds +inf or NaN, is all NaN (and so is
/// its backward); a length-1 finite row gives 1. One bad row leaves the others alone.
///
/// Throws std::invalid_argument when sizes differ, n is 0 or does not divide the size, the
/// extents' product is not the size, J does not have n^2 elements, or spans partially overlap;
/// y may be x itself, dx may be y or dy.
/// Max error: see README "Accuracy" (per element, relative, tested).
template <FloatingPoint T = float>
struct Softmax : detail::row_activation<Softmax<T>, T, detail::softmax_rows_tag> {
  static constexpr std::string_view name = "Softmax";

  /// The Jacobian dy_i/dx_j of softmax(x), n x n row-major in J. It needs no scratch memory:
  /// y is computed into J's last row, then each row is filled from it, the last one last.
  constexpr void derivative(std::span<const T> x, std::span<T> J) const {
    const detail::call_site where{name, detail::type_name<T>, "derivative"};
    const std::size_t n = x.size();
    if (J.size() != n * n) detail::bad_jacobian_size(where, n, J.size());
    detail::check_overlap(where, "x", x, "J", J);
    if (n == 0) return;
    T* y = J.data() + (n - 1) * n;
    detail::run_rows(detail::softmax_rows_tag{}, x.data(), y, 1, n);
    for (std::size_t i = 0; i + 1 < n; ++i)
      for (std::size_t j = 0; j < n; ++j) J[i * n + j] = jacobian(y[i], y[j], i == j);
    const T y_last = y[n - 1];
    for (std::size_t j = 0; j + 1 < n; ++j) y[j] = jacobian(y_last, y[j], false);
    y[n - 1] = jacobian(y_last, y_last, true);
  }

 private:
  // y_i (delta_ij - y_j); on the diagonal y_i - y_i^2 with one rounding.
  static constexpr T jacobian(T yi, T yj, bool diagonal) noexcept {
    return diagonal ? detail::scalar::fma(-yi, yj, yi) : -(yi * yj);
  }
};

/// LogSoftmax: y_i = (x_i - m) - log sum_j e^(x_j - m), over a span, rows or extents as Softmax.
/// backward(y, dy, dx[, n]) from the forward output: dx_i = dy_i - e^(y_i) sum_j dy_j.
///
/// Conventions as PyTorch's: -inf entries give -inf (and dx_i = dy_i); [max, -max] gives
/// [0, -inf]; rows of all -inf, or with +inf or NaN, are all NaN; a length-1 finite row
/// gives 0.
///
/// Throws as Softmax. Max error: see README "Accuracy" (absolute, tested).
template <FloatingPoint T = float>
struct LogSoftmax : detail::row_activation<LogSoftmax<T>, T, detail::log_softmax_rows_tag> {
  static constexpr std::string_view name = "LogSoftmax";
};

}  // namespace activ::inline ACTIV_ABI
ACTIV_STRICT_POP

#endif  // ACTIV_SOFTMAX_HPP
