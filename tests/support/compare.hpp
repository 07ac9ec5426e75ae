// SPDX-License-Identifier: MIT
// Comparing floating-point results: ULP distances, bitwise and value equality, exact printing, and
// the instruction sets to compare across. No Catch and no data files, so the fuzz targets use it too.
#ifndef ACTIV_TESTS_SUPPORT_COMPARE_HPP
#define ACTIV_TESTS_SUPPORT_COMPARE_HPP

#include <bit>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <activ/isa.hpp>

namespace activ_test {

// ---- values --------------------------------------------------------------------------------

template <class T>
constexpr bool is_nan(T v) noexcept {
  return v != v;
}

/// v in long double, spelled out (the tests build with -Wdouble-promotion).
template <class T>
constexpr long double wide(T v) noexcept {
  return static_cast<long double>(v);
}

/// Distance in units in the last place between a and b, counted on the ordered line of values of T:
/// 0 when a == b (so +0 and -0 are 0 apart) and when both are NaN; the maximum uint64 when exactly
/// one is NaN; across zero it counts the representable values in between (-denorm_min to
/// +denorm_min is 2), so a sign mismatch between normal numbers is huge; inf is 1 above the largest
/// finite value.
template <class T>
constexpr std::uint64_t ulp_distance(T a, T b) noexcept {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "float or double");
  if (is_nan(a) || is_nan(b)) {
    return is_nan(a) && is_nan(b) ? 0 : std::numeric_limits<std::uint64_t>::max();
  }
  using U = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
  constexpr U sign = U{1} << (sizeof(U) * 8 - 1);
  // Map to a signed integer that is monotonic in the value: -x maps to -(bits of x).
  const auto key = [](T v) {
    const U bits = std::bit_cast<U>(v);
    const auto mag = static_cast<std::int64_t>(bits & ~sign);
    return (bits & sign) != 0 ? -mag : mag;
  };
  const std::int64_t ka = key(a);
  const std::int64_t kb = key(b);
  // |ka - kb| < 2^64 always; compute it in unsigned arithmetic to avoid signed overflow.
  return ka >= kb ? static_cast<std::uint64_t>(ka) - static_cast<std::uint64_t>(kb)
                  : static_cast<std::uint64_t>(kb) - static_cast<std::uint64_t>(ka);
}

/// The spacing of T's values at |v| (v of any floating type, e.g. a long double reference):
/// eps * 2^exponent of v rounded to T for a normal value, denorm_min for a subnormal value or zero.
template <class T, class V>
long double ulp_of(V v) noexcept {
  const long double a = std::fabs(static_cast<long double>(v));
  if (!(a >= static_cast<long double>(std::numeric_limits<T>::min()))) {
    return static_cast<long double>(std::numeric_limits<T>::denorm_min());
  }
  const T t = static_cast<T>(a);  // the exponent of the value rounded to T
  return std::ldexp(static_cast<long double>(std::numeric_limits<T>::epsilon()), std::ilogb(t));
}

/// Bit for bit, except that any NaN equals any NaN (the files do not record NaN's sign or payload).
template <class T>
constexpr bool same_bits(T a, T b) noexcept {
  if (is_nan(a) || is_nan(b)) return is_nan(a) && is_nan(b);
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
  } else {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  }
}

/// Equal as values (+0 == -0), NaN equals NaN.
template <class T>
constexpr bool same_value(T a, T b) noexcept {
  return (is_nan(a) && is_nan(b)) || a == b;
}

/// "0x1.8p+1 (3)": the exact hexfloat, then the round-tripping decimal.
template <class T>
std::string show(T v) {
  std::ostringstream os;
  if (is_nan(v)) return "nan";
  os << std::hexfloat << v << " (" << std::defaultfloat
     << std::setprecision(std::numeric_limits<T>::max_digits10) << v << ")";
  return os.str();
}

/// Runs the span forms on one instruction set for a scope (activ::set_isa), then restores the
/// previous choice.
class scoped_isa {
 public:
  explicit scoped_isa(activ::isa i) noexcept : previous_{activ::set_isa(i)} {}
  ~scoped_isa() { activ::set_isa(previous_); }
  scoped_isa(const scoped_isa&) = delete;
  scoped_isa& operator=(const scoped_isa&) = delete;

 private:
  activ::isa previous_;
};

/// The instruction sets compiled in and supported by this CPU, scalar first: the golden
/// comparisons run on each of them.
inline std::vector<activ::isa> available_isas() {
  std::vector<activ::isa> out;
  for (const auto i : {activ::isa::scalar, activ::isa::sse2, activ::isa::avx2, activ::isa::avx512,
                       activ::isa::neon}) {
    if (activ::isa_available(i)) out.push_back(i);
  }
  return out;
}

/// "scalar sse2 avx2": the available instruction sets, for messages.
inline std::string isa_list() {
  std::string out;
  for (const auto i : available_isas()) {
    if (!out.empty()) out += ' ';
    out += activ::isa_name(i);
  }
  return out;
}

}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_COMPARE_HPP
