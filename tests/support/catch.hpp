// SPDX-License-Identifier: MIT
// The one place that includes Catch2: a shim so the tests compile unchanged against Catch2 v2 and v3.
//
// Include this, never <catch2/...>, from a test:   #include "support/catch.hpp"
// It gives, under one spelling in both versions:
//   TEST_CASE, SECTION, DYNAMIC_SECTION, REQUIRE/CHECK, REQUIRE_THAT/CHECK_THAT, STATIC_REQUIRE,
//   REQUIRE_THROWS_AS/_WITH, INFO/CAPTURE/WARN, TEMPLATE_TEST_CASE, GENERATE   (Catch2 itself)
//   Catch::Approx                      v2 names it Catch::Detail::Approx; re-exported here
//   Catch::Matchers::WithinULP(x, n)   same in both (float and double overloads)
//   Catch::Matchers::WithinAbs/WithinRel
//   activ_test::contains("text")       substring matcher: v2 Matchers::Contains, v3 ContainsSubstring
//   activ_test::within_ulp(x, n)       WithinULP for T = float or double, n converted to uint64_t
//   ACTIV_CATCH_VERSION_MAJOR          2 or 3
// Example:  CHECK_THAT(act(x), Catch::Matchers::WithinULP(want, 1));
//           REQUIRE_THROWS_WITH(f(), activ_test::contains("size"));
#ifndef ACTIV_TESTS_SUPPORT_CATCH_HPP
#define ACTIV_TESTS_SUPPORT_CATCH_HPP

#include <cstdint>
#include <string>

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#define ACTIV_CATCH_VERSION_MAJOR 3

namespace activ_test {
inline auto contains(const std::string& s) { return Catch::Matchers::ContainsSubstring(s); }
}  // namespace activ_test

#elif __has_include(<catch2/catch.hpp>)
#include <catch2/catch.hpp>
#define ACTIV_CATCH_VERSION_MAJOR 2

namespace Catch {
using Detail::Approx;  // v3 spelling
}  // namespace Catch

namespace activ_test {
inline auto contains(const std::string& s) { return Catch::Matchers::Contains(s); }
}  // namespace activ_test

#else
#error "activ tests need Catch2 v2 (catch2/catch.hpp) or v3 (catch2/catch_all.hpp)"
#endif

namespace activ_test {
template <class T>
auto within_ulp(T target, std::uint64_t ulps) {
  return Catch::Matchers::WithinULP(target, ulps);
}
}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_CATCH_HPP
