// SPDX-License-Identifier: MIT
// Step (Heaviside) with PyTorch's heaviside(x - t, 0) conventions.
// Included once per ISA by detail/simd/<isa>.hpp; no include guard.

namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS {

// Strictly greater: step(t) = 0 and step(NaN) = 0 (NaN does not propagate).
template <class V> ACTIV_INLINE constexpr V step(V x, V threshold) noexcept {
  return select(x > threshold, V(1), V(0));
}

}  // namespace activ::inline ACTIV_ABI::detail::ACTIV_ISA_NS
