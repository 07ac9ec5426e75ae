// SPDX-License-Identifier: MIT
// Differential fuzzing of activ::Linear: random in/out features, batch, bias or none, weights,
// inputs and upstream gradients (moderate values with +-0, subnormals and large ones mixed in; or,
// in one mode, NaN and infinities, where only crashes and sanitizer reports count). On every
// available instruction set: forward (plain and with ReLU fused), dx, dW and db within the bound
// tests/linear_test.cpp states, 2 (k + 1) eps sum|terms| + eps |y| (+ k denorm_min for underflow),
// of a long double reference; dW and db accumulate across two backward calls. Size misuse must
// throw std::invalid_argument.
#include "fuzz_common.hpp"

#include <cmath>
#include <stdexcept>

namespace {

using namespace activ_fuzz;
using activ_test::wide;

template <class T>
T moderate(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0: return special<T>(in.ConsumeIntegralInRange<std::uint8_t>(0, 3));  // +-0, +-1
    case 1: return std::numeric_limits<T>::denorm_min() * T(in.ConsumeIntegralInRange<int>(-9, 9));
    case 2: return static_cast<T>(in.ConsumeFloatingPointInRange<double>(-1e12, 1e12));
    default: return static_cast<T>(in.ConsumeFloatingPointInRange<double>(-4, 4));
  }
}

// Sum of products in long double, and the sum of their magnitudes, for the bound.
struct exact_sum {
  long double value = 0, magnitude = 0;
  void add(long double a, long double b) {
    value += a * b;
    magnitude += std::fabs(a * b);
  }
};

template <class T>
void expect_close(T got, const exact_sum& s, std::size_t k, const std::string& what) {
  constexpr auto eps = static_cast<long double>(std::numeric_limits<T>::epsilon());
  constexpr auto tiny = static_cast<long double>(std::numeric_limits<T>::denorm_min());
  const auto kk = static_cast<long double>(k);
  const long double bound = 2 * (kk + 1) * eps * s.magnitude + eps * std::fabs(s.value) +
                            (kk + 1) * tiny;
  if (!(std::fabs(static_cast<long double>(got) - s.value) <= bound))
    finding(what + ": got " + show(got) + ", exact " + show(static_cast<double>(s.value)) +
            ", bound " + show(static_cast<double>(bound)));
}

template <class T>
void fuzz_type(FuzzedDataProvider& in) {
  const std::size_t I = in.ConsumeIntegralInRange<std::size_t>(1, 40);
  const std::size_t O = in.ConsumeIntegralInRange<std::size_t>(1, 40);
  const std::size_t B = in.ConsumeIntegralInRange<std::size_t>(0, 9);
  const bool bias = in.ConsumeBool();
  const bool nasty = in.ConsumeIntegralInRange<int>(0, 7) == 0;  // NaN and inf: no crash only
  const auto draw = [&] { return nasty ? value<T>(in) : moderate<T>(in); };

  activ::Linear<T> layer(I, O, bias, in.ConsumeIntegral<std::uint64_t>());
  for (auto& w : layer.weight()) w = draw();
  for (auto& b : layer.bias()) b = draw();
  exact_buffer<T> x(in.ConsumeIntegralInRange<std::size_t>(0, 3), B * I);
  exact_buffer<T> dy(in.ConsumeIntegralInRange<std::size_t>(0, 3), B * O);
  for (auto& v : x.span()) v = draw();
  for (auto& v : dy.span()) v = draw();
  const std::span<const T> xs = x.span(), dys = dy.span();
  const std::span<const T> W = layer.weight(), b = layer.bias();

  if (in.ConsumeBool()) {  // misuse: y one element short
    exact_buffer<T> y(0, B * O + 1);
    bool threw = false;
    try {
      layer.forward(xs, y.span(), B);
    } catch (const std::invalid_argument&) {
      threw = true;
    }
    if (!threw) finding("forward with a wrong-sized y did not throw");
  }

  const std::string shape = std::string(type_name<T>()) + " in " + std::to_string(I) + " out " +
                            std::to_string(O) + " batch " + std::to_string(B) +
                            (bias ? "" : " no bias");
  for (const activ::isa isa : available_isas()) {
    activ::set_isa(isa);
    const std::string on = shape + " on " + std::string(activ::isa_name(isa));
    exact_buffer<T> y(1, B * O), yr(2, B * O), dx(1, B * I);
    layer.forward(xs, y.span(), B);
    layer.forward(xs, yr.span(), B, activ::ReLU<T>{});
    layer.zero_grad();
    layer.backward(xs, dys, dx.span(), B);
    layer.backward(xs, dys, B);  // accumulates: the gradients are now twice one call's
    if (nasty) continue;

    for (std::size_t r = 0; r < B; ++r) {
      for (std::size_t o = 0; o < O; ++o) {
        exact_sum s;
        for (std::size_t i = 0; i < I; ++i) s.add(wide(xs[r * I + i]), wide(W[o * I + i]));
        if (bias) s.add(wide(b[o]), 1);
        expect_close(y.span()[r * O + o], s, I, on + ": y");
        if (s.value < 0) s = {};  // relu of the exact sum (the bound's terms included)
        expect_close(yr.span()[r * O + o], s, I, on + ": relu(y), fused");
      }
      for (std::size_t i = 0; i < I; ++i) {
        exact_sum s;
        for (std::size_t o = 0; o < O; ++o) s.add(wide(dys[r * O + o]), wide(W[o * I + i]));
        expect_close(dx.span()[r * I + i], s, O, on + ": dx");
      }
    }
    for (std::size_t o = 0; o < O; ++o) {
      for (std::size_t i = 0; i < I; ++i) {
        exact_sum s;
        for (std::size_t r = 0; r < B; ++r) s.add(2 * wide(dys[r * O + o]), wide(xs[r * I + i]));
        expect_close(layer.weight_grad()[o * I + i], s, 2 * B, on + ": dW (two calls)");
      }
      if (bias) {
        exact_sum s;
        for (std::size_t r = 0; r < B; ++r) s.add(2 * wide(dys[r * O + o]), 1);
        expect_close(layer.bias_grad()[o], s, 2 * B, on + ": db (two calls)");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return activ_fuzz::float_or_double(data, size, [](FuzzedDataProvider& in, auto type) {
    fuzz_type<decltype(type)>(in);
  });
}
