// SPDX-License-Identifier: MIT
// activ::PReLU: x for x > 0, weight * x otherwise (one learnable slope), and activ::ChannelPReLU
// (one slope per channel): forward, derivative, backward and the weights' gradient.
#ifndef ACTIV_PRELU_HPP
#define ACTIV_PRELU_HPP

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/elementwise.hpp"
#include "detail/dispatch.hpp"
#include "detail/ops.hpp"
#include "extents.hpp"

namespace activ::inline ACTIV_ABI {

/// PReLU with one weight: f(x) = x > 0 ? x : weight * x; f'(x) = x > 0 ? 1 : weight;
/// df/dweight = x > 0 ? 0 : x.
///
/// PyTorch's conventions (torch.nn.PReLU(num_parameters=1, init=0.25)): f(-0) = -0,
/// f(NaN) = NaN, f(-inf) = -inf; f'(0) = f'(NaN) = weight. The same kernel as LeakyReLU; the
/// weight is a public member, updated by the caller from weight_gradient(). In a Sequential the
/// weight is trained: backward adds to weight_grad, as PyTorch's .grad, and SGD steps it.
///
/// Span forms throw std::invalid_argument when sizes differ or spans partially overlap.
/// Max error: exact (0 ULP: one multiplication). Valid: every input.
template <FloatingPoint T = float>
struct PReLU : detail::elementwise_activation<PReLU<T>, T> {
  static constexpr std::string_view name = "PReLU";

  T weight = T(0.25);
  T weight_grad = T(0);  ///< Sequential::backward adds dLoss/dweight here; zero_grad() clears it

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

  constexpr void zero_grad() noexcept { weight_grad = T(0); }

 private:
  friend detail::elementwise_activation<PReLU<T>, T>;
  constexpr detail::leaky_relu_op<T> op() const noexcept { return {weight}; }
};


/// PReLU with one weight per channel, as torch.nn.PReLU(num_parameters = C): the channels are
/// dimension 1 of the input (N, C, *), so an input is seen as extents{.outer = N, .n = C,
/// .inner = the product of the remaining dimensions}, and element (o, c, i) gets
/// f(x) = x > 0 ? x : weight[c] x, f'(x) = x > 0 ? 1 : weight[c]. Rows of C (an (N, C) input)
/// need no extents. Conventions as PReLU's (f(-0) = -0, f'(0) = f'(NaN) = weight[c]).
///
/// The weights are a public vector (initialised to `init`, 0.25 as PyTorch), updated by the
/// caller from weight_gradient(); in a Sequential, backward adds their gradient to weight_grad
/// (as PyTorch's .grad) and SGD steps them. Each method throws std::invalid_argument (naming the method
/// and the sizes) when extents.n is not the number of weights, the extents' product is not a
/// span's size, the rows form's size is not a multiple of C, or spans partially overlap; y, d
/// and dx may be the very same span as x (or dy). Results are exact (one multiplication); the
/// weight gradient is a sum rounded in T (summed per lane, then across lanes, where inner > 1).
template <FloatingPoint T = float>
class ChannelPReLU {
 public:
  using value_type = T;
  static constexpr std::string_view name = "ChannelPReLU";

  std::vector<T> weight;
  /// Where Sequential::backward adds dLoss/dweight (one per weight, zeros at first; if weight
  /// is resized, the next backward starts it again from zeros).
  std::vector<T> weight_grad;

  /// num_parameters weights, each `init`. Throws std::invalid_argument for 0 weights.
  explicit ChannelPReLU(std::size_t num_parameters, T init = T(0.25))
      : weight(checked_count(num_parameters), init), weight_grad(num_parameters, T(0)) {}
  ChannelPReLU(std::initializer_list<T> weights) : ChannelPReLU(std::span<const T>(weights)) {}
  explicit ChannelPReLU(std::span<const T> weights)
      : weight(weights.begin(), weights.end()), weight_grad(weights.size(), T(0)) {
    checked_count(weight.size());
  }

  [[nodiscard]] std::size_t channels() const noexcept { return weight.size(); }

  void zero_grad() noexcept { weight_grad.assign(weight.size(), T(0)); }

  /// y = f(x) over an (outer, channels, inner) tensor.
  void operator()(std::span<const T> x, std::span<T> y, extents e) const {
    const detail::call_site where{name, detail::type_name<T>, "operator()"};
    check_pair(where, x, "y", y, e);
    detail::run_channel_prelu_forward(x.data(), weight.data(), y.data(), e.outer, e.n, e.inner);
  }
  /// y = f(x) over rows of `channels` elements.
  void operator()(std::span<const T> x, std::span<T> y) const { (*this)(x, y, rows(x, "operator()")); }

  /// d = f'(x).
  void derivative(std::span<const T> x, std::span<T> d, extents e) const {
    const detail::call_site where{name, detail::type_name<T>, "derivative"};
    check_pair(where, x, "d", d, e);
    detail::run_channel_prelu_backward(x.data(), static_cast<const T*>(nullptr), weight.data(),
                                       d.data(), e.outer, e.n, e.inner);
  }
  void derivative(std::span<const T> x, std::span<T> d) const {
    derivative(x, d, rows(x, "derivative"));
  }

  /// dx = dy f'(x), the backward pass.
  void backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx, extents e) const {
    const detail::call_site where{name, detail::type_name<T>, "backward"};
    check_pair(where, x, "dx", dx, e);
    detail::check_size(where, "x", x.size(), "dy", dy.size());
    detail::check_overlap(where, "dy", dy, "dx", dx);
    detail::run_channel_prelu_backward(x.data(), dy.data(), weight.data(), dx.data(), e.outer,
                                       e.n, e.inner);
  }
  void backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx) const {
    backward(x, dy, dx, rows(x, "backward"));
  }

  /// dw[c] = the sum of x dy over channel c's elements where x is not > 0 (written, not added
  /// to; one NaN input makes its channel's sum NaN, as PyTorch). dw has `channels` elements.
  void weight_gradient(std::span<const T> x, std::span<const T> dy, std::span<T> dw,
                       extents e) const {
    const detail::call_site where{name, detail::type_name<T>, "weight_gradient"};
    check_weights(where, e);
    detail::check_extents(where, "x", x.size(), e.outer, e.n, e.inner);
    detail::check_size(where, "x", x.size(), "dy", dy.size());
    detail::check_size(where, "weight", weight.size(), "dw", dw.size());
    detail::check_overlap(where, "x", x, "dw", dw);
    detail::check_overlap(where, "dy", dy, "dw", dw);
    detail::run_channel_prelu_weight_gradient(x.data(), dy.data(), dw.data(), e.outer, e.n,
                                              e.inner);
  }
  void weight_gradient(std::span<const T> x, std::span<const T> dy, std::span<T> dw) const {
    weight_gradient(x, dy, dw, rows(x, "weight_gradient"));
  }

 private:
  static std::size_t checked_count(std::size_t count) {
    if (count == 0)
      detail::fail({name, detail::type_name<T>, "ChannelPReLU"}, "needs at least one weight");
    return count;
  }

  void check_weights(const detail::call_site& where, extents e) const {
    if (e.n != weight.size())
      detail::fail(where, "the extents' n = " + std::to_string(e.n) + " but there are " +
                              std::to_string(weight.size()) + " weights (one per channel)");
  }

  void check_pair(const detail::call_site& where, std::span<const T> x, std::string_view out_name,
                  std::span<T> out, extents e) const {
    check_weights(where, e);
    detail::check_extents(where, "x", x.size(), e.outer, e.n, e.inner);
    detail::check_size(where, "x", x.size(), out_name, out.size());
    detail::check_overlap(where, "x", x, out_name, out);
  }

  // An (N, C) input: N rows of the C channels.
  extents rows(std::span<const T> x, std::string_view method) const {
    if (x.size() % weight.size() != 0)
      detail::fail({name, detail::type_name<T>, method},
                   "x has " + std::to_string(x.size()) + " elements, not a multiple of the " +
                       std::to_string(weight.size()) + " channels");
    return {x.size() / weight.size(), weight.size(), 1};
  }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_PRELU_HPP
