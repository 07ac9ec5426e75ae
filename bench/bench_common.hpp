// SPDX-License-Identifier: MIT
// Shared by activ_bench and activ_peers_bench: aligned buffers, fixed-seed inputs, the counters.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <new>
#include <utility>
#include <vector>

namespace activ_bench {

inline constexpr std::size_t kSizes[] = {std::size_t{1} << 10, std::size_t{1} << 14,
                                         std::size_t{1} << 18, std::size_t{1} << 24};
inline constexpr std::size_t kAlign = 64;

template <class T>
struct aligned_allocator {
  using value_type = T;
  aligned_allocator() noexcept = default;
  template <class U>
  aligned_allocator(const aligned_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kAlign}));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete (p, std::align_val_t{kAlign}); }
  template <class U>
  bool operator==(const aligned_allocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using buffer = std::vector<T, aligned_allocator<T>>;

template <class T>
constexpr const char* dtype_name() {
  return sizeof(T) == 4 ? "f32" : "f64";
}

// Inputs are made once per (T, n, stream) and reused by every benchmark of that size: splitmix64
// from a fixed seed, mapped to [-8, 8), which covers the linear, curved and saturated parts of
// every op.
template <class T>
const buffer<T>& input(std::size_t n, unsigned stream) {
  static std::map<std::pair<std::size_t, unsigned>, buffer<T>> cache;
  auto [it, fresh] = cache.try_emplace({n, stream});
  if (fresh) {
    buffer<T>& v = it->second;
    v.resize(n);
    std::uint64_t s = 0x9E3779B97F4A7C15ull * (stream + 1) + n;
    for (auto& e : v) {
      s += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = s;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      const double u = static_cast<double>(z >> 11) * 0x1.0p-53;  // [0, 1)
      e = static_cast<T>(16.0 * u - 8.0);
    }
  }
  return it->second;
}

// items/s, bytes/s (every stream read or written) and el/ns (elements per nanosecond).
inline void set_counters(benchmark::State& state, std::size_t n, std::size_t elem_size,
                         int streams) {
  const auto items = state.iterations() * static_cast<std::int64_t>(n);
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * static_cast<std::int64_t>(elem_size) * streams);
  state.counters["el/ns"] =
      benchmark::Counter(static_cast<double>(items) * 1e-9, benchmark::Counter::kIsRate);
}

}  // namespace activ_bench
