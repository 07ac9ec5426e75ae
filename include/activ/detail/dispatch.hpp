// SPDX-License-Identifier: MIT
// Runs a kernel over raw pointers: in constant evaluation, and for now always, on the scalar
// path; the SIMD paths and their run-time choice plug in here.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_DISPATCH_HPP
#define ACTIV_DETAIL_DISPATCH_HPP

#include <cstddef>

#include "config.hpp"
#include "simd/scalar.hpp"

namespace activ::inline ACTIV_ABI::detail {

template <class Op, class T>
constexpr void run_forward(Op op, const T* x, T* y, std::size_t n) noexcept {
  scalar::forward_n(op, x, y, n);
}
template <class Op, class T>
constexpr void run_derivative(Op op, const T* x, T* d, std::size_t n) noexcept {
  scalar::derivative_n(op, x, d, n);
}
template <class Op, class T>
constexpr void run_backward(Op op, const T* x, const T* dy, T* dx, std::size_t n) noexcept {
  scalar::backward_n(op, x, dy, dx, n);
}

// Row kernels, named by tag so the SIMD tables can be indexed the same way.
struct softmax_rows_tag {};
struct log_softmax_rows_tag {};

template <class T>
constexpr void run_rows(softmax_rows_tag, const T* x, T* y, std::size_t rows, std::size_t n) noexcept {
  scalar::softmax_rows(x, y, rows, n);
}
template <class T>
constexpr void run_rows(log_softmax_rows_tag, const T* x, T* y, std::size_t rows,
                        std::size_t n) noexcept {
  scalar::log_softmax_rows(x, y, rows, n);
}
template <class T>
constexpr void run_backward_rows(softmax_rows_tag, const T* y, const T* dy, T* dx,
                                 std::size_t rows, std::size_t n) noexcept {
  scalar::softmax_backward_rows(y, dy, dx, rows, n);
}
template <class T>
constexpr void run_backward_rows(log_softmax_rows_tag, const T* y, const T* dy, T* dx,
                                 std::size_t rows, std::size_t n) noexcept {
  scalar::log_softmax_backward_rows(y, dy, dx, rows, n);
}

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_DISPATCH_HPP
