// SPDX-License-Identifier: MIT
// Reference values in long double (64-bit significand on x86-64, 11 bits more than double)
// and the error of a result in ULP of the exact value, for the accuracy tests.
#ifndef ACTIV_TESTS_SUPPORT_REFERENCE_HPP
#define ACTIV_TESTS_SUPPORT_REFERENCE_HPP

#include <algorithm>
#include <cmath>
#include <limits>

namespace activ_test {

using wide_t = long double;  // the reference precision

inline wide_t ref_sigmoid(wide_t x) {
  const wide_t e = std::exp(-std::fabs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}
inline wide_t ref_sigmoid_derivative(wide_t x) {
  const wide_t e = std::exp(-std::fabs(x));
  return e / ((1 + e) * (1 + e));
}
inline wide_t ref_tanh(wide_t x) { return std::tanh(x); }
inline wide_t ref_tanh_derivative(wide_t x) {
  const wide_t e = std::exp(-2 * std::fabs(x));
  return 4 * e / ((1 + e) * (1 + e));
}

// |y - ref| in units of the last place of T at ref (subnormal spacing below the normal range).
// NaN and infinities must match exactly (0 or infinity).
template <class T> double ulp_error(T y, wide_t ref) {
  if (std::isnan(ref)) return std::isnan(y) ? 0.0 : std::numeric_limits<double>::infinity();
  if (std::isinf(ref) || std::isnan(y) || std::isinf(y))
    return static_cast<wide_t>(y) == ref ? 0.0 : std::numeric_limits<double>::infinity();
  int e = 0;
  (void)std::frexp(std::fabs(ref), &e);  // |ref| = f 2^e, f in [0.5, 1)
  const int digits = std::numeric_limits<T>::digits;
  const int min_exp = std::numeric_limits<T>::min_exponent - digits;  // the subnormal spacing
  const wide_t ulp = std::ldexp(wide_t(1), std::max(e - digits, min_exp));
  return static_cast<double>(std::fabs(static_cast<wide_t>(y) - ref) / ulp);
}

}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_REFERENCE_HPP
