#include "args.hpp"

namespace sigv4::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& value_options,
           const std::set<std::string>& flags) {
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-' || a == "-") {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      for (++i; i < argv.size(); ++i) positional_.push_back(argv[i]);
      break;
    }
    std::string name = a, inline_value;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      if (auto eq = a.find('='); eq != std::string::npos) {
        name = a.substr(0, eq);
        inline_value = a.substr(eq + 1);
        has_inline = true;
      }
    }
    if (value_options.count(name)) {
      if (has_inline) {
        values_.emplace(name, inline_value);
      } else {
        if (i + 1 >= argv.size()) throw UsageError("option " + name + " needs a value");
        values_.emplace(name, argv[++i]);
      }
    } else if (flags.count(name)) {
      if (has_inline) throw UsageError("option " + name + " takes no value");
      flags_.insert(name);
    } else {
      throw UsageError("unknown option " + name);
    }
  }
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  std::optional<std::string> last;
  for (auto it = range.first; it != range.second; ++it) last = it->second;
  return last;
}

std::vector<std::string> Args::values(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

}  // namespace sigv4::cli
