// SPDX-License-Identifier: MIT
// Softmax and LogSoftmax against PyTorch (golden/softmax_*.csv): forward, VJPs, Jacobian, edges.
#include <activ/activ.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "support/catch.hpp"
#include "support/golden.hpp"

namespace {

/// Tolerances, in epsilons of T. y: relative, times (|x_i - max| + 1 + log2 n), because x_i - max
/// is rounded before exp amplifies the rounding and the row sum adds ~log2 n roundings (PyTorch's
/// own error is at most 1.52 times (|x_i - max| + 1) in this data). log y: absolute, same factor.
/// VJPs: absolute, scaled by the sums of |g*y| (softmax) and |g| (log-softmax), which round
/// differently in every implementation. Below the smallest normal number any result is accepted
/// (an exp that flushes its subnormal results is allowed).
constexpr int softmax_tol_eps = 4;

using activ_test::golden_table;
using activ_test::mismatch_log;
using activ_test::show;

static_assert(!activ::ElementwiseActivation<activ::Softmax<float>, float>);
static_assert(!activ::ElementwiseActivation<activ::Softmax<double>, double>);
static_assert(!activ::ElementwiseActivation<activ::LogSoftmax<float>, float>);
static_assert(!activ::ElementwiseActivation<activ::LogSoftmax<double>, double>);
static_assert(std::is_same_v<activ::Softmax<>, activ::Softmax<float>>);
static_assert(std::is_same_v<activ::LogSoftmax<>, activ::LogSoftmax<float>>);

template <class T>
std::string type_name() {
  return std::is_same_v<T, float> ? "float" : "double";
}

/// One case of softmax_*.csv: a vector (rows = 1) or a batch normalised row by row.
template <class T>
struct softmax_case {
  long long id = 0;
  std::string name, kind;
  std::size_t rows = 0, cols = 0;
  std::size_t first_line = 0;
  std::vector<T> x, g, y, logy, dx, dx_log;
};

template <class T>
std::vector<softmax_case<T>> load_softmax_cases() {
  const golden_table cases{activ_test::golden_file<T>("softmax_cases")};
  const golden_table data{activ_test::golden_file<T>("softmax")};
  std::vector<softmax_case<T>> out;
  std::size_t row = 0;
  for (std::size_t k = 0; k < cases.rows(); ++k) {
    softmax_case<T> c;
    c.id = cases.get<long long>(k, "case");
    c.name = cases.text(k, "name");
    c.kind = cases.text(k, "kind");
    c.rows = cases.get<std::size_t>(k, "rows");
    c.cols = cases.get<std::size_t>(k, "cols");
    c.first_line = data.line(row);
    const std::size_t n = c.rows * c.cols;
    for (auto* v : {&c.x, &c.g, &c.y, &c.logy, &c.dx, &c.dx_log}) v->resize(n);
    // The file lists each case's elements in order; check the layout once, not per element.
    bool layout_ok = row + n <= data.rows();
    for (std::size_t e = 0; layout_ok && e < n; ++e, ++row) {
      const auto r = data.get<std::size_t>(row, "r");
      const auto col = data.get<std::size_t>(row, "c");
      layout_ok = data.get<long long>(row, "case") == c.id && r < c.rows && col < c.cols;
      const std::size_t i = layout_ok ? r * c.cols + col : 0;
      c.x[i] = data.get<T>(row, "x");
      c.g[i] = data.get<T>(row, "g");
      c.y[i] = data.get<T>(row, "y");
      c.logy[i] = data.get<T>(row, "logy");
      c.dx[i] = data.get<T>(row, "dx");
      c.dx_log[i] = data.get<T>(row, "dx_log");
    }
    INFO("softmax case " << c.id << " (" << c.name << ") near line " << data.line(row));
    REQUIRE(layout_ok);
    out.push_back(std::move(c));
  }
  REQUIRE(row == data.rows());
  return out;
}

/// a * b, but 0 where a is 0 (so a zero weight cancels an infinite distance to the max).
long double scaled(long double a, long double b) { return a == 0 ? 0 : a * b; }

/// |x_i - max of its row| in long double, for every element (inf where x_i = -inf).
template <class T>
std::vector<long double> distances_to_max(const std::vector<T>& x, std::size_t cols) {
  std::vector<long double> d(x.size());
  for (std::size_t r = 0; r < x.size(); r += cols) {
    long double m = -std::numeric_limits<long double>::infinity();
    for (std::size_t i = r; i < r + cols; ++i) m = std::fmax(m, static_cast<long double>(x[i]));
    for (std::size_t i = r; i < r + cols; ++i) d[i] = std::fabs(static_cast<long double>(x[i]) - m);
  }
  return d;
}

/// The largest error / tolerance seen, and where.
struct worst_ratio {
  long double ratio = 0;
  std::string where = "(nothing compared)";
  void add(long double err, long double tol, const std::string& at) {
    const long double r =
        tol > 0 ? err / tol : (err > 0 ? std::numeric_limits<long double>::infinity() : 0);
    if (r > ratio) {
      ratio = r;
      where = at;
    }
  }
};

/// Compares one computed column with PyTorch's, element by element: NaN exactly where PyTorch has
/// NaN, infinities equal, otherwise |got - want| <= tol[i] + (smallest normal).
template <class T>
void compare(const softmax_case<T>& c, const std::string& what, const std::vector<T>& got,
             const std::vector<T>& want, const std::vector<long double>& tol, mismatch_log& bad,
             worst_ratio& worst) {
  const long double tiny = activ_test::wide(std::numeric_limits<T>::min());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::string at = what + " case " + std::to_string(c.id) + " (" + c.name + "), row " +
                           std::to_string(i / c.cols) + ", col " + std::to_string(i % c.cols) +
                           ", line " + std::to_string(c.first_line + i) + ", x = " + show(c.x[i]) +
                           ": got " + show(got[i]) + ", want " + show(want[i]);
    if (activ_test::is_nan(want[i]) || activ_test::is_nan(got[i])) {
      if (!(activ_test::is_nan(want[i]) && activ_test::is_nan(got[i]))) bad.add(at);
      continue;
    }
    if (std::isinf(want[i]) || std::isinf(got[i])) {
      if (got[i] != want[i]) bad.add(at);
      continue;
    }
    const long double err = std::fabs(activ_test::wide(got[i]) - activ_test::wide(want[i]));
    if (!(err <= tol[i] + tiny)) bad.add(at);
    worst.add(err, tol[i] + tiny, at);
  }
}

/// The ways a case is pushed through a row-wise functor.
/// middle_dim: the case transposed to cols x rows and stacked twice, so that each of PyTorch's
/// rows is a fibre along the middle dimension of a (2, cols, rows) tensor (extents form).
enum class row_mode { rows_of_n, whole_span, row_by_row, rows_of_n_offset_1, middle_dim };
constexpr std::array<row_mode, 5> all_row_modes{row_mode::rows_of_n, row_mode::whole_span,
                                                row_mode::row_by_row, row_mode::rows_of_n_offset_1,
                                                row_mode::middle_dim};
std::string_view row_mode_name(row_mode m) {
  switch (m) {
    case row_mode::rows_of_n:
      return "f(x, y, n)";
    case row_mode::whole_span:
      return "f(x, y) (vectors only)";
    case row_mode::row_by_row:
      return "f(row, out) for each row";
    case row_mode::rows_of_n_offset_1:
      return "f(x, y, n), buffers offset by one element";
    case row_mode::middle_dim:
      return "f(x, y, extents{2, cols, rows}) on the transposed case, twice";
  }
  return "?";
}

/// The rows x cols matrix m as the (2, cols, rows) tensor [m^T, m^T].
template <class T>
std::vector<T> to_middle_dim(const std::vector<T>& m, std::size_t rows, std::size_t cols) {
  std::vector<T> t(2 * m.size());
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) t[c * rows + r] = t[m.size() + c * rows + r] = m[r * cols + c];
  return t;
}

/// Back from the (2, cols, rows) tensor to rows x cols: the first copy; false (so that the
/// comparison fails) when the second copy differs from it in any bit.
template <class T>
bool from_middle_dim(const std::vector<T>& t, std::size_t rows, std::size_t cols,
                     std::vector<T>& m) {
  bool same = true;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      m[r * cols + c] = t[c * rows + r];
      same = same && activ_test::same_bits(t[c * rows + r], t[m.size() + c * rows + r]);
    }
  return same;
}

/// forward(x, y) with the given mode; false when the mode does not apply (whole span of a batch).
template <class T, class F>
bool run_forward(const F& f, const std::vector<T>& x, std::size_t rows, std::size_t cols,
                 row_mode mode, std::vector<T>& y) {
  using cspan = std::span<const T>;
  using mspan = std::span<T>;
  y.assign(x.size(), T(0));
  switch (mode) {
    case row_mode::rows_of_n:
      f(cspan{x}, mspan{y}, cols);
      return true;
    case row_mode::whole_span:
      if (rows != 1) return false;
      f(cspan{x}, mspan{y});
      return true;
    case row_mode::row_by_row:
      for (std::size_t r = 0; r < rows; ++r)
        f(cspan{x}.subspan(r * cols, cols), mspan{y}.subspan(r * cols, cols));
      return true;
    case row_mode::rows_of_n_offset_1: {
      std::vector<T> xb(x.size() + 1), yb(x.size() + 1);
      std::copy(x.begin(), x.end(), xb.begin() + 1);
      f(cspan{xb}.subspan(1), mspan{yb}.subspan(1), cols);
      std::copy(yb.begin() + 1, yb.end(), y.begin());
      return true;
    }
    case row_mode::middle_dim: {
      const std::vector<T> xt = to_middle_dim(x, rows, cols);
      std::vector<T> yt(xt.size());
      f(cspan{xt}, mspan{yt}, activ::extents{.outer = 2, .n = cols, .inner = rows});
      if (!from_middle_dim(yt, rows, cols, y)) y.assign(y.size(), T(12345));
      return true;
    }
  }
  return false;
}

/// backward(y, g, dx) with the given mode.
template <class T, class F>
bool run_backward(const F& f, const std::vector<T>& y, const std::vector<T>& g, std::size_t rows,
                  std::size_t cols, row_mode mode, std::vector<T>& dx) {
  using cspan = std::span<const T>;
  using mspan = std::span<T>;
  dx.assign(y.size(), T(0));
  switch (mode) {
    case row_mode::rows_of_n:
      f.backward(cspan{y}, cspan{g}, mspan{dx}, cols);
      return true;
    case row_mode::whole_span:
      if (rows != 1) return false;
      f.backward(cspan{y}, cspan{g}, mspan{dx});
      return true;
    case row_mode::row_by_row:
      for (std::size_t r = 0; r < rows; ++r) {
        f.backward(cspan{y}.subspan(r * cols, cols), cspan{g}.subspan(r * cols, cols),
                   mspan{dx}.subspan(r * cols, cols));
      }
      return true;
    case row_mode::rows_of_n_offset_1: {
      std::vector<T> yb(y.size() + 1), gb(y.size() + 1), dxb(y.size() + 1);
      std::copy(y.begin(), y.end(), yb.begin() + 1);
      std::copy(g.begin(), g.end(), gb.begin() + 1);
      f.backward(cspan{yb}.subspan(1), cspan{gb}.subspan(1), mspan{dxb}.subspan(1), cols);
      std::copy(dxb.begin() + 1, dxb.end(), dx.begin());
      return true;
    }
    case row_mode::middle_dim: {
      const std::vector<T> yt = to_middle_dim(y, rows, cols), gt = to_middle_dim(g, rows, cols);
      std::vector<T> dxt(yt.size());
      f.backward(cspan{yt}, cspan{gt}, mspan{dxt},
                 activ::extents{.outer = 2, .n = cols, .inner = rows});
      if (!from_middle_dim(dxt, rows, cols, dx)) dx.assign(dx.size(), T(12345));
      return true;
    }
  }
  return false;
}

/// A softmax of one row in long double, written out here as an independent reference.
template <class T>
std::vector<long double> reference_softmax(const std::vector<T>& x, bool log) {
  long double m = -std::numeric_limits<long double>::infinity();
  for (const T v : x) m = std::fmax(m, static_cast<long double>(v));
  long double s = 0;
  for (const T v : x) s += std::exp(static_cast<long double>(v) - m);
  std::vector<long double> y;
  for (const T v : x) {
    const long double d = static_cast<long double>(v) - m;
    y.push_back(log ? d - std::log(s) : std::exp(d) / s);
  }
  return y;
}

}  // namespace

TEMPLATE_TEST_CASE("Softmax and LogSoftmax forward match PyTorch on every golden case",
                   "[softmax][golden]", float, double) {
  using T = TestType;
  const auto cases = load_softmax_cases<T>();
  REQUIRE(cases.size() == 52);
  const long double eps = activ_test::wide(std::numeric_limits<T>::epsilon());
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  worst_ratio worst_y, worst_logy;
  for (const auto isa : activ_test::available_isas()) {
    const activ_test::scoped_isa use{isa};
    for (const auto mode : all_row_modes) {
      const std::string variant = "isa=" + std::string{activ::isa_name(isa)} + ", " +
                                  std::string{row_mode_name(mode)} + ": ";
      INFO(variant);
      mismatch_log bad_y, bad_logy;
      for (const auto& c : cases) {
        const auto d = distances_to_max(c.x, c.cols);
        const long double log2n = std::log2(static_cast<long double>(c.cols));
        std::vector<long double> tol_y(c.x.size()), tol_logy(c.x.size());
        for (std::size_t i = 0; i < c.x.size(); ++i) {
          const long double factor = softmax_tol_eps * eps * (d[i] + 1 + log2n);
          tol_y[i] = scaled(std::fabs(static_cast<long double>(c.y[i])), factor);
          tol_logy[i] = factor;
        }
        std::vector<T> y, logy;
        if (run_forward(softmax, c.x, c.rows, c.cols, mode, y)) {
          compare(c, variant + "softmax y", y, c.y, tol_y, bad_y, worst_y);
        }
        if (run_forward(log_softmax, c.x, c.rows, c.cols, mode, logy)) {
          compare(c, variant + "log_softmax y", logy, c.logy, tol_logy, bad_logy, worst_logy);
        }
      }
      INFO("softmax mismatches:\n" << bad_y.report());
      CHECK(bad_y.count() == 0);
      INFO("log_softmax mismatches:\n" << bad_logy.report());
      CHECK(bad_logy.count() == 0);
    }
  }
  WARN("Softmax<" << type_name<T>() << "> forward: max error/tolerance "
                  << static_cast<double>(worst_y.ratio) << " at " << worst_y.where
                  << "\nLogSoftmax<" << type_name<T>() << "> forward: max error/tolerance "
                  << static_cast<double>(worst_logy.ratio) << " at " << worst_logy.where);
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax backward (VJP from the output) match PyTorch",
                   "[softmax][golden][backward]", float, double) {
  using T = TestType;
  const auto cases = load_softmax_cases<T>();
  const long double eps = activ_test::wide(std::numeric_limits<T>::epsilon());
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  worst_ratio worst_dx, worst_dx_log;
  for (const auto isa : activ_test::available_isas()) {
    const activ_test::scoped_isa use{isa};
    for (const auto mode : all_row_modes) {
      const std::string variant = "isa=" + std::string{activ::isa_name(isa)} + ", " +
                                  std::string{row_mode_name(mode)} + ": ";
      INFO(variant);
      mismatch_log bad_dx, bad_dx_log;
      for (const auto& c : cases) {
        const long double log2n = std::log2(static_cast<long double>(c.cols));
        std::vector<long double> tol_dx(c.x.size()), tol_dx_log(c.x.size());
        for (std::size_t r = 0; r < c.rows; ++r) {
          // Per row: sum |g_j y_j| (softmax VJP) and sum |g_j| (log-softmax VJP), from PyTorch's y.
          long double sum_gy = 0, sum_g = 0;
          for (std::size_t j = r * c.cols; j < (r + 1) * c.cols; ++j) {
            sum_gy += std::fabs(activ_test::wide(c.g[j]) * activ_test::wide(c.y[j]));
            sum_g += std::fabs(static_cast<long double>(c.g[j]));
          }
          for (std::size_t i = r * c.cols; i < (r + 1) * c.cols; ++i) {
            const long double yi = std::fabs(static_cast<long double>(c.y[i]));
            const long double gi = std::fabs(static_cast<long double>(c.g[i]));
            const long double ei = std::exp(static_cast<long double>(c.logy[i]));  // exp(log y)
            tol_dx[i] = softmax_tol_eps * eps * yi * (gi + (1 + log2n) * sum_gy);
            tol_dx_log[i] = softmax_tol_eps * eps *
                            (gi + std::fabs(static_cast<long double>(c.dx_log[i])) +
                             scaled(ei, (1 + log2n) * sum_g));
          }
        }
        // Both backward passes start from PyTorch's forward output (the files' y and logy).
        std::vector<T> dx, dx_log;
        if (run_backward(softmax, c.y, c.g, c.rows, c.cols, mode, dx)) {
          compare(c, variant + "softmax dx", dx, c.dx, tol_dx, bad_dx, worst_dx);
        }
        if (run_backward(log_softmax, c.logy, c.g, c.rows, c.cols, mode, dx_log)) {
          compare(c, variant + "log_softmax dx", dx_log, c.dx_log, tol_dx_log, bad_dx_log,
                  worst_dx_log);
        }
      }
      INFO("softmax backward mismatches:\n" << bad_dx.report());
      CHECK(bad_dx.count() == 0);
      INFO("log_softmax backward mismatches:\n" << bad_dx_log.report());
      CHECK(bad_dx_log.count() == 0);
    }
  }
  WARN("Softmax<" << type_name<T>() << "> backward: max error/tolerance "
                  << static_cast<double>(worst_dx.ratio) << " at " << worst_dx.where
                  << "\nLogSoftmax<" << type_name<T>() << "> backward: max error/tolerance "
                  << static_cast<double>(worst_dx_log.ratio) << " at " << worst_dx_log.where);
}

TEMPLATE_TEST_CASE("Softmax::derivative gives PyTorch's Jacobian", "[softmax][golden][jacobian]",
                   float, double) {
  using T = TestType;
  const golden_table cases{activ_test::golden_file<T>("softmax_jacobian_cases")};
  const golden_table data{activ_test::golden_file<T>("softmax_jacobian")};
  const long double eps = activ_test::wide(std::numeric_limits<T>::epsilon());
  const long double tiny = activ_test::wide(std::numeric_limits<T>::min());
  const activ::Softmax<T> softmax{};
  mismatch_log bad;
  worst_ratio worst;
  std::size_t row = 0;
  for (std::size_t k = 0; k < cases.rows(); ++k) {
    const auto id = cases.get<long long>(k, "case");
    const auto n = cases.get<std::size_t>(k, "n");
    std::vector<T> x(n), y(n), want(n * n);
    const std::size_t first = row;
    bool layout_ok = row + n * n <= data.rows();
    for (std::size_t e = 0; layout_ok && e < n * n; ++e, ++row) {
      const auto i = data.get<std::size_t>(row, "i");
      const auto j = data.get<std::size_t>(row, "j");
      layout_ok = data.get<long long>(row, "case") == id && i < n && j < n;
      if (!layout_ok) break;
      x[j] = data.get<T>(row, "x_j");
      y[i] = data.get<T>(row, "y_i");
      want[i * n + j] = data.get<T>(row, "J_ij");
    }
    INFO("jacobian case " << id << " near line " << data.line(row));
    REQUIRE(layout_ok);
    std::vector<T> J(n * n);
    softmax.derivative(std::span<const T>{x}, std::span<T>{J});
    // J_ij = y_i (delta_ij - y_j), from activ's own y: each y carries its forward error.
    const auto d = distances_to_max(x, n);
    const long double log2n = std::log2(static_cast<long double>(n));
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t at = i * n + j;
        const long double yi = std::fabs(static_cast<long double>(y[i]));
        const long double yj = std::fabs(static_cast<long double>(y[j]));
        const long double tol = softmax_tol_eps * eps *
                                    ((i == j ? scaled(yi, d[i] + 1 + log2n) : 0) +
                                     scaled(yi * yj, d[i] + d[j] + 2 + 2 * log2n)) +
                                tiny;
        const std::string where = "case " + std::to_string(id) + " (" + cases.text(k, "name") +
                                  "), line " + std::to_string(data.line(first + at)) + ", J[" +
                                  std::to_string(i) + "][" + std::to_string(j) + "]: got " +
                                  show(J[at]) + ", want " + show(want[at]);
        if (activ_test::is_nan(want[at]) || activ_test::is_nan(J[at])) {
          if (!(activ_test::is_nan(want[at]) && activ_test::is_nan(J[at]))) bad.add(where);
          continue;
        }
        const long double err = std::fabs(activ_test::wide(J[at]) - activ_test::wide(want[at]));
        if (!(err <= tol)) bad.add(where);
        worst.add(err, tol, where);
      }
    }
  }
  REQUIRE(row == data.rows());
  WARN("Softmax<" << type_name<T>() << "> Jacobian: max error/tolerance "
                  << static_cast<double>(worst.ratio) << " at " << worst.where);
  INFO("Jacobian mismatches:\n" << bad.report());
  CHECK(bad.count() == 0);
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax are stable for huge inputs", "[softmax][edges]", float,
                   double) {
  using T = TestType;
  constexpr T big = std::numeric_limits<T>::max();
  constexpr T inf = std::numeric_limits<T>::infinity();
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  const auto run = [&](const std::vector<T>& x, std::vector<T>& y, std::vector<T>& logy) {
    y.assign(x.size(), T(0));
    logy.assign(x.size(), T(0));
    softmax(x, y);
    log_softmax(x, logy);
  };
  std::vector<T> y, logy;

  SECTION("[1e30, 1e30, 0] gives [0.5, 0.5, 0]") {
    run({T(1e30), T(1e30), T(0)}, y, logy);
    CHECK(y[0] == T(0.5));
    CHECK(y[1] == T(0.5));
    CHECK(y[2] == T(0));
    CHECK_THAT(logy[0], activ_test::within_ulp(static_cast<T>(-std::log(2.0L)), 2));
    CHECK_THAT(logy[1], activ_test::within_ulp(static_cast<T>(-std::log(2.0L)), 2));
    CHECK(logy[2] == -T(1e30));
  }
  SECTION("[max, -max] gives [1, 0] and log [0, -inf] (x - max overflows)") {
    run({big, -big}, y, logy);
    CHECK(y[0] == T(1));
    CHECK(y[1] == T(0));
    CHECK(logy[0] == T(0));
    CHECK(logy[1] == -inf);
  }
  SECTION("[max, max, max] and [-max, -max, -max] give 1/3 each") {
    for (const T v : {big, -big}) {
      INFO("v = " << show(v));
      run({v, v, v}, y, logy);
      for (std::size_t i = 0; i < 3; ++i) {
        CHECK_THAT(y[i], activ_test::within_ulp(static_cast<T>(1.0L / 3), 1));
        CHECK_THAT(logy[i], activ_test::within_ulp(static_cast<T>(-std::log(3.0L)), 2));
      }
    }
  }
  SECTION("a row whose exp overflows without the max subtracted") {
    const T hi = std::is_same_v<T, float> ? T(100) : T(1000);  // exp(hi) = inf in T
    run({hi, hi - T(1), T(0)}, y, logy);
    const auto ref = reference_softmax(std::vector<T>{hi, hi - T(1), T(0)}, false);
    CHECK_THAT(y[0], activ_test::within_ulp(static_cast<T>(ref[0]), 4));
    CHECK_THAT(y[1], activ_test::within_ulp(static_cast<T>(ref[1]), 4));
    CHECK(y[2] >= T(0));
    CHECK(y[2] < std::numeric_limits<T>::min());  // exp(-hi): 0 or subnormal
    CHECK_THAT(logy[2],
               activ_test::within_ulp(
                   static_cast<T>(-activ_test::wide(hi) - std::log1p(std::exp(-1.0L))), 4));
  }
  SECTION("[1e30, -3]: the gap 1e30 + 3 is inexact, its low word must not leak into exp") {
    // Found by fuzz/softmax_fuzz: exp of the clamped difference used to take the low word (-3)
    // as a first-order correction, giving a tiny negative exp, softmax -tiny and log-softmax +tiny.
    for (const activ::isa isa : activ_test::available_isas()) {
      INFO("isa " << activ::isa_name(isa));
      const activ_test::scoped_isa on(isa);
      run({T(1e30), T(-3), T(0), T(-1e30)}, y, logy);
      CHECK(activ_test::same_bits(y[0], T(1)));
      CHECK(activ_test::same_bits(y[1], T(0)));
      CHECK(activ_test::same_bits(y[2], T(0)));
      CHECK(activ_test::same_bits(logy[0], T(0)));
      CHECK(logy[1] == -T(1e30));
    }
  }
  SECTION("[max, x]: x - max does not overflow, but 2Sum's intermediate s - x does") {
    // Found by fuzz/softmax_fuzz: the low word of x - max came out NaN (-inf + inf), and so did
    // log-softmax. x is chosen so that s - x is -max minus exactly half an ulp (rounds to -inf).
    const T x = std::is_same_v<T, float> ? T(0x1.fcfdfep126) : T(0x1.0000000000003p1022);
    const long double want = static_cast<long double>(x) - static_cast<long double>(big);
    for (const activ::isa isa : activ_test::available_isas()) {
      INFO("isa " << activ::isa_name(isa));
      const activ_test::scoped_isa on(isa);
      run({big, x, T(0)}, y, logy);
      CHECK(activ_test::same_bits(y[0], T(1)));
      CHECK(activ_test::same_bits(y[1], T(0)));
      CHECK(activ_test::same_bits(logy[0], T(0)));
      CHECK_THAT(logy[1], activ_test::within_ulp(static_cast<T>(want), 1));
      CHECK(logy[2] == -big);
    }
  }
  SECTION("[1e30, NaN, 0]: a NaN early in the row gives NaN everywhere") {
    // The NaN can hide 1e30 from the running max, so 1e30 - max is positive; the exp must
    // still be safe (UBSan checked the scalar path's float-to-int conversion here).
    for (const activ::isa isa : activ_test::available_isas()) {
      INFO("isa " << activ::isa_name(isa));
      const activ_test::scoped_isa on(isa);
      run({T(1e30), std::numeric_limits<T>::quiet_NaN(), T(0)}, y, logy);
      CHECK(std::all_of(y.begin(), y.end(), [](T v) { return std::isnan(v); }));
      CHECK(std::all_of(logy.begin(), logy.end(), [](T v) { return std::isnan(v); }));
    }
  }
  SECTION("all-equal rows give exactly 1/n where it is representable") {
    for (const std::size_t n : {1u, 2u, 4u, 8u, 16u, 32u}) {
      INFO("n = " << n);
      run(std::vector<T>(n, T(-2.5)), y, logy);
      CHECK(std::all_of(y.begin(), y.end(), [&](T v) { return v == T(1) / static_cast<T>(n); }));
    }
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax at -inf, +inf, NaN and length-1 rows",
                   "[softmax][edges]", float, double) {
  using T = TestType;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  const auto all_nan = [](const std::vector<T>& v) {
    return std::all_of(v.begin(), v.end(), [](T e) { return activ_test::is_nan(e); });
  };
  const auto run = [&](const std::vector<T>& x, std::size_t n, std::vector<T>& y,
                       std::vector<T>& logy) {
    y.assign(x.size(), T(0));
    logy.assign(x.size(), T(0));
    softmax(x, y, n);
    log_softmax(x, logy, n);
  };
  std::vector<T> y, logy;

  SECTION("a -inf entry gives 0 and log -inf; the rest is the softmax of the finite entries") {
    run({-inf, T(0), T(1)}, 3, y, logy);
    CHECK(activ_test::same_bits(y[0], T(0)));
    CHECK(logy[0] == -inf);
    const auto ref = reference_softmax(std::vector<T>{T(0), T(1)}, false);
    CHECK_THAT(y[1], activ_test::within_ulp(static_cast<T>(ref[0]), 4));
    CHECK_THAT(y[2], activ_test::within_ulp(static_cast<T>(ref[1]), 4));
    // The VJPs at -inf: softmax 0 (y = 0), log-softmax g_i (exp(-inf) = 0).
    const std::vector<T> g{T(0.5), T(-1.25), T(2)};
    std::vector<T> dx(3), dx_log(3);
    softmax.backward(std::span<const T>{y}, std::span<const T>{g}, std::span<T>{dx});
    log_softmax.backward(std::span<const T>{logy}, std::span<const T>{g}, std::span<T>{dx_log});
    CHECK(dx[0] == T(0));
    CHECK(dx_log[0] == g[0]);
  }
  SECTION("a row of all -inf is NaN, forward and backward") {
    for (const std::size_t n : {1u, 3u, 17u}) {
      INFO("n = " << n);
      run(std::vector<T>(n, -inf), n, y, logy);
      CHECK(all_nan(y));
      CHECK(all_nan(logy));
      const std::vector<T> g(n, T(1));
      std::vector<T> dx(n), dx_log(n);
      softmax.backward(std::span<const T>{y}, std::span<const T>{g}, std::span<T>{dx});
      log_softmax.backward(std::span<const T>{logy}, std::span<const T>{g}, std::span<T>{dx_log});
      CHECK(all_nan(dx));
      CHECK(all_nan(dx_log));
    }
  }
  SECTION("any +inf or NaN makes the whole row NaN") {
    for (const auto& x :
         {std::vector<T>{inf, T(0), T(1)}, std::vector<T>{inf, inf}, std::vector<T>{inf, -inf},
          std::vector<T>{nan, T(0), T(1)}, std::vector<T>{T(0), T(1), nan},
          std::vector<T>{nan, -inf, T(1)}, std::vector<T>{inf}, std::vector<T>{nan}}) {
      INFO("x[0] = " << show(x[0]) << ", size " << x.size());
      run(x, x.size(), y, logy);
      CHECK(all_nan(y));
      CHECK(all_nan(logy));
    }
  }
  SECTION("length-1 rows: 1 and log 0 for any finite value, VJP 0") {
    const std::vector<T> x{T(5),
                           T(0),
                           T(-7.25),
                           std::numeric_limits<T>::max(),
                           -std::numeric_limits<T>::max(),
                           std::numeric_limits<T>::denorm_min()};
    run(x, 1, y, logy);
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << show(x[i]));
      CHECK(y[i] == T(1));
      CHECK(logy[i] == T(0));
    }
    const std::vector<T> g{T(0.5), T(-2), T(3), T(1), T(-1), T(7)};
    std::vector<T> dx(x.size()), dx_log(x.size());
    softmax.backward(std::span<const T>{y}, std::span<const T>{g}, std::span<T>{dx}, 1);
    log_softmax.backward(std::span<const T>{logy}, std::span<const T>{g}, std::span<T>{dx_log}, 1);
    CHECK(std::all_of(dx.begin(), dx.end(), [](T v) { return v == T(0); }));
    CHECK(std::all_of(dx_log.begin(), dx_log.end(), [](T v) { return v == T(0); }));
  }
  SECTION("a bad row in a batch does not spoil the others") {
    const long double eps = activ_test::wide(std::numeric_limits<T>::epsilon());
    const std::size_t n = 5;
    const std::vector<std::vector<T>> rows{
        {T(1), T(2), T(3), T(4), T(5)},     {nan, T(0), T(0), T(0), T(0)},
        {T(-3), T(0.5), T(2), T(-1), T(0)}, {-inf, -inf, -inf, -inf, -inf},
        {T(0), T(0), inf, T(0), T(0)},      {T(1e3), -inf, T(999), T(0), T(-1e3)}};
    const std::vector<bool> good{true, false, true, false, false, true};
    std::vector<T> x;
    for (const auto& r : rows) x.insert(x.end(), r.begin(), r.end());
    std::vector<T> g(x.size());
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = T(0.25) * static_cast<T>(i % 7) - T(0.5);
    run(x, n, y, logy);
    std::vector<T> dx(x.size()), dx_log(x.size());
    softmax.backward(std::span<const T>{y}, std::span<const T>{g}, std::span<T>{dx}, n);
    log_softmax.backward(std::span<const T>{logy}, std::span<const T>{g}, std::span<T>{dx_log}, n);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      INFO("row " << r);
      const auto part = [&](const std::vector<T>& v) {
        return activ_test::slice(v, r * n, r * n + n);
      };
      if (!good[r]) {
        CHECK(all_nan(part(y)));
        CHECK(all_nan(part(logy)));
        CHECK(all_nan(part(dx)));
        CHECK(all_nan(part(dx_log)));
        continue;
      }
      const auto ref = reference_softmax(rows[r], false);
      const auto ref_log = reference_softmax(rows[r], true);
      long double sum_gy = 0, sum_g = 0;
      for (std::size_t i = 0; i < n; ++i) {
        sum_gy += activ_test::wide(g[r * n + i]) * ref[i];
        sum_g += activ_test::wide(g[r * n + i]);
      }
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t at = r * n + i;
        INFO("col " << i);
        CHECK_THAT(y[at], activ_test::within_ulp(static_cast<T>(ref[i]), 8));
        if (std::isinf(ref_log[i])) {
          CHECK(logy[at] == -inf);
        } else {
          CHECK_THAT(logy[at], activ_test::within_ulp(static_cast<T>(ref_log[i]), 8));
        }
        const long double want_dx = ref[i] * (activ_test::wide(g[at]) - sum_gy);
        const long double want_dx_log = activ_test::wide(g[at]) - ref[i] * sum_g;
        CHECK(std::fabs(activ_test::wide(dx[at]) - want_dx) <= 16 * eps);
        CHECK(std::fabs(activ_test::wide(dx_log[at]) - want_dx_log) <= 16 * eps);
      }
    }
  }
}

TEMPLATE_TEST_CASE("Softmax and LogSoftmax span contract: sizes, row lengths, aliasing, empty",
                   "[softmax][span]", float, double) {
  using T = TestType;
  using cspan = std::span<const T>;
  using mspan = std::span<T>;
  using activ_test::check_invalid_argument;
  const activ::Softmax<T> softmax{};
  const activ::LogSoftmax<T> log_softmax{};
  const std::size_t rows = 4, n = 5;
  std::vector<T> x(rows * n), g(rows * n);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = std::sin(static_cast<T>(i) * T(1.7)) * T(3);
    g[i] = std::cos(static_cast<T>(i) * T(0.9));
  }
  const auto all_same = [](const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!activ_test::same_bits(a[i], b[i])) return false;
    }
    return true;
  };

  const auto contract = [&](const auto& f, std::string_view name) {
    INFO("functor: " << name);
    std::vector<T> y(x.size()), y_all(x.size()), dx(x.size()), dx_all(x.size());
    f(cspan{x}, mspan{y}, n);
    f(cspan{x}, mspan{y_all});
    f.backward(cspan{y}, cspan{g}, mspan{dx}, n);
    f.backward(cspan{y_all}, cspan{g}, mspan{dx_all});

    SECTION(std::string{name} + ": in place equals out of place, every form") {
      std::vector<T> buf = x;
      f(cspan{buf}, mspan{buf}, n);
      CHECK(all_same(buf, y));
      buf = x;
      f(cspan{buf}, mspan{buf});
      CHECK(all_same(buf, y_all));
      buf = g;  // dx aliases dy
      f.backward(cspan{y}, cspan{buf}, mspan{buf}, n);
      CHECK(all_same(buf, dx));
      buf = y;  // dx aliases y
      f.backward(cspan{buf}, cspan{g}, mspan{buf}, n);
      CHECK(all_same(buf, dx));
      buf = g;
      f.backward(cspan{y_all}, cspan{buf}, mspan{buf});
      CHECK(all_same(buf, dx_all));
      buf = y_all;
      f.backward(cspan{buf}, cspan{g}, mspan{buf});
      CHECK(all_same(buf, dx_all));
    }
    SECTION(std::string{name} + ": spans of different sizes throw, naming both sizes") {
      std::vector<T> a(12, T(1)), b(12), c(10);
      check_invalid_argument([&] { f(cspan{a}, mspan{c}); }, {name, "12", "10"});
      check_invalid_argument([&] { f(cspan{c}, mspan{b}); }, {name, "12", "10"});
      check_invalid_argument([&] { f(cspan{a}, mspan{c}, 2); }, {name, "12", "10"});
      check_invalid_argument([&] { f.backward(cspan{a}, cspan{a}, mspan{c}); }, {name, "12", "10"});
      check_invalid_argument([&] { f.backward(cspan{a}, cspan{c}, mspan{b}); }, {name, "12", "10"});
      check_invalid_argument([&] { f.backward(cspan{c}, cspan{a}, mspan{b}); }, {name, "12", "10"});
      check_invalid_argument([&] { f.backward(cspan{a}, cspan{a}, mspan{c}, 2); },
                             {name, "12", "10"});
    }
    SECTION(std::string{name} + ": a row length of 0 or not dividing the size throws") {
      std::vector<T> a(12, T(1)), b(12);
      check_invalid_argument([&] { f(cspan{a}, mspan{b}, 0); }, {name, "0"});
      check_invalid_argument([&] { f(cspan{a}, mspan{b}, 5); }, {name, "12", "5"});
      check_invalid_argument([&] { f(cspan{a}, mspan{b}, 13); }, {name, "12", "13"});
      check_invalid_argument([&] { f.backward(cspan{a}, cspan{a}, mspan{b}, 0); }, {name, "0"});
      check_invalid_argument([&] { f.backward(cspan{a}, cspan{a}, mspan{b}, 5); },
                             {name, "12", "5"});
    }
    SECTION(std::string{name} + ": partially overlapping spans throw") {
      std::vector<T> buf(x.size() + 1, T(0.5));
      T* const p = buf.data();
      const std::size_t m = x.size();
      check_invalid_argument([&] { f(cspan{p, m}, mspan{p + 1, m}); }, {name});
      check_invalid_argument([&] { f(cspan{p + 1, m}, mspan{p, m}); }, {name});
      check_invalid_argument([&] { f(cspan{p, m}, mspan{p + 1, m}, n); }, {name});
      check_invalid_argument(
          [&] {
            f.backward(cspan{p, m}, cspan{g}, mspan{p + 1, m}, n);
          },
          {name});
      check_invalid_argument(
          [&] {
            f.backward(cspan{p + 1, m}, cspan{g}, mspan{p, m}, n);
          },
          {name});
      check_invalid_argument(
          [&] {
            f.backward(cspan{y}, cspan{p, m}, mspan{p + 1, m}, n);
          },
          {name});
      check_invalid_argument([&] { f.backward(cspan{y}, cspan{p + 1, m}, mspan{p, m}); }, {name});
    }
    SECTION(std::string{name} + ": empty spans do not throw and write nothing") {
      const T sentinel = T(-1234.5);
      std::vector<T> out(4, sentinel);
      CHECK_NOTHROW(f(cspan{x.data(), 0}, mspan{out.data(), 0}));
      CHECK_NOTHROW(f(cspan{x.data(), 0}, mspan{out.data(), 0}, 3));
      CHECK_NOTHROW(f.backward(cspan{x.data(), 0}, cspan{g.data(), 0}, mspan{out.data(), 0}));
      CHECK_NOTHROW(f.backward(cspan{x.data(), 0}, cspan{g.data(), 0}, mspan{out.data(), 0}, 3));
      CHECK_NOTHROW(f(cspan{}, mspan{}));
      CHECK(std::all_of(out.begin(), out.end(), [&](T v) { return v == sentinel; }));
    }
    SECTION(std::string{name} + ": std::vector and std::array convert to the spans") {
      std::vector<T> yv(x.size());
      f(x, yv, n);
      CHECK(all_same(yv, y));
      const std::array<T, 3> xa{T(4.3), T(6.1), T(2.3)};
      std::array<T, 3> ya{}, dxa{};
      f(xa, ya);
      f.backward(ya, xa, dxa);
      const std::vector<T> x3{T(4.3), T(6.1), T(2.3)};
      std::vector<T> y3(3), dx3(3);
      f(x3, y3);
      f.backward(y3, x3, dx3);
      for (std::size_t i = 0; i < 3; ++i) {
        CHECK(activ_test::same_bits(ya[i], y3[i]));
        CHECK(activ_test::same_bits(dxa[i], dx3[i]));
      }
    }
  };
  for (const auto isa : activ_test::available_isas()) {
    DYNAMIC_SECTION("isa=" << activ::isa_name(isa)) {
      const activ_test::scoped_isa use{isa};
      contract(softmax, "Softmax");
      contract(log_softmax, "LogSoftmax");
    }
  }

  SECTION("Softmax::derivative: J must be n*n and not overlap x") {
    std::vector<T> x5(5, T(1)), J24(24), J25(25);
    CHECK_NOTHROW(softmax.derivative(cspan{x5}, mspan{J25}));
    check_invalid_argument([&] { softmax.derivative(cspan{x5}, mspan{J24}); },
                           {"Softmax", "24", "5"});
    check_invalid_argument([&] { softmax.derivative(cspan{x5}, mspan{x5}); }, {"Softmax"});
    std::vector<T> buf(3 + 9, T(0.5));
    check_invalid_argument(
        [&] {
          softmax.derivative(cspan{buf.data(), 3}, mspan{buf.data() + 1, 9});
        },
        {"Softmax"});
    CHECK_NOTHROW(softmax.derivative(cspan{}, mspan{}));
  }
}
