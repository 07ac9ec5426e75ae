// SPDX-License-Identifier: MIT
// The loops a user would write with -ffast-math, which GCC vectorises with glibc's vector math
// (libmvec: _ZGVdN8v_expf, _ZGVeN16v_tanhf, ...): the fastest "hand-written loop" peer. Built
// twice from fastmath_loops.cpp, for x86-64-v3 (AVX2+FMA) and x86-64-v4 (AVX-512), each in its own
// namespace; activ_peers_bench registers a variant only where the CPU runs it.
#pragma once

#include <cstddef>

#define ACTIV_FASTMATH_DECLARE(ns)                                                          \
  namespace ns {                                                                             \
  void sigmoid(const float* x, float* y, std::size_t n);                                    \
  void sigmoid(const double* x, double* y, std::size_t n);                                  \
  void tanh(const float* x, float* y, std::size_t n);                                       \
  void tanh(const double* x, double* y, std::size_t n);                                     \
  void sigmoid_derivative(const float* x, float* y, std::size_t n);                         \
  void sigmoid_derivative(const double* x, double* y, std::size_t n);                       \
  void tanh_derivative(const float* x, float* y, std::size_t n);                            \
  void tanh_derivative(const double* x, double* y, std::size_t n);                          \
  void sigmoid_backward(const float* x, const float* dy, float* dx, std::size_t n);         \
  void sigmoid_backward(const double* x, const double* dy, double* dx, std::size_t n);      \
  void tanh_backward(const float* x, const float* dy, float* dx, std::size_t n);            \
  void tanh_backward(const double* x, const double* dy, double* dx, std::size_t n);         \
  }

ACTIV_FASTMATH_DECLARE(activ_fastmath_v3)
ACTIV_FASTMATH_DECLARE(activ_fastmath_v4)
