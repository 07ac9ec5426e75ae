// SPDX-License-Identifier: MIT
// An SVG per activation with its derivative over [-10, 10], as the tutorials draw them with
// matplotlib, written directly as SVG. Usage: activ_plots [output dir] (default: docs/plots).
#include <activ/activ.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace {

constexpr double x_min = -10, x_max = 10;
constexpr int width = 480, height = 300, margin = 40;

struct range { double lo, hi; };

double sx(double x) { return margin + (x - x_min) / (x_max - x_min) * (width - 2 * margin); }
double sy(double y, range r) { return height - margin - (y - r.lo) / (r.hi - r.lo) * (height - 2 * margin); }

std::string polyline(const std::vector<float>& x, const std::vector<float>& y, range r, const char* colour) {
  std::string s = "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"2\" points=\"";
  char buf[64];
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.1f,%.1f ", sx(static_cast<double>(x[i])), sy(static_cast<double>(y[i]), r));
    s += buf;
  }
  return s + "\"/>\n";
}

template <class F>
bool plot(const std::filesystem::path& dir, const char* file, const char* title, const F& f, range r) {
  std::vector<float> x(801), y(x.size()), d(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(x_min + (x_max - x_min) * static_cast<double>(i) / 800.0);
  f(x, y);
  f.derivative(x, d);
  std::ofstream out(dir / file);
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
                width, height, width, height);
  out << buf << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  // Axes through 0, ticks every 5 on x and at the range ends on y.
  std::snprintf(buf, sizeof buf, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>\n", margin, sy(0, r), width - margin, sy(0, r));
  out << buf;
  std::snprintf(buf, sizeof buf, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n", sx(0), margin, sx(0), height - margin);
  out << buf;
  for (int t = -10; t <= 10; t += 5) {
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", sx(t), height - margin + 16, t);
    out << buf;
  }
  for (const double t : {r.lo, r.hi}) {
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", margin - 4, sy(t, r) + 4, t);
    out << buf;
  }
  out << polyline(x, y, r, "#1f77b4") << polyline(x, d, r, "#ff7f0e");
  std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>\n", margin, title);
  out << buf;
  std::snprintf(buf, sizeof buf,
                "<text x=\"%d\" y=\"20\" fill=\"#1f77b4\" text-anchor=\"end\">f(x)</text><text x=\"%d\" y=\"34\" fill=\"#ff7f0e\" text-anchor=\"end\">f'(x)</text>\n",
                width - margin, width - margin);
  out << buf << "</svg>\n";
  std::printf("wrote %s\n", (dir / file).string().c_str());
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : "docs/plots";
  std::filesystem::create_directories(dir);
  bool ok = true;
  ok &= plot(dir, "relu.svg", "ReLU", activ::ReLU<float>{}, {-1, 10});
  ok &= plot(dir, "leaky_relu.svg", "LeakyReLU (slope 0.1)", activ::LeakyReLU<float>{0.1f}, {-2, 10});
  ok &= plot(dir, "sigmoid.svg", "Sigmoid", activ::Sigmoid<float>{}, {-0.2, 1.2});
  ok &= plot(dir, "tanh.svg", "Tanh", activ::Tanh<float>{}, {-1.2, 1.2});
  ok &= plot(dir, "step.svg", "Step", activ::Step<float>{}, {-0.2, 1.2});
  return ok ? 0 : 1;
}
