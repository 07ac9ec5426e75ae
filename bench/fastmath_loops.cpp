// SPDX-License-Identifier: MIT
// See fastmath_loops.hpp. Compiled with -O3 -ffast-math and -march=x86-64-v3 or -v4; the namespace
// comes from ACTIV_FASTMATH_NS. The derivatives are the textbook ones, from the output.
#include "fastmath_loops.hpp"

#include <cmath>

namespace ACTIV_FASTMATH_NS {
namespace {
template <class T> T logistic(T v) { return T(1) / (T(1) + std::exp(-v)); }
}  // namespace

#define ACTIV_FASTMATH_DEFINE(T)                                                             \
  void sigmoid(const T* x, T* y, std::size_t n) {                                            \
    for (std::size_t i = 0; i < n; ++i) y[i] = logistic(x[i]);                                \
  }                                                                                          \
  void tanh(const T* x, T* y, std::size_t n) {                                               \
    for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);                               \
  }                                                                                          \
  void sigmoid_derivative(const T* x, T* y, std::size_t n) {                                 \
    for (std::size_t i = 0; i < n; ++i) {                                                    \
      const T s = logistic(x[i]);                                                            \
      y[i] = s * (T(1) - s);                                                                 \
    }                                                                                        \
  }                                                                                          \
  void tanh_derivative(const T* x, T* y, std::size_t n) {                                    \
    for (std::size_t i = 0; i < n; ++i) {                                                    \
      const T t = std::tanh(x[i]);                                                           \
      y[i] = T(1) - t * t;                                                                   \
    }                                                                                        \
  }                                                                                          \
  void sigmoid_backward(const T* x, const T* dy, T* dx, std::size_t n) {                     \
    for (std::size_t i = 0; i < n; ++i) {                                                    \
      const T s = logistic(x[i]);                                                            \
      dx[i] = dy[i] * s * (T(1) - s);                                                        \
    }                                                                                        \
  }                                                                                          \
  void tanh_backward(const T* x, const T* dy, T* dx, std::size_t n) {                        \
    for (std::size_t i = 0; i < n; ++i) {                                                    \
      const T t = std::tanh(x[i]);                                                           \
      dx[i] = dy[i] * (T(1) - t * t);                                                        \
    }                                                                                        \
  }

ACTIV_FASTMATH_DEFINE(float)
ACTIV_FASTMATH_DEFINE(double)
}  // namespace ACTIV_FASTMATH_NS
