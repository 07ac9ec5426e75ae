// SPDX-License-Identifier: MIT
// No kernel reads or writes past its spans: the inputs end right before a page mapped
// PROT_NONE, and so does the output, on every instruction set and at every tail length.
#include <activ/activ.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include "support/catch.hpp"

namespace {

// A buffer of `count` T whose last element sits just before an inaccessible page.
template <class T> class guarded {
 public:
  explicit guarded(std::size_t count) : count_(count) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    bytes_ = ((count * sizeof(T) + page_ - 1) / page_ + 1) * page_;
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    base_ = static_cast<unsigned char*>(p);
    REQUIRE(mprotect(base_ + bytes_ - page_, page_, PROT_NONE) == 0);
  }
  ~guarded() { munmap(base_, bytes_); }
  guarded(const guarded&) = delete;
  guarded& operator=(const guarded&) = delete;
  std::span<T> span() {
    return {reinterpret_cast<T*>(base_ + bytes_ - page_ - count_ * sizeof(T)), count_};
  }

 private:
  std::size_t count_, page_ = 0, bytes_ = 0;
  unsigned char* base_ = nullptr;
};

template <class T> void run_all(std::span<const T> x, std::span<const T> g, std::span<T> out) {
  activ::ReLU<T>{}(x, out);
  activ::LeakyReLU<T>{}.backward(x, g, out);
  activ::Step<T>{}.derivative(x, out);
  activ::Sigmoid<T>{}(x, out);
  activ::Sigmoid<T>{}.backward(x, g, out);
  activ::Tanh<T>{}.derivative(x, out);
  if (!x.empty()) {
    activ::Softmax<T>{}(x, out);
    activ::LogSoftmax<T>{}(x, out);
    activ::Softmax<T>{}.backward(x, g, out);
    activ::LogSoftmax<T>{}.backward(x, g, out);
  }
  // Rows of k (short rows go lanes-at-a-time through a gather and a scatter) and k-element
  // fibres x.size() / k apart (every tail of the lanes), forward and backward.
  for (const std::size_t k : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(5),
                              std::size_t(10), std::size_t(16), std::size_t(17)}) {
    if (x.empty() || x.size() % k != 0) continue;
    const activ::extents fibres{.outer = 1, .n = k, .inner = x.size() / k};
    activ::Softmax<T>{}(x, out, k);
    activ::LogSoftmax<T>{}(x, out, k);
    activ::Softmax<T>{}(x, out, fibres);
    activ::LogSoftmax<T>{}(x, out, fibres);
    activ::Softmax<T>{}.backward(x, g, out, fibres);
    activ::LogSoftmax<T>{}.backward(x, g, out, fibres);
    // Per-channel PReLU with k channels, as rows of k and as k channels of fibres; the weight
    // gradient's k outputs sit before a guard page too.
    guarded<T> dw(k);
    const activ::ChannelPReLU<T> prelu(k, T(0.125));
    prelu(x, out);
    prelu.weight_gradient(x, g, dw.span());
    prelu.backward(x, g, out);
    prelu.derivative(x, out, fibres);
    prelu.weight_gradient(x, g, dw.span(), fibres);
    prelu.backward(x, g, out, fibres);
  }
}

template <class T> void guard_pages() {
  for (const activ::isa isa : {activ::isa::scalar, activ::isa::sse2, activ::isa::avx2,
                               activ::isa::avx512, activ::isa::neon}) {
    if (!activ::isa_available(isa)) continue;
    const activ::isa previous = activ::set_isa(isa);
    // Every length up to 4 vectors + 1, then some past the short-row limit (128 elements).
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 4 * 64 / sizeof(T) + 1; ++n) lengths.push_back(n);
    for (const std::size_t n : {std::size_t(170), std::size_t(255), std::size_t(272)}) lengths.push_back(n);
    for (const std::size_t n : lengths) {
      guarded<T> x(n), g(n), out(n);
      for (std::size_t i = 0; i < n; ++i) {
        x.span()[i] = static_cast<T>(i) * T(0.25) - T(3);
        g.span()[i] = T(1);
      }
      run_all<T>(x.span(), g.span(), out.span());
      // In place, on the guarded input itself.
      run_all<T>(x.span(), g.span(), x.span());
    }
    activ::set_isa(previous);
    SUCCEED("isa=" << activ::isa_name(isa) << ": no fault");
  }
}

}  // namespace

TEST_CASE("no path touches memory past the spans (guard pages)", "[dispatch][guard]") {
  guard_pages<float>();
  guard_pages<double>();
}
