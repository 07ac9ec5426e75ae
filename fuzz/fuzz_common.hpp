// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets: reading typed values out of the fuzzer's bytes, buffers sized
// exactly (so AddressSanitizer sees any access past a span), and reporting a finding.
#pragma once

#include <activ/activ.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include "../tests/support/compare.hpp"
#include "../tests/support/reference.hpp"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace activ_fuzz {

using activ_test::available_isas;
using activ_test::same_bits;
using activ_test::show;
using activ_test::ulp_distance;

// Values the kernels treat specially, mixed into the raw bit patterns.
template <class T>
T special(std::uint8_t k) {
  using L = std::numeric_limits<T>;
  const T table[] = {T(0),          -T(0),           T(1),        -T(1),
                     L::infinity(), -L::infinity(),  L::quiet_NaN(), L::denorm_min(),
                     -L::denorm_min(), L::min(),     L::max(),    -L::max(),
                     T(88.7),       T(-103.9),       T(1e30),     T(0.25)};
  return table[k % 16];
}

// One value: raw bits (every float, NaN payloads included), a special value, or a moderate one.
template <class T>
T value(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: {
      using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
      return std::bit_cast<T>(in.ConsumeIntegral<U>());
    }
    case 1: return special<T>(in.ConsumeIntegral<std::uint8_t>());
    default: return static_cast<T>(in.ConsumeFloatingPointInRange<double>(-40.0, 40.0));
  }
}

// n elements starting at `offset` elements into a heap block of exactly offset + n elements.
template <class T>
struct exact_buffer {
  std::unique_ptr<T[]> block;
  std::size_t offset, n;
  exact_buffer(std::size_t offset_, std::size_t n_)
      : block(new T[offset_ + n_ + (offset_ + n_ == 0)]()), offset(offset_), n(n_) {}
  std::span<T> span() { return {block.get() + offset, n}; }
};

[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "FINDING: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

// The body of LLVMFuzzerTestOneInput: the first byte picks float or double, then
// fuzz(in, T{}) runs on the rest.
template <class F>
int float_or_double(const std::uint8_t* data, std::size_t size, F fuzz) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool()) {
    fuzz(in, float{});
  } else {
    fuzz(in, double{});
  }
  return 0;
}

template <class T>
constexpr const char* type_name() {
  return sizeof(T) == 4 ? "float" : "double";
}

}  // namespace activ_fuzz
