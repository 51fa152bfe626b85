#include "progress_bar.hpp"

#include <cstdio>

namespace sigv4::http_detail {

namespace {
constexpr double kMiB = 1024.0 * 1024.0;
constexpr int kWidth = 30;
}  // namespace

std::string ProgressBar::render(std::string_view label, std::uint64_t done, std::uint64_t total, double seconds) {
  char line[160];
  const double rate = seconds > 0 ? static_cast<double>(done) / kMiB / seconds : 0.0;
  if (total > 0) {
    const std::uint64_t shown = done > total ? total : done;
    const int filled = static_cast<int>(shown * kWidth / total);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), ' ');
    std::snprintf(line, sizeof line, "%.*s [%s] %3d%%  %.1f/%.1f MiB  %.1f MiB/s", static_cast<int>(label.size()),
                  label.data(), bar.c_str(), static_cast<int>(shown * 100 / total), static_cast<double>(shown) / kMiB,
                  static_cast<double>(total) / kMiB, rate);
  } else {
    std::snprintf(line, sizeof line, "%.*s  %.1f MiB  %.1f MiB/s", static_cast<int>(label.size()), label.data(),
                  static_cast<double>(done) / kMiB, rate);
  }
  return line;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  done_ = done;
  total_ = total;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw();
}

void ProgressBar::draw() {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string text = render(label_, done_, total_, seconds);
  std::fprintf(stderr, "\r%s\033[K", text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (!drawn_) return;
  draw();
  std::fputc('\n', stderr);
}

ProgressBar::~ProgressBar() { finish(); }

}  // namespace sigv4::http_detail
