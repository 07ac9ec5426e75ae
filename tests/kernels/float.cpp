// SPDX-License-Identifier: MIT
// Every built-in float kernel, compiled once for the test programs, which include activ with
// ACTIV_EXTERN_KERNELS (tests/CMakeLists.txt; detail/instances.hpp says how this works).
#define ACTIV_INSTANTIATE_FLOAT_KERNELS
#include <activ/activ.hpp>
