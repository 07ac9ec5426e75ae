// SPDX-License-Identifier: MIT
// Binds each operation tag of detail/ops.hpp to its kernel: forward(op, x) and the gradient
// rule backward(op, x, dy); derivative(op, x) is backward with dy = 1 for every op.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

template <class V, class T> ACTIV_INLINE constexpr V forward(relu_op<T>, V x) noexcept {
  return relu(x);
}
template <class V, class T> ACTIV_INLINE constexpr V backward(relu_op<T>, V x, V dy) noexcept {
  return relu_backward(x, dy);
}

template <class V, class T>
ACTIV_INLINE constexpr V forward(leaky_relu_op<T> op, V x) noexcept {
  return leaky_relu(x, V(op.negative_slope));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(leaky_relu_op<T> op, V x, V dy) noexcept {
  return leaky_relu_backward(x, dy, V(op.negative_slope));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(sigmoid_op<T>, V x) noexcept {
  return sigmoid(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(sigmoid_op<T>, V x, V dy) noexcept {
  return dy * sigmoid_derivative(x);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(tanh_op<T>, V x) noexcept {
  return tanh(x);
}
template <class V, class T> ACTIV_INLINE constexpr V backward(tanh_op<T>, V x, V dy) noexcept {
  return dy * tanh_derivative(x);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(step_op<T> op, V x) noexcept {
  return step(x, V(op.threshold));
}
// Step's derivative is 0 everywhere (PyTorch has none; the golden data's convention), and the
// gradient is 0 even for an infinite or NaN upstream value.
template <class V, class T> ACTIV_INLINE constexpr V backward(step_op<T>, V, V) noexcept {
  return V(0);
}

template <class Op, class V> ACTIV_INLINE constexpr V derivative(const Op& op, V x) noexcept {
  return backward(op, x, V(1));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
