// SPDX-License-Identifier: MIT
// Differential fuzzing of Softmax and LogSoftmax: random row counts and lengths, rows or a middle
// dimension (activ::extents, inner 2..40), offsets, in-place
// use and values (NaN, +-inf, all -inf rows, +-0, subnormals, huge). On every available
// instruction set the forward results must stay within the stated bounds of a long double
// reference (softmax: 2 ULP per element; log-softmax: 2 eps (|y| + L) + (n/2) eps L, L the log of
// the row's sum), with
// PyTorch's NaN conventions; the backward (VJP) results must agree with the scalar path's within
// the dispatch tests' tolerance. Row lengths that do not divide the span, and partial overlap,
// must throw std::invalid_argument.
#include "fuzz_common.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace {

using namespace activ_fuzz;
using wide_t = activ_test::wide_t;

// Per row: max, then sum of exp(x - max), in long double; y = exp(x - max) / sum or
// (x - max) - log(sum). Reports the worst violation of the bound.
template <class T>
void check_forward(bool log, std::span<const T> x, std::span<const T> y, activ::extents e,
                   const char* isa) {
  constexpr auto eps = static_cast<long double>(std::numeric_limits<T>::epsilon());
  const std::size_t cols = e.n;
  for (std::size_t fibre = 0; fibre < e.outer * e.inner; ++fibre) {
    // Element k of this fibre: x[at(k)]. A row when inner = 1.
    const std::size_t base = (fibre / e.inner) * e.n * e.inner + fibre % e.inner;
    const auto at = [&](std::size_t k) { return base + k * e.inner; };
    wide_t m = -std::numeric_limits<wide_t>::infinity();
    std::size_t arg_max = 0;
    bool nan = false;
    for (std::size_t k = 0; k < cols; ++k) {
      nan = nan || std::isnan(x[at(k)]);
      if (static_cast<wide_t>(x[at(k)]) > m) {
        m = static_cast<wide_t>(x[at(k)]);
        arg_max = k;
      }
    }
    nan = nan || std::isinf(m);  // a +inf or an all -inf row: NaN, as in PyTorch
    // The max's own term is exactly 1: sum = 1 + rest, and log(sum) = log1p(rest) keeps the
    // reference accurate where rest is far below long double's epsilon.
    wide_t rest = 0;
    for (std::size_t k = 0; k < cols; ++k)
      if (k != arg_max) rest += std::exp(static_cast<wide_t>(x[at(k)]) - m);
    const wide_t sum = 1 + rest, log_sum = std::log1p(rest);
    for (std::size_t k = 0; k < cols; ++k) {
      const std::size_t i = at(k);
      const wide_t d = static_cast<wide_t>(x[i]) - m;  // NaN for an all -inf or a +inf row
      const wide_t want = log ? d - log_sum : std::exp(d) / sum;
      const auto say = [&](const std::string& what) {
        finding(std::string(log ? "LogSoftmax<" : "Softmax<") + type_name<T>() + "> on " + isa +
                ": " + what + " at x = " + show(x[i]) + ", extents " + std::to_string(e.outer) + "x" + std::to_string(e.n) + "x" +
                std::to_string(e.inner) +
                ", got " + show(y[i]));
      };
      if (nan || std::isnan(want)) {
        if (!std::isnan(y[i])) say("NaN expected");
        continue;
      }
      if (log) {
        if (std::isinf(static_cast<T>(want))) {  // -inf, or beyond T's range: -inf too
          if (y[i] != static_cast<T>(want)) say("-inf expected");
          continue;
        }
        // The README's bound: the second term is the plain sum of terms far below the max.
        const wide_t tol = 2 * eps * (std::fabs(want) + log_sum) +
                           (static_cast<wide_t>(cols) / 2 * eps * log_sum +
                            (static_cast<wide_t>(cols) / 2 + 1) *
                                static_cast<wide_t>(std::numeric_limits<T>::denorm_min()));
        if (!(std::fabs(static_cast<wide_t>(y[i]) - want) <= tol))
          say("beyond 2 eps of " + show(static_cast<double>(want)) + " (log sum " +
              show(static_cast<double>(log_sum)) + ")");
      } else if (!(activ_test::ulp_error(y[i], want) <= 2.0)) {
        say(std::to_string(activ_test::ulp_error(y[i], want)) + " ULP");
      }
    }
  }
}

template <class T, class F>
std::vector<T> forward_on(activ::isa isa, const F& f, std::span<const T> x, activ::extents e,
                          bool in_place) {
  activ::set_isa(isa);
  exact_buffer<T> out(in_place ? 0 : 1, x.size());
  if (in_place) {
    std::copy(x.begin(), x.end(), out.span().begin());
    f(std::span<const T>(out.span()), out.span(), e);
  } else {
    f(x, out.span(), e);
  }
  return {out.span().begin(), out.span().end()};
}

template <class T, class F>
void check(FuzzedDataProvider& in, const F& f, bool log) {
  const std::size_t cols = in.ConsumeIntegralInRange<std::size_t>(1, 150);
  const std::size_t rows = in.ConsumeIntegralInRange<std::size_t>(0, 6);
  // Rows (inner = 1), or a middle dimension with inner 2..40 (PyTorch's dim=1).
  const std::size_t inner = in.ConsumeBool() ? 1 : in.ConsumeIntegralInRange<std::size_t>(2, 40);
  const activ::extents e{.outer = rows, .n = cols, .inner = inner};
  const std::size_t n = rows * cols * inner;
  exact_buffer<T> x(in.ConsumeIntegralInRange<std::size_t>(0, 7), n);
  exact_buffer<T> dy(in.ConsumeIntegralInRange<std::size_t>(0, 7), n);
  const bool moderate = in.ConsumeBool();  // finite, moderate values: the VJPs compare too
  for (auto& v : x.span())
    v = moderate ? static_cast<T>(in.ConsumeFloatingPointInRange<double>(-30, 30)) : value<T>(in);
  for (auto& v : dy.span()) v = static_cast<T>(in.ConsumeFloatingPointInRange<double>(-4, 4));
  const bool in_place = in.ConsumeBool();
  const std::span<const T> xs = x.span(), dys = dy.span();

  if (n > 0 && cols > 1) {  // misuse: a row length that does not divide, a partial overlap
    bool threw = false;
    try {
      exact_buffer<T> y(0, n + 1);
      exact_buffer<T> x1(0, n + 1);
      f(std::span<const T>(x1.span()), y.span(), cols);
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    if (!threw) finding("a row length that does not divide the span did not throw");
    if (n > 2) {
      threw = false;
      try {
        f(xs.first(n - 1), std::span<T>(x.span().data() + 1, n - 1), 1);
      } catch (const std::invalid_argument&) {
        threw = true;
      }
      if (!threw) finding("partial overlap did not throw");
    }
  }

  const std::vector<T> scalar_y = forward_on(activ::isa::scalar, f, xs, e, in_place);
  std::vector<T> scalar_dx;
  for (const activ::isa isa : available_isas()) {
    const std::vector<T> y = forward_on(isa, f, xs, e, in_place);
    check_forward<T>(log, xs, y, e, activ::isa_name(isa).data());
    if (!moderate) continue;
    // Backward from the scalar path's y, so only the VJP's own sums differ between paths.
    exact_buffer<T> dx(2, n);
    f.backward(std::span<const T>(scalar_y), dys, dx.span(), e);
    if (isa == activ::isa::scalar) {
      scalar_dx.assign(dx.span().begin(), dx.span().end());
      continue;
    }
    constexpr auto eps = static_cast<long double>(std::numeric_limits<T>::epsilon());
    for (std::size_t i = 0; i < n; ++i) {
      const auto want = static_cast<long double>(scalar_dx[i]);
      const long double tol = 8 * static_cast<long double>(cols) * eps * (1 + std::fabs(want));
      if (!(std::fabs(static_cast<long double>(dx.span()[i]) - want) <= tol))
        finding(std::string(log ? "LogSoftmax<" : "Softmax<") + type_name<T>() + ">::backward on " +
                std::string(activ::isa_name(isa)) + ": " + show(dx.span()[i]) + " vs scalar " +
                show(scalar_dx[i]) + ", cols = " + std::to_string(cols));
    }
  }
}

template <class T>
void fuzz_type(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) {
    check<T>(in, activ::Softmax<T>{}, false);
  } else {
    check<T>(in, activ::LogSoftmax<T>{}, true);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return activ_fuzz::float_or_double(data, size, [](FuzzedDataProvider& in, auto type) {
    fuzz_type<decltype(type)>(in);
  });
}
