// A string that holds a secret (secret access key, session token): zeroed when destroyed or
// reassigned, never printed. It has no operator<< on purpose; reading it requires reveal(), so every
// place where a secret leaves this type can be found with grep.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace sigv4 {

class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view s) : value_(s) {}
  explicit SecretString(std::string&& s) : value_(std::move(s)) {}
  SecretString(const SecretString& o) : value_(o.value_) {}
  SecretString(SecretString&& o) noexcept : value_(std::move(o.value_)) { o.wipe(); }
  SecretString& operator=(const SecretString& o) {
    if (this != &o) {
      wipe();
      value_ = o.value_;
    }
    return *this;
  }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) {
      wipe();
      value_ = std::move(o.value_);
      o.wipe();
    }
    return *this;
  }
  ~SecretString() { wipe(); }

  [[nodiscard]] std::string_view reveal() const noexcept { return value_; }
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return value_.size(); }

  // Zeroes the bytes (including spare capacity in use before) and empties the string.
  void wipe() noexcept;

  friend bool operator==(const SecretString& a, const SecretString& b) noexcept;

 private:
  std::string value_;
};

// "AKID****" style: enough to recognise which key was used without revealing a secret.
std::string redact(std::string_view secret);

}  // namespace sigv4
