// SPDX-License-Identifier: MIT
// Test support: the golden CSV reader, ULP distances, and the element-wise span-contract checks.
//
// Reads the PyTorch reference files in tests/data/golden; checks the span contract (sizes,
// aliasing, empty spans) shared by the element-wise functors; runs columns on every ISA.
//
//   activ_test::golden_table t{activ_test::golden_file<float>("sigmoid")};   // sigmoid_f32.csv
//   const auto x = t.column<float>("x");          // parsed in the file's type; nan/inf/-0 exact
//   t.line(row)                                   // 1-based line in the file, for messages
//   activ_test::ulp_distance(a, b)                // 0 for a == b (+0/-0 too) and for NaN/NaN
//   activ_test::show(x)                           // "0x1.8p+1 (3)": hexfloat and shortest decimal
#ifndef ACTIV_TESTS_SUPPORT_GOLDEN_HPP
#define ACTIV_TESTS_SUPPORT_GOLDEN_HPP

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iomanip>
#include <limits>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <activ/isa.hpp>

#include "support/catch.hpp"
#include "support/compare.hpp"

#ifndef ACTIV_TEST_DATA_DIR
// tests/CMakeLists.txt defines it as the absolute path of tests/data.
#error "ACTIV_TEST_DATA_DIR must be defined"
#endif

namespace activ_test {

// ---- paths --------------------------------------------------------------------------------------

/// Absolute path of a file under tests/data, e.g. data_path("golden/relu_f32.csv").
inline std::string data_path(std::string_view relative) {
  std::string p = ACTIV_TEST_DATA_DIR;
  if (!p.empty() && p.back() != '/') p += '/';
  p += relative;
  return p;
}

/// "f32" for float, "f64" for double: the golden files' type suffix.
template <class T>
constexpr std::string_view type_suffix() noexcept {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "float or double");
  return std::is_same_v<T, float> ? "f32" : "f64";
}

/// File name of a golden file for type T: golden_file<float>("relu") == "relu_f32.csv".
template <class T>
std::string golden_file(std::string_view stem) {
  std::string f{stem};
  f += '_';
  f += type_suffix<T>();
  f += ".csv";
  return f;
}

// ---- parsing ------------------------------------------------------------------------------------

/// Parses one CSV field as T exactly (float fields parse as float, not via double; `nan`, `inf`,
/// `-inf` and `-0` round-trip). Integers parse as plain decimals. Throws std::runtime_error on any
/// malformed or partially consumed field.
template <class T>
T parse_field(std::string_view s) {
  T v{};
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if constexpr (std::is_floating_point_v<T>) {
#if defined(__cpp_lib_to_chars) && __cpp_lib_to_chars >= 201611L
    // Some libraries report ERANGE for subnormal results; strtof/strtod below parse those.
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc{} && ptr == last) return v;
#endif
    const std::string z{s};
    char* end = nullptr;
    if constexpr (std::is_same_v<T, float>) {
      v = std::strtof(z.c_str(), &end);
    } else {
      v = static_cast<T>(std::strtod(z.c_str(), &end));
    }
    if (!z.empty() && end == z.c_str() + z.size()) return v;
  } else {
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec == std::errc{} && ptr == last) return v;
  }
  throw std::runtime_error("golden: cannot parse field '" + std::string{s} + "'");
}

// ---- the table ----------------------------------------------------------------------------------

/// A golden CSV file in memory: the header row maps column names to indices; fields stay text until
/// read as a type. Every failure (missing file, unknown column, bad field) throws with the file
/// name.
class golden_table {
 public:
  /// Loads tests/data/golden/<file_name>.
  explicit golden_table(std::string_view file_name) : file_{file_name} {
    const std::string path = data_path("golden/" + file_);
    std::ifstream in{path, std::ios::binary};
    if (!in) throw std::runtime_error("golden: cannot open " + path);
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("golden: empty file " + path);
    header_ = split(line);
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto fields = split(line);
      if (fields.size() != header_.size()) {
        throw std::runtime_error("golden: " + file_ + " line " + std::to_string(rows_.size() + 2) +
                                 ": " + std::to_string(fields.size()) + " fields, header has " +
                                 std::to_string(header_.size()));
      }
      rows_.push_back(std::move(fields));
    }
  }

  const std::string& file() const noexcept { return file_; }
  std::size_t rows() const noexcept { return rows_.size(); }
  /// 1-based line number in the file of data row `row` (the header is line 1).
  static std::size_t line(std::size_t row) noexcept { return row + 2; }

  bool has_column(std::string_view name) const noexcept {
    return std::find(header_.begin(), header_.end(), name) != header_.end();
  }
  std::size_t column_index(std::string_view name) const {
    const auto it = std::find(header_.begin(), header_.end(), name);
    if (it == header_.end()) {
      throw std::runtime_error("golden: " + file_ + " has no column '" + std::string{name} + "'");
    }
    return static_cast<std::size_t>(it - header_.begin());
  }

  const std::string& text(std::size_t row, std::size_t col) const { return rows_.at(row).at(col); }
  const std::string& text(std::size_t row, std::string_view name) const {
    return text(row, column_index(name));
  }

  template <class T>
  T get(std::size_t row, std::size_t col) const {
    try {
      return parse_field<T>(text(row, col));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(std::string{e.what()} + " in " + file_ + " line " +
                               std::to_string(line(row)) + ", column '" + header_.at(col) + "'");
    }
  }
  template <class T>
  T get(std::size_t row, std::string_view name) const {
    return get<T>(row, column_index(name));
  }

  /// A whole column parsed as T.
  template <class T>
  std::vector<T> column(std::string_view name) const {
    const std::size_t c = column_index(name);
    std::vector<T> out;
    out.reserve(rows_.size());
    for (std::size_t r = 0; r < rows_.size(); ++r) out.push_back(get<T>(r, c));
    return out;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    std::string_view l{line};
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    for (;;) {
      const std::size_t comma = l.find(',', start);
      out.emplace_back(l.substr(start, comma == std::string_view::npos ? l.npos : comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return out;
  }

  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// ---- comparisons: support/compare.hpp; failure logs -------------------------------------------

/// Collects the failures of a big loop so the test asserts once: the count and the first few.
class mismatch_log {
 public:
  explicit mismatch_log(std::size_t keep = 8) : keep_{keep} {}
  void add(const std::string& what) {
    if (count_ < keep_) text_ += what + "\n";
    ++count_;
  }
  std::size_t count() const noexcept { return count_; }
  /// The first few failures, one per line, and how many more there were.
  std::string report() const {
    if (count_ <= keep_) return text_;
    return text_ + "... and " + std::to_string(count_ - keep_) + " more";
  }

 private:
  std::size_t keep_;
  std::size_t count_ = 0;
  std::string text_;
};

/// The worst ULP error of a loop and where it happened.
struct worst_ulp {
  std::uint64_t ulp = 0;
  std::string where = "(nothing compared)";
  bool any = false;
  void add(std::uint64_t u, const std::string& at) {
    if (!any || u > ulp) {
      ulp = u;
      where = at;
      any = true;
    }
  }
};

/// "line 17, x = 0x1p-149 (1.40129846e-45): got ..., want ...".
template <class T>
std::string describe(std::size_t line, T x, T got, T want) {
  return "line " + std::to_string(line) + ", x = " + show(x) + ": got " + show(got) + ", want " +
         show(want);
}

/// The runs of equal values in a parameter column (leaky_relu's `alpha`, step's `threshold`): each
/// run is one block of the file, [first, last) in rows.
template <class T>
std::vector<std::pair<std::size_t, std::size_t>> blocks(const std::vector<T>& parameter) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < parameter.size();) {
    std::size_t j = i + 1;
    while (j < parameter.size() && same_bits(parameter[j], parameter[i])) ++j;
    out.emplace_back(i, j);
    i = j;
  }
  return out;
}

/// Elements [first, last) of v.
template <class T>
std::vector<T> slice(const std::vector<T>& v, std::size_t first, std::size_t last) {
  return std::vector<T>(v.begin() + static_cast<std::ptrdiff_t>(first),
                        v.begin() + static_cast<std::ptrdiff_t>(last));
}

// ---- evaluating an element-wise functor over a golden column ------------------------------------

/// How a column is pushed through a functor. Each way must give the file's values: the span forms
/// run the vector body and the tail, the offset buffer starts one element off alignment, and the
/// one-element spans run the tail alone.
enum class eval_mode { scalar, span, span_offset_1, one_element_spans };
inline constexpr std::array<eval_mode, 4> all_eval_modes{
    eval_mode::scalar, eval_mode::span, eval_mode::span_offset_1, eval_mode::one_element_spans};
inline std::string_view mode_name(eval_mode m) noexcept {
  switch (m) {
    case eval_mode::scalar:
      return "scalar f(x), f.derivative(x); backward on 1-element spans";
    case eval_mode::span:
      return "whole span";
    case eval_mode::span_offset_1:
      return "whole span, buffers offset by one element";
    case eval_mode::one_element_spans:
      return "1-element spans";
  }
  return "?";
}

/// One way of evaluating a column: an instruction set and an eval_mode.
struct eval_variant {
  activ::isa isa;
  eval_mode mode;
  std::string name;  // "isa=avx2, whole span"
};

/// Every available instruction set times every eval_mode.
inline std::vector<eval_variant> all_eval_variants() {
  std::vector<eval_variant> out;
  for (const auto i : available_isas()) {
    for (const auto m : all_eval_modes) {
      out.push_back(
          {i, m, "isa=" + std::string{activ::isa_name(i)} + ", " + std::string{mode_name(m)}});
    }
  }
  return out;
}

/// y = f(x), d = f'(x), dx = backward(x, g) for a whole column.
template <class T>
struct elementwise_results {
  std::vector<T> y, d, dx;
};

template <class T, class F>
elementwise_results<T> evaluate(const F& f, const std::vector<T>& x, const std::vector<T>& g,
                                eval_mode mode) {
  using cspan = std::span<const T>;
  using mspan = std::span<T>;
  const std::size_t n = x.size();
  elementwise_results<T> r{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n)};
  switch (mode) {
    case eval_mode::scalar:
      for (std::size_t i = 0; i < n; ++i) {
        r.y[i] = f(x[i]);
        r.d[i] = f.derivative(x[i]);
        f.backward(cspan{&x[i], 1}, cspan{&g[i], 1}, mspan{&r.dx[i], 1});
      }
      break;
    case eval_mode::span:
      f(cspan{x}, mspan{r.y});
      f.derivative(cspan{x}, mspan{r.d});
      f.backward(cspan{x}, cspan{g}, mspan{r.dx});
      break;
    case eval_mode::span_offset_1: {
      std::vector<T> xb(n + 1), gb(n + 1), yb(n + 1), db(n + 1), dxb(n + 1);
      std::copy(x.begin(), x.end(), xb.begin() + 1);
      std::copy(g.begin(), g.end(), gb.begin() + 1);
      f(cspan{xb.data() + 1, n}, mspan{yb.data() + 1, n});
      f.derivative(cspan{xb.data() + 1, n}, mspan{db.data() + 1, n});
      f.backward(cspan{xb.data() + 1, n}, cspan{gb.data() + 1, n}, mspan{dxb.data() + 1, n});
      std::copy(yb.begin() + 1, yb.end(), r.y.begin());
      std::copy(db.begin() + 1, db.end(), r.d.begin());
      std::copy(dxb.begin() + 1, dxb.end(), r.dx.begin());
      break;
    }
    case eval_mode::one_element_spans:
      for (std::size_t i = 0; i < n; ++i) {
        f(cspan{&x[i], 1}, mspan{&r.y[i], 1});
        f.derivative(cspan{&x[i], 1}, mspan{&r.d[i], 1});
        f.backward(cspan{&x[i], 1}, cspan{&g[i], 1}, mspan{&r.dx[i], 1});
      }
      break;
  }
  return r;
}

/// evaluate() on the variant's instruction set.
template <class T, class F>
elementwise_results<T> evaluate(const F& f, const std::vector<T>& x, const std::vector<T>& g,
                                const eval_variant& v) {
  const scoped_isa use{v.isa};
  return evaluate(f, x, g, v.mode);
}

// ---- the span contract --------------------------------------------------------------------------

/// Runs `call`, which must throw std::invalid_argument whose what() contains every one of `parts`
/// (the functor's name and the offending sizes). Records a Catch failure otherwise.
template <class F>
void check_invalid_argument(F&& call, std::initializer_list<std::string_view> parts) {
  bool threw = false;
  std::string message;
  try {
    std::forward<F>(call)();
  } catch (const std::invalid_argument& e) {
    threw = true;
    message = e.what();
  } catch (const std::exception& e) {
    message = std::string{"wrong exception type, what(): "} + e.what();
  }
  INFO("what(): " << message);
  CHECK(threw);
  for (const auto part : parts) {
    INFO("the message should contain \"" << part << "\"");
    CHECK(message.find(part) != std::string::npos);
  }
}

/// The span contract of an element-wise functor: in place equals out of place for every span form;
/// partially overlapping spans and spans of different sizes throw std::invalid_argument naming the
/// functor and the sizes; empty spans are fine and write nothing; std::vector and std::array
/// convert. `x` and `g` are sample inputs and upstream gradients of the same size (at least 2
/// elements).
template <class T, class F>
void check_elementwise_span_contract(const F& f, std::string_view name, const std::vector<T>& x,
                                     const std::vector<T>& g) {
  using cspan = std::span<const T>;
  using mspan = std::span<T>;
  REQUIRE(x.size() == g.size());
  REQUIRE(x.size() >= 2);
  const std::size_t n = x.size();

  std::vector<T> y(n), d(n), dx(n);
  f(cspan{x}, mspan{y});
  f.derivative(cspan{x}, mspan{d});
  f.backward(cspan{x}, cspan{g}, mspan{dx});

  const auto all_same = [](const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_bits(a[i], b[i])) return false;
    }
    return true;
  };

  SECTION("in place equals out of place") {
    std::vector<T> buf = x;
    f(cspan{buf}, mspan{buf});
    CHECK(all_same(buf, y));
    buf = x;
    f.derivative(cspan{buf}, mspan{buf});
    CHECK(all_same(buf, d));
    buf = g;  // dx aliases dy
    f.backward(cspan{x}, cspan{buf}, mspan{buf});
    CHECK(all_same(buf, dx));
    buf = x;  // dx aliases x
    f.backward(cspan{buf}, cspan{g}, mspan{buf});
    CHECK(all_same(buf, dx));
  }

  SECTION("partially overlapping spans throw") {
    std::vector<T> buf(n + 1);
    std::copy(x.begin(), x.end(), buf.begin());
    buf[n] = x[0];
    T* const p = buf.data();
    const std::size_t m = n;
    // Output one element after the input, then one element before it.
    check_invalid_argument([&] { f(cspan{p, m}, mspan{p + 1, m}); }, {name});
    check_invalid_argument([&] { f(cspan{p + 1, m}, mspan{p, m}); }, {name});
    check_invalid_argument([&] { f.derivative(cspan{p, m}, mspan{p + 1, m}); }, {name});
    check_invalid_argument([&] { f.derivative(cspan{p + 1, m}, mspan{p, m}); }, {name});
    // dx overlapping x, then dx overlapping dy.
    check_invalid_argument([&] { f.backward(cspan{p, m}, cspan{g}, mspan{p + 1, m}); }, {name});
    check_invalid_argument([&] { f.backward(cspan{p + 1, m}, cspan{g}, mspan{p, m}); }, {name});
    check_invalid_argument([&] { f.backward(cspan{x}, cspan{p, m}, mspan{p + 1, m}); }, {name});
    check_invalid_argument([&] { f.backward(cspan{x}, cspan{p + 1, m}, mspan{p, m}); }, {name});
  }

  SECTION("spans of different sizes throw, naming the functor and both sizes") {
    std::vector<T> a(37, T(0.5)), b(37), c(12);
    check_invalid_argument([&] { f(cspan{a}, mspan{c}); }, {name, "37", "12"});
    check_invalid_argument([&] { f(cspan{c}, mspan{b}); }, {name, "37", "12"});
    check_invalid_argument([&] { f.derivative(cspan{a}, mspan{c}); }, {name, "37", "12"});
    check_invalid_argument([&] { f.derivative(cspan{c}, mspan{b}); }, {name, "37", "12"});
    const std::vector<T> dy37(37, T(1)), dy12(12, T(1));
    check_invalid_argument([&] { f.backward(cspan{a}, cspan{dy12}, mspan{b}); },
                           {name, "37", "12"});
    check_invalid_argument([&] { f.backward(cspan{a}, cspan{dy37}, mspan{c}); },
                           {name, "37", "12"});
    check_invalid_argument([&] { f.backward(cspan{c}, cspan{dy37}, mspan{b}); },
                           {name, "37", "12"});
  }

  SECTION("empty spans do not throw and write nothing") {
    const T sentinel = T(-1234.5);
    std::vector<T> out(4, sentinel);
    CHECK_NOTHROW(f(cspan{x.data(), 0}, mspan{out.data(), 0}));
    CHECK_NOTHROW(f.derivative(cspan{x.data(), 0}, mspan{out.data(), 0}));
    CHECK_NOTHROW(f.backward(cspan{x.data(), 0}, cspan{g.data(), 0}, mspan{out.data(), 0}));
    CHECK_NOTHROW(f(cspan{}, mspan{}));
    CHECK_NOTHROW(f.derivative(cspan{}, mspan{}));
    CHECK_NOTHROW(f.backward(cspan{}, cspan{}, mspan{}));
    CHECK(std::all_of(out.begin(), out.end(), [&](T v) { return v == sentinel; }));
  }

  SECTION("std::vector and std::array convert to the spans") {
    std::vector<T> yv(n), dv(n), dxv(n);
    f(x, yv);
    f.derivative(x, dv);
    f.backward(x, g, dxv);
    CHECK(all_same(yv, y));
    CHECK(all_same(dv, d));
    CHECK(all_same(dxv, dx));
    // A std::array against a std::vector of the same two elements (the same code path).
    const std::array<T, 2> xa{x[0], x[1]};
    const std::array<T, 2> ga{g[0], g[1]};
    std::array<T, 2> ya{}, da{}, dxa{};
    f(xa, ya);
    f.derivative(xa, da);
    f.backward(xa, ga, dxa);
    const std::vector<T> x2{x[0], x[1]}, g2{g[0], g[1]};
    std::vector<T> y2(2), d2(2), dx2(2);
    f(x2, y2);
    f.derivative(x2, d2);
    f.backward(x2, g2, dx2);
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(same_bits(ya[i], y2[i]));
      CHECK(same_bits(da[i], d2[i]));
      CHECK(same_bits(dxa[i], dx2[i]));
    }
  }
}

}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_GOLDEN_HPP
