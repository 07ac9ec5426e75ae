// SPDX-License-Identifier: MIT
// Configuration macros: forced inlining, the ABI tag namespace and target regions.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_CONFIG_HPP
#define ACTIV_DETAIL_CONFIG_HPP

#if defined(__GNUC__) || defined(__clang__)
#define ACTIV_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ACTIV_INLINE __forceinline
#else
#define ACTIV_INLINE inline
#endif

// The ABI tag: every entity of activ lives in `activ::inline ACTIV_ABI`, named after the
// instruction set the translation unit is compiled for. Two TUs built with different -m flags
// then instantiate *different* inline functions, so the linker cannot keep an AVX-512 copy of
// the scalar fallback for a TU that must run on an older CPU (numpy/numpy#25274).
#ifndef ACTIV_ABI
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__)
#define ACTIV_ABI v0_avx512
#elif defined(__AVX2__) && defined(__FMA__)
#define ACTIV_ABI v0_avx2
#else
#define ACTIV_ABI v0_base
#endif
#endif

// True when the compiler may emit a fused multiply-add instruction without a target region.
#if defined(__FMA__) || defined(__aarch64__) || defined(_M_ARM64)
#define ACTIV_HAS_NATIVE_FMA 1
#else
#define ACTIV_HAS_NATIVE_FMA 0
#endif

#endif  // ACTIV_DETAIL_CONFIG_HPP
