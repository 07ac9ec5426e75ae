// SPDX-License-Identifier: MIT
// activ::SGD: the plain stochastic gradient descent step over a Linear, a PReLU, a ChannelPReLU
// or every trainable layer of a Sequential.
#ifndef ACTIV_OPTIM_HPP
#define ACTIV_OPTIM_HPP

#include <cstddef>
#include <span>

#include "concepts.hpp"
#include "detail/checks.hpp"
#include "detail/config.hpp"
#include "linear.hpp"
#include "prelu.hpp"
#include "sequential.hpp"

namespace activ::inline ACTIV_ABI {

/// Plain SGD (torch.optim.SGD without momentum or weight decay): p -= lr * grad for every
/// weight and bias (a Sequential's Linears, PReLUs and ChannelPReLUs). It does not clear the
/// gradients; call zero_grad() before the next backward, as with PyTorch.
template <FloatingPoint T = float> struct SGD {
  T lr;  ///< the learning rate

  void step(Linear<T>& layer) const noexcept {
    update(layer.weight(), layer.weight_grad());
    update(layer.bias(), layer.bias_grad());
  }
  void step(PReLU<T>& layer) const noexcept { layer.weight -= lr * layer.weight_grad; }
  /// Throws std::invalid_argument if weight_grad's size is not weight's.
  void step(ChannelPReLU<T>& layer) const {
    detail::check_size({"SGD", detail::type_name<T>, "step"}, "weight", layer.weight.size(),
                       "weight_grad", layer.weight_grad.size());
    update(layer.weight, layer.weight_grad);
  }
  template <class... Layers> void step(Sequential<Layers...>& net) const {
    net.for_each_parameter([this](std::span<T> p, std::span<const T> g) { update(p, g); });
  }

 private:
  void update(std::span<T> p, std::span<const T> g) const noexcept {
    for (std::size_t i = 0; i < p.size(); ++i) p[i] -= lr * g[i];
  }
};

}  // namespace activ::inline ACTIV_ABI

#endif  // ACTIV_OPTIM_HPP
