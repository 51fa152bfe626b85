// Fuzzes the shared config / credentials file parser (profile_file.hpp) in both kinds, with the
// default limits and with tiny ones. Properties: nothing throws; an error names a line inside the
// input; whatever is accepted respects the limits (sections, properties) it was given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sigv4/profile_file.hpp"

namespace {

void check(std::string_view text, sigv4::ProfileFileKind kind, const sigv4::ProfileFileLimits& limits) {
  const auto parsed = sigv4::parse_profile_file(text, kind, limits);
  if (!parsed.ok()) {
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    if (parsed.error_line > lines + 1) __builtin_trap();
    return;
  }
  if (text.size() > limits.max_bytes) __builtin_trap();
  std::size_t properties = 0;
  for (const auto& [name, props] : parsed.file.profiles) properties += props.size();
  for (const auto& [name, props] : parsed.file.sections) properties += props.size();
  if (properties > limits.max_properties) __builtin_trap();
  if (parsed.file.profiles.size() + parsed.file.sections.size() > limits.max_sections + 1) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const sigv4::ProfileFileLimits tiny{.max_bytes = 4096, .max_line_length = 64, .max_sections = 3, .max_properties = 5};
  for (auto kind : {sigv4::ProfileFileKind::config, sigv4::ProfileFileKind::credentials}) {
    check(text, kind, {});
    check(text, kind, tiny);
  }
  return 0;
}
