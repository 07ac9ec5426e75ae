// SPDX-License-Identifier: MIT
// The members every element-wise functor shares: scalar and span forms of forward, derivative
// and backward, with the argument checks, over the functor's operation tag.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_ELEMENTWISE_HPP
#define ACTIV_DETAIL_ELEMENTWISE_HPP

#include <span>
#include <type_traits>

#include "checks.hpp"
#include "config.hpp"
#include "dispatch.hpp"
#include "simd/scalar.hpp"

// Strict: the scalar forms inline the kernels here, so no contraction may change them.
ACTIV_STRICT_PUSH
namespace activ::inline ACTIV_ABI::detail {

// CRTP base: Derived names itself (`name`) and says what to compute (`op()`).
template <class Derived, class T> class elementwise_activation {
 public:
  using value_type = T;

  /// f(x).
  [[nodiscard]] constexpr T operator()(T x) const noexcept { return scalar::forward(op(), x); }

  /// f'(x).
  [[nodiscard]] constexpr T derivative(T x) const noexcept {
    return scalar::derivative(op(), x);
  }

  /// y[i] = f(x[i]). Throws std::invalid_argument if the sizes differ or the spans partially
  /// overlap; y may be x itself.
  constexpr void operator()(std::span<const T> x, std::span<T> y) const {
    const call_site where{Derived::name, type_name<T>, "operator()"};
    check_size(where, "x", x.size(), "y", y.size());
    check_overlap(where, "x", x, "y", y);
    run_forward(op(), x.data(), y.data(), x.size());
  }

  /// d[i] = f'(x[i]). Same checks as the forward form.
  constexpr void derivative(std::span<const T> x, std::span<T> d) const {
    const call_site where{Derived::name, type_name<T>, "derivative"};
    check_size(where, "x", x.size(), "d", d.size());
    check_overlap(where, "x", x, "d", d);
    run_derivative(op(), x.data(), d.data(), x.size());
  }

  /// dx[i] = dy[i] * f'(x[i]), the backward pass. dx may be x or dy itself.
  constexpr void backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx) const {
    const call_site where{Derived::name, type_name<T>, "backward"};
    check_size(where, "x", x.size(), "dy", dy.size());
    check_size(where, "x", x.size(), "dx", dx.size());
    check_overlap(where, "x", x, "dx", dx);
    check_overlap(where, "dy", dy, "dx", dx);
    run_backward(op(), x.data(), dy.data(), dx.data(), x.size());
  }

 private:
  constexpr auto op() const noexcept { return static_cast<const Derived&>(*this).op(); }

  // The operation tag, found by ADL, for kernels that apply this activation as they write
  // their output (Linear::forward with an activation).
  friend constexpr auto kernel_op(const elementwise_activation& f) noexcept { return f.op(); }
};

}  // namespace activ::inline ACTIV_ABI::detail
ACTIV_STRICT_POP

#endif  // ACTIV_DETAIL_ELEMENTWISE_HPP
