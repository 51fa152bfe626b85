// A small command-line parser for the sigv4 tool: "--name value", "--name=value", "-X value" and flags.
// Unknown options are usage errors (exit 2), never silently ignored.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sigv4::cli {

// Thrown for usage errors; main() prints the message and exits with 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown for bad input (a request that cannot be signed, a file that cannot be read); exit 1.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  // value_options take a value; flags do not; repeatable options may appear many times.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
       const std::set<std::string>& flags);

  [[nodiscard]] bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> values(const std::string& name) const;
  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::multimap<std::string, std::string> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positional_;
};

}  // namespace sigv4::cli
