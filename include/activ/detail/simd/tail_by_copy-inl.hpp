// SPDX-License-Identifier: MIT
// Partial loads and stores through a buffer on the stack, for instruction sets without masked
// memory operations (SSE2, NEON): nothing past the n elements is read or written. Uses only the
// including ISA's load and store.
// Included once per ISA, inside its namespace, by detail/simd/{sse2,neon}.hpp; no include guard.

// load_n fills the lanes past n with `fill`.
template <class V>
ACTIV_INLINE V load_n(const lane_t<V>* p, std::size_t n, V fill = V(0)) noexcept {
  lane_t<V> buffer[lanes<V>];
  store(buffer, fill);
  for (std::size_t i = 0; i < n; ++i) buffer[i] = p[i];
  return load<V>(buffer);
}

template <class T, class V> ACTIV_INLINE void store_n(T* p, V v, std::size_t n) noexcept {
  T buffer[lanes<V>];
  store(buffer, v);
  for (std::size_t i = 0; i < n; ++i) p[i] = buffer[i];
}
