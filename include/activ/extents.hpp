// SPDX-License-Identifier: MIT
// activ::extents: a row-major tensor seen as (outer, n, inner), for functions along its middle
// dimension (Softmax and LogSoftmax, as PyTorch's dim=d without a transpose).
#ifndef ACTIV_EXTENTS_HPP
#define ACTIV_EXTENTS_HPP

#include <cstddef>

#include "detail/config.hpp"

namespace activ::inline ACTIV_ABI {

/// The shape of a contiguous row-major tensor as three extents around the dimension a function
/// runs along: `n` elements along it, `outer` = the product of the dimensions before it, `inner`
/// = the product of those after it. Element (o, k, i) sits at o * n * inner + k * inner + i.
/// PyTorch's softmax(x, dim=1) on an (N, C, H, W) tensor is extents{.outer = N, .n = C,
/// .inner = H * W}; rows of n (dim=-1) are extents{.outer = rows, .n = n, .inner = 1}.
struct extents {
  std::size_t outer = 1;
  std::size_t n = 0;
  std::size_t inner = 1;
  friend constexpr bool operator==(const extents&, const extents&) = default;
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_EXTENTS_HPP
