// SPDX-License-Identifier: MIT
// Loss functions with their gradients, mean reduction as PyTorch's default: MSELoss, BCELoss,
// BCEWithLogitsLoss and CrossEntropyLoss (softmax fused).
#ifndef ACTIV_LOSS_HPP
#define ACTIV_LOSS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/config.hpp"
#include "sigmoid.hpp"
#include "softmax.hpp"

namespace activ::inline ACTIV_ABI {

namespace detail {

// The element-wise losses: value = mean of term(x, t); grad[i] = dterm(x, t) / n. The sum is
// accumulated in double. grad may be the input itself.
template <class Derived, class T> struct pointwise_loss {
  /// The loss, mean over all elements. Throws std::invalid_argument if the sizes differ.
  T operator()(std::span<const T> input, std::span<const T> target) const {
    check_size({Derived::name, type_name<T>, "operator()"}, "input", input.size(), "target",
               target.size());
    return value(input, target);
  }
  /// grad = dLoss/d(input), and returns the loss. grad may be input itself.
  T backward(std::span<const T> input, std::span<const T> target, std::span<T> grad) const {
    const call_site where{Derived::name, type_name<T>, "backward"};
    check_size(where, "input", input.size(), "target", target.size());
    check_size(where, "input", input.size(), "grad", grad.size());
    check_overlap(where, "target", target, "grad", grad);
    check_overlap(where, "input", input, "grad", grad);
    const T loss = value(input, target);
    const double scale = 1.0 / static_cast<double>(input.empty() ? 1 : input.size());
    for (std::size_t i = 0; i < input.size(); ++i)
      grad[i] = static_cast<T>(Derived::dterm(static_cast<double>(input[i]),
                                              static_cast<double>(target[i])) *
                               scale);
    return loss;
  }

 private:
  static T value(std::span<const T> input, std::span<const T> target) {
    double sum = 0;
    for (std::size_t i = 0; i < input.size(); ++i)
      sum += Derived::term(static_cast<double>(input[i]), static_cast<double>(target[i]));
    // An empty input gives NaN, as PyTorch's mean of nothing.
    return static_cast<T>(sum / static_cast<double>(input.size()));
  }
};

}  // namespace detail

/// Mean squared error: mean((x - t)^2); gradient 2 (x - t) / n (torch.nn.MSELoss).
template <FloatingPoint T = float> struct MSELoss : detail::pointwise_loss<MSELoss<T>, T> {
  static constexpr std::string_view name = "MSELoss";
  static double term(double x, double t) noexcept { return (x - t) * (x - t); }
  static double dterm(double x, double t) noexcept { return 2 * (x - t); }
};

/// Binary cross-entropy on probabilities p in [0, 1] (torch.nn.BCELoss):
/// mean(-(t log p + (1 - t) log(1 - p))), each log clamped at -100 as PyTorch does (so p = 0
/// or 1 gives a finite loss); gradient (p - t) / max(p (1 - p), 1e-12) / n, PyTorch's formula.
/// Prefer BCEWithLogitsLoss on the logits: it is stable where p rounds to 0 or 1.
template <FloatingPoint T = float> struct BCELoss : detail::pointwise_loss<BCELoss<T>, T> {
  static constexpr std::string_view name = "BCELoss";
  static double term(double p, double t) noexcept {
    // log in T, then clamped, as PyTorch computes it in the tensor's type.
    const double lp = std::max(static_cast<double>(std::log(static_cast<T>(p))), -100.0);
    const double lq = std::max(static_cast<double>(std::log(static_cast<T>(1 - p))), -100.0);
    return -(t * lp + (1 - t) * lq);
  }
  static double dterm(double p, double t) noexcept {
    return (p - t) / std::max((1 - p) * p, 1e-12);
  }
};

/// Binary cross-entropy on logits z, sigmoid fused (torch.nn.BCEWithLogitsLoss), in the stable
/// form mean(max(z, 0) - z t + log1p(e^-|z|)); gradient (sigmoid(z) - t) / n.
template <FloatingPoint T = float>
struct BCEWithLogitsLoss : detail::pointwise_loss<BCEWithLogitsLoss<T>, T> {
  static constexpr std::string_view name = "BCEWithLogitsLoss";
  static double term(double z, double t) noexcept {
    return std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
  }
  static double dterm(double z, double t) noexcept { return Sigmoid<double>{}(z) - t; }
};

/// Cross-entropy on logits, softmax fused (torch.nn.CrossEntropyLoss with class indices):
/// logits is batch x C (row-major), target holds batch class indices in [0, C);
/// loss = mean over rows of (log sum_j e^(z_j) - z_target), computed with the row maximum
/// subtracted; gradient (softmax(z) - onehot(target)) / batch.
/// Throws std::invalid_argument if batch does not divide the logits or a class is >= C.
template <FloatingPoint T = float> struct CrossEntropyLoss {
  static constexpr std::string_view name = "CrossEntropyLoss";

  T operator()(std::span<const T> logits, std::span<const std::size_t> target) const {
    return value(logits, target, classes({name, detail::type_name<T>, "operator()"}, logits, target));
  }

  /// grad = dLoss/d(logits) (batch x C), and returns the loss. grad may be logits itself.
  T backward(std::span<const T> logits, std::span<const std::size_t> target,
             std::span<T> grad) const {
    const detail::call_site where{name, detail::type_name<T>, "backward"};
    const std::size_t c = classes(where, logits, target);
    detail::check_size(where, "logits", logits.size(), "grad", grad.size());
    detail::check_overlap(where, "logits", logits, "grad", grad);
    const T loss = value(logits, target, c);
    if (logits.empty()) return loss;
    Softmax<T>{}(logits, grad, c);
    const T scale = T(1) / static_cast<T>(target.size());
    for (std::size_t r = 0; r < target.size(); ++r) {
      grad[r * c + target[r]] -= T(1);
      for (std::size_t j = 0; j < c; ++j) grad[r * c + j] *= scale;
    }
    return loss;
  }

 private:
  static std::size_t classes(const detail::call_site& where, std::span<const T> logits,
                             std::span<const std::size_t> target) {
    if (target.empty()) {
      if (!logits.empty())
        detail::fail(where, "target is empty but logits has " + std::to_string(logits.size()) +
                                " elements");
      return 0;
    }
    if (logits.size() % target.size() != 0 || logits.empty())
      detail::fail(where, "logits has " + std::to_string(logits.size()) +
                              " elements, not a positive multiple of the " +
                              std::to_string(target.size()) + " targets");
    const std::size_t c = logits.size() / target.size();
    for (std::size_t r = 0; r < target.size(); ++r)
      if (target[r] >= c)
        detail::fail(where, "target[" + std::to_string(r) + "] = " + std::to_string(target[r]) +
                                " is not a class index below C = " + std::to_string(c));
    return c;
  }

  static T value(std::span<const T> logits, std::span<const std::size_t> target, std::size_t c) {
    double sum = 0;
    for (std::size_t r = 0; r < target.size(); ++r) {
      const T* z = logits.data() + r * c;
      const double m = static_cast<double>(*std::max_element(z, z + c));
      double s = 0;
      for (std::size_t j = 0; j < c; ++j) s += std::exp(static_cast<double>(z[j]) - m);
      // (m - z_t) first: exact for the rows that matter, so [1e30, 1e30, 0] gives log 2.
      sum += (m - static_cast<double>(z[target[r]])) + std::log(s);
    }
    return static_cast<T>(sum / static_cast<double>(target.size()));
  }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_LOSS_HPP
