// Appends to a std::string through a raw pointer: one resize to an upper bound when it starts and one
// resize to what was written when it finishes. Used where the signer builds its strings piece by
// piece: std::string::append/push_back per piece (a capacity check and a call each) was about a tenth
// of a cached W1 signature. A reused string keeps its capacity, so a warm caller allocates nothing.
// Internal to the library.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace sigv4::detail {

class StringWriter {
 public:
  // Makes room for at most `max_bytes` more bytes after what `s` holds.
  StringWriter(std::string& s, std::size_t max_bytes) : s_(s) {
    const std::size_t at = s.size();
    s.resize(at + max_bytes);
    p_ = s.data() + at;
    end_ = p_ + max_bytes;
  }
  StringWriter(const StringWriter&) = delete;
  StringWriter& operator=(const StringWriter&) = delete;
  ~StringWriter() { finish(); }

  void put(char c) noexcept {
    assert(p_ < end_);
    *p_++ = c;
  }
  void put(std::string_view v) noexcept {
    assert(v.size() <= static_cast<std::size_t>(end_ - p_));
    if (!v.empty()) std::memcpy(p_, v.data(), v.size());
    p_ += v.size();
  }
  // For code that writes through the pointer itself (an encoder): the position, then where it ended.
  [[nodiscard]] char* cursor() noexcept { return p_; }
  void advance_to(char* p) noexcept {
    assert(p >= p_ && p <= end_);
    p_ = p;
  }
  // Trims the string to what was written; the writer must not be used after it.
  void finish() noexcept {
    if (p_ == nullptr) return;
    s_.resize(static_cast<std::size_t>(p_ - s_.data()));
    p_ = nullptr;
  }

 private:
  std::string& s_;
  char* p_;
  char* end_;
};

}  // namespace sigv4::detail
