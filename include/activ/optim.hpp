// SPDX-License-Identifier: MIT
// activ::SGD: the plain stochastic gradient descent step over a Linear or a Sequential's Linears.
#ifndef ACTIV_OPTIM_HPP
#define ACTIV_OPTIM_HPP

#include <cstddef>
#include <span>

#include "concepts.hpp"
#include "detail/config.hpp"
#include "linear.hpp"
#include "sequential.hpp"

namespace activ::inline ACTIV_ABI {

/// Plain SGD (torch.optim.SGD without momentum or weight decay): p -= lr * grad for every
/// weight and bias. It does not clear the gradients; call zero_grad() before the next
/// backward, as with PyTorch.
template <FloatingPoint T = float> struct SGD {
  T lr;  ///< the learning rate

  void step(Linear<T>& layer) const noexcept {
    update(layer.weight(), layer.weight_grad());
    update(layer.bias(), layer.bias_grad());
  }
  template <class... Layers> void step(Sequential<Layers...>& net) const noexcept {
    net.for_each_linear([this](Linear<T>& l) { step(l); });
  }

 private:
  void update(std::span<T> p, std::span<const T> g) const noexcept {
    for (std::size_t i = 0; i < p.size(); ++i) p[i] -= lr * g[i];
  }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_OPTIM_HPP
