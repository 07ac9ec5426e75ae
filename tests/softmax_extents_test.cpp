// SPDX-License-Identifier: MIT
// Softmax and LogSoftmax along the middle dimension of an (outer, n, inner) tensor
// (activ::extents) and over short and long rows: against a long double reference within the
// stated bounds, against the scalar path on every instruction set at every tail of inner, in
// place, and at the edge values (huge, -inf, all -inf, +inf, NaN, length 1).
#include <activ/activ.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

// (support/reference.hpp's `ld` type would clash with golden.hpp's ld() function.)
using ld = long double;

// |y - exact| in ULP of T at the exact value (the subnormal spacing below the normal range);
// NaN and infinities must match exactly (0, else infinity). As reference.hpp's ulp_error.
template <class T> double ulp_error(T y, ld exact) {
  if (std::isnan(exact) || std::isinf(exact) || std::isnan(y) || std::isinf(y))
    return activ_test::same_bits(y, static_cast<T>(exact)) ? 0.0 : std::numeric_limits<double>::infinity();
  int e = 0;
  (void)std::frexp(std::fabs(exact), &e);
  const int digits = std::numeric_limits<T>::digits;
  const int min_exp = std::numeric_limits<T>::min_exponent - digits;
  return static_cast<double>(std::fabs(static_cast<ld>(y) - exact) /
                             std::ldexp(ld(1), std::max(e - digits, min_exp)));
}

// The bounds README "Accuracy" states (as tests/accuracy_test.cpp checks for rows).
constexpr double softmax_max_ulp = 2.0;
constexpr double log_softmax_max_eps = 2.0;

// Element (o, k, i) of an (outer, n, inner) tensor.
struct layout {
  std::size_t outer, n, inner;
  std::size_t at(std::size_t o, std::size_t k, std::size_t i) const {
    return (o * n + k) * inner + i;
  }
  activ::extents extents() const { return {.outer = outer, .n = n, .inner = inner}; }
  std::size_t size() const { return outer * n * inner; }
};

// The exact softmax and log-softmax of one fibre, PyTorch's conventions: NaN everywhere if it
// holds a NaN or +inf or is all -inf; exp(-inf) = 0 otherwise.
struct reference {
  std::vector<ld> y, logy;
  ld log_sum = 0;
};

reference exact(const std::vector<ld>& x) {
  reference r;
  const ld nan = std::numeric_limits<ld>::quiet_NaN();
  const ld inf = std::numeric_limits<ld>::infinity();
  ld m = -inf;
  bool bad = false;
  for (const ld v : x) {
    bad = bad || std::isnan(v) || v == inf;
    m = std::max(m, v);
  }
  bad = bad || m == -inf;
  if (bad) {
    r.y.assign(x.size(), nan);
    r.logy.assign(x.size(), nan);
    r.log_sum = nan;
    return r;
  }
  // log(sum) = log1p(sum of the others): accurate where it is tiny (as accuracy_test.cpp).
  const std::size_t arg_max = static_cast<std::size_t>(std::max_element(x.begin(), x.end()) - x.begin());
  ld others = 0;
  for (std::size_t k = 0; k < x.size(); ++k)
    if (k != arg_max) others += std::exp(x[k] - m);
  const ld s = 1 + others;
  r.log_sum = std::log1p(others);
  for (const ld v : x) {
    r.y.push_back(std::exp(v - m) / s);
    r.logy.push_back((v - m) - r.log_sum);
  }
  return r;
}

// The worst error seen, in the bound's units, and where.
struct worst {
  double value = 0;
  std::string where = "(nothing)";
  // `at` makes the description; it runs only for a new worst (these loops see millions of
  // elements, and building every string made the tests slow).
  template <class Describe> void add(double v, const Describe& at) {
    if (!(v <= value)) {  // NaN counts as the worst
      value = v;
      if constexpr (std::is_invocable_v<const Describe&>) {
        where = at();
      } else {
        where = at;
      }
    }
  }
};

template <class T> double log_softmax_error(T got, ld exact_log, ld log_sum) {
  // Where the exact value rounds to an infinity in T (x - max overflows), so must the result.
  const T rounded = static_cast<T>(exact_log);
  if (std::isnan(rounded) || std::isinf(rounded) || std::isnan(got) || std::isinf(got))
    return activ_test::same_bits(got, rounded) ? 0.0 : std::numeric_limits<double>::infinity();
  const ld err = std::fabs(static_cast<ld>(got) - exact_log);
  const ld allowed = static_cast<ld>(std::numeric_limits<T>::epsilon()) *
                           (std::fabs(exact_log) + log_sum) +
                       static_cast<ld>(std::numeric_limits<T>::denorm_min());
  return static_cast<double>(err / allowed);
}

// Checks softmax and log-softmax of x (laid out as `s`) on the active path against the exact
// values, fibre by fibre; records the worst errors.
template <class T>
void check_against_exact(const layout& s, const std::vector<T>& x, const std::vector<T>& y,
                         const std::vector<T>& logy, worst& w_y, worst& w_log,
                         const std::string& what) {
  for (std::size_t o = 0; o < s.outer; ++o) {
    for (std::size_t i = 0; i < s.inner; ++i) {
      std::vector<ld> fibre(s.n);
      for (std::size_t k = 0; k < s.n; ++k) fibre[k] = static_cast<ld>(x[s.at(o, k, i)]);
      const reference r = exact(fibre);
      for (std::size_t k = 0; k < s.n; ++k) {
        const std::size_t e = s.at(o, k, i);
        const auto at = [&] {
          return what + ", fibre (" + std::to_string(o) + ", " + std::to_string(i) +
                 "), k = " + std::to_string(k) + ", x = " + activ_test::show(x[e]) +
                 ": y = " + activ_test::show(y[e]) + ", log y = " + activ_test::show(logy[e]);
        };
        w_y.add(ulp_error(y[e], r.y[k]), at);
        w_log.add(log_softmax_error(logy[e], r.logy[k], r.log_sum), at);
      }
    }
  }
}

template <class T> std::vector<T> normal_values(std::size_t count, double scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::vector<T> x(count);
  for (auto& v : x) v = static_cast<T>(normal(rng) * scale);
  return x;
}

// ulps between a and b; 0 for NaN and NaN, "infinity" for NaN against a number.
template <class T> double ulps_apart(T a, T b) {
  if (activ_test::same_bits(a, b)) return 0;
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b))
    return std::numeric_limits<double>::infinity();
  return static_cast<double>(activ_test::ulp_distance(a, b));
}

}  // namespace

TEMPLATE_TEST_CASE("Softmax and LogSoftmax along a middle dimension: exact values, scalar path, in place",
                   "[softmax][extents]", float, double) {
  using T = TestType;
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  // Every tail of inner up to two AVX-512 vectors of floats and a bit, several n and outer.
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      worst w_y, w_log, w_scalar, w_in_place;
      for (const std::size_t outer : {std::size_t(1), std::size_t(3)}) {
        for (const std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(10), std::size_t(37)}) {
          for (std::size_t inner = 1; inner <= 35; ++inner) {
            for (const double scale : {1.0, 30.0}) {
              const layout s{outer, n, inner};
              const std::string what = "isa=" + std::string(activ::isa_name(isa)) + ", extents " +
                                       std::to_string(outer) + " x " + std::to_string(n) + " x " +
                                       std::to_string(inner) + ", scale " + std::to_string(scale);
              const std::vector<T> x = normal_values<T>(s.size(), scale, outer * 1000 + n * 40 + inner);
              std::vector<T> y(x.size()), logy(x.size()), y0(x.size()), logy0(x.size());
              {
                const activ_test::scoped_isa use{activ::isa::scalar};
                softmax(x, y0, s.extents());
                log_softmax(x, logy0, s.extents());
              }
              const activ_test::scoped_isa use{isa};
              softmax(x, y, s.extents());
              log_softmax(x, logy, s.extents());
              check_against_exact(s, x, y, logy, w_y, w_log, what);
              std::vector<T> in_place = x, log_in_place = x;
              softmax(in_place, in_place, s.extents());
              log_softmax(log_in_place, log_in_place, s.extents());
              for (std::size_t e = 0; e < x.size(); ++e) {
                const auto at = [&] { return what + ", element " + std::to_string(e); };
                // inner = 1 is rows, whose vector path sums in another order (within 1 ulp).
                if (inner > 1)
                  w_scalar.add(std::max(ulps_apart(y[e], y0[e]), ulps_apart(logy[e], logy0[e])), at);
                w_in_place.add(std::max(ulps_apart(in_place[e], y[e]), ulps_apart(log_in_place[e], logy[e])), at);
              }
            }
          }
        }
      }
      INFO("softmax worst " << w_y.value << " ulp at " << w_y.where);
      CHECK(w_y.value <= softmax_max_ulp);
      INFO("log-softmax worst " << w_log.value << " eps (|y| + log sum) at " << w_log.where);
      CHECK(w_log.value <= log_softmax_max_eps);
      // Each lane runs the scalar path's arithmetic: bit for bit, but for SSE2's emulated fma.
      INFO("against the scalar path: worst " << w_scalar.value << " ulp at " << w_scalar.where);
      CHECK(w_scalar.value <= (isa == activ::isa::sse2 ? 1.0 : 0.0));
      INFO("in place against out of place: worst " << w_in_place.value << " ulp at " << w_in_place.where);
      CHECK(w_in_place.value == 0);
    }
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax backward along a middle dimension", "[softmax][extents][backward]",
                   float, double) {
  using T = TestType;
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  const ld eps = static_cast<ld>(std::numeric_limits<T>::epsilon());
  const ld tiny = static_cast<ld>(std::numeric_limits<T>::min());
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      worst w;
      for (const std::size_t n : {std::size_t(1), std::size_t(4), std::size_t(21)}) {
        for (std::size_t inner = 1; inner <= 35; inner += 2) {
          const layout s{2, n, inner};
          const std::vector<T> x = normal_values<T>(s.size(), 3, n * 100 + inner);
          const std::vector<T> g = normal_values<T>(s.size(), 1, n * 100 + inner + 7);
          std::vector<T> y(x.size()), logy(x.size()), dx(x.size()), dx_log(x.size());
          softmax(x, y, s.extents());
          log_softmax(x, logy, s.extents());
          softmax.backward(y, g, dx, s.extents());
          log_softmax.backward(logy, g, dx_log, s.extents());
          // In place, dx over dy, must give the same bits.
          std::vector<T> buf = g, buf_log = g;
          softmax.backward(y, buf, buf, s.extents());
          log_softmax.backward(logy, buf_log, buf_log, s.extents());
          CHECK(std::equal(buf.begin(), buf.end(), dx.begin()));
          CHECK(std::equal(buf_log.begin(), buf_log.end(), dx_log.begin()));
          for (std::size_t o = 0; o < s.outer; ++o) {
            for (std::size_t i = 0; i < s.inner; ++i) {
              ld gy = 0, gy_abs = 0, gs = 0, gs_abs = 0;
              for (std::size_t k = 0; k < n; ++k) {
                const std::size_t e = s.at(o, k, i);
                gy += static_cast<ld>(g[e]) * static_cast<ld>(y[e]);
                gy_abs += std::fabs(static_cast<ld>(g[e]) * static_cast<ld>(y[e]));
                gs += static_cast<ld>(g[e]);
                gs_abs += std::fabs(static_cast<ld>(g[e]));
              }
              for (std::size_t k = 0; k < n; ++k) {
                const std::size_t e = s.at(o, k, i);
                const ld yi = static_cast<ld>(y[e]), gi = static_cast<ld>(g[e]);
                const ld ei = std::exp(static_cast<ld>(logy[e]));
                const ld want = yi * (gi - gy);
                const ld want_log = gi - ei * gs;
                const ld bound = 2 * (static_cast<ld>(n) + 2) * eps * std::fabs(yi) * (std::fabs(gi) + gy_abs) + tiny;
                const ld bound_log = 2 * (static_cast<ld>(n) + 2) * eps * (std::fabs(gi) + ei * gs_abs) + tiny;
                const auto at = [&] {
                  return "extents 2 x " + std::to_string(n) + " x " + std::to_string(inner) +
                         ", element " + std::to_string(e);
                };
                w.add(static_cast<double>(std::fabs(static_cast<ld>(dx[e]) - want) / bound),
                      [&] { return "softmax " + at(); });
                w.add(static_cast<double>(std::fabs(static_cast<ld>(dx_log[e]) - want_log) / bound_log),
                      [&] { return "log-softmax " + at(); });
              }
            }
          }
        }
      }
      INFO("worst error / bound " << w.value << " at " << w.where);
      CHECK(w.value <= 1.0);
    }
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax edge values on every path, rows and middle dimension",
                   "[softmax][extents][edges]", float, double) {
  using T = TestType;
  using L = std::numeric_limits<T>;
  const T inf = L::infinity(), nan = L::quiet_NaN(), big = L::max();
  const T huge = std::is_same_v<T, float> ? T(1e30) : T(1e300);
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};

  // One pattern row of n elements; the expected outcome is the exact one (exact()).
  struct pattern {
    std::string name;
    std::vector<T> (*make)(std::size_t n, T inf, T nan, T big, T huge);
  };
  const pattern patterns[] = {
      {"huge at both ends, 0 between", [](std::size_t n, T, T, T, T h) {
         std::vector<T> x(n, T(0));
         x.front() = h;
         x.back() = h;
         return x;
       }},
      {"max at one place, -max elsewhere", [](std::size_t n, T, T, T b, T) {
         std::vector<T> x(n, -b);
         x[n / 2] = b;
         return x;
       }},
      {"-inf every third element", [](std::size_t n, T i, T, T, T) {
         std::vector<T> x(n);
         for (std::size_t k = 0; k < n; ++k) x[k] = k % 3 == 1 ? -i : T(0.25) * static_cast<T>(k % 7) - T(1);
         return x;
       }},
      {"all -inf", [](std::size_t n, T i, T, T, T) { return std::vector<T>(n, -i); }},
      {"one +inf", [](std::size_t n, T i, T, T, T) {
         std::vector<T> x(n, T(1));
         x[n - 1] = i;
         return x;
       }},
      {"one NaN", [](std::size_t n, T, T q, T, T) {
         std::vector<T> x(n, T(-2));
         x[n / 3] = q;
         return x;
       }},
      {"+inf and -inf", [](std::size_t n, T i, T, T, T) {
         std::vector<T> x(n, -i);
         x[0] = i;
         return x;
       }},
  };

  // n up to four AVX-512 vectors of floats and one more; the short-row path and the row path.
  std::vector<std::size_t> lengths;
  for (std::size_t n = 1; n <= 65; ++n) lengths.push_back(n);
  for (const std::size_t n : {std::size_t(100), std::size_t(128), std::size_t(129), std::size_t(300)}) lengths.push_back(n);
  const std::size_t rows = 35;  // two groups of 16 rows and a remainder, or four of 8 and three

  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      worst w_y, w_log, w_scalar;
      for (const pattern& p : patterns) {
        for (const std::size_t n : lengths) {
          // Rows: every third row is the pattern, the others normal values. As a tensor: the
          // same rows as fibres of a (1, n, rows) tensor.
          std::vector<T> x = normal_values<T>(rows * n, 2, n);
          const std::vector<T> row = p.make(n, inf, nan, big, huge);
          for (std::size_t r = 0; r < rows; r += 3) std::copy(row.begin(), row.end(), x.begin() + static_cast<std::ptrdiff_t>(r * n));
          std::vector<T> xt(x.size());
          for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < n; ++k) xt[k * rows + r] = x[r * n + k];
          const layout as_rows{rows, n, 1}, as_fibres{1, n, rows};

          for (const bool fibres : {false, true}) {
            const layout& s = fibres ? as_fibres : as_rows;
            const std::vector<T>& in = fibres ? xt : x;
            std::vector<T> y(in.size()), logy(in.size()), y0(in.size()), logy0(in.size());
            {
              const activ_test::scoped_isa use{activ::isa::scalar};
              softmax(in, y0, s.extents());
              log_softmax(in, logy0, s.extents());
            }
            const activ_test::scoped_isa use{isa};
            softmax(in, y, s.extents());
            log_softmax(in, logy, s.extents());
            const std::string what = "isa=" + std::string(activ::isa_name(isa)) + ", " + p.name + ", n = " +
                                     std::to_string(n) + (fibres ? ", fibres of (1, n, 35)" : ", 35 rows");
            check_against_exact(s, in, y, logy, w_y, w_log, what);
            for (std::size_t e = 0; e < in.size(); ++e)
              w_scalar.add(std::max(ulps_apart(y[e], y0[e]), ulps_apart(logy[e], logy0[e])),
                           [&] { return what + ", element " + std::to_string(e); });
          }
        }
      }
      INFO("softmax worst " << w_y.value << " ulp at " << w_y.where);
      CHECK(w_y.value <= softmax_max_ulp);
      INFO("log-softmax worst " << w_log.value << " eps (|y| + log sum) at " << w_log.where);
      CHECK(w_log.value <= log_softmax_max_eps);
      INFO("against the scalar path: worst " << w_scalar.value << " ulp at " << w_scalar.where);
      CHECK(w_scalar.value <= 1.0);
    }
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax extents contract: sizes, overflow, empty tensors",
                   "[softmax][extents][span]", float, double) {
  using T = TestType;
  using activ_test::check_invalid_argument;
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  std::vector<T> a(12, T(1)), b(12), c(10);
  const std::size_t huge = std::numeric_limits<std::size_t>::max() / 2 + 1;
  check_invalid_argument([&] { softmax(a, b, activ::extents{2, 3, 3}); }, {"Softmax", "12", "2 x 3 x 3"});
  check_invalid_argument([&] { log_softmax(a, b, activ::extents{1, 12, 2}); }, {"LogSoftmax", "12", "1 x 12 x 2"});
  check_invalid_argument([&] { softmax(a, b, activ::extents{huge, 4, 3}); }, {"Softmax", "12"});
  check_invalid_argument([&] { softmax(a, b, activ::extents{4, huge, 4}); }, {"Softmax", "12"});
  check_invalid_argument([&] { softmax(a, c, activ::extents{2, 3, 2}); }, {"Softmax", "12", "10"});
  check_invalid_argument([&] { softmax.backward(a, a, b, activ::extents{2, 2, 2}); },
                         {"Softmax", "backward", "12", "2 x 2 x 2"});
  check_invalid_argument([&] { log_softmax.backward(a, c, b, activ::extents{2, 3, 2}); },
                         {"LogSoftmax", "backward", "12", "10"});
  std::vector<T> buf(13, T(0.5));
  check_invalid_argument(
      [&] {
        softmax(std::span<const T>{buf.data(), 12}, std::span<T>{buf.data() + 1, 12}, activ::extents{2, 3, 2});
      },
      {"Softmax"});
  // Empty tensors, whichever extent is 0, do nothing.
  CHECK_NOTHROW(softmax(std::span<const T>{}, std::span<T>{}, activ::extents{0, 5, 3}));
  CHECK_NOTHROW(softmax(std::span<const T>{}, std::span<T>{}, activ::extents{2, 0, 3}));
  CHECK_NOTHROW(log_softmax.backward(std::span<const T>{}, std::span<const T>{}, std::span<T>{},
                                     activ::extents{2, 5, 0}));
  // extents{rows, n, 1} is the row form, extents{1, size, 1} the whole span: the same bits.
  const std::vector<T> x = normal_values<T>(60, 3, 5);
  std::vector<T> y1(60), y2(60), y3(60), y4(60);
  softmax(x, y1, 6);
  softmax(x, y2, activ::extents{10, 6, 1});
  log_softmax(x, y3);
  log_softmax(x, y4, activ::extents{.n = 60});
  CHECK(std::equal(y1.begin(), y1.end(), y2.begin()));
  CHECK(std::equal(y3.begin(), y3.end(), y4.begin()));
}
