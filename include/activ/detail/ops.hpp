// SPDX-License-Identifier: MIT
// Operation tags: what each public functor asks the kernels to compute, with its parameters.
// They carry no math beyond splitting a parameter once per call; every instruction set's kernels
// overload on them (kernels/ops-inl.hpp). long_kernel marks those with an exp, log or erf inside
// (one vector per loop iteration, kernels/loops-inl.hpp).
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_OPS_HPP
#define ACTIV_DETAIL_OPS_HPP

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "config.hpp"

namespace activ::inline ACTIV_ABI::detail {

// v = significand * 2^exponent with |significand| in [1, 2) for finite nonzero v, subnormals
// included; +-0, +-inf and NaN give {v, 0}. A kernel multiplies by the significand, which can
// neither underflow nor overflow, and applies the exponent once, last.
template <class T> struct power_of_two_split { T significand, exponent; };
template <class T> constexpr power_of_two_split<T> split_power_of_two(T v) noexcept {
  using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  constexpr int mantissa = std::numeric_limits<T>::digits - 1;
  constexpr int bias = std::numeric_limits<T>::max_exponent - 1;
  constexpr U exponent_mask = U(2 * bias + 1) << mantissa;
  constexpr T max = std::numeric_limits<T>::max();
  if (!(v == v) || v == T(0) || v > max || v < -max) return {v, T(0)};  // NOLINT(misc-redundant-expression)
  int shift = 0;
  if ((std::bit_cast<U>(v) & exponent_mask) == 0) {  // subnormal: scale up by 2^mantissa, exactly
    v *= static_cast<T>(U(1) << mantissa);
    shift = mantissa;
  }
  const U bits = std::bit_cast<U>(v);
  const int biased = static_cast<int>((bits & exponent_mask) >> mantissa);
  return {std::bit_cast<T>((bits & ~exponent_mask) | (U(bias) << mantissa)),
          static_cast<T>(biased - bias - shift)};
}

template <class T> struct relu_op {};
template <class T> struct leaky_relu_op { T negative_slope; };
template <class T> struct sigmoid_op { static constexpr bool long_kernel = true; };
template <class T> struct tanh_op { static constexpr bool long_kernel = true; };
template <class T> struct step_op { T threshold; };
template <class T> struct hardtanh_op { T min_val, max_val; };
template <class T> struct hardsigmoid_op {};
template <class T> struct hardswish_op {};
template <class T> struct threshold_op { T threshold, value; };
template <class T> struct hardshrink_op { T lambd; };
template <class T> struct softshrink_op { T lambd; };
template <class T> struct softsign_op {};
// The loops see each GELU form as an op of its own (kernels/ops-inl.hpp: gelu_form_op).
template <class T> struct gelu_op { bool tanh_form; };
template <class T> struct silu_op { static constexpr bool long_kernel = true; };
// alpha_split: alpha's significand and exponent for the derivative (kernels/elu-inl.hpp).
template <class T> struct elu_op {
  static constexpr bool long_kernel = true;
  T alpha;
  power_of_two_split<T> alpha_split;
};
template <class T> struct celu_op { static constexpr bool long_kernel = true; T alpha; };
template <class T> struct selu_op { static constexpr bool long_kernel = true; };
template <class T> struct softplus_op {
  static constexpr bool long_kernel = true;
  T beta, threshold;
};
template <class T> struct logsigmoid_op { static constexpr bool long_kernel = true; };
template <class T> struct tanhshrink_op { static constexpr bool long_kernel = true; };
template <class T> struct mish_op { static constexpr bool long_kernel = true; };

// No activation: what Linear::forward(x, y, batch) writes (kernels/linear-inl.hpp).
template <class T> struct identity_op {};

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_OPS_HPP
