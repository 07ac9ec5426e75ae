// SPDX-License-Identifier: MIT
// The derivative of a loss with respect to one parameter by central differences, for the
// gradient tests of Linear and Sequential.
#ifndef ACTIV_TESTS_SUPPORT_CENTRAL_DIFFERENCE_HPP
#define ACTIV_TESTS_SUPPORT_CENTRAL_DIFFERENCE_HPP

namespace activ_test {

// (loss(p + h) - loss(p - h)) / 2h, where loss() reads p; p is moved in place and restored.
// The error is O(h^2) plus the loss's rounding error / h: about 1e-9 relative for double near 1.
template <class Loss> double central_difference(Loss&& loss, double& p, double h = 1e-6) {
  const double keep = p;
  p = keep + h;
  const double up = loss();
  p = keep - h;
  const double down = loss();
  p = keep;
  return (up - down) / (2 * h);
}

}  // namespace activ_test

#endif  // ACTIV_TESTS_SUPPORT_CENTRAL_DIFFERENCE_HPP
