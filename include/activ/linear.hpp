// SPDX-License-Identifier: MIT
// activ::Linear: a fully connected layer y = x W^T + b (torch.nn.Linear), forward with an
// optional fused activation, backward with PyTorch-style accumulated gradients.
#ifndef ACTIV_LINEAR_HPP
#define ACTIV_LINEAR_HPP

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/config.hpp"
#include "detail/dispatch.hpp"
#include "detail/ops.hpp"

namespace activ::inline ACTIV_ABI {

namespace detail {

// The seed a Linear gets when none is given: 0, 1, 2, ... in construction order, so a program
// builds the same network every run while its layers differ. manual_seed() restarts it.
inline std::atomic<std::uint64_t> next_linear_seed{0};

// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose output is the same on every
// platform; the uniform values come from its top 53 bits in double arithmetic, so the initial
// weights are bit-identical everywhere (std::uniform_real_distribution is not).
struct splitmix64 {
  std::uint64_t state;
  constexpr std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi), computed in double and rounded once to T.
  template <class T> constexpr T uniform(double lo, double hi) noexcept {
    const double u = static_cast<double>(next() >> 11) * 0x1p-53;
    return static_cast<T>(lo + (hi - lo) * u);
  }
};

// Outputs must not share memory with inputs at all, not even as the very same span: the
// kernels read every input row many times while they write.
template <class A, class B>
void check_disjoint(const call_site& where, std::string_view a, std::span<A> sa,
                    std::string_view b, std::span<B> sb) {
  check_overlap(where, a, sa, b, sb);
  if (!sa.empty() && static_cast<const void*>(sa.data()) == static_cast<const void*>(sb.data()))
    fail(where, std::string(a) + " and " + std::string(b) + " are the same span; " +
                    std::string(b) + " must be a separate buffer");
}

// Storage for the parameters and gradients on 64-byte boundaries: a large std::vector comes from
// mmap at 16 bytes past a page, so every AVX-512 load of a row of W (and every second AVX2 load)
// would straddle two cache lines, which costs about a quarter of the speed where W streams from L2.
template <class T>
struct aligned64 {
  using value_type = T;
  static constexpr std::align_val_t align{64};
  aligned64() noexcept = default;
  template <class U>
  constexpr aligned64(const aligned64<U>&) noexcept {}
  [[nodiscard]] T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), align));
  }
  void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, align); }
  template <class U>
  friend constexpr bool operator==(const aligned64&, const aligned64<U>&) noexcept {
    return true;
  }
};

}  // namespace detail

/// Restarts the seeds that Linear layers constructed without one take (0, 1, 2, ...), like
/// torch.manual_seed: networks built after it are the same in every run and on every platform.
inline void manual_seed(std::uint64_t seed) noexcept {
  detail::next_linear_seed.store(seed, std::memory_order_relaxed);
}

/// Linear: y = x W^T + b over a batch of rows, torch.nn.Linear's layer.
///
/// x is batch x in_features, y batch x out_features, the weight W out_features x in_features,
/// all row-major (PyTorch's layout, so trained weights copy over as they are), the bias b
/// out_features long, or absent (`bias = false`). Initialisation as PyTorch's: W and b uniform
/// in [-1/sqrt(in), 1/sqrt(in)), here from a SplitMix64 generator seeded with `seed` (the same
/// numbers on every platform; PyTorch's own random numbers are not reproduced).
///
/// backward() *adds* to the weight and bias gradients, as PyTorch's `.grad` accumulates;
/// zero_grad() clears them. forward() and backward() throw std::invalid_argument naming the
/// function and the sizes when a span's size is not batch times the width, and when an output
/// shares memory with an input (in place is not possible for a matrix product).
///
/// Accuracy: each output is a sum of k products (k = in for y, out for dx, batch for the
/// gradients) in an order that depends on the instruction set; every path is within
/// k eps sum |terms| of the exact sum (tested: 2 k eps against PyTorch, see README).
template <FloatingPoint T = float>
class Linear {
 public:
  using value_type = T;
  static constexpr std::string_view name = "Linear";

  /// in_features x out_features layer, with a bias unless `bias` is false, initialised from
  /// `seed` (by default the next of 0, 1, 2, ..., see activ::manual_seed).
  Linear(std::size_t in_features, std::size_t out_features, bool bias = true)
      : Linear(in_features, out_features, bias,
               detail::next_linear_seed.fetch_add(1, std::memory_order_relaxed)) {}
  Linear(std::size_t in_features, std::size_t out_features, bool bias, std::uint64_t seed)
      : in_(in_features),
        out_(out_features),
        has_bias_(bias),
        weight_(in_features * out_features),
        bias_(bias ? out_features : 0),
        weight_grad_(weight_.size()),
        bias_grad_(bias_.size()) {
    reset_parameters(seed);
  }

  [[nodiscard]] std::size_t in_features() const noexcept { return in_; }
  [[nodiscard]] std::size_t out_features() const noexcept { return out_; }
  [[nodiscard]] bool has_bias() const noexcept { return has_bias_; }

  /// W, out_features x in_features, row-major: W[o * in_features + i].
  [[nodiscard]] std::span<T> weight() noexcept { return weight_; }
  [[nodiscard]] std::span<const T> weight() const noexcept { return weight_; }
  /// b (empty without bias).
  [[nodiscard]] std::span<T> bias() noexcept { return bias_; }
  [[nodiscard]] std::span<const T> bias() const noexcept { return bias_; }
  /// dLoss/dW and dLoss/db as accumulated by backward() (PyTorch's weight.grad, bias.grad).
  [[nodiscard]] std::span<T> weight_grad() noexcept { return weight_grad_; }
  [[nodiscard]] std::span<const T> weight_grad() const noexcept { return weight_grad_; }
  [[nodiscard]] std::span<T> bias_grad() noexcept { return bias_grad_; }
  [[nodiscard]] std::span<const T> bias_grad() const noexcept { return bias_grad_; }

  /// W and b uniform in [-1/sqrt(in), 1/sqrt(in)) from SplitMix64(seed), W first, row by row.
  void reset_parameters(std::uint64_t seed) noexcept {
    detail::splitmix64 g{seed};
    const double bound = in_ ? 1.0 / std::sqrt(static_cast<double>(in_)) : 0.0;
    for (T& w : weight_) w = g.uniform<T>(-bound, bound);
    for (T& b : bias_) b = g.uniform<T>(-bound, bound);
  }

  /// Sets both gradients to zero.
  void zero_grad() noexcept {
    std::fill(weight_grad_.begin(), weight_grad_.end(), T(0));
    std::fill(bias_grad_.begin(), bias_grad_.end(), T(0));
  }

  /// y = x W^T + b for `batch` rows: x is batch x in, y batch x out.
  void forward(std::span<const T> x, std::span<T> y, std::size_t batch) const {
    check_forward(x, y, batch, "forward");
    detail::run_linear_forward(detail::identity_op<T>{}, x.data(), weight_.data(), bias_ptr(),
                               y.data(), batch, in_, out_);
  }

  /// y = f(x W^T + b): the activation is applied as each block of outputs is written (while
  /// it is in L1), one pass instead of a product, a bias pass and an activation pass. Any
  /// ElementwiseActivation works; activ's own (ReLU, Sigmoid, ...) are fused into the kernel,
  /// others run over y afterwards.
  template <class F>
    requires ElementwiseActivation<F, T>
  void forward(std::span<const T> x, std::span<T> y, std::size_t batch, const F& f) const {
    check_forward(x, y, batch, "forward");
    if constexpr (requires { kernel_op(f); }) {
      detail::run_linear_forward(kernel_op(f), x.data(), weight_.data(), bias_ptr(), y.data(),
                                 batch, in_, out_);
    } else {
      detail::run_linear_forward(detail::identity_op<T>{}, x.data(), weight_.data(),
                                 bias_ptr(), y.data(), batch, in_, out_);
      f(std::span<const T>(y), y);
    }
  }

  /// Backward pass for the upstream gradient dy (batch x out) of the forward input x (batch x
  /// in): dx = dy W (batch x in, overwritten), and weight_grad() += dy^T x, bias_grad() +=
  /// the column sums of dy (accumulated, as PyTorch's .grad).
  void backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx,
                std::size_t batch) {
    const detail::call_site where{name, detail::type_name<T>, "backward"};
    check_batch(where, "x", x.size(), in_, batch);
    check_batch(where, "dy", dy.size(), out_, batch);
    check_batch(where, "dx", dx.size(), in_, batch);
    detail::check_disjoint(where, "dy", dy, "dx", dx);
    detail::check_overlap(where, "x", x, "dx", dx);
    // The parameter gradients read x, so they come first (dx may be x itself).
    detail::run_linear_backward_params(x.data(), dy.data(), weight_grad_.data(),
                                       bias_grad_.empty() ? nullptr : bias_grad_.data(), batch,
                                       in_, out_);
    detail::run_linear_backward_input(dy.data(), weight_.data(), dx.data(), batch, in_, out_);
  }

  /// The parameter gradients only (no dx): for a first layer, whose input needs none.
  void backward(std::span<const T> x, std::span<const T> dy, std::size_t batch) {
    const detail::call_site where{name, detail::type_name<T>, "backward"};
    check_batch(where, "x", x.size(), in_, batch);
    check_batch(where, "dy", dy.size(), out_, batch);
    detail::run_linear_backward_params(x.data(), dy.data(), weight_grad_.data(),
                                       bias_grad_.empty() ? nullptr : bias_grad_.data(), batch,
                                       in_, out_);
  }

 private:
  const T* bias_ptr() const noexcept { return bias_.empty() ? nullptr : bias_.data(); }

  static void check_batch(const detail::call_site& where, std::string_view what,
                          std::size_t size, std::size_t width, std::size_t batch) {
    if (size != width * batch)
      detail::fail(where, std::string(what) + " has " + std::to_string(size) +
                              " elements but batch " + std::to_string(batch) + " x " +
                              std::to_string(width) + " = " + std::to_string(batch * width));
  }

  void check_forward(std::span<const T> x, std::span<T> y, std::size_t batch,
                     std::string_view method) const {
    const detail::call_site where{name, detail::type_name<T>, method};
    check_batch(where, "x", x.size(), in_, batch);
    check_batch(where, "y", y.size(), out_, batch);
    detail::check_disjoint(where, "x", x, "y", y);
  }

  std::size_t in_, out_;
  bool has_bias_;
  std::vector<T, detail::aligned64<T>> weight_, bias_, weight_grad_, bias_grad_;
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_LINEAR_HPP
