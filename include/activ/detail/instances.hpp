// SPDX-License-Identifier: MIT
// Compiling the kernels once per program instead of once per translation unit (opt-in).
//
// Every translation unit that calls a span form compiles that function's kernels for every
// instruction set (four copies on x86-64), which is most of its compile time. A program with many
// such files can compile them once:
//   - define ACTIV_EXTERN_KERNELS in every translation unit (e.g. target_compile_definitions):
//     the built-in kernels become `extern template` there and are not compiled;
//   - in one source file of the program, define ACTIV_INSTANTIATE_KERNELS before including
//     <activ/activ.hpp>: it compiles all of them (or split the work over two files with
//     ACTIV_INSTANTIATE_FLOAT_KERNELS and ACTIV_INSTANTIATE_DOUBLE_KERNELS).
// All these files must be compiled with the same instruction-set flags: each set gets its own ABI
// namespace (config.hpp), so a mismatch is a link error, never a silent mix. Kernels outside the
// list below (Linear::forward fused with a user-defined activation) are compiled where used, as
// without these macros.
// Internal: included by dispatch.hpp.
#ifndef ACTIV_DETAIL_INSTANCES_HPP
#define ACTIV_DETAIL_INSTANCES_HPP

#include <cstddef>

#include "config.hpp"
#include "ops.hpp"

#if defined(ACTIV_INSTANTIATE_KERNELS)
#define ACTIV_INSTANTIATE_FLOAT_KERNELS
#define ACTIV_INSTANTIATE_DOUBLE_KERNELS
#endif

// The macro arguments are types and keywords (`extern template`), which parentheses would break.
// NOLINTBEGIN(bugprone-macro-parentheses)

// X(op) for every element-wise operation tag; Linear::forward fuses each of them (and identity).
#define ACTIV_ELEMENTWISE_OPS(X)                                                                 \
  X(relu_op) X(leaky_relu_op) X(sigmoid_op) X(tanh_op) X(step_op) X(hardtanh_op)                 \
  X(hardsigmoid_op) X(hardswish_op) X(threshold_op) X(hardshrink_op) X(softshrink_op)            \
  X(softsign_op) X(gelu_op) X(silu_op) X(elu_op) X(celu_op) X(selu_op) X(softplus_op)             \
  X(logsigmoid_op) X(tanhshrink_op) X(mish_op)

// Every kernel entry point of dispatch.hpp for value type T, each preceded by `how` (`template`
// or `extern template`).
#define ACTIV_ELEMENTWISE_INSTANCES(how, T, op)                                                  \
  how void dispatch_forward<op<T>, T>(op<T>, const T*, T*, std::size_t) noexcept;               \
  how void dispatch_derivative<op<T>, T>(op<T>, const T*, T*, std::size_t) noexcept;            \
  how void dispatch_backward<op<T>, T>(op<T>, const T*, const T*, T*, std::size_t) noexcept;    \
  how void run_linear_forward<op<T>, T>(op<T>, const T*, const T*, const T*, T*, std::size_t,   \
                                        std::size_t, std::size_t) noexcept;
#define ACTIV_KERNEL_INSTANCES(how, T)                                                           \
  namespace activ::inline ACTIV_ABI::detail {                                                     \
  ACTIV_ELEMENTWISE_OPS(ACTIV_KERNEL_INSTANCES_##T##_##how)                                      \
  how void run_linear_forward<identity_op<T>, T>(identity_op<T>, const T*, const T*, const T*,  \
                                                 T*, std::size_t, std::size_t,                  \
                                                 std::size_t) noexcept;                         \
  how void run_linear_backward_input<T>(const T*, const T*, T*, std::size_t, std::size_t,       \
                                        std::size_t) noexcept;                                  \
  how void run_linear_backward_params<T>(const T*, const T*, T*, T*, std::size_t, std::size_t,  \
                                         std::size_t) noexcept;                                 \
  how void dispatch_channel_prelu_forward<T>(const T*, const T*, T*, std::size_t, std::size_t,  \
                                             std::size_t) noexcept;                             \
  how void dispatch_channel_prelu_backward<T>(const T*, const T*, const T*, T*, std::size_t,    \
                                              std::size_t, std::size_t) noexcept;               \
  how void dispatch_channel_prelu_weight_gradient<T>(const T*, const T*, T*, std::size_t,       \
                                                     std::size_t, std::size_t) noexcept;        \
  how void dispatch_rows<T>(softmax_rows_tag, const T*, T*, std::size_t, std::size_t,           \
                            std::size_t) noexcept;                                              \
  how void dispatch_rows<T>(log_softmax_rows_tag, const T*, T*, std::size_t, std::size_t,       \
                            std::size_t) noexcept;                                              \
  how void dispatch_backward_rows<T>(softmax_rows_tag, const T*, const T*, T*, std::size_t,     \
                                     std::size_t, std::size_t) noexcept;                        \
  how void dispatch_backward_rows<T>(log_softmax_rows_tag, const T*, const T*, T*, std::size_t, \
                                     std::size_t, std::size_t) noexcept;                        \
  }

// The per-op step of the list above, one spelling per (type, how): X-macros take one argument.
#define ACTIV_EXTERN_TEMPLATE extern template
#define ACTIV_KERNEL_INSTANCES_float_template(op) ACTIV_ELEMENTWISE_INSTANCES(template, float, op)
#define ACTIV_KERNEL_INSTANCES_double_template(op) ACTIV_ELEMENTWISE_INSTANCES(template, double, op)
#define ACTIV_KERNEL_INSTANCES_float_ACTIV_EXTERN_TEMPLATE(op) \
  ACTIV_ELEMENTWISE_INSTANCES(ACTIV_EXTERN_TEMPLATE, float, op)
#define ACTIV_KERNEL_INSTANCES_double_ACTIV_EXTERN_TEMPLATE(op) \
  ACTIV_ELEMENTWISE_INSTANCES(ACTIV_EXTERN_TEMPLATE, double, op)

// NOLINTEND(bugprone-macro-parentheses)

#if defined(ACTIV_INSTANTIATE_FLOAT_KERNELS)
ACTIV_KERNEL_INSTANCES(template, float)
#elif defined(ACTIV_EXTERN_KERNELS)
ACTIV_KERNEL_INSTANCES(ACTIV_EXTERN_TEMPLATE, float)
#endif
#if defined(ACTIV_INSTANTIATE_DOUBLE_KERNELS)
ACTIV_KERNEL_INSTANCES(template, double)
#elif defined(ACTIV_EXTERN_KERNELS)
ACTIV_KERNEL_INSTANCES(ACTIV_EXTERN_TEMPLATE, double)
#endif

#endif  // ACTIV_DETAIL_INSTANCES_HPP
