// SPDX-License-Identifier: MIT
// What the CPU supports (cpuid and xgetbv through the compiler's builtins), which instruction
// sets are compiled in, and the cached choice the span forms dispatch on.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_CPU_HPP
#define ACTIV_DETAIL_CPU_HPP

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "config.hpp"

// The choice is data shared by every translation unit of the program, whatever flags each was
// compiled with, so it sits outside the ABI namespace; each reader clamps it to what it has.
namespace activ::detail_shared {
inline std::atomic<int> chosen_isa{-1};  // -1: not chosen yet
}  // namespace activ::detail_shared

namespace activ::inline ACTIV_ABI::detail {

enum class isa : int { scalar = 0, sse2 = 1, avx2 = 2, avx512 = 3, neon = 4 };

constexpr std::string_view isa_name(isa i) noexcept {
  switch (i) {
    case isa::sse2: return "sse2";
    case isa::avx2: return "avx2";
    case isa::avx512: return "avx512";
    case isa::neon: return "neon";
    default: return "scalar";
  }
}

// Compiled in: scalar always; otherwise the sets at or above this TU's baseline.
constexpr bool isa_compiled(isa i) noexcept {
  switch (i) {
    case isa::scalar:
#if ACTIV_X86 && defined(ACTIV_STATIC_ISA)
    case isa::avx512:
#elif ACTIV_X86
    case isa::sse2:
    case isa::avx2:
    case isa::avx512:
#elif ACTIV_NEON
    case isa::neon:
#endif
      return true;
    default: return false;
  }
}

inline bool isa_supported(isa i) noexcept {
  switch (i) {
#if ACTIV_X86
    case isa::scalar:
    case isa::sse2: return true;  // the x86-64 baseline
    // libgcc and compiler-rt report AVX features only where the OS saves the registers
    // (xgetbv), so these answer "can run", not just "has".
    case isa::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case isa::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#elif ACTIV_NEON
    case isa::scalar:
    case isa::neon: return true;
#else
    case isa::scalar: return true;
#endif
    default: return false;
  }
}

inline bool isa_available(isa i) noexcept { return isa_compiled(i) && isa_supported(i); }

// The best available path at or below `limit`.
inline isa best_available(isa limit) noexcept {
  for (int i = static_cast<int>(limit); i > 0; --i)
    if (isa_available(static_cast<isa>(i))) return static_cast<isa>(i);
  return isa::scalar;
}

inline isa requested_by_environment() noexcept {
  const char* env = std::getenv("ACTIV_ISA");  // NOLINT(concurrency-mt-unsafe): read once
  const std::string_view name = env ? env : "";
  for (int i = 0; i <= static_cast<int>(isa::neon); ++i)
    if (name == isa_name(static_cast<isa>(i))) return static_cast<isa>(i);
  return isa::neon;  // unset or unknown: no limit
}

inline isa active_isa() noexcept {
  int chosen = detail_shared::chosen_isa.load(std::memory_order_relaxed);
  if (chosen < 0) {
    // Every thread that gets here computes the same value; the first store wins.
    const int best = static_cast<int>(best_available(requested_by_environment()));
    detail_shared::chosen_isa.compare_exchange_strong(chosen, best, std::memory_order_relaxed);
    chosen = detail_shared::chosen_isa.load(std::memory_order_relaxed);
  }
  // Stored choices are always supported by the CPU; another TU may have compiled more sets.
  const auto i = static_cast<isa>(chosen);
  return isa_compiled(i) ? i : best_available(i);
}

inline isa set_isa(isa i) noexcept {
  const isa previous = active_isa();
  detail_shared::chosen_isa.store(static_cast<int>(best_available(i)), std::memory_order_relaxed);
  return previous;
}

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_CPU_HPP
