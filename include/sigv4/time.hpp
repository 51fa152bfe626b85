// The signing time, and the two forms SigV4 writes it in: X-Amz-Date (ISO 8601 basic,
// "20150830T123600Z") and the credential-scope date ("20150830"). Always UTC.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sigv4 {

class SigningTime {
 public:
  SigningTime() = default;
  explicit SigningTime(std::chrono::system_clock::time_point tp);
  static SigningTime from_unix_seconds(std::int64_t seconds);
  static SigningTime now();

  // Accepts "YYYYMMDDTHHMMSSZ" (X-Amz-Date) and "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601 extended, as in the
  // test suites' context.json; fractional seconds are ignored). Returns nullopt for anything else,
  // including impossible dates (Feb 30) and years outside 1970..9999.
  static std::optional<SigningTime> parse(std::string_view text) noexcept;
  // Like parse() but throws sigv4::Error(invalid_time) naming the text.
  static SigningTime parse_or_throw(std::string_view text);

  [[nodiscard]] std::int64_t unix_seconds() const noexcept { return seconds_; }
  // "20150830T123600Z": 16 characters.
  [[nodiscard]] std::string_view amz_date() const noexcept { return {amz_.data(), 16}; }
  // "20150830": the first 8 characters of amz_date().
  [[nodiscard]] std::string_view date_stamp() const noexcept { return {amz_.data(), 8}; }
  // "2015-08-30T12:36:00Z"
  [[nodiscard]] std::array<char, 20> iso8601() const noexcept;

  friend bool operator==(const SigningTime& a, const SigningTime& b) noexcept { return a.seconds_ == b.seconds_; }

 private:
  std::int64_t seconds_ = 0;
  std::array<char, 16> amz_{'1', '9', '7', '0', '0', '1', '0', '1', 'T', '0', '0', '0', '0', '0', '0', 'Z'};
};

}  // namespace sigv4
