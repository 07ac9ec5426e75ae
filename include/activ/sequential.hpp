// SPDX-License-Identifier: MIT
// activ::Sequential: Linear layers and activations chained with static types (torch.nn.Sequential),
// forward over a batch and backward by the chain rule, with the intermediate buffers it owns.
#ifndef ACTIV_SEQUENTIAL_HPP
#define ACTIV_SEQUENTIAL_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/config.hpp"
#include "linear.hpp"
#include "prelu.hpp"
#include "softmax.hpp"

namespace activ::inline ACTIV_ABI {

namespace detail {

template <class L> struct is_linear : std::false_type {};
template <class T> struct is_linear<Linear<T>> : std::true_type {};
template <class L> struct is_prelu : std::false_type {};
template <class T> struct is_prelu<PReLU<T>> : std::true_type {};
template <class L> struct is_channel_prelu : std::false_type {};
template <class T> struct is_channel_prelu<ChannelPReLU<T>> : std::true_type {};
template <class L> struct is_row_layer : std::false_type {};
template <class T> struct is_row_layer<Softmax<T>> : std::true_type {};
template <class T> struct is_row_layer<LogSoftmax<T>> : std::true_type {};

template <class First, class... Rest> struct first_type { using type = First; };

}  // namespace detail

/// A layer Sequential can hold: a Linear<T>, an element-wise activation over T (ReLU, Sigmoid,
/// ..., or your own ElementwiseActivation), ChannelPReLU<T> (one weight per feature, or one for
/// all), or Softmax<T> / LogSoftmax<T> over each row.
template <class L, class T>
concept SequentialLayer = std::same_as<L, Linear<T>> || ElementwiseActivation<L, T> ||
                          std::same_as<L, ChannelPReLU<T>> || std::same_as<L, Softmax<T>> ||
                          std::same_as<L, LogSoftmax<T>>;

/// Sequential: layers applied in order, like torch.nn.Sequential, with static types (no
/// virtual calls). Build it with activ::sequential(...):
///
///     auto net = activ::sequential(activ::Linear<float>(6, 4), activ::ReLU<float>{},
///                                  activ::Linear<float>(4, 1), activ::Sigmoid<float>{});
///     auto y = net.forward(x, batch);          // a view of the net's own output buffer
///     net.zero_grad();
///     net.backward(dloss_dy);                  // fills every Linear's weight_grad/bias_grad
///
/// The widths come from the Linear layers (activations keep the width), so at least one layer
/// must be a Linear. forward keeps every layer's output (the backward pass needs them); the
/// buffers grow to the largest batch seen and are reused. backward(dy) uses the last
/// forward's batch and inputs; element-wise layers use their input (f'(x)), Softmax and
/// LogSoftmax their output. The trainable layers are the Linears, PReLU (its one weight) and
/// ChannelPReLU (as nn.PReLU(num_parameters = width) on (batch, width) rows): backward adds
/// to their gradients, zero_grad() clears them, for_each_parameter() (and so SGD) visits them.
/// Throws std::invalid_argument (naming Sequential and the sizes) when x or dy does not match
/// the widths, or a ChannelPReLU's weights are neither 1 nor the width reaching it.
template <class... Layers> class Sequential {
 public:
  using value_type = typename detail::first_type<Layers...>::type::value_type;
  using T = value_type;
  static constexpr std::size_t size = sizeof...(Layers);
  static constexpr std::string_view name = "Sequential";
  static_assert(sizeof...(Layers) > 0, "activ::Sequential needs at least one layer");
  static_assert((SequentialLayer<Layers, T> && ...),
                "activ::Sequential: every layer must be Linear<T>, an ElementwiseActivation over "
                "T, Softmax<T> or LogSoftmax<T>, with one T for all");
  static_assert((detail::is_linear<Layers>::value || ...),
                "activ::Sequential: at least one layer must be a Linear (it sets the widths)");

  explicit Sequential(Layers... layers) : layers_(std::move(layers)...) { compute_widths(); }

  /// Layer I (a reference: set a Linear's weights through it).
  template <std::size_t I> [[nodiscard]] auto& layer() noexcept { return std::get<I>(layers_); }
  template <std::size_t I> [[nodiscard]] const auto& layer() const noexcept {
    return std::get<I>(layers_);
  }

  [[nodiscard]] std::size_t in_features() const noexcept { return widths_[0]; }
  [[nodiscard]] std::size_t out_features() const noexcept { return widths_[size]; }

  /// Runs every layer over `batch` rows of x (batch x in_features) and returns the output
  /// (batch x out_features), a view of a buffer the net owns, valid until the next forward.
  std::span<const T> forward(std::span<const T> x, std::size_t batch) {
    const detail::call_site where{name, detail::type_name<T>, "forward"};
    detail::check_size(where, "x", x.size(), "batch x in_features", batch * widths_[0]);
    batch_ = batch;
    for (std::size_t i = 0; i <= size; ++i) acts_[i].resize(batch * widths_[i]);
    std::copy(x.begin(), x.end(), acts_[0].begin());
    forward_from<0>();
    return acts_[size];
  }

  /// Output of layer I of the last forward (I = 0 ... size - 1), batch x its width.
  template <std::size_t I> [[nodiscard]] std::span<const T> output() const noexcept {
    return acts_[I + 1];
  }

  /// Backward pass from dy = dLoss/d(output) (batch x out_features, the last forward's batch):
  /// adds every Linear's parameter gradients and returns dLoss/dx (batch x in_features), a
  /// view valid until the next call.
  std::span<const T> backward(std::span<const T> dy) {
    const detail::call_site where{name, detail::type_name<T>, "backward"};
    detail::check_size(where, "dy", dy.size(), "batch x out_features", batch_ * widths_[size]);
    grad_a_.assign(dy.begin(), dy.end());
    backward_from<size>();
    return grad_a_;
  }

  /// Sets the gradients of every trainable layer (Linear, PReLU, ChannelPReLU) to zero.
  void zero_grad() noexcept {
    std::apply([](auto&... l) { (clear_grad(l), ...); }, layers_);
  }

  /// Calls f(layer) for every Linear layer, first to last.
  template <class F> void for_each_linear(F&& f) {
    std::apply([&](auto&... l) { (visit_linear(l, f), ...); }, layers_);
  }

  /// Calls f(parameter, gradient), two std::span<T> of one size, for every trainable tensor,
  /// first layer to last: a Linear's weight then bias (if any), a PReLU's or ChannelPReLU's
  /// weights. SGD uses it.
  template <class F> void for_each_parameter(F&& f) {
    std::apply([&](auto&... l) { (visit_parameters(l, f), ...); }, layers_);
  }

 private:
  template <class L, class F> static void visit_linear(L& l, F& f) {
    if constexpr (detail::is_linear<L>::value) f(l);
  }
  template <class L, class F> static void visit_parameters(L& l, F& f) {
    if constexpr (detail::is_linear<L>::value) {
      f(l.weight(), l.weight_grad());
      if (!l.bias().empty()) f(l.bias(), l.bias_grad());
    } else if constexpr (detail::is_prelu<L>::value) {
      f(std::span<T>(&l.weight, 1), std::span<T>(&l.weight_grad, 1));
    } else if constexpr (detail::is_channel_prelu<L>::value) {
      fresh_grad(l);
      f(std::span<T>(l.weight), std::span<T>(l.weight_grad));
    }
  }
  template <class L> static void clear_grad(L& l) noexcept {
    if constexpr (detail::is_linear<L>::value || detail::is_prelu<L>::value ||
                  detail::is_channel_prelu<L>::value)
      l.zero_grad();
  }
  // A ChannelPReLU whose weight vector was resized starts its gradient again from zeros.
  static void fresh_grad(ChannelPReLU<T>& l) {
    if (l.weight_grad.size() != l.weight.size()) l.weight_grad.assign(l.weight.size(), T(0));
  }

  // The input width is the first Linear's; a Linear sets the next width, anything else keeps
  // it. A Linear whose in_features differ from the width reaching it is an error.
  void compute_widths() {
    bool found = false;
    std::apply(
        [&](const auto&... l) {
          (
              [&](const auto& layer) {
                if constexpr (detail::is_linear<std::remove_cvref_t<decltype(layer)>>::value) {
                  if (!found) widths_[0] = layer.in_features();
                  found = true;
                }
              }(l),
              ...);
        },
        layers_);
    std::size_t i = 0;
    std::apply([&](const auto&... l) { ((set_width(l, i), ++i), ...); }, layers_);
  }
  template <class L> void set_width(const L& l, std::size_t i) {
    if constexpr (detail::is_linear<L>::value) {
      if (l.in_features() != widths_[i])
        detail::fail({name, detail::type_name<T>, "Sequential"},
                     "layer " + std::to_string(i) + " is a Linear with in_features " +
                         std::to_string(l.in_features()) + " but the layer before gives " +
                         std::to_string(widths_[i]));
      widths_[i + 1] = l.out_features();
    } else {
      if constexpr (detail::is_channel_prelu<L>::value) check_channels(l, i);
      widths_[i + 1] = widths_[i];
    }
  }
  // nn.PReLU(num_parameters = C) on (batch, C) rows: C is the width, or 1 weight for all.
  void check_channels(const ChannelPReLU<T>& l, std::size_t i) const {
    if (l.channels() != 1 && l.channels() != widths_[i])
      detail::fail({name, detail::type_name<T>, "Sequential"},
                   "layer " + std::to_string(i) + " is a ChannelPReLU with " +
                       std::to_string(l.channels()) + " weights but the layer before gives " +
                       std::to_string(widths_[i]) + " features (it needs 1 or " +
                       std::to_string(widths_[i]) + ")");
  }

  template <std::size_t I> void forward_from() {
    if constexpr (I < size) {
      auto& l = std::get<I>(layers_);
      using L = std::remove_cvref_t<decltype(l)>;
      const std::span<const T> in = acts_[I];
      const std::span<T> out = acts_[I + 1];
      if constexpr (detail::is_linear<L>::value) {
        l.forward(in, out, batch_);
      } else if constexpr (detail::is_row_layer<L>::value) {
        if (!in.empty()) l(in, out, widths_[I]);
      } else if constexpr (detail::is_channel_prelu<L>::value) {
        check_channels(l, I);  // its weights are public: they may have been resized since
        l(in, out);            // rows of C, or of 1 (one weight for all)
      } else {
        l(in, out);
      }
      forward_from<I + 1>();
    }
  }

  // grad_a_ holds dLoss/d(output of layer I - 1); leaves dLoss/d(input of layer I - 1) there.
  template <std::size_t I> void backward_from() {
    if constexpr (I > 0) {
      auto& l = std::get<I - 1>(layers_);
      using L = std::remove_cvref_t<decltype(l)>;
      const std::span<const T> in = acts_[I - 1];
      grad_b_.resize(batch_ * widths_[I - 1]);
      if constexpr (detail::is_linear<L>::value) {
        l.backward(in, grad_a_, grad_b_, batch_);
      } else if constexpr (detail::is_row_layer<L>::value) {
        if (!in.empty()) l.backward(std::span<const T>(acts_[I]), grad_a_, grad_b_, widths_[I]);
      } else if constexpr (detail::is_channel_prelu<L>::value) {
        check_channels(l, I - 1);
        fresh_grad(l);
        weight_grad_.resize(l.channels());
        l.weight_gradient(in, grad_a_, weight_grad_);
        for (std::size_t c = 0; c < weight_grad_.size(); ++c) l.weight_grad[c] += weight_grad_[c];
        l.backward(in, grad_a_, grad_b_);
      } else {
        if constexpr (detail::is_prelu<L>::value) l.weight_grad += l.weight_gradient(in, grad_a_);
        l.backward(in, grad_a_, grad_b_);
      }
      grad_a_.swap(grad_b_);
      backward_from<I - 1>();
    }
  }

  std::tuple<Layers...> layers_;
  std::array<std::size_t, size + 1> widths_{};
  std::array<std::vector<T>, size + 1> acts_{};
  std::vector<T> grad_a_, grad_b_;
  std::vector<T> weight_grad_;  // a ChannelPReLU's gradient for this batch, before it is added
  std::size_t batch_ = 0;
};

/// Builds a Sequential from layers, first to last:
/// `activ::sequential(activ::Linear<float>(2, 16), activ::ReLU<float>{}, activ::Linear<float>(16, 1))`.
template <class... Layers> [[nodiscard]] Sequential<std::remove_cvref_t<Layers>...> sequential(
    Layers&&... layers) {
  return Sequential<std::remove_cvref_t<Layers>...>(std::forward<Layers>(layers)...);
}

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_SEQUENTIAL_HPP
