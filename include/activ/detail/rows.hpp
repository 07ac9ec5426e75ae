// SPDX-License-Identifier: MIT
// The members Softmax and LogSoftmax share: forward and backward over a whole span, over
// consecutive rows, or along the middle dimension of an (outer, n, inner) tensor, with the
// argument checks.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_ROWS_HPP
#define ACTIV_DETAIL_ROWS_HPP

#include <cstddef>
#include <span>

#include "../extents.hpp"
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
    forward(x, y, {1, x.size(), 1}, "operator()");
  }

  /// The function over each consecutive row of n elements; n must divide x.size().
  constexpr void operator()(std::span<const T> x, std::span<T> y, std::size_t n) const {
    if (n == 0 || x.size() % n != 0)
      bad_row_length({Derived::name, type_name<T>, "operator()"}, n, x.size());
    forward(x, y, {x.size() / n, n, 1}, "operator()");
  }

  /// The function along the middle dimension of a row-major (outer, n, inner) tensor (PyTorch's
  /// dim=d, see activ::extents): each of the outer * inner fibres of n elements, inner apart, is
  /// normalised on its own; outer * n * inner must be x.size().
  constexpr void operator()(std::span<const T> x, std::span<T> y, extents e) const {
    check_extents({Derived::name, type_name<T>, "operator()"}, "x", x.size(), e.outer, e.n,
                  e.inner);
    forward(x, y, e, "operator()");
  }

  /// The vector-Jacobian product dx = J^T dy of the whole span, from the forward output y.
  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx) const {
    backward(y, dy, dx, {1, y.size(), 1}, "backward");
  }

  /// The same for each consecutive row of n elements.
  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx,
                          std::size_t n) const {
    if (n == 0 || y.size() % n != 0)
      bad_row_length({Derived::name, type_name<T>, "backward"}, n, y.size());
    backward(y, dy, dx, {y.size() / n, n, 1}, "backward");
  }

  /// The same along the middle dimension of an (outer, n, inner) tensor.
  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx,
                          extents e) const {
    check_extents({Derived::name, type_name<T>, "backward"}, "y", y.size(), e.outer, e.n,
                  e.inner);
    backward(y, dy, dx, e, "backward");
  }

 private:
  constexpr void forward(std::span<const T> x, std::span<T> y, extents e,
                         std::string_view method) const {
    const call_site where{Derived::name, type_name<T>, method};
    check_size(where, "x", x.size(), "y", y.size());
    check_overlap(where, "x", x, "y", y);
    if (x.empty()) return;
    run_rows(Tag{}, x.data(), y.data(), e.outer, e.n, e.inner);
  }

  constexpr void backward(std::span<const T> y, std::span<const T> dy, std::span<T> dx,
                          extents e, std::string_view method) const {
    const call_site where{Derived::name, type_name<T>, method};
    check_size(where, "y", y.size(), "dy", dy.size());
    check_size(where, "y", y.size(), "dx", dx.size());
    check_overlap(where, "y", y, "dx", dx);
    check_overlap(where, "dy", dy, "dx", dx);
    if (y.empty()) return;
    run_backward_rows(Tag{}, y.data(), dy.data(), dx.data(), e.outer, e.n, e.inner);
  }
};

}  // namespace activ::inline ACTIV_ABI::detail
ACTIV_STRICT_POP

#endif  // ACTIV_DETAIL_ROWS_HPP
