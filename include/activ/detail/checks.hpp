// SPDX-License-Identifier: MIT
// Argument checks of the span forms: sizes, row lengths and overlap, each failure reported as
// std::invalid_argument naming the function and the sizes.
// Internal: include <activ/activ.hpp>.
#ifndef ACTIV_DETAIL_CHECKS_HPP
#define ACTIV_DETAIL_CHECKS_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#include <stdexcept>
#define ACTIV_EXCEPTIONS 1
#else
#include <cstdio>
#include <cstdlib>
#define ACTIV_EXCEPTIONS 0
#endif

#include "config.hpp"

namespace activ::inline ACTIV_ABI::detail {

template <class T> inline constexpr std::string_view type_name = sizeof(T) == 4 ? "float" : "double";

// Where a check failed: "activ::Sigmoid<float>::backward".
struct call_site {
  std::string_view functor, type, method;
};

// The failure paths are not constexpr on purpose: reaching one in constant evaluation is then
// a compile error that points here.
[[noreturn]] inline void fail(const call_site& where, const std::string& what) {
  std::string message = "activ::";
  message.append(where.functor).append("<").append(where.type).append(">::");
  message.append(where.method).append(": ").append(what);
#if ACTIV_EXCEPTIONS
  throw std::invalid_argument(message);
#else
  std::fprintf(stderr, "%s\n", message.c_str());
  std::abort();
#endif
}

[[noreturn]] inline void sizes_differ(const call_site& where, std::string_view a, std::size_t na,
                                      std::string_view b, std::size_t nb) {
  fail(where, std::string(a) + " has " + std::to_string(na) + " elements but " + std::string(b) +
                  " has " + std::to_string(nb));
}

[[noreturn]] inline void spans_overlap(const call_site& where, std::string_view a, std::size_t na,
                                       std::string_view b, std::size_t nb) {
  fail(where, std::string(a) + " (" + std::to_string(na) + " elements) and " + std::string(b) +
                  " (" + std::to_string(nb) +
                  " elements) partially overlap; pass the very same span for in-place use");
}

[[noreturn]] inline void bad_row_length(const call_site& where, std::size_t n, std::size_t size) {
  fail(where, n == 0 ? "the row length n is 0"
                     : "the row length n = " + std::to_string(n) + " does not divide the " +
                           std::to_string(size) + " elements of x");
}

[[noreturn]] inline void bad_jacobian_size(const call_site& where, std::size_t n, std::size_t j) {
  fail(where, "J has " + std::to_string(j) + " elements but x has " + std::to_string(n) +
                  ", so J needs " + std::to_string(n) + " x " + std::to_string(n) + " = " +
                  std::to_string(n * n));
}

[[noreturn]] inline void bad_extents(const call_site& where, std::string_view a, std::size_t size,
                                     std::size_t outer, std::size_t n, std::size_t inner) {
  fail(where, std::string(a) + " has " + std::to_string(size) + " elements but the extents are " +
                  std::to_string(outer) + " x " + std::to_string(n) + " x " +
                  std::to_string(inner) + " (outer x n x inner)");
}

// outer * n * inner must be the span's size (and must not overflow on the way).
constexpr void check_extents(const call_site& where, std::string_view a, std::size_t size,
                             std::size_t outer, std::size_t n, std::size_t inner) {
  const std::size_t max = static_cast<std::size_t>(-1);
  const bool overflow = (outer != 0 && n > max / outer) ||
                        (outer * n != 0 && inner > max / (outer * n));
  if (overflow || outer * n * inner != size) bad_extents(where, a, size, outer, n, inner);
}

constexpr void check_size(const call_site& where, std::string_view a, std::size_t na,
                          std::string_view b, std::size_t nb) {
  if (na != nb) sizes_differ(where, a, na, b, nb);
}

// Exactly the same span (in place) is fine; any other shared byte is an error. Pointers into
// different objects cannot be compared in constant evaluation, so the check is run-time only.
template <class A, class B>
constexpr void check_overlap(const call_site& where, std::string_view a, std::span<A> sa,
                             std::string_view b, std::span<B> sb) {
  if (std::is_constant_evaluated() || sa.empty() || sb.empty()) return;
  const void* pa = sa.data();
  const void* pb = sb.data();
  if (pa == pb && sa.size_bytes() == sb.size_bytes()) return;
  const auto a0 = reinterpret_cast<std::uintptr_t>(pa);
  const auto b0 = reinterpret_cast<std::uintptr_t>(pb);
  if (a0 < b0 + sb.size_bytes() && b0 < a0 + sa.size_bytes())
    spans_overlap(where, a, sa.size(), b, sb.size());
}

}  // namespace activ::inline ACTIV_ABI::detail

#endif  // ACTIV_DETAIL_CHECKS_HPP
