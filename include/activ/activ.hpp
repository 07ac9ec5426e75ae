// SPDX-License-Identifier: MIT
// activ: activation functions for neural networks. The umbrella header: includes every
// public header and nothing else.
#ifndef ACTIV_ACTIV_HPP
#define ACTIV_ACTIV_HPP

#include "concepts.hpp"
#include "elu.hpp"
#include "extents.hpp"
#include "gelu.hpp"
#include "hardsigmoid.hpp"
#include "hardtanh.hpp"
#include "isa.hpp"
#include "leaky_relu.hpp"
#include "linear.hpp"
#include "loss.hpp"
#include "mish.hpp"
#include "optim.hpp"
#include "prelu.hpp"
#include "relu.hpp"
#include "sequential.hpp"
#include "shrink.hpp"
#include "sigmoid.hpp"
#include "silu.hpp"
#include "softmax.hpp"
#include "softplus.hpp"
#include "softsign.hpp"
#include "step.hpp"
#include "tanh.hpp"
#include "tanhshrink.hpp"
#include "threshold.hpp"
#include "version.hpp"

#endif  // ACTIV_ACTIV_HPP
