// SPDX-License-Identifier: MIT
// SSE2 has no fused multiply-add; its emulation must stay exact (and round subnormal results
// once) where the product is tiny: below about 2^-968 Dekker's split loses the low halves'
// product. CELU and ELU<double> with a tiny alpha and a subnormal or tiny x were millions of
// ulps from the scalar path on SSE2. Here: those functors on the two paths, and the emulated
// operation itself against std::fma.
#include <activ/activ.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/compare.hpp"

namespace {

constexpr double denorm = std::numeric_limits<double>::denorm_min();

// sign * (1 + m / 2^52) * 2^e, e in [e_lo, e_hi] within the doubles' exponents (rounded where
// subnormal), from the generator's bits alone (the same values everywhere).
double draw(std::mt19937_64& g, int e_lo, int e_hi) {
  e_lo = std::max(e_lo, -1074);
  e_hi = std::min(std::max(e_hi, e_lo), 1023);
  const std::uint64_t bits = g();
  const int e = e_lo + static_cast<int>((bits >> 12) % static_cast<std::uint64_t>(e_hi - e_lo + 1));
  const double v = std::ldexp(1.0 + std::ldexp(static_cast<double>(g() >> 12), -52), e);
  return (bits & 1) != 0 ? -v : v;
}

// Inputs around the subnormal range, and the cases the fix came from (c3.cpp, issue note).
std::vector<double> tiny_x(std::mt19937_64& g) {
  std::vector<double> x = {-denorm, -3 * denorm, -0x0.011bc1cc3e1dbp-1022, -0x0.0000038f45835p-1022,
                           -0x0.002f26eba1258p-1022, -0x1.3827425a9b609p-5, -0x1.9bc49e431a762p-19,
                           -1e-310, -0x1p-1022, -1e-300, -1e-200, -1e-20, -1e-5, -0.5, -1, -30, -800,
                           0.0, -0.0, 1e-310, 1.0};
  for (int i = 0; i < 200; ++i) x.push_back(-std::fabs(draw(g, -1074, 3)));
  return x;
}

template <class F>
void compare_paths(const F& f, const std::string& what, std::mt19937_64& g) {
  const std::vector<double> x = tiny_x(g);
  std::vector<double> dy(x.size());
  for (auto& v : dy) v = draw(g, -80, 200);
  dy[5] = 0x1.6a0f5d12c26d9p+192;  // with x[5], ELU alpha 0x0.00000059fc98fp-1022: 95M ulp
  std::vector<double> want(x.size()), got(x.size());
  for (int pass = 0; pass < 3; ++pass) {
    const auto run = [&](activ::isa isa, std::span<double> out) {
      activ::set_isa(isa);
      if (pass == 0) f(std::span<const double>(x), out);
      else if (pass == 1) f.derivative(std::span<const double>(x), out);
      else f.backward(std::span<const double>(x), std::span<const double>(dy), out);
    };
    run(activ::isa::scalar, want);
    run(activ::isa::sse2, got);
    // The fuzz target's bounds: f and f' within 1 ulp, and dx, which rounds f' dy once more, 2.
    const std::uint64_t allowed = pass == 2 ? 2 : 1;
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO(what << " pass " << pass << " at x = " << activ_test::show(x[i]) << ", dy = "
                << activ_test::show(dy[i]) << ": sse2 " << activ_test::show(got[i]) << ", scalar "
                << activ_test::show(want[i]));
      CHECK(activ_test::ulp_distance(got[i], want[i]) <= allowed);
    }
  }
}

}  // namespace

TEST_CASE("SSE2 gives the scalar path's CELU, ELU and Softplus<double> for a tiny alpha or beta",
          "[dispatch][sse2]") {
  if (!activ::isa_available(activ::isa::sse2)) {
    WARN("SSE2 is not available here; not tested");
    return;
  }
  const activ::isa previous = activ::active_isa();
  std::mt19937_64 g(2026);
  for (const double a : {3 * denorm, 0x0.0000b383b5925p-1022, 0x0.00000059fc98fp-1022,
                         0x0.000000bcbefcp-1022, 0x0.cd61a436d9262p-1022, 1e-320, 1e-310, 0x1p-1000,
                         1e-300, 1e-200}) {
    const std::string alpha = " alpha " + activ_test::show(a);
    compare_paths(activ::CELU<double>{a}, "CELU" + alpha, g);
    compare_paths(activ::ELU<double>{a}, "ELU" + alpha, g);
    compare_paths(activ::Softplus<double>{a, 20.0}, "Softplus" + alpha, g);
    compare_paths(activ::Softplus<double>{a, std::numeric_limits<double>::infinity()},
                  "Softplus (no threshold)" + alpha, g);
  }
  activ::set_isa(previous);
}

#if ACTIV_X86
namespace {
double sse2_fma(double a, double b, double c) {
  namespace s = activ::detail::sse2;
  double out[2];
  _mm_storeu_pd(out, s::fma(s::f64(_mm_set_pd(1, a)), s::f64(_mm_set_pd(1, b)),
                           s::f64(_mm_set_pd(1, c))).r);
  return out[0];
}
}  // namespace

TEST_CASE("SSE2's emulated double fma is exact, and rounds subnormal results once",
          "[dispatch][sse2]") {
  std::mt19937_64 g(7);
  std::uint64_t worst_normal = 0;
  for (int i = 0; i < 20000; ++i) {
    // (1) residuals a b - fl(a b) and x - q alpha, q = fl(x / alpha), any exponents: exact where
    // representable, and correctly rounded where subnormal (the product is then tiny).
    const double a = draw(g, -1074, 1023), b = draw(g, -1074 - std::ilogb(a), 1023 - std::ilogb(a));
    const double x = draw(g, -1074, 1023), alpha = draw(g, -1074, 1023), q = x / alpha;
    // (2) products A B 2^-1075 (A, B odd, 20 bits) plus a subnormal c: halfway between two
    // subnormals (ties to even), or (A 2^30 +- 1) B 2^-1105, just beside halfway.
    const double A = static_cast<double>((g() % (1u << 20)) | 1);
    const double B = static_cast<double>((g() % (1u << 20)) | 1);
    const int e = 300 + static_cast<int>(g() % 400);
    const double near = A * 0x1p30 + ((g() & 1) != 0 ? 1 : -1);
    const double c = std::ldexp(
        static_cast<double>(static_cast<std::int64_t>(g() % (1ull << 41)) - (std::int64_t{1} << 40)), -1074);
    // (3) any a b + c: subnormal results correctly rounded, the others within an ulp.
    const double cases[][3] = {{a, b, -(a * b)},
                               {-q, alpha, x},
                               {std::ldexp(A, -e), std::ldexp(B, e - 1075), c},
                               {std::ldexp(near, -e - 30), -std::ldexp(B, e - 1075), c},
                               {a, b, draw(g, -1074, 1023)}};
    for (std::size_t k = 0; k < std::size(cases); ++k) {
      const auto& [fa, fb, fc] = cases[k];
      const double want = std::fma(fa, fb, fc);
      if (!std::isfinite(fc) || !std::isfinite(want)) continue;
      const double got = sse2_fma(fa, fb, fc);
      const std::uint64_t d = activ_test::ulp_distance(got, want);
      if (k < 4 || std::fabs(want) < 0x1p-1022) {
        INFO("fma(" << activ_test::show(fa) << ", " << activ_test::show(fb) << ", "
                    << activ_test::show(fc) << "): " << activ_test::show(got) << ", std::fma "
                    << activ_test::show(want));
        REQUIRE(d == 0);
      } else {
        worst_normal = std::max(worst_normal, d);
      }
    }
  }
  CHECK(worst_normal <= 1);
}

TEST_CASE("SSE2's emulated double fma gives IEEE results for infinite and NaN operands",
          "[dispatch][sse2]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double max = std::numeric_limits<double>::max();
  // Factors of every range (the common path, the scaled ones, overflow when rounded) against
  // every kind of addend; before, a finite product plus an infinite c was NaN (inf - inf in the
  // two-sums), and 2^1000 2^1000 - inf was NaN instead of -inf.
  const double factors[] = {0.0, -0.0, denorm, 1e-300, 0x1p-600, 0.75, -3.0, 0x1p500, 0x1p995,
                            -0x1p1000, max, inf, -inf, nan};
  const double addends[] = {inf, -inf, nan, 0.0, -0.0, 1.0, -max, max, denorm};
  for (const double a : factors) {
    for (const double b : factors) {
      for (const double c : addends) {
        const double want = std::fma(a, b, c), got = sse2_fma(a, b, c);
        INFO("fma(" << activ_test::show(a) << ", " << activ_test::show(b) << ", "
                    << activ_test::show(c) << "): " << activ_test::show(got) << ", std::fma "
                    << activ_test::show(want));
        if (std::isnan(want)) {
          CHECK(std::isnan(got));
        } else if (!std::isfinite(c) || !std::isfinite(want)) {
          CHECK(std::bit_cast<std::uint64_t>(got) == std::bit_cast<std::uint64_t>(want));
        } else {
          CHECK(activ_test::ulp_distance(got, want) <= 1);  // rounded twice where it is not exact
        }
      }
    }
  }
}
#endif
