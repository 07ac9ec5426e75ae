// SPDX-License-Identifier: MIT
// The members Softmax and LogSoftmax share: forward and backward over a whole span or over
// consecutive rows, with the argument checks.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_ROWS_HPP
#define ACTIV_DETAIL_ROWS_HPP

#include <cstddef>
#include <span>

#include "checks.hpp"
#include "config.hpp"
#include "dispatch.hpp"

// Strict: the scalar forms inline the kernels here, so no contraction may change them.
ACTIV_STRICT_PUSH
namespace activ::inline ACTIV_ABI::detail {

// CRTP base: Derived has `name`; Tag names its row kernels (dispatch.hpp).
template <class Derived, class T, class Tag> class row_activation {
 public:
  using value_type = T;

  /// The function over the whole span as one row. Empty spans are fine.
  constexpr void operator()(std::span<const T> x, std::span<T> y) const {
    forward(x, y, x.size(), "operator()");
  }

  /// The function over each consecutive row of n elements; n must divide x.size().
  constexpr void operator()(std::span<const T> x, std::span<T> y, std::size_t n) const {
    if (n == 0 || x.size() % n != 0)
      bad_row_length({Derived::name, type_name<T>, "operator()"}, n, x.size());
    forward(x, y, n, "operator()");
  }

  /// The vector-Jacobian product dx = J^T dy of the whole span, from the forward output y.
  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx) const {
    backward(y, dy, dx, y.size(), "backward");
  }

  /// The same for each consecutive row of n elements.
  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx,
                          std::size_t n) const {
    if (n == 0 || y.size() % n != 0)
      bad_row_length({Derived::name, type_name<T>, "backward"}, n, y.size());
    backward(y, dy, dx, n, "backward");
  }

 private:
  constexpr void forward(std::span<const T> x, std::span<T> y, std::size_t n,
                         std::string_view method) const {
    const call_site where{Derived::name, type_name<T>, method};
    check_size(where, "x", x.size(), "y", y.size());
    check_overlap(where, "x", x, "y", y);
    if (x.empty()) return;
    run_rows(Tag{}, x.data(), y.data(), x.size() / n, n);
  }

  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx,
                          std::size_t n, std::string_view method) const {
    const call_site where{Derived::name, type_name<T>, method};
    check_size(where, "y", y.size(), "dy", dy.size());
    check_size(where, "y", y.size(), "dx", dx.size());
    check_overlap(where, "y", y, "dx", dx);
    check_overlap(where, "dy", dy, "dx", dx);
    if (y.empty()) return;
    run_backward_rows(Tag{}, y.data(), dy.data(), dx.data(), y.size() / n, n);
  }
};

}  // namespace activ::inline ACTIV_ABI::detail
ACTIV_STRICT_POP

#endif  // ACTIV_DETAIL_ROWS_HPP
