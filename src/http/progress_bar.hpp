// A one-line transfer progress bar drawn on stderr ("[#####     ]  48%  12.0/25.0 MiB  3.1 MiB/s"),
// redrawn at most ten times a second and ended with a newline. Internal to the HTTP client.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sigv4::http_detail {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)) {}
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // done of total bytes (total 0 = unknown). Draws when enough time passed since the last draw.
  void update(std::uint64_t done, std::uint64_t total);
  // Draws the final state and ends the line (idempotent; also done by the destructor).
  void finish();

  // The bar text for a state, without the leading '\r' (exposed for tests).
  static std::string render(std::string_view label, std::uint64_t done, std::uint64_t total, double seconds);

 private:
  void draw();
  std::string label_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  std::uint64_t done_ = 0, total_ = 0;
  bool drawn_ = false, finished_ = false;
};

}  // namespace sigv4::http_detail
