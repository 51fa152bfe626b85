#include "sigv4/region_set.hpp"

#include "sigv4/error.hpp"

namespace sigv4 {
namespace {

std::string_view trim_blanks(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_region_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '*';
}

bool is_region_element(std::string_view e) noexcept {
  if (e.empty()) return false;
  for (char c : e)
    if (!is_region_char(c)) return false;
  return true;
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Glob match with '*' only (iterative, with one backtrack point: linear in practice, never recursive).
bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && lower(pattern[p]) == lower(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

void normalize_region_set(std::string_view region_set, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = region_set.find(',', pos);
    const std::string_view element =
        trim_blanks(region_set.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!is_region_element(element))
      throw Error(ErrorCode::invalid_region,
                  "region set '" + std::string(region_set.substr(0, 128)) +
                      "' must be region names (letters, digits, '-', '*') separated by ','");
    if (!out.empty()) out.push_back(',');
    out.append(element);
    if (comma == std::string_view::npos) return;
    pos = comma + 1;
  }
}

bool region_set_contains(std::string_view region_set, std::string_view region) noexcept {
  if (region.empty()) return false;
  for (char c : region)
    if (!is_region_char(c) || c == '*') return false;
  bool matched = false;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = region_set.find(',', pos);
    const std::string_view element =
        trim_blanks(region_set.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!is_region_element(element)) return false;  // a malformed set matches nothing
    matched = matched || glob_match(element, region);
    if (comma == std::string_view::npos) return matched;
    pos = comma + 1;
  }
}

}  // namespace sigv4
