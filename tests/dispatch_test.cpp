// SPDX-License-Identifier: MIT
// Every instruction set this CPU runs gives the scalar path's results: every function and pass,
// float and double, every length 0 .. 4 vectors + 1 and some large ones, start offsets 0..3,
// out of place and in place, on inputs full of NaN, infinities, zeros and subnormals.
#include <activ/activ.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "support/catch.hpp"

namespace {

// Restores the previous choice when a section ends, even on failure.
struct scoped_isa {
  activ::isa previous;
  explicit scoped_isa(activ::isa i) : previous(activ::set_isa(i)) {}
  ~scoped_isa() { activ::set_isa(previous); }
  scoped_isa(const scoped_isa&) = delete;
  scoped_isa& operator=(const scoped_isa&) = delete;
};

constexpr activ::isa all_isas[] = {activ::isa::sse2, activ::isa::avx2, activ::isa::avx512,
                                   activ::isa::neon};

template <class T> std::vector<T> special_inputs(std::size_t n, std::uint64_t seed) {
  using L = std::numeric_limits<T>;
  const T specials[] = {T(0),          -T(0),          L::quiet_NaN(),     L::infinity(),
                        -L::infinity(), L::denorm_min(), -L::denorm_min(),  L::min(),
                        -L::min(),     L::max(),        -L::max(),         L::epsilon(),
                        T(1),          T(-1),          T(0.5),            T(-88.5),
                        T(-104),       T(-745.5),       T(9.25),           T(-20)};
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_int_distribution<int> pick(0, 9);
  std::vector<T> x(n);
  for (auto& v : x) {
    const int k = pick(rng);
    if (k == 0) v = specials[rng() % std::size(specials)];
    else v = static_cast<T>(normal(rng) * std::pow(10.0, k % 4));
  }
  return x;
}

template <class T> bool same_bits(T a, T b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(a) ==
         std::bit_cast<std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>(b);
}

template <class T> double ulps_apart(T a, T b) {
  if (same_bits(a, b)) return 0;
  if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return 1e300;
  using I = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  const auto key = [](T v) {
    const I i = std::bit_cast<I>(v);
    return i < 0 ? std::numeric_limits<I>::min() - i : i;  // monotone in v
  };
  return std::fabs(static_cast<double>(key(a)) - static_cast<double>(key(b)));
}

// A kernel run: (x, y) -> out, over spans of the same length n.
// Returns false where the shape does not apply (a row length that does not divide n).
template <class T> using run_fn = std::function<bool(std::span<const T>, std::span<const T>, std::span<T>)>;

template <class T> struct named_run {
  std::string name;
  run_fn<T> run;
  double max_ulp;  // 0: bit for bit
};

// A marker for max_ulp: compare |got - expected| <= 8 n epsilon (1 + |expected|) instead of ULPs.
constexpr double vjp_tolerance = -1;

template <class F, class T> std::vector<T> forward_on_scalar(std::span<const T> x, std::size_t n) {
  const activ::isa previous = activ::set_isa(activ::isa::scalar);
  std::vector<T> y(x.size());
  F{}(x, y, n);
  activ::set_isa(previous);
  return y;
}

template <class T, class F> void add_elementwise(std::vector<named_run<T>>& runs, std::string name, F f) {
  runs.push_back({name + " forward", [f](auto x, auto, auto out) { f(x, out); return true; }, 0});
  runs.push_back({name + " derivative", [f](auto x, auto, auto out) { f.derivative(x, out); return true; }, 0});
  runs.push_back({name + " backward", [f](auto x, auto g, auto out) { f.backward(x, g, out); return true; }, 0});
}

template <class T> std::vector<named_run<T>> all_runs(double fma_emulation_ulp) {
  std::vector<named_run<T>> runs;
  add_elementwise(runs, "ReLU", activ::ReLU<T>{});
  add_elementwise(runs, "LeakyReLU", activ::LeakyReLU<T>{0.125});
  add_elementwise(runs, "Step", activ::Step<T>{0.5});
  add_elementwise(runs, "Sigmoid", activ::Sigmoid<T>{});
  add_elementwise(runs, "Tanh", activ::Tanh<T>{});
  add_elementwise(runs, "Hardtanh", activ::Hardtanh<T>{-0.75, 1.25});
  add_elementwise(runs, "ReLU6", activ::ReLU6<T>{});
  add_elementwise(runs, "Hardsigmoid", activ::Hardsigmoid<T>{});
  add_elementwise(runs, "Hardswish", activ::Hardswish<T>{});
  add_elementwise(runs, "Threshold", activ::Threshold<T>{0.25, -2});
  add_elementwise(runs, "Hardshrink", activ::Hardshrink<T>{});
  add_elementwise(runs, "Softshrink", activ::Softshrink<T>{0.25});
  add_elementwise(runs, "PReLU", activ::PReLU<T>{});
  add_elementwise(runs, "Softsign", activ::Softsign<T>{});
  add_elementwise(runs, "GELU", activ::GELU<T>{});
  add_elementwise(runs, "GELU tanh", activ::GELU<T>{activ::gelu_approximate::tanh});
  add_elementwise(runs, "SiLU", activ::SiLU<T>{});
  add_elementwise(runs, "ELU", activ::ELU<T>{0.75});
  add_elementwise(runs, "CELU", activ::CELU<T>{1.5});
  add_elementwise(runs, "SELU", activ::SELU<T>{});
  add_elementwise(runs, "Softplus", activ::Softplus<T>{2, 10});
  add_elementwise(runs, "LogSigmoid", activ::LogSigmoid<T>{});
  add_elementwise(runs, "Tanhshrink", activ::Tanhshrink<T>{});
  add_elementwise(runs, "Mish", activ::Mish<T>{});
  // The kernels that rely on fused multiply-adds: SSE2 emulates them, within 1 ulp.
  for (auto& r : runs)
    for (const char* fused : {"Sigmoid", "Tanh", "Softsign", "GELU", "SiLU", "ELU", "CELU", "SELU",
                              "Softplus", "LogSigmoid", "Tanhshrink", "Mish"})
      if (r.name.rfind(fused, 0) == 0) r.max_ulp = fma_emulation_ulp;
  // Softmax: rows of 1, 3 and the whole span; backward from a probability-like y.
  for (std::size_t rows_of : {std::size_t(1), std::size_t(3), std::size_t(0)}) {
    const std::string shape = rows_of ? "rows of " + std::to_string(rows_of) : "whole span";
    const auto n_of = [rows_of](std::size_t size) { return rows_of ? rows_of : size; };
    const auto fits = [rows_of](std::size_t size) { return rows_of == 0 || size % rows_of == 0; };
    runs.push_back({"Softmax " + shape, [=](auto x, auto, auto out) {
                      if (!fits(x.size()) || x.empty()) return false;
                      activ::Softmax<T>{}(x, out, n_of(x.size()));
                      return true;
                    }, 1});
    runs.push_back({"LogSoftmax " + shape, [=](auto x, auto, auto out) {
                      if (!fits(x.size()) || x.empty()) return false;
                      activ::LogSoftmax<T>{}(x, out, n_of(x.size()));
                      return true;
                    }, 1});
    // The backward passes take the forward output y (computed here on the scalar path); their
    // sums run in a different order per instruction set, so they compare within a tolerance.
    runs.push_back({"Softmax backward " + shape, [=](auto x, auto g, auto out) {
                      if (!fits(x.size()) || x.empty()) return false;
                      const std::vector<T> y = forward_on_scalar<activ::Softmax<T>>(x, n_of(x.size()));
                      activ::Softmax<T>{}.backward(y, g, out, n_of(x.size()));
                      return true;
                    }, vjp_tolerance});
    runs.push_back({"LogSoftmax backward " + shape, [=](auto x, auto g, auto out) {
                      if (!fits(x.size()) || x.empty()) return false;
                      const std::vector<T> y = forward_on_scalar<activ::LogSoftmax<T>>(x, n_of(x.size()));
                      activ::LogSoftmax<T>{}.backward(y, g, out, n_of(x.size()));
                      return true;
                    }, vjp_tolerance});
  }
  // Along a middle dimension: fibres `inner` apart (every tail of a vector, and more than one).
  for (std::size_t inner : {std::size_t(2), std::size_t(5), std::size_t(17), std::size_t(33)}) {
    const std::string shape = "extents{1, n / " + std::to_string(inner) + ", " + std::to_string(inner) + "}";
    const auto e_of = [inner](std::size_t size) { return activ::extents{1, size / inner, inner}; };
    const auto fits = [inner](std::size_t size) { return size != 0 && size % inner == 0; };
    runs.push_back({"Softmax " + shape, [=](auto x, auto, auto out) {
                      if (!fits(x.size())) return false;
                      activ::Softmax<T>{}(x, out, e_of(x.size()));
                      return true;
                    }, 1});
    runs.push_back({"LogSoftmax " + shape, [=](auto x, auto, auto out) {
                      if (!fits(x.size())) return false;
                      activ::LogSoftmax<T>{}(x, out, e_of(x.size()));
                      return true;
                    }, 1});
    runs.push_back({"Softmax backward " + shape, [=](auto x, auto g, auto out) {
                      if (!fits(x.size())) return false;
                      std::vector<T> y(x.size());
                      {
                        scoped_isa use(activ::isa::scalar);
                        activ::Softmax<T>{}(x, y, e_of(x.size()));
                      }
                      activ::Softmax<T>{}.backward(y, g, out, e_of(x.size()));
                      return true;
                    }, vjp_tolerance});
    runs.push_back({"LogSoftmax backward " + shape, [=](auto x, auto g, auto out) {
                      if (!fits(x.size())) return false;
                      std::vector<T> y(x.size());
                      {
                        scoped_isa use(activ::isa::scalar);
                        activ::LogSoftmax<T>{}(x, y, e_of(x.size()));
                      }
                      activ::LogSoftmax<T>{}.backward(y, g, out, e_of(x.size()));
                      return true;
                    }, vjp_tolerance});
  }
  return runs;
}

template <class T> void compare_all_paths() {
  const std::size_t max_lanes = 64 / sizeof(T);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 4 * max_lanes + 1; ++n) lengths.push_back(n);
  for (std::size_t n : {std::size_t(255), std::size_t(1000), std::size_t(4099)}) lengths.push_back(n);

  const std::vector<T> x_all = special_inputs<T>(4099 + 3, 1);
  std::vector<T> g_all = special_inputs<T>(4099 + 3, 2);
  for (auto& v : g_all) if (!std::isfinite(v)) v = T(0.25);  // keep gradients finite for the sums

  for (const activ::isa isa : all_isas) {
    if (!activ::isa_available(isa)) {
      WARN("instruction set " << activ::isa_name(isa) << " is not available here; not tested");
      continue;
    }
    const double fma_ulp = isa == activ::isa::sse2 ? 1 : 0;  // SSE2 emulates the fused multiply-add
    for (const auto& r : all_runs<T>(fma_ulp)) {
      DYNAMIC_SECTION("isa=" << activ::isa_name(isa) << " " << r.name) {
        double worst = 0;
        std::size_t worst_n = 0, worst_offset = 0;
        bool worst_in_place = false;
        for (std::size_t n : lengths) {
          for (std::size_t offset = 0; offset < 4; ++offset) {
            const std::span<const T> x(x_all.data() + offset, n), g(g_all.data() + offset, n);
            std::vector<T> expected(n), out(n + 8, T(123));
            {
              scoped_isa use(activ::isa::scalar);
              if (!r.run(x, g, expected)) continue;
            }
            scoped_isa use(isa);
            // Out of place, with the output at the same offset.
            r.run(x, g, std::span<T>(out.data() + offset, n));
            // In place: the output overwrites a copy of x.
            std::vector<T> in_place(x_all.begin(), x_all.end());
            r.run(std::span<const T>(in_place.data() + offset, n), g,
                  std::span<T>(in_place.data() + offset, n));
            for (std::size_t i = 0; i < n; ++i) {
              for (const bool ip : {false, true}) {
                const T got = ip ? in_place[offset + i] : out[offset + i];
                double d = ulps_apart(got, expected[i]);
                if (r.max_ulp == vjp_tolerance && d > 0) {
                  const double tol = 8.0 * static_cast<double>(n) * static_cast<double>(std::numeric_limits<T>::epsilon()) *
                                     (1 + std::fabs(static_cast<double>(expected[i])));
                  d = std::fabs(static_cast<double>(got) - static_cast<double>(expected[i])) <= tol ? 0 : 1e300;
                }
                if (d > worst) {
                  worst = d;
                  worst_n = n;
                  worst_offset = offset;
                  worst_in_place = ip;
                }
              }
            }
            // Nothing written past the output span.
            for (std::size_t i = 0; i < offset; ++i) CHECK(out[i] == T(123));
            for (std::size_t i = offset + n; i < out.size(); ++i) CHECK(out[i] == T(123));
          }
        }
        INFO("worst " << worst << " ulp at n = " << worst_n << ", offset " << worst_offset
                      << (worst_in_place ? ", in place" : ", out of place"));
        CHECK(worst <= std::max(r.max_ulp, 0.0));
      }
    }
  }
}

}  // namespace

TEST_CASE("every instruction set matches the scalar path, float", "[dispatch]") {
  compare_all_paths<float>();
}

TEST_CASE("every instruction set matches the scalar path, double", "[dispatch]") {
  compare_all_paths<double>();
}

TEST_CASE("set_isa and ACTIV_ISA choose the path", "[dispatch]") {
  const activ::isa initial = activ::active_isa();
  CHECK(activ::isa_available(initial));
  CHECK(activ::isa_available(activ::isa::scalar));
  {
    scoped_isa use(activ::isa::scalar);
    CHECK(activ::active_isa() == activ::isa::scalar);
  }
  CHECK(activ::active_isa() == initial);
  // Asking for more than the CPU has gives the best it has.
  {
    scoped_isa use(activ::isa::avx512);
    CHECK(activ::isa_available(activ::active_isa()));
  }
  CHECK(activ::isa_name(activ::isa::avx2) == "avx2");
  CHECK(activ::isa_name(activ::isa::scalar) == "scalar");
}
