// SPDX-License-Identifier: MIT
// activ::isa: which instruction set the span forms run on, how it is chosen, and how to force
// a lower one (the environment variable ACTIV_ISA, or activ::set_isa).
#ifndef ACTIV_ISA_HPP
#define ACTIV_ISA_HPP

#include <string_view>

#include "detail/config.hpp"
#include "detail/cpu.hpp"

namespace activ::inline ACTIV_ABI {

/// The instruction set of a kernel path. The span forms run on `active_isa()`: on first use,
/// the best one this CPU supports among those compiled in (x86-64: sse2, avx2 = AVX2 + FMA,
/// avx512 = AVX-512 F/BW/DQ/VL; AArch64: neon), lowered by the environment variable
/// ACTIV_ISA=scalar|sse2|avx2|avx512|neon if set. A program built with default flags still
/// runs the AVX-512 kernels on a CPU that has them; one built with -march=native calls its
/// best kernels directly, with no dispatch.
using detail::isa;

/// "scalar", "sse2", "avx2", "avx512" or "neon".
[[nodiscard]] constexpr std::string_view isa_name(isa i) noexcept { return detail::isa_name(i); }

/// True if the kernels for `i` are compiled into this program and the CPU runs them.
[[nodiscard]] inline bool isa_available(isa i) noexcept { return detail::isa_available(i); }

/// The path the span forms take now.
[[nodiscard]] inline isa active_isa() noexcept { return detail::active_isa(); }

/// Makes the span forms run on `i` (or the best available path below it) and returns the
/// previous choice, for tests and comparisons. Thread-safe, and global to the program.
inline isa set_isa(isa i) noexcept { return detail::set_isa(i); }

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_ISA_HPP
