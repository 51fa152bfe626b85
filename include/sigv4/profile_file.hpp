// Parser for the AWS shared config and credentials files (AWS SDKs and Tools Reference Guide,
// "Configuration and credential file format"). It faces files users edit by hand, so bad input
// gets an error naming the line, never an exception, and hard limits bound the work done.
//
// The rules implemented:
//   - blank lines and lines whose first non-blank character is '#' or ';' are comments;
//   - "[name]" starts a section (blanks inside the brackets trimmed; a comment may follow ']');
//     in the config file "[profile NAME]" and "[default]" are profiles ("[profile default]" wins over
//     "[default]" when both exist), other "[KIND NAME]" sections (sso-session, services) are kept in
//     `sections` under "KIND NAME", and a bare "[name]" other than default is ignored, as the SDKs do;
//     in the credentials file every "[name]" is a profile of that name;
//   - "key = value": key and value trimmed; in a value, '#' or ';' preceded by a blank starts a comment;
//   - a line starting with a blank continues the previous property: when that property's value was
//     empty, the line is a sub-property "sub = value" stored as "key.sub"; otherwise it is appended
//     to the value after a "\n";
//   - a section repeated is merged; a key repeated keeps its last value.
// Errors: a property before any section, a line that is neither a section, a property nor a comment,
// a section header without ']', a continuation line with no property before it, and any limit exceeded.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace sigv4 {

enum class ProfileFileKind {
  config,       // ~/.aws/config: [default], [profile NAME], [sso-session NAME], [services NAME]
  credentials,  // ~/.aws/credentials: [NAME]
};

struct ProfileFileLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  std::size_t max_line_length = 64 * 1024;  // session tokens are a few KiB
  std::size_t max_sections = 10'000;
  std::size_t max_properties = 100'000;  // in the whole file
};

using ProfileProperties = std::map<std::string, std::string, std::less<>>;

struct ProfileFile {
  std::map<std::string, ProfileProperties, std::less<>> profiles;  // by profile name
  std::map<std::string, ProfileProperties, std::less<>> sections;  // other sections, "sso-session x"
};

struct ProfileFileParse {
  ProfileFile file;          // what was parsed (complete only when error is empty)
  std::string error;         // empty on success
  std::size_t error_line = 0;  // 1-based line of the error
  [[nodiscard]] bool ok() const noexcept { return error.empty(); }
};

[[nodiscard]] ProfileFileParse parse_profile_file(std::string_view text, ProfileFileKind kind,
                                                  const ProfileFileLimits& limits = {});

}  // namespace sigv4
