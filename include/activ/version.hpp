// SPDX-License-Identifier: MIT
// activ's version, as macros and as constants.
#ifndef ACTIV_VERSION_HPP
#define ACTIV_VERSION_HPP

#define ACTIV_VERSION_MAJOR 0
#define ACTIV_VERSION_MINOR 1
#define ACTIV_VERSION_PATCH 0
#define ACTIV_VERSION_STRING "0.1.0"

#include "detail/config.hpp"

namespace activ::inline ACTIV_ABI {

struct version_info {
  int major, minor, patch;
  const char* string;
};

/// The version of the headers in use.
inline constexpr version_info version{ACTIV_VERSION_MAJOR, ACTIV_VERSION_MINOR,
                                      ACTIV_VERSION_PATCH, ACTIV_VERSION_STRING};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_VERSION_HPP
