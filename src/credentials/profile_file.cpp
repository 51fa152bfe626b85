#include "sigv4/profile_file.hpp"

#include <set>

namespace sigv4 {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Cuts a value at the first '#' or ';' that follows a blank.
std::string_view strip_inline_comment(std::string_view value) {
  for (std::size_t i = 1; i < value.size(); ++i)
    if ((value[i] == '#' || value[i] == ';') && is_blank(value[i - 1])) return trim(value.substr(0, i));
  return value;
}

class Parser {
 public:
  Parser(ProfileFileKind kind, const ProfileFileLimits& limits) : kind_(kind), limits_(limits) {}

  ProfileFileParse run(std::string_view text) {
    if (text.size() > limits_.max_bytes) return fail(0, "file larger than " + std::to_string(limits_.max_bytes) + " bytes");
    std::size_t line_no = 0;
    while (!text.empty()) {
      ++line_no;
      const auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (line.size() > limits_.max_line_length)
        return fail(line_no, "line longer than " + std::to_string(limits_.max_line_length) + " bytes");
      if (!line_(line, line_no)) return std::move(result_);
    }
    // "[profile default]" takes precedence over "[default]" in the config file.
    if (kind_ == ProfileFileKind::config && has_profile_default_) result_.file.profiles["default"] = profile_default_;
    return std::move(result_);
  }

 private:
  ProfileFileParse fail(std::size_t line, std::string message) {
    result_.error = std::move(message);
    result_.error_line = line;
    return std::move(result_);
  }

  bool error(std::size_t line, std::string message) {
    result_.error = "line " + std::to_string(line) + ": " + std::move(message);
    result_.error_line = line;
    return false;
  }

  bool line_(std::string_view raw, std::size_t n) {
    const std::string_view t = trim(raw);
    if (t.empty() || t.front() == '#' || t.front() == ';') return true;
    if (is_blank(raw.front())) return continuation(t, n);
    last_key_.clear();
    if (t.front() == '[') return section(t, n);
    return property(t, n);
  }

  bool section(std::string_view t, std::size_t n) {
    const auto close = t.find(']');
    if (close == std::string_view::npos) return error(n, "section header without ']'");
    const std::string_view after = trim(t.substr(close + 1));
    if (!after.empty() && after.front() != '#' && after.front() != ';')
      return error(n, "unexpected text after section header");
    const std::string_view name = trim(t.substr(1, close - 1));
    if (name.empty()) return error(n, "empty section name");
    if (++section_count_ > limits_.max_sections)
      return error(n, "more than " + std::to_string(limits_.max_sections) + " sections");
    current_ = nullptr;
    if (kind_ == ProfileFileKind::credentials) {
      current_ = &result_.file.profiles[std::string(name)];
      return true;
    }
    if (name == "default") {
      current_ = &result_.file.profiles["default"];
      return true;
    }
    const auto space = name.find_first_of(" \t");
    if (space == std::string_view::npos) return true;  // a bare [name] in config: ignored, as by the SDKs
    const std::string_view kind = name.substr(0, space);
    const std::string_view rest = trim(name.substr(space + 1));
    if (rest.empty()) return error(n, "section '" + std::string(kind) + "' without a name");
    if (kind == "profile") {
      if (rest == "default") {
        has_profile_default_ = true;
        current_ = &profile_default_;
      } else {
        current_ = &result_.file.profiles[std::string(rest)];
      }
      return true;
    }
    current_ = &result_.file.sections[std::string(kind) + " " + std::string(rest)];
    return true;
  }

  bool property(std::string_view t, std::size_t n) {
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) return error(n, "expected 'key = value', a [section] or a comment");
    const std::string_view key = trim(t.substr(0, eq));
    if (key.empty()) return error(n, "property without a name");
    if (!section_count_) return error(n, "property '" + std::string(key) + "' before any [section]");
    if (++property_count_ > limits_.max_properties)
      return error(n, "more than " + std::to_string(limits_.max_properties) + " properties");
    last_key_ = std::string(key);
    if (current_ != nullptr) (*current_)[last_key_] = std::string(strip_inline_comment(trim(t.substr(eq + 1))));
    return true;
  }

  bool continuation(std::string_view t, std::size_t n) {
    if (last_key_.empty()) return error(n, "indented line without a property before it");
    if (current_ == nullptr) return true;  // inside an ignored section
    std::string& value = (*current_)[last_key_];
    if (value.empty() || in_sub_properties_ == last_key_) {
      in_sub_properties_ = last_key_;
      const auto eq = t.find('=');
      if (eq == std::string_view::npos) return error(n, "expected 'sub-key = value' under '" + last_key_ + "'");
      const std::string_view sub = trim(t.substr(0, eq));
      if (sub.empty()) return error(n, "sub-property without a name");
      if (++property_count_ > limits_.max_properties)
        return error(n, "more than " + std::to_string(limits_.max_properties) + " properties");
      (*current_)[last_key_ + "." + std::string(sub)] = std::string(strip_inline_comment(trim(t.substr(eq + 1))));
      return true;
    }
    if (value.size() + t.size() + 1 > limits_.max_line_length)
      return error(n, "continued value longer than " + std::to_string(limits_.max_line_length) + " bytes");
    value += '\n';
    value += t;
    return true;
  }

  ProfileFileKind kind_;
  const ProfileFileLimits& limits_;
  ProfileFileParse result_;
  ProfileProperties* current_ = nullptr;
  ProfileProperties profile_default_;
  bool has_profile_default_ = false;
  std::string last_key_;
  std::string in_sub_properties_;
  std::size_t section_count_ = 0;
  std::size_t property_count_ = 0;
};

}  // namespace

ProfileFileParse parse_profile_file(std::string_view text, ProfileFileKind kind, const ProfileFileLimits& limits) {
  return Parser(kind, limits).run(text);
}

}  // namespace sigv4
