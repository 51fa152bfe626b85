// Per-command help of the sigv4 CLI: `sigv4 COMMAND --help` (or -h, or `sigv4 help COMMAND`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::cli {

// The usage text of a command (its options, and the shared request/signing/credential options it
// takes), or nullopt for a command without one here (curl prints its own).
std::optional<std::string> command_help(std::string_view command);

// Whether the arguments ask for help (--help or -h anywhere).
bool is_help_request(const std::vector<std::string>& args);

}  // namespace sigv4::cli
