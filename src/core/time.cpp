#include "sigv4/time.hpp"

#include <algorithm>

#include <string>

#include "sigv4/error.hpp"

namespace sigv4 {
namespace {

// Howard Hinnant's civil-date algorithms (public domain formulas), valid for the proleptic Gregorian calendar.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};
constexpr Civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& value) noexcept {
  if (pos + n > s.size()) return false;
  value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return true;
}

void put2(char* p, unsigned v) noexcept {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

constexpr std::int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

}  // namespace

SigningTime SigningTime::from_unix_seconds(std::int64_t seconds) {
  if (seconds < 0 || seconds > kMaxSeconds)
    throw Error(ErrorCode::invalid_time, "signing time out of range (1970..9999): " + std::to_string(seconds));
  SigningTime t;
  t.seconds_ = seconds;
  const std::int64_t days = seconds / 86400;
  const unsigned sod = static_cast<unsigned>(seconds % 86400);
  const Civil c = civil_from_days(days);
  const unsigned y = static_cast<unsigned>(c.y);
  t.amz_[0] = static_cast<char>('0' + y / 1000);
  t.amz_[1] = static_cast<char>('0' + y / 100 % 10);
  put2(&t.amz_[2], y % 100);
  put2(&t.amz_[4], c.m);
  put2(&t.amz_[6], c.d);
  t.amz_[8] = 'T';
  put2(&t.amz_[9], sod / 3600);
  put2(&t.amz_[11], sod / 60 % 60);
  put2(&t.amz_[13], sod % 60);
  t.amz_[15] = 'Z';
  return t;
}

SigningTime::SigningTime(std::chrono::system_clock::time_point tp)
    : SigningTime(from_unix_seconds(std::chrono::duration_cast<std::chrono::seconds>(tp.time_since_epoch()).count())) {}

SigningTime SigningTime::now() { return SigningTime(std::chrono::system_clock::now()); }

std::optional<SigningTime> SigningTime::parse(std::string_view s) noexcept {
  unsigned y, mo, d, h, mi, se;
  std::size_t end;
  if (s.size() == 16 && s[8] == 'T' && s[15] == 'Z') {
    if (!read_digits(s, 0, 4, y) || !read_digits(s, 4, 2, mo) || !read_digits(s, 6, 2, d) ||
        !read_digits(s, 9, 2, h) || !read_digits(s, 11, 2, mi) || !read_digits(s, 13, 2, se))
      return std::nullopt;
  } else if (s.size() >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') && s[13] == ':' &&
             s[16] == ':') {
    if (!read_digits(s, 0, 4, y) || !read_digits(s, 5, 2, mo) || !read_digits(s, 8, 2, d) ||
        !read_digits(s, 11, 2, h) || !read_digits(s, 14, 2, mi) || !read_digits(s, 17, 2, se))
      return std::nullopt;
    end = 19;
    if (end < s.size() && s[end] == '.') {  // fractional seconds: ignored
      ++end;
      const std::size_t digits_start = end;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
      if (end == digits_start) return std::nullopt;
    }
    if (end + 1 != s.size() || (s[end] != 'Z' && s[end] != 'z')) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
    return std::nullopt;
  const std::int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  if (s.size() == 16) {  // already the X-Amz-Date form: keep the text instead of formatting it again
    SigningTime t;
    t.seconds_ = secs;
    std::copy_n(s.data(), 16, t.amz_.data());
    return t;
  }
  return from_unix_seconds(secs);
}

SigningTime SigningTime::parse_or_throw(std::string_view text) {
  if (auto t = parse(text)) return *t;
  throw Error(ErrorCode::invalid_time,
              "invalid time '" + std::string(text.substr(0, 64)) + "': expected YYYYMMDDTHHMMSSZ or YYYY-MM-DDTHH:MM:SSZ (UTC)");
}

std::array<char, 20> SigningTime::iso8601() const noexcept {
  std::array<char, 20> out;
  const char* a = amz_.data();
  const char layout[] = {a[0], a[1], a[2], a[3], '-', a[4], a[5], '-', a[6], a[7],
                         'T',  a[9], a[10], ':', a[11], a[12], ':', a[13], a[14], 'Z'};
  for (std::size_t i = 0; i < 20 && i < sizeof layout; ++i) out[i] = layout[i];
  return out;
}

}  // namespace sigv4
