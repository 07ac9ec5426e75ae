// SPDX-License-Identifier: MIT
// Runs a kernel over raw pointers on the chosen instruction set: the scalar path in constant
// evaluation, the baseline's best directly when it is static (-march=native), otherwise the
// path active_isa() names. Only pointers and sizes cross this boundary, never vector types.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_DISPATCH_HPP
#define ACTIV_DETAIL_DISPATCH_HPP

#include <cstddef>
#include <type_traits>

#include "config.hpp"
#include "cpu.hpp"
#include "simd/scalar.hpp"
#if ACTIV_X86 && !defined(ACTIV_STATIC_ISA)
#include "simd/avx2.hpp"
#include "simd/sse2.hpp"
#endif
#if ACTIV_X86
#include "simd/avx512.hpp"
#endif
#if ACTIV_NEON
#include "simd/neon.hpp"
#endif

// Calls ISA::call on the active instruction set; `call` names an entry point of the kernels.
#if defined(ACTIV_STATIC_ISA)
#define ACTIV_DISPATCH(call)                                         \
  do {                                                               \
    if (::activ::detail::active_isa() == ::activ::detail::isa::scalar) \
      ::activ::detail::scalar::call;                                 \
    else                                                             \
      ::activ::detail::ACTIV_STATIC_ISA::call;                       \
  } while (false)
#elif ACTIV_X86
#define ACTIV_DISPATCH(call)                                                   \
  do {                                                                         \
    switch (::activ::detail::active_isa()) {                                   \
      case ::activ::detail::isa::avx512: ::activ::detail::avx512::call; break; \
      case ::activ::detail::isa::avx2: ::activ::detail::avx2::call; break;     \
      case ::activ::detail::isa::sse2: ::activ::detail::sse2::call; break;     \
      default: ::activ::detail::scalar::call; break;                           \
    }                                                                          \
  } while (false)
#else
#define ACTIV_DISPATCH(call) ::activ::detail::scalar::call
#endif

namespace activ::inline ACTIV_ABI::detail {

// Each entry point is a pair: run_* (constexpr: the scalar path in constant evaluation) calls
// dispatch_* (the ISA switch). dispatch_* are plain function templates, neither inline nor
// constexpr, so that `extern template` can keep a translation unit from compiling their kernels
// (ACTIV_EXTERN_KERNELS, detail/instances.hpp).

template <class Op, class T>
void dispatch_forward(Op op, const T* x, T* y, std::size_t n) noexcept {
  ACTIV_DISPATCH(forward_n(op, x, y, n));
}
template <class Op, class T>
void dispatch_derivative(Op op, const T* x, T* d, std::size_t n) noexcept {
  ACTIV_DISPATCH(derivative_n(op, x, d, n));
}
template <class Op, class T>
void dispatch_backward(Op op, const T* x, const T* dy, T* dx, std::size_t n) noexcept {
  ACTIV_DISPATCH(backward_n(op, x, dy, dx, n));
}

template <class Op, class T>
constexpr void run_forward(Op op, const T* x, T* y, std::size_t n) noexcept {
  if (std::is_constant_evaluated()) return scalar::forward_n(op, x, y, n);
  dispatch_forward(op, x, y, n);
}
template <class Op, class T>
constexpr void run_derivative(Op op, const T* x, T* d, std::size_t n) noexcept {
  if (std::is_constant_evaluated()) return scalar::derivative_n(op, x, d, n);
  dispatch_derivative(op, x, d, n);
}
template <class Op, class T>
constexpr void run_backward(Op op, const T* x, const T* dy, T* dx, std::size_t n) noexcept {
  if (std::is_constant_evaluated()) return scalar::backward_n(op, x, dy, dx, n);
  dispatch_backward(op, x, dy, dx, n);
}

// Per-channel PReLU (kernels/prelu-inl.hpp) over an (outer, channels, inner) tensor; dy =
// nullptr in the backward gives the derivative.
template <class T>
void dispatch_channel_prelu_forward(const T* x, const T* w, T* y, std::size_t outer,
                                    std::size_t channels, std::size_t inner) noexcept {
  ACTIV_DISPATCH(channel_prelu_forward(x, w, y, outer, channels, inner));
}
template <class T>
void dispatch_channel_prelu_backward(const T* x, const T* dy, const T* w, T* dx,
                                     std::size_t outer, std::size_t channels,
                                     std::size_t inner) noexcept {
  ACTIV_DISPATCH(channel_prelu_backward(x, dy, w, dx, outer, channels, inner));
}
template <class T>
void dispatch_channel_prelu_weight_gradient(const T* x, const T* dy, T* dw, std::size_t outer,
                                            std::size_t channels, std::size_t inner) noexcept {
  ACTIV_DISPATCH(channel_prelu_weight_gradient(x, dy, dw, outer, channels, inner));
}

template <class T>
constexpr void run_channel_prelu_forward(const T* x, const T* w, T* y, std::size_t outer,
                                         std::size_t channels, std::size_t inner) noexcept {
  if (std::is_constant_evaluated())
    return scalar::channel_prelu_forward(x, w, y, outer, channels, inner);
  dispatch_channel_prelu_forward(x, w, y, outer, channels, inner);
}
template <class T>
constexpr void run_channel_prelu_backward(const T* x, const T* dy, const T* w, T* dx,
                                          std::size_t outer, std::size_t channels,
                                          std::size_t inner) noexcept {
  if (std::is_constant_evaluated())
    return scalar::channel_prelu_backward(x, dy, w, dx, outer, channels, inner);
  dispatch_channel_prelu_backward(x, dy, w, dx, outer, channels, inner);
}
template <class T>
constexpr void run_channel_prelu_weight_gradient(const T* x, const T* dy, T* dw,
                                                 std::size_t outer, std::size_t channels,
                                                 std::size_t inner) noexcept {
  if (std::is_constant_evaluated())
    return scalar::channel_prelu_weight_gradient(x, dy, dw, outer, channels, inner);
  dispatch_channel_prelu_weight_gradient(x, dy, dw, outer, channels, inner);
}

// Row kernels, named by tag, over an (outer, n, inner) row-major tensor along n; inner = 1 is
// `outer` rows of n.
struct softmax_rows_tag {};
struct log_softmax_rows_tag {};

template <class T>
void dispatch_rows(softmax_rows_tag, const T* x, T* y, std::size_t outer, std::size_t n,
                   std::size_t inner) noexcept {
  ACTIV_DISPATCH(softmax_rows(x, y, outer, n, inner));
}
template <class T>
void dispatch_rows(log_softmax_rows_tag, const T* x, T* y, std::size_t outer, std::size_t n,
                   std::size_t inner) noexcept {
  ACTIV_DISPATCH(log_softmax_rows(x, y, outer, n, inner));
}
template <class T>
void dispatch_backward_rows(softmax_rows_tag, const T* y, const T* dy, T* dx, std::size_t outer,
                            std::size_t n, std::size_t inner) noexcept {
  ACTIV_DISPATCH(softmax_backward_rows(y, dy, dx, outer, n, inner));
}
template <class T>
void dispatch_backward_rows(log_softmax_rows_tag, const T* y, const T* dy, T* dx,
                            std::size_t outer, std::size_t n, std::size_t inner) noexcept {
  ACTIV_DISPATCH(log_softmax_backward_rows(y, dy, dx, outer, n, inner));
}

template <class T>
constexpr void run_rows(softmax_rows_tag tag, const T* x, T* y, std::size_t outer,
                        std::size_t n, std::size_t inner = 1) noexcept {
  if (std::is_constant_evaluated()) return scalar::softmax_rows(x, y, outer, n, inner);
  dispatch_rows(tag, x, y, outer, n, inner);
}
template <class T>
constexpr void run_rows(log_softmax_rows_tag tag, const T* x, T* y, std::size_t outer,
                        std::size_t n, std::size_t inner = 1) noexcept {
  if (std::is_constant_evaluated()) return scalar::log_softmax_rows(x, y, outer, n, inner);
  dispatch_rows(tag, x, y, outer, n, inner);
}
template <class T>
constexpr void run_backward_rows(softmax_rows_tag tag, const T* y, const T* dy, T* dx,
                                 std::size_t outer, std::size_t n,
                                 std::size_t inner = 1) noexcept {
  if (std::is_constant_evaluated())
    return scalar::softmax_backward_rows(y, dy, dx, outer, n, inner);
  dispatch_backward_rows(tag, y, dy, dx, outer, n, inner);
}
template <class T>
constexpr void run_backward_rows(log_softmax_rows_tag tag, const T* y, const T* dy, T* dx,
                                 std::size_t outer, std::size_t n,
                                 std::size_t inner = 1) noexcept {
  if (std::is_constant_evaluated())
    return scalar::log_softmax_backward_rows(y, dy, dx, outer, n, inner);
  dispatch_backward_rows(tag, y, dy, dx, outer, n, inner);
}

// The Linear layer's kernels (kernels/linear-inl.hpp). Not constexpr: Linear owns its storage.
template <class Op, class T>
void run_linear_forward(Op op, const T* x, const T* w, const T* b, T* y, std::size_t batch,
                        std::size_t in, std::size_t out) noexcept {
  ACTIV_DISPATCH(linear_forward(op, x, w, b, y, batch, in, out));
}
template <class T>
void run_linear_backward_input(const T* dy, const T* w, T* dx, std::size_t batch,
                               std::size_t in, std::size_t out) noexcept {
  ACTIV_DISPATCH(linear_backward_input(dy, w, dx, batch, in, out));
}
template <class T>
void run_linear_backward_params(const T* x, const T* dy, T* dw, T* db, std::size_t batch,
                                std::size_t in, std::size_t out) noexcept {
  ACTIV_DISPATCH(linear_backward_params(x, dy, dw, db, batch, in, out));
}

}  // namespace activ::inline ACTIV_ABI::detail

#include "instances.hpp"

#endif  // ACTIV_DETAIL_DISPATCH_HPP
