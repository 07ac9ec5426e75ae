// SPDX-License-Identifier: MIT
// Operation tags: what each public functor asks the kernels to compute, with its parameters.
// They carry no math; every instruction set's kernels overload on them (kernels/ops-inl.hpp).
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_OPS_HPP
#define ACTIV_DETAIL_OPS_HPP

#include "config.hpp"

namespace activ::inline ACTIV_ABI::detail {

template <class T> struct relu_op {};
template <class T> struct leaky_relu_op { T negative_slope; };
template <class T> struct sigmoid_op {};
template <class T> struct tanh_op {};
template <class T> struct step_op { T threshold; };
template <class T> struct hardtanh_op { T min_val, max_val; };
template <class T> struct hardsigmoid_op {};
template <class T> struct hardswish_op {};
template <class T> struct threshold_op { T threshold, value; };
template <class T> struct hardshrink_op { T lambd; };
template <class T> struct softshrink_op { T lambd; };
template <class T> struct softsign_op {};
template <class T> struct gelu_op { bool tanh_form; };
template <class T> struct silu_op {};
template <class T> struct elu_op { T alpha; };
template <class T> struct celu_op { T alpha; };
template <class T> struct selu_op {};
template <class T> struct softplus_op { T beta, threshold; };
template <class T> struct logsigmoid_op {};
template <class T> struct tanhshrink_op {};
template <class T> struct mish_op {};

// No activation: what Linear::forward(x, y, batch) writes (kernels/linear-inl.hpp).
template <class T> struct identity_op {};

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_OPS_HPP
