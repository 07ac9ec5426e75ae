// SPDX-License-Identifier: MIT
// Concepts: the value types activ computes in, and what an element-wise activation provides.
#ifndef ACTIV_CONCEPTS_HPP
#define ACTIV_CONCEPTS_HPP

#include <concepts>
#include <span>

#include "detail/config.hpp"

namespace activ::inline ACTIV_ABI {

/// The element types activ computes in: float and double.
template <class T>
concept FloatingPoint = std::same_as<T, float> || std::same_as<T, double>;

/// An element-wise activation over T: scalar forward and derivative, and the span forms
/// forward, derivative and backward (dx = dy * f'(x)). ReLU, LeakyReLU, Sigmoid, Tanh and Step
/// satisfy it; Softmax does not (it is not element-wise).
template <class F, class T>
concept ElementwiseActivation =
    FloatingPoint<T> &&
    requires(const F& f, T x, std::span<const T> in, std::span<const T> dy, std::span<T> out) {
      { f(x) } -> std::same_as<T>;
      { f.derivative(x) } -> std::same_as<T>;
      f(in, out);
      f.derivative(in, out);
      f.backward(in, dy, out);
    };

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_CONCEPTS_HPP
