// SPDX-License-Identifier: MIT
// Constant evaluation's fma (detail::exact_fma) rounds as std::fma does, bit for bit, so every
// span form gives the same bits at compile time as the scalar path at run time.
#include <activ/activ.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>

#include "support/catch.hpp"
#include "support/compare.hpp"

namespace {

template <class T> using bits_of = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T> bool same_bits(T x, T y) {  // NaNs of any payload count as the same
  if (activ_test::is_nan(x) || activ_test::is_nan(y))
    return activ_test::is_nan(x) && activ_test::is_nan(y);
  return std::bit_cast<bits_of<T>>(x) == std::bit_cast<bits_of<T>>(y);
}

template <class T> T library_fma(T a, T b, T c) {
  if constexpr (std::is_same_v<T, float>) return std::fmaf(a, b, c);
  else return std::fma(a, b, c);
}

// Operands for a * b + c that reach the hard cases of a fused multiply-add: uniformly random bits
// alone almost never cancel, tie or land among the subnormals.
template <class T> class fma_cases {
 public:
  using bits = bits_of<T>;
  static constexpr int mantissa_bits = std::numeric_limits<T>::digits - 1;
  static constexpr int max_biased = 2 * std::numeric_limits<T>::max_exponent - 2;  // finite
  static constexpr int bias = std::numeric_limits<T>::max_exponent - 1;

  explicit fma_cases(std::uint64_t seed) : rng_{seed} {}

  struct operands {
    T a, b, c;
  };
  operands next(int kind) {
    switch (kind) {
      case 0: return {any(), any(), any()};
      case 1: {  // cancellation: c is -fl(a b) or a few ulps from it, so the result is a * b's error
        const T a = near(bias + below(40) - 20), b = near(bias + below(40) - 20);
        return {a, b, step(-(a * b), below(5) - 2)};
      }
      case 2: {  // near-ties: a * b close to half an ulp of c (odd multiples of it included)
        const T c = near(below(max_biased - 2 * mantissa_bits) + mantissa_bits);
        const T half_ulp = (step(std::abs(c), 1) - std::abs(c)) / 2;
        const T odd = static_cast<T>(2 * below(4) + 1);
        const T a = below(2) != 0 ? any_of_width(2) : near(bias + below(8) - 4);
        return {a, step(odd * half_ulp / a, below(5) - 2), c};
      }
      case 3: {  // subnormal and underflowing results
        const int sum = 1 + below(2 * mantissa_bits + 8) - mantissa_bits - 4;
        const int ea = below(bias) + 1;
        const T a = near(ea), b = near(sum + bias - ea);
        const T tiny[] = {T(0), -T(0), near(0), near(1), -(a * b), step(-(a * b), 1)};
        return {a, b, tiny[below(6)]};
      }
      case 4: {  // far apart: c a long way above or below a * b, past the sticky bit and beyond
        const T a = near(bias / 2 + below(bias)), b = near(bias / 2 + below(bias));
        const int pe = exponent(a) + exponent(b) - bias;
        const int away = below(6 * mantissa_bits) - 3 * mantissa_bits;
        return {a, b, near(pe + away)};
      }
      case 5: {  // overflow: a * b around the largest finite value, c pushing either way
        const T a = near(bias + below(bias)), b = near(max_biased - exponent(a) + bias - 1 +
                                                      below(3));
        const T c[] = {std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(), any(),
                       -(a * b), near(max_biased - below(60))};
        return {a, b, c[below(5)]};
      }
      case 6: return {special_or_any(), special_or_any(), special_or_any()};
      default: {  // few significant bits: exact products and exact ties of the sum
        const int e = bias + below(20) - 10;
        return {any_of_width(3, e), any_of_width(3, e), any_of_width(3, e + mantissa_bits - 2)};
      }
    }
  }

 private:
  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  T any() { return std::bit_cast<T>(static_cast<bits>(rng_())); }
  // A random significand and sign with the biased exponent clamped to [0 (subnormal), max].
  T near(std::int64_t biased) {
    const std::int64_t e = biased < 0 ? 0 : biased > max_biased ? max_biased : biased;
    const bits sign = static_cast<bits>(rng_() & 1) << (sizeof(T) * 8 - 1);
    const bits mantissa = static_cast<bits>(rng_()) & ((bits(1) << mantissa_bits) - 1);
    return std::bit_cast<T>(bits(sign | (static_cast<bits>(e) << mantissa_bits) | mantissa));
  }
  // A value whose significand has only its top `width` bits random.
  T any_of_width(int width, std::int64_t biased = bias) {
    const bits low = (bits(1) << (mantissa_bits - width + 1)) - 1;
    return std::bit_cast<T>(bits(std::bit_cast<bits>(near(biased)) & ~low));
  }
  T special_or_any() {
    constexpr T inf = std::numeric_limits<T>::infinity();
    const T specials[] = {T(0),
                          -T(0),
                          inf,
                          -inf,
                          std::numeric_limits<T>::quiet_NaN(),
                          std::numeric_limits<T>::denorm_min(),
                          -std::numeric_limits<T>::denorm_min(),
                          std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max(),
                          -std::numeric_limits<T>::max(),
                          T(1),
                          T(-1)};
    return below(2) != 0 ? specials[below(static_cast<int>(std::size(specials)))] : any();
  }
  static int exponent(T x) {  // biased
    return static_cast<int>(bits(std::bit_cast<bits>(x) << 1) >> (mantissa_bits + 1));
  }
  // x moved k representable values toward +inf (k > 0) or -inf.
  static T step(T x, int k) {
    for (; k > 0; --k) x = std::nextafter(x, std::numeric_limits<T>::infinity());
    for (; k < 0; ++k) x = std::nextafter(x, -std::numeric_limits<T>::infinity());
    return x;
  }

  std::mt19937_64 rng_;
};

template <class T> void check_against_library_fma(std::uint64_t seed) {
  constexpr long count = 4'000'000;
  fma_cases<T> cases{seed};
  long mismatches = 0;
  typename fma_cases<T>::operands first{};
  T got{}, want{};
  for (long i = 0; i < count; ++i) {
    const auto [a, b, c] = cases.next(static_cast<int>(i % 8));
    const T r = activ::detail::exact_fma(a, b, c), s = library_fma(a, b, c);
    if (!same_bits(r, s) && mismatches++ == 0) {
      first = {a, b, c};
      got = r;
      want = s;
    }
  }
  INFO("first mismatch: fma(" << activ_test::show(first.a) << ", " << activ_test::show(first.b)
                              << ", " << activ_test::show(first.c) << ") = "
                              << activ_test::show(got) << ", std::fma gives "
                              << activ_test::show(want));
  CHECK(mismatches == 0);
}

// fma in constant evaluation (the scalar kernels' op) gives `want`, bit for bit.
template <class T> constexpr bool constant_fma_is(T a, T b, T c, T want) {
  return std::bit_cast<bits_of<T>>(activ::detail::scalar::fma(a, b, c)) ==
         std::bit_cast<bits_of<T>>(want);
}

// Inputs for the kernels (a few: the kernels evaluate slowly at compile time): zeros,
// subnormals, tiny, around 1, softplus's threshold, where exp over- and underflows, and large.
// No NaN (Clang refuses any operation giving NaN in constant evaluation), no infinities nor
// values whose cube overflows (several kernels then compute an inf * 0, inf - inf or overflow
// in a lane they discard, which GCC and Clang refuse).
template <class T> constexpr std::array<T, 32> kernel_inputs() {
  using lim = std::numeric_limits<T>;
  constexpr bool is_float = std::is_same_v<T, float>;
  const T subnormal = lim::min() / T(3), tiny = is_float ? T(1e-20f) : T(1e-200);
  const T big = is_float ? T(1e12f) : T(1e100);  // its cube is finite
  const T exp_over = is_float ? T(88.7f) : T(709.8), exp_under = is_float ? T(103.9f) : T(745.1);
  const T above_threshold = is_float ? T(0x1.400002p4f) : T(0x1.4000000000001p4);
  std::array<T, 32> x{};
  const T magnitudes[] = {T(0.25), T(1),           T(2.5),   T(5.25),   T(16),
                          T(1.0 / 3), above_threshold, exp_over, exp_under, tiny};
  std::size_t i = 0;
  for (const T m : magnitudes) {
    x[i++] = m;
    x[i++] = -m;
  }
  const T specials[] = {T(0),      -T(0),      lim::denorm_min(), -lim::denorm_min(),
                        subnormal, -subnormal, lim::min(),        -lim::min(),
                        big,       -big,       T(1000),           T(-1000)};
  for (const T v : specials) x[i++] = v;
  return x;
}
template <class T> inline constexpr std::array<T, 32> inputs = kernel_inputs<T>();
inline constexpr std::size_t row = 8;  // Softmax's rows: 4 of them

template <class F, class T, std::size_t N> constexpr std::array<T, N> forward(const std::array<T, N>& x) {
  std::array<T, N> y{};
  F::make()(x, y);
  return y;
}
template <class F, class T, std::size_t N>
constexpr std::array<T, N> derivative(const std::array<T, N>& x) {
  std::array<T, N> d{};
  F::make().derivative(x, d);
  return d;
}
template <class F, class T, std::size_t N> constexpr std::array<T, N> rows(const std::array<T, N>& x) {
  std::array<T, N> y{};
  F::make()(x, y, row);
  return y;
}
template <class F, class T, std::size_t N>
constexpr std::array<T, N> rows_backward(const std::array<T, N>& x) {
  std::array<T, N> y{}, dx{};
  F::make()(x, y, row);
  F::make().backward(y, x, dx, row);  // x serves as the incoming gradient
  return dx;
}

template <class T, std::size_t N>
void check_same_bits(const std::string& what, const std::array<T, N>& x,
                     const std::array<T, N>& compile_time, const std::array<T, N>& run_time) {
  std::size_t mismatches = 0, first = 0;
  for (std::size_t i = 0; i < N; ++i) {
    if (!same_bits(compile_time[i], run_time[i]) && mismatches++ == 0) first = i;
  }
  INFO(what << ": " << mismatches << " mismatches; first at x = " << activ_test::show(x[first])
            << ": compile time " << activ_test::show(compile_time[first]) << ", run time "
            << activ_test::show(run_time[first]));
  CHECK(mismatches == 0);
}

// The span forms in constant evaluation against the same calls on the scalar path at run time.
template <class F> void check_elementwise(const std::string& name) {
  using T = typename F::type;
  constexpr auto y = forward<F>(inputs<T>);
  constexpr auto d = derivative<F>(inputs<T>);
  const activ_test::scoped_isa scalar{activ::isa::scalar};
  const auto x = inputs<T>;  // a run-time copy
  check_same_bits(name + " forward", x, y, forward<F>(x));
  check_same_bits(name + " derivative", x, d, derivative<F>(x));
}
template <class F> void check_rows(const std::string& name) {
  using T = typename F::type;
  constexpr auto y = rows<F>(inputs<T>);
  constexpr auto dx = rows_backward<F>(inputs<T>);
  const activ_test::scoped_isa scalar{activ::isa::scalar};
  const auto x = inputs<T>;
  check_same_bits(name + " rows", x, y, rows<F>(x));
  check_same_bits(name + " rows backward", x, dx, rows_backward<F>(x));
}

// Each functor as a type that makes it, so it can be built inside constant evaluation.
template <template <class> class F, class T> struct plain {
  using type = T;
  static constexpr F<T> make() { return F<T>{}; }
};
template <class T> struct gelu_tanh {
  using type = T;
  static constexpr activ::GELU<T> make() { return activ::GELU<T>{activ::gelu_approximate::tanh}; }
};

template <class T> void check_kernels() {
  check_elementwise<plain<activ::Sigmoid, T>>("Sigmoid");
  check_elementwise<plain<activ::Tanh, T>>("Tanh");
  check_elementwise<plain<activ::SiLU, T>>("SiLU");
  check_elementwise<plain<activ::GELU, T>>("GELU");
  check_elementwise<gelu_tanh<T>>("GELU tanh");
  check_elementwise<plain<activ::ELU, T>>("ELU");
  check_elementwise<plain<activ::Softplus, T>>("Softplus");
  check_elementwise<plain<activ::Mish, T>>("Mish");
  check_elementwise<plain<activ::LogSigmoid, T>>("LogSigmoid");
  check_rows<plain<activ::Softmax, T>>("Softmax");
  check_rows<plain<activ::LogSoftmax, T>>("LogSoftmax");
}

}  // namespace

TEST_CASE("exact_fma gives std::fma's bits (float)", "[constexpr][fma]") {
  check_against_library_fma<float>(0x5eed'f10a7);
}
TEST_CASE("exact_fma gives std::fma's bits (double)", "[constexpr][fma]") {
  check_against_library_fma<double>(0x5eed'd0b1e);
}

// Cases the former emulation (float: a double product and sum, rounded twice; double: Dekker's
// two-product and a two-sum) got wrong, found by the test above; fma in constant evaluation
// (STATIC_REQUIRE) gives std::fma's bits (CHECK, at run time).
TEST_CASE("fma in constant evaluation is correctly rounded", "[constexpr][fma]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  // float: 1 + 2^-23 + 2^-24 - 2^-70 is a double-rounding tie: the double sum rounds it up to
  // the float tie, which then goes to even (away from the nearer float).
  STATIC_REQUIRE(constant_fma_is(0x1.000002p0f, 0x1.fffffcp-25f, 0x1.000002p0f, 0x1.000002p0f));
  STATIC_REQUIRE(constant_fma_is(-0x1.f586cap2f, -0x1.05589ap-16f, 0x1.5e9b36p11f, 0x1.5e9b36p11f));
  // double: the same near a tie.
  STATIC_REQUIRE(constant_fma_is(0x1.18f8dd168ae53p2, 0x1.d27ea325fcaf1p-515,
                                 0x1.c13babc286181p-459, 0x1.c13babc286181p-459));
  // Veltkamp's split overflows for a factor >= 2^996: NaN where the result is 3.25.
  STATIC_REQUIRE(constant_fma_is(0x1.8p1000, 0x1.8p-1000, 1.0, 3.25));
  // The product overflows: inf, not inf - inf = NaN, beside a finite c ...
  STATIC_REQUIRE(constant_fma_is(0x1.29836c86b9563p846, 0x1.5d6b45e68d21fp177,
                                 0x1.fffffffffffffp1023, inf));
  // ... and c itself when it is infinite.
  STATIC_REQUIRE(constant_fma_is(0x1.fffffffffffffp1023, 2.0, -inf, -inf));
  // A nonzero result that rounds to zero keeps its sign.
  STATIC_REQUIRE(constant_fma_is(-0x1.680de122560c1p-905, 0x1p-1022, -0.0, -0.0));
  STATIC_REQUIRE(constant_fma_is(-0x1.417d58087442dp-871, 0x1.0ffce030759a4p-191,
                                 0x0.0000000001559p-1022, -0.0));
  // Exact cancellation gives +0.
  STATIC_REQUIRE(constant_fma_is(0x1.8p0, -0x1.8p0, 2.25, 0.0));

  CHECK(same_bits(std::fmaf(0x1.000002p0f, 0x1.fffffcp-25f, 0x1.000002p0f), 0x1.000002p0f));
  CHECK(same_bits(std::fmaf(-0x1.f586cap2f, -0x1.05589ap-16f, 0x1.5e9b36p11f), 0x1.5e9b36p11f));
  CHECK(same_bits(std::fma(0x1.18f8dd168ae53p2, 0x1.d27ea325fcaf1p-515, 0x1.c13babc286181p-459),
                  0x1.c13babc286181p-459));
  CHECK(same_bits(std::fma(0x1.8p1000, 0x1.8p-1000, 1.0), 3.25));
  CHECK(same_bits(std::fma(0x1.29836c86b9563p846, 0x1.5d6b45e68d21fp177, 0x1.fffffffffffffp1023),
                  inf));
  CHECK(same_bits(std::fma(0x1.fffffffffffffp1023, 2.0, -inf), -inf));
  CHECK(same_bits(std::fma(-0x1.680de122560c1p-905, 0x1p-1022, -0.0), -0.0));
  CHECK(same_bits(std::fma(-0x1.417d58087442dp-871, 0x1.0ffce030759a4p-191, 0x0.0000000001559p-1022),
                  -0.0));
  CHECK(same_bits(std::fma(0x1.8p0, -0x1.8p0, 2.25), 0.0));
}

TEST_CASE("Span forms give the same bits in constant evaluation as at run time (float)",
          "[constexpr][fma]") {
  check_kernels<float>();
}
TEST_CASE("Span forms give the same bits in constant evaluation as at run time (double)",
          "[constexpr][fma]") {
  check_kernels<double>();
}
