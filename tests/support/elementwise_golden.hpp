// SPDX-License-Identifier: MIT
// Test support: an element-wise functor against a golden CSV block (PyTorch's columns and the
// exact reference columns), on every instruction set and every way of calling it.
//
//   const auto d = activ_test::golden_block<float>("elu", {{"alpha", "0.5"}});  // one block
//   activ_test::check_reference(activ::ELU<float>{0.5f}, d, 1);    // y, f' within 1 ULP of *_ref
//   activ_test::check_pytorch_close(f, d, {.y_ulp = 3, .abs_eps = 4});   // near PyTorch's values
//   activ_test::check_pytorch_exact(f, d);                          // bit for bit (as values)
#ifndef ACTIV_TESTS_SUPPORT_ELEMENTWISE_GOLDEN_HPP
#define ACTIV_TESTS_SUPPORT_ELEMENTWISE_GOLDEN_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace activ_test {

/// The rows of a golden file (or of one parameter block of it), column by column. Reference
/// columns are empty where the file has none.
template <class T>
struct golden_rows {
  std::string file;
  std::vector<std::size_t> lines;  // 1-based line in the file of each row
  std::vector<T> x, y, dydx, g, dx, y_ref, dydx_ref;
  std::size_t size() const noexcept { return x.size(); }
  std::string at(std::size_t i, T got, T want) const {
    return file + " " + describe(lines[i], x[i], got, want);
  }
};

/// A parameter column's wanted value: compared as T where the field is a number (the file writes
/// parameters in its type: "0.1" matches float's 0.100000001), as text otherwise ("tanh").
struct parameter_is {
  std::string_view column, value;
};

/// Loads tests/data/golden/<stem>_f32.csv (or _f64) and keeps the rows whose parameters match.
template <class T>
golden_rows<T> golden_block(std::string_view stem, std::initializer_list<parameter_is> where = {}) {
  const golden_table t{golden_file<T>(stem)};
  golden_rows<T> d;
  d.file = t.file();
  const bool refs = t.has_column("y_ref");
  for (std::size_t r = 0; r < t.rows(); ++r) {
    bool keep = true;
    for (const auto& p : where) {
      const std::string& field = t.text(r, p.column);
      try {
        keep = keep && same_bits(parse_field<T>(field), parse_field<T>(p.value));
      } catch (const std::runtime_error&) {
        keep = keep && field == p.value;
      }
    }
    if (!keep) continue;
    d.lines.push_back(golden_table::line(r));
    d.x.push_back(t.get<T>(r, "x"));
    d.y.push_back(t.get<T>(r, "y"));
    d.dydx.push_back(t.get<T>(r, "dydx"));
    d.g.push_back(t.get<T>(r, "g"));
    d.dx.push_back(t.get<T>(r, "dx"));
    if (refs) {
      d.y_ref.push_back(t.get<T>(r, "y_ref"));
      d.dydx_ref.push_back(t.get<T>(r, "dydx_ref"));
    }
  }
  REQUIRE(d.size() > 0);
  return d;
}

inline std::string type_name_of(float) { return "float"; }
inline std::string type_name_of(double) { return "double"; }

/// y and f' within max_ulp of the correctly rounded y_ref, dydx_ref at every line (subnormal
/// results included), y with y_ref's sign of zero (unless opt.zero_sign is false), and backward within
///   |dx - g*dydx_ref| <= max_ulp * |g| * ulp(dydx_ref) + ulp(g*dydx_ref)
/// (the derivative's bound scaled by g, plus the product's rounding; dx = 0 where g = 0 or x is
/// infinite). Lines where opt.skip(i) holds are left out. Every instruction set, every eval_mode. Reports the worst ULPs with WARN.
struct reference_options {
  bool zero_sign = true;                             // y's sign of zero must be y_ref's
  std::function<bool(std::size_t)> skip = nullptr;   // lines where a documented convention rules
};

template <class T, class F>
void check_reference(const F& f, const golden_rows<T>& d, int max_ulp,
                     const reference_options& opt = {}) {
  REQUIRE(d.y_ref.size() == d.size());
  worst_ulp worst_y, worst_d, worst_dx;
  for (const auto& mode : all_eval_variants()) {
    const auto r = evaluate(f, d.x, d.g, mode);
    mismatch_log sign_bad, dx_bad;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (opt.skip && opt.skip(i)) continue;
      const std::string at_y = mode.name + ", " + d.at(i, r.y[i], d.y_ref[i]);
      worst_y.add(ulp_distance(r.y[i], d.y_ref[i]), at_y);
      worst_d.add(ulp_distance(r.d[i], d.dydx_ref[i]), mode.name + ", " + d.at(i, r.d[i], d.dydx_ref[i]));
      if (opt.zero_sign && !is_nan(r.y[i]) && std::signbit(r.y[i]) != std::signbit(d.y_ref[i])) sign_bad.add(at_y);

      const long double g = wide(d.g[i]);
      const long double ref = g * wide(d.dydx_ref[i]);
      const std::string at_dx =
          mode.name + ", " + d.at(i, r.dx[i], static_cast<T>(ref)) + ", g = " + show(d.g[i]);
      if (std::isnan(ref)) {
        if (!is_nan(r.dx[i])) dx_bad.add(at_dx);
      } else if (d.g[i] == T(0) || std::isinf(d.x[i])) {
        if (!same_value(r.dx[i], static_cast<T>(ref))) dx_bad.add(at_dx);
      } else {
        const long double tol = max_ulp * std::fabs(g) * ulp_of<T>(d.dydx_ref[i]) + ulp_of<T>(ref);
        if (!(std::fabs(wide(r.dx[i]) - ref) <= tol)) dx_bad.add(at_dx);
        worst_dx.add(ulp_distance(r.dx[i], static_cast<T>(ref)), at_dx);
      }
    }
    INFO("y with the wrong sign:\n" << sign_bad.report());
    CHECK(sign_bad.count() == 0);
    INFO("backward off g*dydx_ref:\n" << dx_bad.report());
    CHECK(dx_bad.count() == 0);
  }
  WARN(d.file << " (" << d.size() << " lines, ISAs " << isa_list() << ", every mode): max ULP y "
              << worst_y.ulp << ", derivative " << worst_d.ulp << ", backward " << worst_dx.ulp
              << " (bound " << max_ulp << ")");
  {
    INFO("worst y: " << worst_y.where);
    CHECK(worst_y.ulp <= std::uint64_t(max_ulp));
  }
  {
    INFO("worst derivative: " << worst_d.where);
    CHECK(worst_d.ulp <= std::uint64_t(max_ulp));
  }
}

/// How close to PyTorch's own columns: y within y_ulp ULP, dydx within abs_eps * epsilon *
/// max(1, |x|) (or just epsilon: scale_by_x = false) and dx within that times max(1, |g|) (PyTorch's derivatives come from rounded
/// intermediate values). `skip_y` / `skip_d` name lines where activ deliberately differs (a
/// convention or PyTorch's flush); they are counted, and the count returned.
template <class T>
struct pytorch_tolerance {
  int y_ulp = 0;
  int y_abs_eps = 0;       // if > 0: y within y_abs_eps * epsilon * max(1, |x|) instead of y_ulp ULP
  int abs_eps = 4;
  bool scale_by_x = true;  // the derivative's tolerance times max(1, |x|), or not
  std::function<bool(std::size_t)> skip_y = nullptr;
  std::function<bool(std::size_t)> skip_d = nullptr;
};

template <class T, class F>
std::size_t check_pytorch_close(const F& f, const golden_rows<T>& d, const pytorch_tolerance<T>& tol) {
  const long double eps = wide(std::numeric_limits<T>::epsilon());
  std::size_t skipped = 0;
  for (const auto& mode : all_eval_variants()) {
    INFO(mode.name);
    const auto r = evaluate(f, d.x, d.g, mode);
    worst_ulp worst_y;
    mismatch_log d_bad, dx_bad;
    skipped = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if (tol.skip_y && tol.skip_y(i)) {
        ++skipped;
      } else if (tol.y_abs_eps > 0) {
        const long double lim = tol.y_abs_eps * eps * std::fmax(1.0L, std::fabs(wide(d.x[i])));
        if (!(same_value(r.y[i], d.y[i]) || std::fabs(wide(r.y[i]) - wide(d.y[i])) <= lim))
          worst_y.add(std::numeric_limits<std::uint64_t>::max(), d.at(i, r.y[i], d.y[i]));
      } else {
        worst_y.add(ulp_distance(r.y[i], d.y[i]), d.at(i, r.y[i], d.y[i]));
      }
      if (tol.skip_d && tol.skip_d(i)) continue;
      const long double scale =
          tol.abs_eps * eps * (tol.scale_by_x ? std::fmax(1.0L, std::fabs(wide(d.x[i]))) : 1.0L);
      if (!(same_value(r.d[i], d.dydx[i]) || std::fabs(wide(r.d[i]) - wide(d.dydx[i])) <= scale)) {
        d_bad.add(d.at(i, r.d[i], d.dydx[i]));
      }
      const long double scale_dx = scale * std::fmax(1.0L, std::fabs(wide(d.g[i])));
      if (!(same_value(r.dx[i], d.dx[i]) || std::fabs(wide(r.dx[i]) - wide(d.dx[i])) <= scale_dx)) {
        dx_bad.add(d.at(i, r.dx[i], d.dx[i]));
      }
    }
    INFO("worst y: " << worst_y.where);
    CHECK(worst_y.ulp <= std::uint64_t(tol.y_ulp));
    INFO("dydx further than " << tol.abs_eps << " eps * max(1, |x|) from PyTorch's:\n" << d_bad.report());
    CHECK(d_bad.count() == 0);
    INFO("dx further than that times max(1, |g|):\n" << dx_bad.report());
    CHECK(dx_bad.count() == 0);
  }
  return skipped;
}

/// Which of PyTorch's columns a line must match bit for bit (as values: NaN equals NaN, and +0
/// equals -0 except in y, whose sign of zero must match too).
struct exact_columns {
  bool y = true, dydx = true, dx = true;
};

/// y, dydx and dx equal PyTorch's (piecewise-linear functions, whose results are exact or one
/// IEEE operation). `which(i)` may leave columns out at lines where activ documents another value.
template <class T, class F>
void check_pytorch_exact(const F& f, const golden_rows<T>& d,
                         const std::function<exact_columns(std::size_t)>& which = nullptr) {
  for (const auto& mode : all_eval_variants()) {
    INFO(mode.name);
    const auto r = evaluate(f, d.x, d.g, mode);
    mismatch_log y_bad, d_bad, dx_bad;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const exact_columns c = which ? which(i) : exact_columns{};
      const bool y_ok = same_value(r.y[i], d.y[i]) &&
                        (is_nan(r.y[i]) || std::signbit(r.y[i]) == std::signbit(d.y[i]));
      if (c.y && !y_ok) y_bad.add(d.at(i, r.y[i], d.y[i]));
      if (c.dydx && !same_value(r.d[i], d.dydx[i])) d_bad.add(d.at(i, r.d[i], d.dydx[i]));
      if (c.dx && !same_value(r.dx[i], d.dx[i])) dx_bad.add(d.at(i, r.dx[i], d.dx[i]) + ", g = " + show(d.g[i]));
    }
    INFO("y differs from PyTorch's:\n" << y_bad.report());
    CHECK(y_bad.count() == 0);
    INFO("dydx differs from PyTorch's:\n" << d_bad.report());
    CHECK(d_bad.count() == 0);
    INFO("dx differs from PyTorch's:\n" << dx_bad.report());
    CHECK(dx_bad.count() == 0);
  }
}

}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_ELEMENTWISE_GOLDEN_HPP
