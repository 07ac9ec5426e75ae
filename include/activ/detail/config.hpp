// SPDX-License-Identifier: MIT
// Configuration macros: forced inlining, the ABI tag namespace and target regions.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_CONFIG_HPP
#define ACTIV_DETAIL_CONFIG_HPP

#if defined(__GNUC__) || defined(__clang__)
#define ACTIV_INLINE inline __attribute__((always_inline))
#define ACTIV_INLINE_LAMBDA __attribute__((always_inline))  // after a lambda's parameters
#define ACTIV_NOINLINE __attribute__((noinline))  // on templates (implicitly inline)
#elif defined(_MSC_VER)
#define ACTIV_INLINE __forceinline
#define ACTIV_INLINE_LAMBDA
#define ACTIV_NOINLINE __declspec(noinline)
#else
#define ACTIV_INLINE inline
#define ACTIV_INLINE_LAMBDA
#define ACTIV_NOINLINE
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

// Strict regions: between ACTIV_STRICT_PUSH and ACTIV_STRICT_POP the compiler may not contract
// a * b + c into a fused multiply-add on its own (GCC does wherever the target has one, even
// with -std=c++20; Clang within one expression). The kernels fuse exactly where they mean to;
// a contraction elsewhere changes roundings, and the instruction sets would no longer agree
// bit for bit. GCC 12's AVX-512 intrinsics initialise their don't-care operands from
// themselves (`__Y = __Y`), which the optimize pragma turns into a warning at every use.
//
// Target regions: everything defined between ACTIV_TARGET_PUSH("avx2,fma") and ACTIV_TARGET_POP
// may use those instructions, whatever the flags of the translation unit, and is strict. Kernels
// must be defined textually inside the region (templates included), or GCC leaves the vector
// operations out of line and Clang refuses to inline them.
#define ACTIV_PRAGMA(x) _Pragma(#x)
#if defined(__clang__) && (defined(__x86_64__) || defined(_M_X64))
#define ACTIV_STRICT_PUSH ACTIV_PRAGMA(float_control(push)) ACTIV_PRAGMA(clang fp contract(off))
#define ACTIV_STRICT_POP ACTIV_PRAGMA(float_control(pop))
#elif defined(__clang__)
// Clang 14 rejects float_control(push) on AArch64. Its default contracts only within one
// expression; there the scalar path may differ from NEON in a last bit (GCC is strict).
#define ACTIV_STRICT_PUSH
#define ACTIV_STRICT_POP
#endif
#if defined(__clang__)
#define ACTIV_TARGET_PUSH(t) \
  ACTIV_STRICT_PUSH ACTIV_PRAGMA(clang attribute push(__attribute__((target(t))), apply_to = function))
#define ACTIV_TARGET_POP ACTIV_PRAGMA(clang attribute pop) ACTIV_STRICT_POP
#elif defined(__GNUC__)
#define ACTIV_STRICT_PUSH                                                          \
  ACTIV_PRAGMA(GCC push_options) ACTIV_PRAGMA(GCC optimize("fp-contract=off"))     \
  ACTIV_PRAGMA(GCC diagnostic push)                                                \
  ACTIV_PRAGMA(GCC diagnostic ignored "-Wmaybe-uninitialized")                     \
  ACTIV_PRAGMA(GCC diagnostic ignored "-Wuninitialized")
#define ACTIV_STRICT_POP ACTIV_PRAGMA(GCC diagnostic pop) ACTIV_PRAGMA(GCC pop_options)
#define ACTIV_TARGET_PUSH(t) ACTIV_STRICT_PUSH ACTIV_PRAGMA(GCC target(t))
#define ACTIV_TARGET_POP ACTIV_STRICT_POP
#else
#define ACTIV_STRICT_PUSH
#define ACTIV_STRICT_POP
#define ACTIV_TARGET_PUSH(t)
#define ACTIV_TARGET_POP
#endif

// Which instruction sets are compiled in. x86-64: SSE2 (the baseline), AVX2+FMA and AVX-512
// (F, BW, DQ, VL); AArch64: NEON. Only those at or above the translation unit's own baseline
// are compiled: below it they would never run. ACTIV_STATIC_ISA is set when the baseline
// already is the best one: then it is called directly, with no table and no dispatch.
// Define ACTIV_NO_SIMD to compile the scalar path only.
#if !defined(ACTIV_NO_SIMD) && (defined(__x86_64__) || defined(_M_X64)) && \
    (defined(__GNUC__) || defined(__clang__))
#define ACTIV_X86 1
#else
#define ACTIV_X86 0
#endif
#if !defined(ACTIV_NO_SIMD) && (defined(__aarch64__) || defined(_M_ARM64))
#define ACTIV_NEON 1
#else
#define ACTIV_NEON 0
#endif

#if ACTIV_X86 && defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && \
    defined(__AVX512VL__)
#define ACTIV_STATIC_ISA avx512
#elif ACTIV_NEON
#define ACTIV_STATIC_ISA neon
#endif

#endif  // ACTIV_DETAIL_CONFIG_HPP
