// SPDX-License-Identifier: MIT
// Binds each operation tag of detail/ops.hpp to its kernel: forward(op, x) and the gradient
// rule backward(op, x, dy); derivative(op, x) is backward with dy = 1 for every op.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// f(op), or for an op whose form is chosen at run time, f(the chosen form's own op): the span
// loops call it outside the loop (GCC does not unswitch loops of this size; Clang does).
template <class Op, class F>
ACTIV_INLINE constexpr decltype(auto) with_fixed_form(Op op, F&& f) noexcept {
  return f(op);
}

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

template <class V, class T> ACTIV_INLINE constexpr V forward(hardtanh_op<T> op, V x) noexcept {
  return hardtanh(x, V(op.min_val), V(op.max_val));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(hardtanh_op<T> op, V x, V dy) noexcept {
  return hardtanh_backward(x, dy, V(op.min_val), V(op.max_val));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(hardsigmoid_op<T>, V x) noexcept {
  return hardsigmoid(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(hardsigmoid_op<T>, V x, V dy) noexcept {
  return hardsigmoid_backward(x, dy);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(hardswish_op<T>, V x) noexcept {
  return hardswish(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(hardswish_op<T>, V x, V dy) noexcept {
  return hardswish_backward(x, dy);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(threshold_op<T> op, V x) noexcept {
  return threshold(x, V(op.threshold), V(op.value));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(threshold_op<T> op, V x, V dy) noexcept {
  return threshold_backward(x, dy, V(op.threshold));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(hardshrink_op<T> op, V x) noexcept {
  return hardshrink(x, V(op.lambd));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(hardshrink_op<T> op, V x, V dy) noexcept {
  return shrink_backward(x, dy, V(op.lambd));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(softshrink_op<T> op, V x) noexcept {
  return softshrink(x, V(op.lambd));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(softshrink_op<T> op, V x, V dy) noexcept {
  return shrink_backward(x, dy, V(op.lambd));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(softsign_op<T>, V x) noexcept {
  return softsign(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(softsign_op<T>, V x, V dy) noexcept {
  return dy * softsign_derivative(x);
}

// Each GELU form is an op of its own; gelu_op, whose form is a run-time choice, goes to one of
// them: once per call in the span loops (with_fixed_form), per element in the scalar forms.
template <class T, bool Tanh> struct gelu_form_op { static constexpr bool long_kernel = true; };
template <class V, class T, bool Tanh>
ACTIV_INLINE constexpr V forward(gelu_form_op<T, Tanh>, V x) noexcept {
  if constexpr (Tanh) return gelu_tanh(x);
  else return gelu_erf(x);
}
template <class V, class T, bool Tanh>
ACTIV_INLINE constexpr V backward(gelu_form_op<T, Tanh>, V x, V dy) noexcept {
  if constexpr (Tanh) return dy * gelu_tanh_derivative(x);
  else return dy * gelu_erf_derivative(x);
}
template <class T, class F>
ACTIV_INLINE constexpr decltype(auto) with_fixed_form(gelu_op<T> op, F&& f) noexcept {
  return op.tanh_form ? f(gelu_form_op<T, true>{}) : f(gelu_form_op<T, false>{});
}
template <class V, class T> ACTIV_INLINE constexpr V forward(gelu_op<T> op, V x) noexcept {
  return with_fixed_form(op, [x](auto form) ACTIV_INLINE_LAMBDA { return forward(form, x); });
}
template <class V, class T> ACTIV_INLINE constexpr V backward(gelu_op<T> op, V x, V dy) noexcept {
  return with_fixed_form(op, [x, dy](auto form) ACTIV_INLINE_LAMBDA {
    return backward(form, x, dy);
  });
}

template <class V, class T> ACTIV_INLINE constexpr V forward(silu_op<T>, V x) noexcept {
  return silu(x);
}
template <class V, class T> ACTIV_INLINE constexpr V backward(silu_op<T>, V x, V dy) noexcept {
  return dy * silu_derivative(x);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(elu_op<T> op, V x) noexcept {
  return elu(x, V(op.alpha));
}
template <class V, class T> ACTIV_INLINE constexpr V backward(elu_op<T> op, V x, V dy) noexcept {
  return elu_backward(x, dy, V(op.alpha_split.significand), V(op.alpha_split.exponent));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(celu_op<T> op, V x) noexcept {
  return celu(x, V(op.alpha));
}
template <class V, class T> ACTIV_INLINE constexpr V backward(celu_op<T> op, V x, V dy) noexcept {
  return celu_backward(x, dy, V(op.alpha));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(selu_op<T>, V x) noexcept {
  return selu(x);
}
template <class V, class T> ACTIV_INLINE constexpr V backward(selu_op<T>, V x, V dy) noexcept {
  return selu_backward(x, dy);
}

// beta = 1 (the default) skips the division by beta, which is exact then: the same bits.
template <class V, class T> ACTIV_INLINE constexpr V forward(softplus_op<T> op, V x) noexcept {
  return op.beta == T(1) ? select(x > V(op.threshold), x, softplus_unit(x))
                         : softplus(x, V(op.beta), V(op.threshold));
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(softplus_op<T> op, V x, V dy) noexcept {
  return softplus_backward(x, dy, V(op.beta), V(op.threshold));
}

template <class V, class T> ACTIV_INLINE constexpr V forward(logsigmoid_op<T>, V x) noexcept {
  return logsigmoid(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(logsigmoid_op<T>, V x, V dy) noexcept {
  return logsigmoid_backward(x, dy);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(tanhshrink_op<T>, V x) noexcept {
  return tanhshrink(x);
}
template <class V, class T>
ACTIV_INLINE constexpr V backward(tanhshrink_op<T>, V x, V dy) noexcept {
  return dy * tanhshrink_derivative(x);
}

template <class V, class T> ACTIV_INLINE constexpr V forward(mish_op<T>, V x) noexcept {
  return mish(x);
}
template <class V, class T> ACTIV_INLINE constexpr V backward(mish_op<T>, V x, V dy) noexcept {
  return dy * mish_derivative(x);
}

template <class Op, class V> ACTIV_INLINE constexpr V derivative(const Op& op, V x) noexcept {
  return backward(op, x, V(1));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
