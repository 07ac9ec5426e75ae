// SPDX-License-Identifier: MIT
// Every kernel, in dependency order, for the instruction set named by ACTIV_ISA_NS.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.
#include <array>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <utility>

#include "../ops.hpp"

#include "common-inl.hpp"
#include "exp-inl.hpp"
#include "logistic-inl.hpp"
#include "silu-inl.hpp"
#include "gelu-inl.hpp"
#include "elu-inl.hpp"
#include "log-inl.hpp"
#include "softplus-inl.hpp"
#include "tanhshrink-inl.hpp"
#include "mish-inl.hpp"
#include "relu-inl.hpp"
#include "step-inl.hpp"
#include "piecewise-inl.hpp"
#include "ops-inl.hpp"
#include "loops-inl.hpp"
#include "prelu-inl.hpp"
#include "softmax-inl.hpp"
#include "linear-inl.hpp"
