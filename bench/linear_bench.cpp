// SPDX-License-Identifier: MIT
// Linear layer y = x W^T + b: activ beside Eigen 3.4's matrix product on the same buffers, single
// thread, in=out of 64, 256, 1024 and batch 1, 16, 256; the ratio printed in the same run.
//
// Built twice (bench/CMakeLists.txt): activ_linear_bench with the default flags (Eigen then uses
// SSE2) and activ_linear_bench_avx2 with -mavx2 -mfma for the whole program (Eigen's AVX2+FMA
// kernels; activ still chooses its path at run time). Two programs, because Eigen's inline
// templates compiled with two sets of flags in one program would be merged by the linker.
// Each row: median over 7 timed runs of enough repetitions for ~20 ms; GFLOP/s = 2 batch in out / t.
// Before timing, activ's y is compared with Eigen's (max |difference| / max |y|, printed).
#include <activ/isa.hpp>
#include <activ/linear.hpp>

#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace {

template <class F> double median_seconds(F&& f) {
  using clock = std::chrono::steady_clock;
  long reps = 1;
  for (;;) {  // calibrate to about 20 ms
    const auto t0 = clock::now();
    for (long r = 0; r < reps; ++r) f();
    const double s = std::chrono::duration<double>(clock::now() - t0).count();
    if (s > 0.02 || reps > (1L << 30)) break;
    reps *= s > 0.002 ? std::max(2L, static_cast<long>(0.02 / s)) : 10;
  }
  std::vector<double> runs;
  for (int k = 0; k < 7; ++k) {
    const auto t0 = clock::now();
    for (long r = 0; r < reps; ++r) f();
    runs.push_back(std::chrono::duration<double>(clock::now() - t0).count() / static_cast<double>(reps));
  }
  std::sort(runs.begin(), runs.end());
  return runs[3];
}

}  // namespace

int main() {
  using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  std::printf("Linear forward, float, y = x W^T + b, single thread; activ path %s; Eigen %d.%d.%d vectorised for %s\n\n",
              std::string(activ::isa_name(activ::active_isa())).c_str(), EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
              EIGEN_MINOR_VERSION, Eigen::SimdInstructionSetsInUse());
  std::printf("| in = out | batch | activ GFLOP/s | Eigen GFLOP/s | activ / Eigen | max diff / max abs y |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const int n : {64, 256, 1024})
    for (const int batch : {1, 16, 256}) {
      const auto un = static_cast<std::size_t>(n), ub = static_cast<std::size_t>(batch);
      activ::Linear<float> lin(un, un, true, 1);
      Mat X = Mat::Random(batch, n), Y(batch, n);
      Mat W = Eigen::Map<const Mat>(lin.weight().data(), n, n);
      Eigen::RowVectorXf b = Eigen::Map<const Eigen::RowVectorXf>(lin.bias().data(), n);
      std::vector<float> y(ub * un);
      const std::span<const float> x(X.data(), ub * un);
      const auto run_activ = [&] { lin.forward(x, y, ub); };
      const auto run_eigen = [&] { Y.noalias() = (X * W.transpose()).rowwise() + b; };
      run_activ();
      run_eigen();
      double diff = 0, top = 0;  // max |activ - Eigen| over max |y|
      for (std::size_t i = 0; i < y.size(); ++i) {
        diff = std::max(diff, static_cast<double>(std::abs(y[i] - Y.data()[i])));
        top = std::max(top, static_cast<double>(std::abs(Y.data()[i])));
      }
      diff /= top;
      const double ta = median_seconds(run_activ), te = median_seconds(run_eigen);
      const double flop = 2.0 * batch * n * n;
      std::printf("| %d | %d | %.1f | %.1f | %.2f | %.1e |\n", n, batch, flop / ta * 1e-9, flop / te * 1e-9, te / ta, diff);
    }
  return 0;
}
